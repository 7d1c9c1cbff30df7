import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { getMapExtension, updateMapExtension } from '../../contracts/extensions.ts';
import { scriptFunctions, type BoomiClient, type EnvironmentMapExtension } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { environmentLock, type ExtensionService, type Place } from './extension-service.ts';
import type { ScriptLanguage, ScriptValidator } from './script-validation/index.ts';

type View = z.input<typeof getMapExtension.response>;
type UpdateRequest = z.output<typeof updateMapExtension.request>;

// Boomi replaces a map extension whole on update and has no version to compare, so Promo reads
// it, fingerprints what it read, and writes back only when a fresh read still has that
// fingerprint: an edit made in between (in Boomi or by a colleague) is a conflict, never lost.

/** Boomi spells the languages GROOVY, GROOVY2 and Javascript. */
const languageOf = (l: string | undefined): ScriptLanguage => (/^javascript$/i.test(l ?? '') ? 'JAVASCRIPT' : 'GROOVY');

export const fingerprintOf = (doc: EnvironmentMapExtension) =>
  createHash('sha256').update(JSON.stringify(doc)).digest('hex').slice(0, 32);

export function createMapExtensions(deps: {
  boomi: BoomiClient;
  db: Transactor;
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  audit: AuditLog;
  extensions: ExtensionService;
  validator: ScriptValidator;
}) {
  const { place } = deps.extensions;

  const read = async (p: Place, id: string) => {
    let doc: EnvironmentMapExtension;
    try {
      doc = await deps.boomi.mapExtensions.get(id, { overrideAccount: p.scope.overrideAccount });
    } catch (e) {
      if (isAppError(e) && (e.details?.['status'] === 404 || e.details?.['status'] === 400)) doc = { id: '' };
      else throw e;
    }
    if (!doc.id || (doc.environmentId && doc.environmentId !== p.environment.environmentId)) {
      throw new AppError('MAP_EXTENSION_NOT_FOUND', `${p.environment.environmentName} has no map extension '${id}'`, {
        details: { field: 'mapExtensionId' },
      });
    }
    return doc;
  };

  const view = (doc: EnvironmentMapExtension): View => ({
    mapExtensionId: doc.id,
    mapId: doc.mapId ?? '',
    name: doc.name ?? doc.id,
    fingerprint: fingerprintOf(doc),
    scripts: scriptFunctions(doc).map((f, i) => ({
      functionKey: f.id ?? String(i + 1),
      name: f.id ?? `Script ${i + 1}`,
      language: languageOf(f.script.language),
      script: f.script.Script ?? '',
    })),
  });

  return {
    async get(caller: Caller, req: { clientAccountId: string; environmentId: string; mapExtensionId: string }) {
      return view(await read(await place(caller, req.clientAccountId, req.environmentId), req.mapExtensionId));
    },

    async update(caller: Caller, req: UpdateRequest): Promise<View> {
      const p = await place(caller, req.clientAccountId, req.environmentId);
      return deps.withLock(environmentLock(p.environment.environmentId), async () => {
        const doc = await read(p, req.mapExtensionId);
        if (fingerprintOf(doc) !== req.fingerprint) {
          throw new AppError(
            'MAP_EXTENSION_CONFLICT',
            `'${doc.name ?? doc.id}' changed since you opened it; reload it and apply your change again`,
          );
        }
        const current = view(doc).scripts;
        const functions = scriptFunctions(doc);
        const changed: Array<{ functionKey: string; language: ScriptLanguage; fromLength: number; toLength: number }> =
          [];
        for (const [i, edit] of req.scripts.entries()) {
          const at = current.findIndex((s) => s.functionKey === edit.functionKey);
          if (at < 0) {
            throw new AppError(
              'INVALID_REQUEST',
              `scripts.${i}.functionKey: no script function '${edit.functionKey}'`,
              {
                details: { field: `scripts.${i}.functionKey` },
              },
            );
          }
          const language = current[at]!.language;
          const verdict = await deps.validator.validate(language, edit.script);
          if (!verdict.isValid) {
            const first = verdict.errors[0];
            const where = first?.line ? ` (line ${first.line}${first.column ? `, column ${first.column}` : ''})` : '';
            throw new AppError(
              verdict.errorCode === 'SCRIPT_TOO_LARGE' || verdict.errorCode === 'SCRIPT_EMPTY'
                ? verdict.errorCode
                : 'SCRIPT_INVALID',
              `${edit.functionKey}: ${first?.message ?? verdict.message ?? verdict.errorCode}${where}; nothing was saved`,
              { details: { field: `scripts.${i}.script` }, fields: { errors: verdict.errors } },
            );
          }
          if (current[at]!.script === edit.script) continue;
          // `script` is the document's own Scripting element (parsed for this call): edit it in place.
          functions[at]!.script.Script = edit.script;
          changed.push({
            functionKey: edit.functionKey,
            language,
            fromLength: current[at]!.script.length,
            toLength: edit.script.length,
          });
        }
        if (!changed.length) return view(doc);
        const saved = await deps.boomi.mapExtensions.update(doc.id, doc, { overrideAccount: p.scope.overrideAccount });
        await deps.db.transaction((tx) =>
          deps.audit.record(tx, {
            actor: caller.email,
            action: 'MAP_EXTENSION_UPDATED',
            details: {
              clientAccountId: p.scope.clientAccountId,
              environmentId: p.environment.environmentId,
              mapExtensionId: doc.id,
              name: doc.name ?? doc.id,
              scripts: changed,
            },
          }),
        );
        return view(saved.id ? saved : await read(p, doc.id));
      });
    },
  };
}

export type MapExtensions = ReturnType<typeof createMapExtensions>;
