import { z } from 'zod';
import { deleteObject, getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool, zInt, zList } from '../wire-json.ts';

// Runtimes (Boomi's Atom object: an atom, a molecule or a cloud) and which environment each one
// serves (EnvironmentAtomAttachment). A deployment only runs where a runtime is attached.

export const ATOM_STATUSES = ['ONLINE', 'OFFLINE', 'WARNING', 'UNKNOWN'] as const;
export type AtomStatus = (typeof ATOM_STATUSES)[number];

export const AtomSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  /** ONLINE | OFFLINE | WARNING | UNKNOWN; kept as text so a new value does not break reads. */
  status: z.string().optional(),
  /** Finer status, e.g. ONLINE_RUNNING, OFFLINE_WITH_ERROR. */
  statusDetail: z.string().optional(),
  /** ATOM | MOLECULE | CLOUD */
  type: z.string().optional(),
  hostName: z.string().optional(),
  dateInstalled: z.string().optional(),
  currentVersion: z.string().optional(),
  createdBy: z.string().optional(),
  purgeHistoryDays: zInt.optional(),
  purgeImmediate: zBool.optional(),
  forceRestartTime: zInt.optional(),
  capabilities: zList(z.string()).optional(),
  cloudId: z.string().optional(),
  instanceId: z.string().optional(),
  isCloudAttachment: zBool.optional(),
});
export type Atom = z.output<typeof AtomSchema>;

/** Boomi's filter properties; the host name filters as `hostname` (the field is `hostName`). */
export type AtomProperty =
  | 'name'
  | 'id'
  | 'hostname'
  | 'status'
  | 'type'
  | 'capabilities'
  | 'cloudId'
  | 'attachmentCloudId'
  | 'cloudMoleculeId'
  | 'instanceId'
  | 'isCloudAttachment';

export const EnvironmentAtomAttachmentSchema = z.looseObject({
  /** Conceptual id synthesized from the runtime and environment ids; DELETE takes it. */
  id: z.string(),
  atomId: z.string(),
  environmentId: z.string(),
});
export type EnvironmentAtomAttachment = z.output<typeof EnvironmentAtomAttachmentSchema>;
export type EnvironmentAtomAttachmentProperty = 'atomId' | 'environmentId';

export interface AtomApi extends QueryMethods<AtomProperty, Atom> {
  get(atomId: string, opts?: CallOptions): Promise<Atom>;
}

export interface EnvironmentAtomAttachmentApi extends QueryMethods<
  EnvironmentAtomAttachmentProperty,
  EnvironmentAtomAttachment
> {
  /** Attaches a runtime to an environment; an attached runtime moves (Boomi's documented behaviour). */
  attach(atomId: string, environmentId: string, opts?: CallOptions): Promise<EnvironmentAtomAttachment>;
  /** Detaches by the attachment's id; false when it was already gone (404). */
  detach(attachmentId: string, opts?: CallOptions): Promise<boolean>;
}

export function atomApi(ctx: ApiContext): AtomApi {
  return {
    ...queryMethods<AtomProperty, typeof AtomSchema>(ctx, 'Atom', AtomSchema),
    get: (atomId, opts) => getJson(ctx, 'Atom.get', `/Atom${seg(atomId)}`, AtomSchema, opts),
  };
}

export function environmentAtomAttachmentApi(ctx: ApiContext): EnvironmentAtomAttachmentApi {
  return {
    ...queryMethods<EnvironmentAtomAttachmentProperty, typeof EnvironmentAtomAttachmentSchema>(
      ctx,
      'EnvironmentAtomAttachment',
      EnvironmentAtomAttachmentSchema,
    ),
    attach: (atomId, environmentId, opts) =>
      postJson(
        ctx,
        'EnvironmentAtomAttachment.create',
        '/EnvironmentAtomAttachment',
        { atomId, environmentId },
        EnvironmentAtomAttachmentSchema,
        opts,
        // Attaching the same runtime to the same environment again leaves the same state.
        { idempotent: true },
      ),
    detach: (attachmentId, opts) =>
      deleteObject(ctx, 'EnvironmentAtomAttachment.delete', `/EnvironmentAtomAttachment${seg(attachmentId)}`, opts),
  };
}
