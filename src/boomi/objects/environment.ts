import { z } from 'zod';
import { getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool, zContainer, zList } from '../wire-json.ts';

export const EnvironmentSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  /** `PROD` or `TEST` (not PRODUCTION, pitfall 21); absent on basic environment support. */
  classification: z.string().optional(),
  parentAccount: z.string().optional(),
  parentEnvironment: z.string().optional(),
});
export type Environment = z.output<typeof EnvironmentSchema>;
export type EnvironmentProperty = 'name' | 'id' | 'classification';

const FieldSchema = z.looseObject({
  // Boomi's own example has a field without an id.
  id: z.string().optional(),
  value: z.string().optional(),
  useDefault: zBool.optional(),
  usesEncryption: zBool.optional(),
  encryptedValueSet: zBool.optional(),
  componentOverride: zBool.optional(),
});
const ConnectionSchema = z.looseObject({ id: z.string(), name: z.string().optional(), field: zList(FieldSchema) });

/**
 * Extension values of an environment (§3.12). Connections are typed (single objects normalised to
 * lists); the other sections are passed through as Boomi sent them.
 */
export const EnvironmentExtensionsSchema = z.looseObject({
  id: z.string().optional(),
  environmentId: z.string().optional(),
  extensionGroupId: z.string().optional(),
  partial: zBool.optional(),
  connections: zContainer(z.looseObject({ connection: zList(ConnectionSchema) })).optional(),
});
export type EnvironmentExtensions = z.output<typeof EnvironmentExtensionsSchema>;
export type EnvironmentExtensionsProperty = 'environmentId' | 'extensionGroupId';

/** An update body: the sections to change, as in Boomi's JSON (`connections.connection[].field[]`, …). */
export type EnvironmentExtensionsUpdate = Record<string, unknown> & {
  partial?: never;
  id?: never;
  environmentId?: never;
};

export interface EnvironmentApi extends QueryMethods<EnvironmentProperty, Environment> {
  get(environmentId: string, opts?: CallOptions): Promise<Environment>;
}

export interface EnvironmentExtensionsApi extends QueryMethods<EnvironmentExtensionsProperty, EnvironmentExtensions> {
  get(environmentId: string, opts?: CallOptions): Promise<EnvironmentExtensions>;
  /**
   * `POST /EnvironmentExtensions/{environmentId}` (pitfall 29). Partial by default: without
   * `partial=true` Boomi resets everything not sent to its default.
   */
  update(
    environmentId: string,
    sections: EnvironmentExtensionsUpdate,
    opts?: CallOptions & { partial?: boolean },
  ): Promise<EnvironmentExtensions>;
}

export function environmentApi(ctx: ApiContext): EnvironmentApi {
  return {
    ...queryMethods<EnvironmentProperty, typeof EnvironmentSchema>(ctx, 'Environment', EnvironmentSchema),
    get: (environmentId, opts) =>
      getJson(ctx, 'Environment.get', `/Environment${seg(environmentId)}`, EnvironmentSchema, opts),
  };
}

export function environmentExtensionsApi(ctx: ApiContext): EnvironmentExtensionsApi {
  return {
    ...queryMethods<EnvironmentExtensionsProperty, typeof EnvironmentExtensionsSchema>(
      ctx,
      'EnvironmentExtensions',
      EnvironmentExtensionsSchema,
    ),
    get: (environmentId, opts) =>
      getJson(
        ctx,
        'EnvironmentExtensions.get',
        `/EnvironmentExtensions${seg(environmentId)}`,
        EnvironmentExtensionsSchema,
        opts,
      ),
    update: (environmentId, sections, opts = {}) =>
      postJson(
        ctx,
        'EnvironmentExtensions.update',
        `/EnvironmentExtensions${seg(environmentId)}`,
        { ...sections, id: environmentId, environmentId, partial: opts.partial ?? true },
        EnvironmentExtensionsSchema,
        opts,
        // Setting the same values twice leaves the same state.
        { idempotent: true },
      ),
  };
}
