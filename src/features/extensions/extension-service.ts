import type { z } from 'zod';
import type {
  copyExtensionsTestToProd,
  diffExtensions,
  getExtensions,
  syncExtensionAccess,
  updateExtensions,
} from '../../contracts/extensions.ts';
import { COPY_EXCLUDED_SECTIONS } from '../../contracts/extension-limits.ts';
import { q, type BoomiClient } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { teamGroups, type GroupNames } from '../accounts/tiers.ts';
import type { AccountScope, ClientService } from '../clients/client-service.ts';
import { componentRefusal, type AccessEntry, type Editor } from './extension-access.ts';
import { diffComponents, planCopy } from './extension-compare.ts';
import { CACHED_TYPES, countsOf, flatten, type FlatComponent, type Raw } from './extension-model.ts';
import type { ExtensionStore } from './extension-store.ts';
import { planUpdate } from './extension-update.ts';

type Out<C extends { response: z.ZodType }> = z.input<C['response']>;
type In<C extends { request: z.ZodType }> = z.output<C['request']>;

export interface ExtensionDeps {
  boomi: BoomiClient;
  db: Transactor;
  /** Serialises read-modify-write of one environment across replicas (a PostgreSQL advisory lock). */
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  store: ExtensionStore;
  clients: ClientService;
  audit: AuditLog;
  groups: GroupNames;
  clock: Clock;
}

/** A stable lock number per environment; a collision only makes two environments wait for each other. */
export function environmentLock(environmentId: string): number {
  let h = 0x2f1e;
  for (const ch of environmentId) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

export interface Place {
  scope: AccountScope;
  environment: AccountScope['environments'][number];
}

export function createExtensionService(deps: ExtensionDeps) {
  const { boomi, store } = deps;
  const editorOf = (caller: Caller): Editor => ({
    isAdmin: caller.tier === 'ADMIN',
    teams: new Set(teamGroups(caller.groups, deps.groups).map((g) => g.toLowerCase())),
  });

  const placeIn = (scope: AccountScope, environmentId: string, field = 'environmentId'): Place => {
    const environment = scope.environments.find((e) => e.environmentId === environmentId);
    if (!environment) {
      throw new AppError('EXTENSION_NOT_FOUND', `${scope.clientAccountName} has no environment '${environmentId}'`, {
        details: { field },
      });
    }
    return { scope, environment };
  };

  const place = async (caller: Caller, clientAccountId: string, environmentId: string) =>
    placeIn(await deps.clients.scope(caller, clientAccountId), environmentId);

  /** The environment's extensions as Boomi holds them now. */
  const read = async ({ scope, environment }: Place): Promise<{ raw: Raw; components: FlatComponent[] }> => {
    try {
      const raw = (await boomi.environmentExtensions.get(environment.environmentId, {
        overrideAccount: scope.overrideAccount,
      })) as Raw;
      return { raw, components: flatten(raw) };
    } catch (e) {
      if (isAppError(e) && e.details?.['status'] === 404) {
        throw new AppError('EXTENSION_NOT_FOUND', `Boomi has no extensions for '${environment.environmentName}'`);
      }
      throw e;
    }
  };

  const mapSummaries = async ({ scope, environment }: Place) =>
    boomi.mapExtensionSummaries.query(q.eq('environmentId', environment.environmentId), {
      overrideAccount: scope.overrideAccount,
    });

  /** Rebuilds one environment's access cache from Boomi's extensions and Promo's records. */
  async function rebuild(p: Place, builtBy: string) {
    const { components } = await read(p);
    const cached = components.filter((c) => CACHED_TYPES[c.section]);
    const origins = await store.origins(cached.map((c) => c.componentId));
    const entries: AccessEntry[] = cached.map((c) => {
      const o = origins.get(c.componentId);
      return {
        prodComponentId: c.componentId,
        componentName: c.componentName,
        componentType: CACHED_TYPES[c.section]!,
        ownerProcesses: o?.ownerProcesses ?? [],
        devAccounts: o?.devAccounts ?? [],
        authorizedSsoGroups: o?.ssoGroups ?? [],
        isConnection: c.section === 'connections',
        isShared: (o?.devAccounts.length ?? 0) > 1,
      };
    });
    const builtAt = new Date(deps.clock.now());
    await deps.db.transaction(async (tx) => {
      await store.replaceAccess(
        {
          environmentId: p.environment.environmentId,
          clientAccountId: p.scope.clientAccountId,
          builtAt,
          builtBy,
          componentCount: entries.length,
        },
        entries,
        tx,
      );
      await deps.audit.record(tx, {
        actor: builtBy,
        action: 'EXTENSION_ACCESS_SYNCED',
        details: {
          clientAccountId: p.scope.clientAccountId,
          environmentId: p.environment.environmentId,
          componentCount: entries.length,
        },
      });
    });
    if (!p.scope.isPrimary) await deps.clients.markSynced(p.scope.clientAccountId, builtBy);
    const mapped = entries.filter((e) => e.devAccounts.length > 0).length;
    return {
      environmentId: p.environment.environmentId,
      componentCount: entries.length,
      mappedCount: mapped,
      sharedCount: entries.filter((e) => e.isShared).length,
      unmappedCount: entries.length - mapped,
      builtAt: builtAt.toISOString(),
    };
  }

  return {
    placeIn,
    place,
    read,
    rebuild,

    async get(caller: Caller, req: In<typeof getExtensions>): Promise<Out<typeof getExtensions>> {
      const p = await place(caller, req.clientAccountId, req.environmentId);
      // One read of each source, side by side: the page costs the same for 5 components or 500.
      const [{ components }, maps, access, build] = await Promise.all([
        read(p),
        mapSummaries(p),
        store.access(p.environment.environmentId),
        store.lastBuild(p.environment.environmentId),
      ]);
      const editor = editorOf(caller);
      return {
        clientAccountId: p.scope.clientAccountId,
        environmentId: p.environment.environmentId,
        environmentName: p.environment.environmentName,
        role: p.environment.role,
        components: components.map((c) => {
          const entry = access.get(c.componentId);
          const refusal = componentRefusal(editor, c, entry);
          return {
            section: c.section,
            componentId: c.componentId,
            componentName: c.componentName,
            fields: c.fields,
            rowCount: c.rows ? c.rows.length : null,
            ownerProcesses: entry?.ownerProcesses ?? [],
            devAccounts: entry?.devAccounts ?? [],
            isShared: entry?.isShared ?? false,
            inAccessCache: !!entry,
            editable: !refusal,
            readOnlyReason: refusal?.reason ?? null,
          };
        }),
        mapExtensions: maps.map((m) => ({
          mapExtensionId: m.id,
          mapId: m.mapId ?? '',
          name: m.name ?? m.id,
        })),
        counts: countsOf(components, maps.length),
        accessCacheBuiltAt: build?.builtAt.toISOString() ?? null,
      };
    },

    async update(caller: Caller, req: In<typeof updateExtensions>): Promise<Out<typeof updateExtensions>> {
      const p = await place(caller, req.clientAccountId, req.environmentId);
      const envId = p.environment.environmentId;
      return deps.withLock(environmentLock(envId), async () => {
        const [{ components }, access] = await Promise.all([read(p), store.access(envId)]);
        const plan = planUpdate(components, req.changes, editorOf(caller), access);
        if (plan.problems.length) {
          const first = plan.problems[0]!;
          const more = plan.problems.length > 1 ? ` (and ${plan.problems.length - 1} more)` : '';
          throw new AppError(first.errorCode, `${first.errorMessage}${more}; nothing was saved`, {
            details: { field: first.index >= 0 ? `changes.${first.index}` : 'changes' },
            fields: { errors: plan.problems },
          });
        }
        if (!plan.changed.length) return { environmentId: envId, updatedFieldCount: 0, changed: [] };
        await boomi.environmentExtensions.update(envId, plan.payload, {
          overrideAccount: p.scope.overrideAccount,
          partial: true,
        });
        await deps.db.transaction((tx) =>
          deps.audit.record(tx, {
            actor: caller.email,
            action: 'EXTENSIONS_UPDATED',
            details: { clientAccountId: p.scope.clientAccountId, environmentId: envId, changes: plan.changed },
          }),
        );
        return { environmentId: envId, updatedFieldCount: plan.changed.length, changed: plan.changed };
      });
    },

    async copy(
      caller: Caller,
      req: In<typeof copyExtensionsTestToProd>,
    ): Promise<Out<typeof copyExtensionsTestToProd>> {
      const scope = await deps.clients.scope(caller, req.clientAccountId);
      const test = placeIn(scope, req.testEnvironmentId, 'testEnvironmentId');
      const prod = placeIn(scope, req.prodEnvironmentId, 'prodEnvironmentId');
      if (test.environment.role !== 'TEST' || prod.environment.role !== 'PROD') {
        throw new AppError('INVALID_REQUEST', 'Copy goes from a Test environment to a Production environment', {
          details: { field: test.environment.role !== 'TEST' ? 'testEnvironmentId' : 'prodEnvironmentId' },
        });
      }
      const run = async () => {
        const [from, to] = await Promise.all([read(test), read(prod)]);
        const plan = planCopy(from.components, to.components);
        const apply = !req.preview && plan.fieldsCopied > 0;
        if (apply) {
          try {
            await boomi.environmentExtensions.update(prod.environment.environmentId, plan.payload, {
              overrideAccount: scope.overrideAccount,
              partial: true,
            });
          } catch (e) {
            if (!isAppError(e)) throw e;
            throw new AppError('COPY_FAILED', `Boomi refused the copy; nothing was changed: ${e.message}`, {
              cause: e,
            });
          }
          await deps.db.transaction((tx) =>
            deps.audit.record(tx, {
              actor: caller.email,
              action: 'EXTENSIONS_COPIED',
              details: {
                clientAccountId: scope.clientAccountId,
                testEnvironmentId: test.environment.environmentId,
                prodEnvironmentId: prod.environment.environmentId,
                fieldsCopied: plan.fieldsCopied,
                encryptedFieldsSkipped: plan.encryptedFieldsSkipped,
                changes: plan.items
                  .filter((i) => i.action === 'COPY')
                  .map((i) => ({
                    section: i.section,
                    componentId: i.componentId,
                    componentName: i.componentName,
                    fieldId: i.fieldId,
                    from: i.prodValue,
                    to: i.testValue,
                  })),
              },
            }),
          );
        }
        return {
          testEnvironmentId: test.environment.environmentId,
          prodEnvironmentId: prod.environment.environmentId,
          applied: apply,
          sectionsExcluded: [...COPY_EXCLUDED_SECTIONS],
          fieldsCopied: plan.fieldsCopied,
          encryptedFieldsSkipped: plan.encryptedFieldsSkipped,
          items: plan.items,
        };
      };
      return req.preview ? run() : deps.withLock(environmentLock(prod.environment.environmentId), run);
    },

    async diff(caller: Caller, req: In<typeof diffExtensions>): Promise<Out<typeof diffExtensions>> {
      const scope = await deps.clients.scope(caller, req.clientAccountId);
      const left = placeIn(scope, req.leftEnvironmentId, 'leftEnvironmentId');
      const right = placeIn(scope, req.rightEnvironmentId, 'rightEnvironmentId');
      const [l, r] = await Promise.all([read(left), read(right)]);
      const all = diffComponents(l.components, r.components);
      const count = (s: string) => all.filter((x) => x.state === s).length;
      return {
        leftEnvironmentId: left.environment.environmentId,
        rightEnvironmentId: right.environment.environmentId,
        rows: req.onlyDifferences ? all.filter((x) => x.state !== 'SAME') : all,
        counts: {
          same: count('SAME'),
          different: count('DIFFERENT'),
          onlyLeft: count('ONLY_LEFT'),
          onlyRight: count('ONLY_RIGHT'),
        },
      };
    },

    async sync(caller: Caller, req: In<typeof syncExtensionAccess>): Promise<Out<typeof syncExtensionAccess>> {
      return rebuild(await place(caller, req.clientAccountId, req.environmentId), caller.email);
    },
  };
}

export type ExtensionService = ReturnType<typeof createExtensionService>;
