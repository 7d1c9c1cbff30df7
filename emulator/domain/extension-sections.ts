import type { ExtensionItem, ExtensionsRecord } from '../state/state-types.ts';
import { bool, isRecord, records, type Body } from './body.ts';

// The sections of an EnvironmentExtensions document and how a partial update merges each
// (30-boomi-platform-api.md §3.12): per field for connections, operations and shared
// communications, per field inside each category for trading partners, whole table for cross
// references, whole component for process properties, per property (by name) for dynamic process
// properties, per certificate for PGP.

export type MergeRule = 'fields' | 'categories' | 'whole';

export interface Section {
  key: keyof ExtensionsRecord;
  item: string;
  containerType: string;
  itemType: string;
  idKey: string;
  merge: MergeRule;
}

const section = (
  key: keyof ExtensionsRecord,
  item: string,
  types: [string, string],
  merge: MergeRule,
  idKey = 'id',
): Section => ({ key, item, containerType: types[0], itemType: types[1], idKey, merge });

export const SECTIONS: Section[] = [
  section('connections', 'connection', ['Connections', 'Connection'], 'fields'),
  section('operations', 'operation', ['Operations', 'Operation'], 'fields'),
  section('tradingPartners', 'tradingPartner', ['TradingPartners', 'TradingPartner'], 'categories'),
  section('sharedCommunications', 'sharedCommunication', ['SharedCommunications', 'SharedCommunication'], 'fields'),
  section('crossReferences', 'crossReference', ['CrossReferences', 'CrossReference'], 'whole'),
  section('processProperties', 'ProcessProperty', ['OverrideProcessProperties', 'OverrideProcessProperty'], 'whole'),
  section('properties', 'property', ['Properties', 'Property'], 'whole', 'name'),
  section('PGPCertificates', 'PGPCertificate', ['PGPCertificates', 'PGPCertificate'], 'whole'),
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
export function normalize(item: Body): ExtensionItem {
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

/** The items of a section the body sends, or undefined when the section is absent. */
export function sectionItems(body: Body, s: Section): ExtensionItem[] | undefined {
  const container = body[s.key];
  if (container === undefined) return undefined;
  return isRecord(container) ? records(container[s.item]).map(normalize) : [];
}

export const itemList = (item: ExtensionItem | undefined, key: string): ExtensionItem[] =>
  item && Array.isArray(item[key]) ? (item[key] as ExtensionItem[]) : [];
