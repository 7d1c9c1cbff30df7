import type { ExtensionSection } from '../../contracts/extension-limits.ts';

// One flat reading of Boomi's EnvironmentExtensions document (30-boomi-platform-api.md §3.12):
// every section becomes components with fields, so access checks, diffs, copies and warnings are
// written once. Encrypted values never enter this model: Boomi does not return them, and a value
// that somehow arrived is dropped here, before anything could show or log it.

export type Raw = Record<string, unknown>;

export interface FlatField {
  fieldId: string;
  label: string;
  value: string | null;
  useDefault: boolean;
  encrypted: boolean;
  encryptedValueSet: boolean;
}

export interface FlatComponent {
  section: ExtensionSection;
  componentId: string;
  componentName: string;
  fields: FlatField[];
  /** Cross references only: the override rows, compared and copied as one table. */
  rows: Raw[] | null;
  /** Cross references only. */
  overrideValues: boolean | null;
}

/** The element that holds each section's items in Boomi's document. */
export const ITEM_KEY: Record<ExtensionSection, string> = {
  connections: 'connection',
  operations: 'operation',
  tradingPartners: 'tradingPartner',
  sharedCommunications: 'sharedCommunication',
  crossReferences: 'crossReference',
  processProperties: 'ProcessProperty',
  properties: 'property',
  PGPCertificates: 'PGPCertificate',
};

/** Sections whose items are components the access cache knows (the rest are admin-only). */
export const CACHED_TYPES: Partial<Record<ExtensionSection, string>> = {
  connections: 'connection',
  operations: 'operation',
  tradingPartners: 'tradingPartner',
  sharedCommunications: 'sharedCommunication',
  processProperties: 'processProperty',
};

export const list = (v: unknown): Raw[] =>
  Array.isArray(v)
    ? (v.filter((x) => x && typeof x === 'object') as Raw[])
    : v && typeof v === 'object'
      ? [v as Raw]
      : [];

const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
const flag = (v: unknown): boolean => v === true || v === 'true';

/** The items of one section, whether Boomi sent a list, one object, or nothing. */
export function sectionItems(doc: Raw, section: ExtensionSection): Raw[] {
  const container = doc[section];
  if (!container || typeof container !== 'object') return [];
  return list((container as Raw)[ITEM_KEY[section]]);
}

function field(raw: Raw, fieldId: string, label: string): FlatField {
  const encrypted = flag(raw['usesEncryption']);
  return {
    fieldId,
    label,
    value: encrypted ? null : text(raw['value']),
    useDefault: flag(raw['useDefault']),
    encrypted,
    encryptedValueSet: encrypted && flag(raw['encryptedValueSet']),
  };
}

function fieldsOf(item: Raw, section: ExtensionSection): FlatField[] {
  switch (section) {
    case 'connections':
    case 'operations':
    case 'sharedCommunications':
      return list(item['field']).map((f) => field(f, text(f['id']) ?? '', text(f['id']) ?? ''));
    case 'tradingPartners':
      return list(item['category']).flatMap((c) => {
        const category = text(c['name']) ?? text(c['id']) ?? '';
        return list(c['field']).map((f) => {
          const id = text(f['id']) ?? '';
          return field(f, `${category}/${id}`, `${category} / ${id}`);
        });
      });
    case 'processProperties':
      return list(item['ProcessPropertyValue']).map((v) =>
        field(v, text(v['key']) ?? '', text(v['label']) ?? text(v['key']) ?? ''),
      );
    case 'properties':
      return [field(item, 'value', 'Value')];
    case 'PGPCertificates':
      return [field(item, 'value', 'Certificate')];
    case 'crossReferences':
      return [];
  }
}

/** Every component of an extensions document, in Boomi's section order. */
export function flatten(doc: Raw): FlatComponent[] {
  const out: FlatComponent[] = [];
  for (const section of Object.keys(ITEM_KEY) as ExtensionSection[]) {
    for (const item of sectionItems(doc, section)) {
      const id = section === 'properties' ? text(item['name']) : text(item['id']);
      if (!id) continue;
      const rowsContainer = item['CrossReferenceRows'];
      out.push({
        section,
        componentId: id,
        componentName: text(item['name']) ?? id,
        fields: fieldsOf(item, section),
        rows:
          section === 'crossReferences'
            ? list(rowsContainer && typeof rowsContainer === 'object' ? (rowsContainer as Raw)['row'] : undefined)
            : null,
        overrideValues: section === 'crossReferences' ? flag(item['overrideValues']) : null,
      });
    }
  }
  return out;
}

export const componentKey = (section: ExtensionSection, componentId: string) => `${section}\u0000${componentId}`;
export const fieldKey = (section: ExtensionSection, componentId: string, fieldId: string) =>
  `${section}\u0000${componentId}\u0000${fieldId}`;

/** How a value appears in an audit event or a change list: a secret never does. */
export const shown = (f: Pick<FlatField, 'encrypted' | 'encryptedValueSet' | 'value' | 'useDefault'>) =>
  f.encrypted ? (f.encryptedValueSet ? '(set)' : '(not set)') : f.useDefault ? '(default)' : f.value;

export interface ExtensionCountsView {
  componentCount: number;
  connectionCount: number;
  processPropertyCount: number;
  dynamicPropertyCount: number;
  mapExtensionCount: number;
}

export function countsOf(components: readonly FlatComponent[], mapExtensionCount: number): ExtensionCountsView {
  const by = (s: ExtensionSection) => components.filter((c) => c.section === s).length;
  return {
    componentCount: components.filter((c) => c.section !== 'properties').length,
    connectionCount: by('connections'),
    processPropertyCount: by('processProperties'),
    dynamicPropertyCount: by('properties'),
    mapExtensionCount,
  };
}
