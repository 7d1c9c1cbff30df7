import { z } from 'zod';
import { getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zInt, zList } from '../wire-json.ts';

// Map extensions (§3.12): EnvironmentMapExtensionsSummary finds the extensible maps of an
// environment, EnvironmentMapExtension reads one and replaces it whole. The document stays loose
// (Boomi's MapExtension schema is large); script functions, the part reviews care about, are typed.

/** An optional element; Boomi's examples also send it as null or as an empty element (""). */
const opt = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

/** Boomi's enum, spelled as Boomi spells it. */
export const SCRIPT_LANGUAGES = ['GROOVY', 'GROOVY2', 'Javascript'] as const;
export type ScriptLanguage = (typeof SCRIPT_LANGUAGES)[number];

const ScriptingParameterSchema = z.looseObject({
  index: zInt.optional(),
  name: z.string().optional(),
  dataType: z.string().optional(),
});

export const MapExtensionScriptingSchema = z.looseObject({
  /** Kept as text: an unknown language must not make the whole document unreadable. */
  language: z.string().optional(),
  Script: z.string().optional(),
  Inputs: opt(z.looseObject({ Input: zList(ScriptingParameterSchema) })),
  Outputs: opt(z.looseObject({ Output: zList(ScriptingParameterSchema) })),
});
export type MapExtensionScripting = z.output<typeof MapExtensionScriptingSchema>;

const FunctionPortSchema = z.looseObject({ key: zInt.optional(), name: z.string().optional() });

export const MapExtensionFunctionSchema = z.looseObject({
  id: z.string().optional(),
  /** `CustomScripting` for script functions; Boomi lists some forty types. */
  type: z.string().optional(),
  cacheType: z.string().optional(),
  Inputs: opt(z.looseObject({ Input: zList(FunctionPortSchema) })),
  Outputs: opt(z.looseObject({ Output: zList(FunctionPortSchema) })),
  Configuration: opt(z.looseObject({ Scripting: opt(MapExtensionScriptingSchema) })),
});
export type MapExtensionFunction = z.output<typeof MapExtensionFunctionSchema>;

export const MapExtensionMappingSchema = z.looseObject({
  fromXPath: z.string().optional(),
  fromFunction: z.string().optional(),
  toXPath: z.string().optional(),
  toFunction: z.string().optional(),
});

export const MapExtensionSchema = z.looseObject({
  ExtendedFunctions: opt(z.looseObject({ Function: zList(MapExtensionFunctionSchema) })),
  ExtendedMappings: opt(z.looseObject({ Mapping: zList(MapExtensionMappingSchema) })),
});

export const EnvironmentMapExtensionSchema = z.looseObject({
  id: z.string(),
  environmentId: z.string().optional(),
  extensionGroupId: z.string().optional(),
  mapId: z.string().optional(),
  processId: z.string().optional(),
  name: z.string().optional(),
  Map: opt(MapExtensionSchema),
});
export type EnvironmentMapExtension = z.output<typeof EnvironmentMapExtensionSchema>;

const FieldSetSchema = z.looseObject({
  connectionId: z.string().optional(),
  BrowseField: zList(z.looseObject({ name: z.string().optional(), value: z.string().optional() })),
});

export const EnvironmentMapExtensionsSummarySchema = z.looseObject({
  id: z.string(),
  mapId: z.string().optional(),
  processId: z.string().optional(),
  name: z.string().optional(),
  environmentId: z.string().optional(),
  extensionGroupId: z.string().optional(),
  SourceFieldSet: opt(FieldSetSchema),
  DestinationFieldSet: opt(FieldSetSchema),
});
export type EnvironmentMapExtensionsSummary = z.output<typeof EnvironmentMapExtensionsSummarySchema>;
export type MapExtensionsSummaryProperty = 'environmentId' | 'extensionGroupId';

/** The script functions of a map extension document. */
export function scriptFunctions(
  doc: EnvironmentMapExtension,
): Array<MapExtensionFunction & { script: MapExtensionScripting }> {
  return (doc.Map?.ExtendedFunctions?.Function ?? []).flatMap((f) => {
    const script = f.Configuration?.Scripting;
    return script ? [{ ...f, script }] : [];
  });
}

export interface MapExtensionApi {
  get(id: string, opts?: CallOptions): Promise<EnvironmentMapExtension>;
  /**
   * `POST /EnvironmentMapExtension/{id}`: replaces the whole document (what is left out is gone),
   * so send a full document read with `get`. Sending the same document again is harmless.
   */
  update(id: string, doc: EnvironmentMapExtension, opts?: CallOptions): Promise<EnvironmentMapExtension>;
}

export type MapExtensionSummaryApi = QueryMethods<MapExtensionsSummaryProperty, EnvironmentMapExtensionsSummary>;

export function mapExtensionApi(ctx: ApiContext): MapExtensionApi {
  return {
    get: (id, opts) =>
      getJson(
        ctx,
        'EnvironmentMapExtension.get',
        `/EnvironmentMapExtension${seg(id)}`,
        EnvironmentMapExtensionSchema,
        opts,
      ),
    update: (id, doc, opts) =>
      postJson(
        ctx,
        'EnvironmentMapExtension.update',
        `/EnvironmentMapExtension${seg(id)}`,
        { ...doc, id },
        EnvironmentMapExtensionSchema,
        opts,
        // A full replace with the same document leaves the same state.
        { idempotent: true },
      ),
  };
}

export function mapExtensionSummaryApi(ctx: ApiContext): MapExtensionSummaryApi {
  return queryMethods<MapExtensionsSummaryProperty, typeof EnvironmentMapExtensionsSummarySchema>(
    ctx,
    'EnvironmentMapExtensionsSummary',
    EnvironmentMapExtensionsSummarySchema,
  );
}
