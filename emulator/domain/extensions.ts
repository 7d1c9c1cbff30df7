import type { ExtensionItem, ExtensionsRecord } from '../state/state-types.ts';
import type { WireObject, WireValue } from '../wire/xml-write.ts';
import { bool, isRecord, records, type Body } from './body.ts';

// EnvironmentExtensions sections. Update semantics (30-boomi-platform-api.md §3.12): with
// partial="true" only what is sent changes (per field for connections, operations and shared
// communications, per item elsewhere); without it everything not sent is reset. Encrypted values
// are stored but never returned, only `encryptedValueSet`.

interface Section {
  key: keyof ExtensionsRecord;
  item: string;
  containerType: string;
  itemType: string;
  idKey: string;
  /** Per-field merge key for partial updates. */
  fields?: string;
}

const SECTIONS: Section[] = [
  {
    key: 'connections',
    item: 'connection',
    containerType: 'Connections',
    itemType: 'Connection',
    idKey: 'id',
    fields: 'field',
  },
  {
    key: 'operations',
    item: 'operation',
    containerType: 'Operations',
    itemType: 'Operation',
    idKey: 'id',
    fields: 'field',
  },
  {
    key: 'tradingPartners',
    item: 'tradingPartner',
    containerType: 'TradingPartners',
    itemType: 'TradingPartner',
    idKey: 'id',
  },
  {
    key: 'sharedCommunications',
    item: 'sharedCommunication',
    containerType: 'SharedCommunications',
    itemType: 'SharedCommunication',
    idKey: 'id',
    fields: 'field',
  },
  {
    key: 'crossReferences',
    item: 'crossReference',
    containerType: 'CrossReferences',
    itemType: 'CrossReference',
    idKey: 'id',
  },
  {
    key: 'processProperties',
    item: 'ProcessProperty',
    containerType: 'OverrideProcessProperties',
    itemType: 'OverrideProcessProperty',
    idKey: 'id',
  },
  { key: 'properties', item: 'property', containerType: 'Properties', itemType: 'Property', idKey: 'name' },
  {
    key: 'PGPCertificates',
    item: 'PGPCertificate',
    containerType: 'PGPCertificates',
    itemType: 'PGPCertificate',
    idKey: 'id',
  },
];

const LIST_KEYS = new Set(['field', 'category', 'ProcessPropertyValue', 'row', 'properties']);
const BOOL_KEYS = new Set([
  'useDefault',
  'usesEncryption',
  'encryptedValueSet',
  'componentOverride',
  'encrypted',
  'overrideValues',
  'validate',
  'usesRemoteSecretsManager',
]);

export function emptyExtensions(): ExtensionsRecord {
  return {
    connections: [],
    operations: [],
    tradingPartners: [],
    sharedCommunications: [],
    crossReferences: [],
    processProperties: [],
    properties: [],
    PGPCertificates: [],
  };
}

/** XML bodies carry booleans as text and single items as objects; store one shape. */
function normalize(item: Body): ExtensionItem {
  const out: ExtensionItem = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === '@type') continue;
    if (LIST_KEYS.has(k)) out[k] = records(v).map(normalize);
    else if (BOOL_KEYS.has(k)) out[k] = bool(item, k) ?? false;
    else if (isRecord(v)) out[k] = normalize(v);
    else out[k] = v;
  }
  return out;
}

function sectionItems(body: Body, s: Section): ExtensionItem[] | undefined {
  const container = body[s.key];
  if (container === undefined) return undefined;
  return isRecord(container) ? records(container[s.item]).map(normalize) : [];
}

function mergeFields(old: ExtensionItem, sent: ExtensionItem, fieldsKey: string): ExtensionItem {
  const oldFields = Array.isArray(old[fieldsKey]) ? (old[fieldsKey] as ExtensionItem[]) : [];
  const merged = [...oldFields];
  for (const f of Array.isArray(sent[fieldsKey]) ? (sent[fieldsKey] as ExtensionItem[]) : []) {
    const i = merged.findIndex((x) => x['id'] === f['id']);
    if (i >= 0) merged[i] = { ...merged[i], ...f };
    else merged.push(f);
  }
  return { ...old, ...sent, [fieldsKey]: merged };
}

export function updateExtensions(current: ExtensionsRecord, body: Body): ExtensionsRecord {
  const partial = bool(body, 'partial') === true;
  // A JSON copy, not structuredClone: handlers see the state through the undo log's proxies.
  const next = partial ? (JSON.parse(JSON.stringify(current)) as ExtensionsRecord) : emptyExtensions();
  for (const s of SECTIONS) {
    const sent = sectionItems(body, s);
    if (!sent) continue;
    if (!partial) {
      next[s.key] = sent;
      continue;
    }
    const items = next[s.key];
    for (const item of sent) {
      const i = items.findIndex((x) => x[s.idKey] === item[s.idKey]);
      if (i < 0) items.push(item);
      else items[i] = s.fields ? mergeFields(items[i] as ExtensionItem, item, s.fields) : item;
    }
  }
  return next;
}

/** Encrypted values go in, never out. */
function maskField(f: ExtensionItem): WireObject {
  const out: WireObject = { '@type': 'Field' };
  for (const [k, v] of Object.entries(f)) out[k] = v as WireValue;
  if (f['usesEncryption'] === true) {
    out['encryptedValueSet'] = f['encryptedValueSet'] === true || (typeof f['value'] === 'string' && f['value'] !== '');
    delete out['value'];
  }
  return out;
}

function itemWire(item: ExtensionItem, s: Section): WireObject {
  const out: WireObject = { '@type': s.itemType };
  for (const [k, v] of Object.entries(item)) {
    if (k === 'field' && Array.isArray(v)) out[k] = (v as ExtensionItem[]).map(maskField);
    else out[k] = v as WireValue;
  }
  return out;
}

export function extensionsWire(environmentId: string, ext: ExtensionsRecord): WireObject {
  const wire: WireObject = { '@type': 'EnvironmentExtensions', id: environmentId, environmentId, extensionGroupId: '' };
  for (const s of SECTIONS) {
    wire[s.key] = { '@type': s.containerType, [s.item]: ext[s.key].map((item) => itemWire(item, s)) };
  }
  return wire;
}
