import { badRequest } from '../http/boomi-error.ts';
import type { ExtensionItem, MapExtensionRecord } from '../state/state-types.ts';
import type { WireObject, WireValue } from '../wire/xml-write.ts';
import { isRecord, records, str } from './body.ts';
import { readMap } from './map-extension-model.ts';
import type { ObjectDef, OpContext } from './object-def.ts';

export { mapExtensionId } from '../state/ids.ts';

// EnvironmentMapExtension (GET, and an UPDATE that replaces the whole document: whatever the body
// leaves out is gone, which is why Boomi warns against concurrent updates) and
// EnvironmentMapExtensionsSummary (QUERY by environmentId / extensionGroupId), the way consumers
// find the ids of the extensible maps.

/** Adds the `@type`s Boomi's JSON carries, one per element of the MapExtension schema. */
const TYPES: Record<string, string> = {
  SourceProfile: 'MapExtensionsProfile',
  DestinationProfile: 'MapExtensionsProfile',
  ExtendedFunctions: 'MapExtensionsFunctions',
  Function: 'MapExtensionsFunction',
  Inputs: 'MapExtensionsInputs',
  Outputs: 'MapExtensionsOutputs',
  Configuration: 'MapExtensionsConfiguration',
  Scripting: 'MapExtensionsScripting',
  ExtendedMappings: 'MapExtensionsExtendedMappings',
  Mapping: 'MapExtensionsMapping',
  Node: 'MapExtensionsNode',
  BrowseSettings: 'MapExtensionBrowseSettings',
  SourceBrowse: 'MapExtensionBrowse',
  DestinationBrowse: 'MapExtensionBrowse',
  SourceProfileExtensions: 'MapExtensionExtendProfile',
  DestinationProfileExtensions: 'MapExtensionExtendProfile',
};

function typed(node: ExtensionItem, type: string | undefined): WireObject {
  const out: WireObject = type ? { '@type': type } : {};
  for (const [k, v] of Object.entries(node)) {
    if (Array.isArray(v)) out[k] = (v as ExtensionItem[]).map((x) => typed(x, TYPES[k]));
    else if (v && typeof v === 'object') out[k] = typed(v as ExtensionItem, TYPES[k]);
    else out[k] = v as WireValue;
  }
  return out;
}

/**
 * Boomi's schema requires every section of a Map and Inputs/Outputs of a Scripting configuration:
 * an update may leave them out (they are then empty), an answer always carries them.
 */
function withRequired(map: ExtensionItem): ExtensionItem {
  const functions = isRecord(map['ExtendedFunctions']) ? records(map['ExtendedFunctions']['Function']) : [];
  return {
    BrowseSettings: { SourceBrowse: {}, DestinationBrowse: {} },
    SourceProfile: {},
    DestinationProfile: {},
    SourceProfileExtensions: { Node: [] },
    DestinationProfileExtensions: { Node: [] },
    ExtendedMappings: { Mapping: [] },
    ...map,
    ExtendedFunctions: {
      Function: functions.map((f) => {
        const config = f['Configuration'];
        const scripting = isRecord(config) ? config['Scripting'] : undefined;
        if (!isRecord(scripting)) return f;
        const full = { Inputs: { Input: [] }, Outputs: { Output: [] }, ...scripting };
        return { ...f, Configuration: { ...(config as ExtensionItem), Scripting: full } };
      }),
    },
  };
}

function mapExtensionWire(m: MapExtensionRecord): WireObject {
  return {
    '@type': 'EnvironmentMapExtension',
    id: m.id,
    environmentId: m.environmentId,
    extensionGroupId: m.extensionGroupId,
    mapId: m.mapId,
    processId: m.processId,
    name: m.name,
    Map: typed(withRequired(m.map), 'MapExtension'),
  };
}

const fieldSet = (s: MapExtensionRecord['sourceFieldSet']): WireObject => ({
  '@type': 'MapExtensionBrowseData',
  connectionId: s.connectionId,
  BrowseField: s.fields.map((name) => ({ '@type': 'BrowseField', name })),
});

function summaryWire(m: MapExtensionRecord): WireObject {
  return {
    '@type': 'EnvironmentMapExtensionsSummary',
    id: m.id,
    mapId: m.mapId,
    processId: m.processId,
    name: m.name,
    environmentId: m.environmentId,
    extensionGroupId: m.extensionGroupId,
    SourceFieldSet: fieldSet(m.sourceFieldSet),
    DestinationFieldSet: fieldSet(m.destinationFieldSet),
  };
}

function requireMapExtension(ctx: OpContext, id: string): MapExtensionRecord {
  const m = ctx.account.mapExtensions[id];
  if (!m) throw badRequest(`Invalid environment map extension id: ${id}`);
  return m;
}

export const environmentMapExtensionObject: ObjectDef = {
  name: 'EnvironmentMapExtension',
  get(ctx, id) {
    return { wire: mapExtensionWire(requireMapExtension(ctx, id)) };
  },
  update(ctx, id) {
    const m = requireMapExtension(ctx, id);
    for (const key of ['id', 'environmentId', 'mapId', 'processId'] as const) {
      const sent = str(ctx.body, key);
      if (sent && sent !== m[key]) throw badRequest(`${key} ${sent} does not match the map extension ${id}.`);
    }
    m.map = readMap(ctx.body);
    return { wire: mapExtensionWire(m) };
  },
};

export const environmentMapExtensionsSummaryObject: ObjectDef = {
  name: 'EnvironmentMapExtensionsSummary',
  query: {
    properties: ['environmentId', 'extensionGroupId'],
    rows(ctx) {
      return Object.values(ctx.account.mapExtensions).map((m) => {
        const wire = summaryWire(m);
        return { fields: { environmentId: m.environmentId, extensionGroupId: m.extensionGroupId }, wire };
      });
    },
  },
};
