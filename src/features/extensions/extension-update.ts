import type { ExtensionSection } from '../../contracts/extension-limits.ts';
import type { ErrorCode } from '../../contracts/errors.ts';
import { componentRefusal, fieldRefusal, type AccessEntry, type Editor } from './extension-access.ts';
import {
  ITEM_KEY,
  componentKey,
  fieldKey,
  shown,
  type FlatComponent,
  type FlatField,
  type Raw,
} from './extension-model.ts';

// From the fields a user changed to the smallest Boomi partial update that makes those changes
// (30-boomi-platform-api.md §3.12 granularity): per field for connections, operations, shared
// communications and trading partner categories, per property for dynamic process properties,
// per certificate for PGP, and the whole component for process properties, which is rebuilt
// from what Boomi holds now so a colleague's fields are never lost.

export interface Change {
  section: ExtensionSection;
  componentId: string;
  fieldId: string;
  value?: string | undefined;
  useDefault: boolean;
  expected?: { value: string | null; useDefault: boolean } | undefined;
}

export interface ChangeProblem {
  index: number;
  componentId: string;
  componentName: string;
  fieldId: string;
  errorCode: ErrorCode;
  errorMessage: string;
}

export interface ChangedField {
  section: ExtensionSection;
  componentId: string;
  componentName: string;
  fieldId: string;
  from: string | null;
  to: string | null;
}

export interface PlannedUpdate {
  /** The partial EnvironmentExtensions body (sections only); empty when nothing changes. */
  payload: Raw;
  changed: ChangedField[];
  problems: ChangeProblem[];
}

interface Applied {
  change: Change;
  component: FlatComponent;
  field: FlatField;
}

const sameValue = (f: FlatField, c: { value?: string | null | undefined; useDefault: boolean }) =>
  f.useDefault === c.useDefault && (c.useDefault || (f.value ?? '') === (c.value ?? ''));

function fieldWire(f: FlatField, change: Change | undefined): Raw {
  const useDefault = change ? change.useDefault : f.useDefault;
  const out: Raw = { useDefault };
  if (f.encrypted) out['usesEncryption'] = true;
  if (!useDefault) {
    const value = change ? change.value : f.value;
    if (value !== null && value !== undefined) out['value'] = value;
  }
  return out;
}

/** Checks every change, then builds the partial update; any problem means nothing is sent. */
export function planUpdate(
  current: readonly FlatComponent[],
  changes: readonly Change[],
  editor: Editor,
  access: ReadonlyMap<string, AccessEntry>,
): PlannedUpdate {
  const components = new Map(current.map((c) => [componentKey(c.section, c.componentId), c]));
  const problems: ChangeProblem[] = [];
  const applied: Applied[] = [];
  const seen = new Set<string>();
  changes.forEach((change, index) => {
    const component = components.get(componentKey(change.section, change.componentId));
    const problem = (errorCode: ErrorCode, errorMessage: string) =>
      problems.push({
        index,
        componentId: change.componentId,
        componentName: component?.componentName ?? change.componentId,
        fieldId: change.fieldId,
        errorCode,
        errorMessage,
      });
    if (!component) {
      problem('EXTENSION_NOT_FOUND', `No ${change.section} extension '${change.componentId}' in this environment`);
      return;
    }
    const field = component.fields.find((f) => f.fieldId === change.fieldId);
    const refusal = componentRefusal(editor, component, access.get(change.componentId)) ?? fieldRefusal(editor, field);
    if (refusal) return void problem(refusal.code, `${component.componentName}: ${refusal.reason}`);
    if (!field) return void problem('INVALID_REQUEST', `${component.componentName} has no field '${change.fieldId}'`);
    const key = fieldKey(change.section, change.componentId, change.fieldId);
    if (seen.has(key))
      return void problem('INVALID_REQUEST', `${component.componentName}: '${field.label}' is changed twice`);
    seen.add(key);
    if (!change.useDefault && (change.value === undefined || (field.encrypted && change.value === ''))) {
      return void problem(
        'INVALID_REQUEST',
        `${component.componentName}: '${field.label}' needs a value, or use the default`,
      );
    }
    if (change.expected && !field.encrypted && !sameValue(field, change.expected)) {
      return void problem(
        'EXTENSION_CONFLICT',
        `${component.componentName}: '${field.label}' was changed by someone else (now ${shown(field) ?? 'empty'}); ` +
          'reload and apply your change again',
      );
    }
    if (!field.encrypted && sameValue(field, change)) return;
    applied.push({ change, component, field });
  });
  if (problems.length) return { payload: {}, changed: [], problems };
  return { payload: payloadOf(applied, problems), changed: applied.map(describe), problems };
}

function describe({ change, component, field }: Applied): ChangedField {
  const after = field.encrypted
    ? { ...field, encryptedValueSet: !change.useDefault, useDefault: change.useDefault }
    : { ...field, value: change.value ?? null, useDefault: change.useDefault };
  return {
    section: component.section,
    componentId: component.componentId,
    componentName: component.componentName,
    fieldId: field.fieldId,
    from: shown(field),
    to: field.encrypted ? (change.useDefault ? '(default)' : '(replaced)') : shown(after),
  };
}

function payloadOf(applied: readonly Applied[], problems: ChangeProblem[]): Raw {
  const bySection = new Map<ExtensionSection, Map<string, Applied[]>>();
  for (const a of applied) {
    const comps = bySection.get(a.component.section) ?? new Map<string, Applied[]>();
    comps.set(a.component.componentId, [...(comps.get(a.component.componentId) ?? []), a]);
    bySection.set(a.component.section, comps);
  }
  const payload: Raw = {};
  for (const [section, comps] of bySection) {
    const items = [...comps.values()].map((group) => itemOf(section, group, problems));
    payload[section] = { [ITEM_KEY[section]]: items };
  }
  return payload;
}

function itemOf(section: ExtensionSection, group: Applied[], problems: ChangeProblem[]): Raw {
  const c = group[0]!.component;
  const changeOf = new Map(group.map((a) => [a.field.fieldId, a.change]));
  switch (section) {
    case 'connections':
    case 'operations':
    case 'sharedCommunications':
      return {
        id: c.componentId,
        name: c.componentName,
        field: group.map((a) => ({ id: a.field.fieldId, ...fieldWire(a.field, a.change) })),
      };
    case 'tradingPartners': {
      const categories = new Map<string, Raw[]>();
      for (const a of group) {
        const [category = '', id = ''] = a.field.fieldId.split('/');
        categories.set(category, [...(categories.get(category) ?? []), { id, ...fieldWire(a.field, a.change) }]);
      }
      return { id: c.componentId, category: [...categories].map(([name, field]) => ({ name, field })) };
    }
    case 'processProperties': {
      // Boomi replaces the whole component: send every value as it stands, with the changes.
      const lost = c.fields.filter((f) => f.encrypted && f.encryptedValueSet && !changeOf.has(f.fieldId));
      for (const f of lost) {
        problems.push({
          index: -1,
          componentId: c.componentId,
          componentName: c.componentName,
          fieldId: f.fieldId,
          errorCode: 'INVALID_REQUEST',
          errorMessage:
            `${c.componentName}: Boomi replaces a process property component as a whole and never returns its ` +
            `encrypted value '${f.label}', so saving it would erase that secret; enter '${f.label}' again in the ` +
            'same save',
        });
      }
      return {
        id: c.componentId,
        name: c.componentName,
        ProcessPropertyValue: c.fields
          .filter((f) => !(f.encrypted && !changeOf.has(f.fieldId)))
          .map((f) => ({ key: f.fieldId, label: f.label, ...fieldWire(f, changeOf.get(f.fieldId)) })),
      };
    }
    case 'properties':
      return { name: c.componentId, value: group[0]!.change.useDefault ? '' : (group[0]!.change.value ?? '') };
    case 'PGPCertificates':
      return { id: c.componentId, ...fieldWire(group[0]!.field, group[0]!.change) };
    case 'crossReferences':
      return { id: c.componentId };
  }
}
