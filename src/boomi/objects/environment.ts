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

export const ExtensionFieldSchema = z.looseObject({
  // Boomi's own example has a field without an id.
  id: z.string().optional(),
  value: z.string().optional(),
  useDefault: zBool.optional(),
  usesEncryption: zBool.optional(),
  /** GET never returns an encrypted value, only whether one is set. */
  encryptedValueSet: zBool.optional(),
  componentOverride: zBool.optional(),
});
export type ExtensionField = z.output<typeof ExtensionFieldSchema>;

const fieldsOf = { field: zList(ExtensionFieldSchema) };

export const ExtensionConnectionSchema = z.looseObject({ id: z.string(), name: z.string().optional(), ...fieldsOf });
export type ExtensionConnection = z.output<typeof ExtensionConnectionSchema>;

export const ExtensionOperationSchema = z.looseObject({ id: z.string(), name: z.string().optional(), ...fieldsOf });
export type ExtensionOperation = z.output<typeof ExtensionOperationSchema>;

export const ExtensionTradingPartnerSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  category: zList(z.looseObject({ id: z.string().optional(), name: z.string().optional(), ...fieldsOf })),
});
export type ExtensionTradingPartner = z.output<typeof ExtensionTradingPartnerSchema>;

export const ExtensionSharedCommunicationSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  ...fieldsOf,
});
export type ExtensionSharedCommunication = z.output<typeof ExtensionSharedCommunicationSchema>;

export const ExtensionCrossReferenceSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  overrideValues: zBool.optional(),
  /** Rows carry `ref1` … `ref20`; a partial update replaces the whole table. */
  CrossReferenceRows: zContainer(z.looseObject({ row: zList(z.record(z.string(), z.string())) })).optional(),
});
export type ExtensionCrossReference = z.output<typeof ExtensionCrossReferenceSchema>;

export const ProcessPropertyValueSchema = z.looseObject({
  key: z.string(),
  label: z.string().optional(),
  value: z.string().optional(),
  useDefault: zBool.optional(),
  usesEncryption: zBool.optional(),
  encryptedValueSet: zBool.optional(),
  componentOverride: zBool.optional(),
});
export type ProcessPropertyValue = z.output<typeof ProcessPropertyValueSchema>;

/** A process property component; a partial update replaces it whole. */
export const ExtensionProcessPropertySchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  ProcessPropertyValue: zList(ProcessPropertyValueSchema),
});
export type ExtensionProcessProperty = z.output<typeof ExtensionProcessPropertySchema>;

/** A dynamic process property. */
export const ExtensionPropertySchema = z.looseObject({ name: z.string(), value: z.string().optional() });
export type ExtensionProperty = z.output<typeof ExtensionPropertySchema>;

export const ExtensionPGPCertificateSchema = z.looseObject({
  id: z.string(),
  value: z.string().optional(),
  useDefault: zBool.optional(),
});
export type ExtensionPGPCertificate = z.output<typeof ExtensionPGPCertificateSchema>;

const section = <K extends string, T extends z.ZodType>(key: K, item: T) =>
  zContainer(z.looseObject({ [key]: zList(item) } as Record<K, ReturnType<typeof zList<T>>>)).optional();

/**
 * Extension values of an environment (§3.12), every section typed and its lists normalised (a
 * single item or an empty element reads as a list). Unknown attributes pass through.
 */
export const EnvironmentExtensionsSchema = z.looseObject({
  id: z.string().optional(),
  environmentId: z.string().optional(),
  extensionGroupId: z.string().optional(),
  partial: zBool.optional(),
  connections: section('connection', ExtensionConnectionSchema),
  operations: section('operation', ExtensionOperationSchema),
  tradingPartners: section('tradingPartner', ExtensionTradingPartnerSchema),
  sharedCommunications: section('sharedCommunication', ExtensionSharedCommunicationSchema),
  crossReferences: section('crossReference', ExtensionCrossReferenceSchema),
  processProperties: section('ProcessProperty', ExtensionProcessPropertySchema),
  properties: section('property', ExtensionPropertySchema),
  PGPCertificates: section('PGPCertificate', ExtensionPGPCertificateSchema),
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
