import { badRequest } from '../http/boomi-error.ts';
import type { AccountData, AtomAttachmentRecord, AtomRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { bool, int, requiredStr, str } from './body.ts';
import { conceptualId, requireAtom } from './runtime-model.ts';
import type { ObjectDef } from './object-def.ts';

// Atom (a runtime: atom, molecule or cloud; GET, QUERY and UPDATE of the few writable fields) and
// EnvironmentAtomAttachment (which environment a runtime serves). Attaching an attached runtime
// moves it, as Boomi documents; a DELETE answers `<true/>`.

export function atomWire(a: AtomRecord): WireObject {
  return {
    '@type': 'Atom',
    id: a.id,
    name: a.name,
    status: a.status,
    type: a.type,
    hostName: a.hostName,
    dateInstalled: a.dateInstalled,
    currentVersion: a.currentVersion,
    createdBy: a.createdBy,
    purgeHistoryDays: a.purgeHistoryDays,
    purgeImmediate: a.purgeImmediate,
    forceRestartTime: a.forceRestartTime,
  };
}

/** Runtimes come from fixtures: Boomi's CREATE only makes runtime-cloud attachments, not served here. */
export function createAtom(
  account: AccountData,
  input: Omit<AtomRecord, 'purgeImmediate' | 'forceRestartTime'> & Partial<AtomRecord>,
): AtomRecord {
  if (account.atoms[input.id]) throw badRequest(`A runtime with id ${input.id} already exists.`);
  const atom: AtomRecord = {
    id: input.id,
    name: input.name,
    type: input.type,
    status: input.status,
    hostName: input.hostName,
    dateInstalled: input.dateInstalled,
    currentVersion: input.currentVersion,
    createdBy: input.createdBy,
    purgeHistoryDays: input.purgeHistoryDays,
    purgeImmediate: input.purgeImmediate ?? false,
    forceRestartTime: input.forceRestartTime ?? 0,
  };
  account.atoms[atom.id] = atom;
  return atom;
}

function nonNegative(value: number | undefined, key: string, max: number): number | undefined {
  if (value !== undefined && (value < 0 || value > max)) throw badRequest(`Invalid value for ${key}: ${value}.`);
  return value;
}

export const atomObject: ObjectDef = {
  name: 'Atom',
  get(ctx, id) {
    return { wire: atomWire(requireAtom(ctx.account, id)) };
  },
  update(ctx, id) {
    const atom = requireAtom(ctx.account, id);
    const bodyId = str(ctx.body, 'id');
    if (bodyId && bodyId !== id) throw badRequest(`id ${bodyId} does not match the runtime ${id} in the URL.`);
    // Only these are writable (Boomi: name, purgeHistoryDays, purgeImmediate, forceRestartTime).
    const name = str(ctx.body, 'name')?.trim();
    const purgeHistoryDays = nonNegative(int(ctx.body, 'purgeHistoryDays'), 'purgeHistoryDays', 9999);
    const forceRestartTime = nonNegative(
      int(ctx.body, 'forceRestartTime'),
      'forceRestartTime',
      Number.MAX_SAFE_INTEGER,
    );
    const purgeImmediate = bool(ctx.body, 'purgeImmediate');
    if (name) atom.name = name;
    if (purgeHistoryDays !== undefined) atom.purgeHistoryDays = purgeHistoryDays;
    if (forceRestartTime !== undefined) atom.forceRestartTime = forceRestartTime;
    if (purgeImmediate !== undefined) atom.purgeImmediate = purgeImmediate;
    return { wire: atomWire(atom) };
  },
  query: {
    properties: [
      'name',
      'id',
      'hostname',
      'status',
      'type',
      'capabilities',
      'cloudId',
      'attachmentCloudId',
      'cloudMoleculeId',
      'instanceId',
      'isCloudAttachment',
    ],
    // Boomi's own CI/CD scripts filter on `status` = `online` and a user-typed `type`.
    caseInsensitiveValues: ['status', 'type'],
    rows(ctx) {
      return Object.values(ctx.account.atoms).map((a) => {
        const wire = atomWire(a);
        // The filter property is `hostname` while the field is `hostName`.
        return { fields: { ...wire, hostname: a.hostName, isCloudAttachment: false }, wire };
      });
    },
  },
};

const attachmentWire = (a: AtomAttachmentRecord): WireObject => ({
  '@type': 'EnvironmentAtomAttachment',
  id: a.id,
  atomId: a.atomId,
  environmentId: a.environmentId,
});

/** Attaches a runtime to an environment, moving it out of the one it served before. */
export function attachAtom(account: AccountData, atomId: string, environmentId: string): AtomAttachmentRecord {
  requireAtom(account, atomId);
  if (!account.environments[environmentId]) throw badRequest(`Invalid environment id: ${environmentId}`);
  for (const [id, a] of Object.entries(account.atomAttachments))
    if (a.atomId === atomId) delete account.atomAttachments[id];
  const attachment = { id: conceptualId('EAA', atomId, environmentId), atomId, environmentId };
  account.atomAttachments[attachment.id] = attachment;
  return attachment;
}

export const environmentAtomAttachmentObject: ObjectDef = {
  name: 'EnvironmentAtomAttachment',
  create(ctx) {
    const atomId = requiredStr(ctx.body, 'atomId', 'EnvironmentAtomAttachment');
    const environmentId = requiredStr(ctx.body, 'environmentId', 'EnvironmentAtomAttachment');
    return { wire: attachmentWire(attachAtom(ctx.account, atomId, environmentId)) };
  },
  delete(ctx, id) {
    if (!ctx.account.atomAttachments[id]) throw badRequest(`Invalid EnvironmentAtomAttachment id: ${id}`);
    delete ctx.account.atomAttachments[id];
    return { bool: true };
  },
  query: {
    properties: ['atomId', 'environmentId'],
    rows(ctx) {
      return Object.values(ctx.account.atomAttachments).map((a) => {
        const wire = attachmentWire(a);
        return { fields: wire, wire };
      });
    },
  },
};
