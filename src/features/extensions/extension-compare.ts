import { COPY_EXCLUDED_SECTIONS, type ExtensionSection } from '../../contracts/extension-limits.ts';
import { ITEM_KEY, componentKey, type FlatComponent, type FlatField, type Raw } from './extension-model.ts';

// Two environments' extensions side by side: the diff view, the Test -> Production copy plan
// (what the preview shows is exactly what the copy sends), and the warnings before production.

type Side = { value: string | null; useDefault: boolean; encrypted: boolean; set: boolean } | null;

export interface DiffRow {
  section: ExtensionSection;
  componentId: string;
  componentName: string;
  fieldId: string;
  label: string;
  left: Side;
  right: Side;
  state: 'SAME' | 'DIFFERENT' | 'ONLY_LEFT' | 'ONLY_RIGHT';
}

const side = (f: FlatField | undefined): Side =>
  f
    ? {
        value: f.value,
        useDefault: f.useDefault,
        encrypted: f.encrypted,
        set: f.encrypted ? f.encryptedValueSet : true,
      }
    : null;

const rowsField = (c: FlatComponent): FlatField => ({
  fieldId: 'rows',
  label: 'Override rows',
  value: JSON.stringify({ overrideValues: c.overrideValues, rows: c.rows }),
  useDefault: false,
  encrypted: false,
  encryptedValueSet: false,
});

/** A component's comparable fields; a cross reference compares as one table. */
const fieldsOf = (c: FlatComponent): FlatField[] => (c.section === 'crossReferences' ? [rowsField(c)] : c.fields);

const sameSide = (a: Side, b: Side) =>
  !!a &&
  !!b &&
  a.encrypted === b.encrypted &&
  a.useDefault === b.useDefault &&
  (a.encrypted ? a.set === b.set : a.useDefault || (a.value ?? '') === (b.value ?? ''));

export function diffComponents(left: readonly FlatComponent[], right: readonly FlatComponent[]): DiffRow[] {
  const rightBy = new Map(right.map((c) => [componentKey(c.section, c.componentId), c]));
  const rows: DiffRow[] = [];
  const seen = new Set<string>();
  for (const l of left) {
    const key = componentKey(l.section, l.componentId);
    seen.add(key);
    const r = rightBy.get(key);
    const rFields = new Map((r ? fieldsOf(r) : []).map((f) => [f.fieldId, f]));
    const lFields = fieldsOf(l);
    for (const f of lFields) {
      const other = rFields.get(f.fieldId);
      rows.push(
        row(l, f, side(f), side(other), other ? (sameSide(side(f), side(other)) ? 'SAME' : 'DIFFERENT') : 'ONLY_LEFT'),
      );
    }
    for (const f of rFields.values()) {
      if (!lFields.some((x) => x.fieldId === f.fieldId)) rows.push(row(r!, f, null, side(f), 'ONLY_RIGHT'));
    }
  }
  for (const r of right) {
    if (seen.has(componentKey(r.section, r.componentId))) continue;
    for (const f of fieldsOf(r)) rows.push(row(r, f, null, side(f), 'ONLY_RIGHT'));
  }
  return rows;
}

const row = (c: FlatComponent, f: FlatField, left: Side, right: Side, state: DiffRow['state']): DiffRow => ({
  section: c.section,
  componentId: c.componentId,
  componentName: c.componentName,
  fieldId: f.fieldId,
  label: f.label,
  left,
  right,
  state,
});

export interface CopyItem {
  section: ExtensionSection;
  componentId: string;
  componentName: string;
  fieldId: string;
  testValue: string | null;
  prodValue: string | null;
  action: 'COPY' | 'UNCHANGED' | 'EXCLUDED' | 'ENCRYPTED_SKIPPED';
  reason: string | null;
}

export interface CopyPlan {
  items: CopyItem[];
  payload: Raw;
  fieldsCopied: number;
  encryptedFieldsSkipped: number;
}

const EXCLUDED_REASON: Partial<Record<ExtensionSection, string>> = {
  connections: 'Connections point at each environment’s own systems; set them on the Extension Manager.',
  PGPCertificates: 'PGP keys belong to each environment.',
};

/** What a Test -> Production copy changes, and the partial update that changes exactly that. */
export function planCopy(test: readonly FlatComponent[], prod: readonly FlatComponent[]): CopyPlan {
  const prodBy = new Map(prod.map((c) => [componentKey(c.section, c.componentId), c]));
  const items: CopyItem[] = [];
  const payload: Raw = {};
  const add = (section: ExtensionSection, item: Raw) => {
    const container = (payload[section] ??= { [ITEM_KEY[section]]: [] }) as Raw;
    (container[ITEM_KEY[section]] as Raw[]).push(item);
  };
  for (const t of test) {
    const p = prodBy.get(componentKey(t.section, t.componentId));
    const pFields = new Map((p ? fieldsOf(p) : []).map((f) => [f.fieldId, f]));
    const item = (f: FlatField, action: CopyItem['action'], reason: string | null): CopyItem => ({
      section: t.section,
      componentId: t.componentId,
      componentName: t.componentName,
      fieldId: f.fieldId,
      testValue: f.encrypted ? null : f.value,
      prodValue: pFields.get(f.fieldId)?.value ?? null,
      action,
      reason,
    });
    const excluded = COPY_EXCLUDED_SECTIONS.includes(t.section) ? EXCLUDED_REASON[t.section]! : null;
    // Boomi replaces a process property component whole; one holding a secret in Production
    // cannot be rewritten without erasing that secret, which Promo cannot read back.
    const holdsSecret =
      t.section === 'processProperties' && p?.fields.some((f) => f.encrypted && f.encryptedValueSet)
        ? 'Its Production secret cannot be read back, and Boomi replaces the component whole: set it on the Extension Manager.'
        : null;
    const copied: FlatField[] = [];
    for (const f of fieldsOf(t)) {
      if (excluded ?? holdsSecret) items.push(item(f, 'EXCLUDED', excluded ?? holdsSecret));
      else if (f.encrypted)
        items.push(item(f, 'ENCRYPTED_SKIPPED', 'Encrypted values cannot be read, so they cannot be copied.'));
      else if (sameSide(side(f), side(pFields.get(f.fieldId)))) items.push(item(f, 'UNCHANGED', null));
      else {
        items.push(item(f, 'COPY', null));
        copied.push(f);
      }
    }
    if (!copied.length) continue;
    const wire = (f: FlatField) => (f.useDefault ? { useDefault: true } : { useDefault: false, value: f.value ?? '' });
    switch (t.section) {
      case 'operations':
      case 'sharedCommunications':
        add(t.section, { id: t.componentId, field: copied.map((f) => ({ id: f.fieldId, ...wire(f) })) });
        break;
      case 'tradingPartners':
        add(t.section, {
          id: t.componentId,
          category: copied.map((f) => ({
            name: f.fieldId.split('/')[0],
            field: [{ id: f.fieldId.split('/')[1], ...wire(f) }],
          })),
        });
        break;
      case 'processProperties':
        add(t.section, {
          id: t.componentId,
          name: t.componentName,
          ProcessPropertyValue: t.fields
            .filter((f) => !f.encrypted)
            .map((f) => ({ key: f.fieldId, label: f.label, ...wire(f) })),
        });
        break;
      case 'properties':
        add(t.section, { name: t.componentId, value: copied[0]!.value ?? '' });
        break;
      case 'crossReferences':
        add(t.section, {
          id: t.componentId,
          name: t.componentName,
          overrideValues: t.overrideValues ?? false,
          CrossReferenceRows: { row: t.rows ?? [] },
        });
        break;
      default:
        break;
    }
  }
  return {
    items,
    payload,
    fieldsCopied: items.filter((i) => i.action === 'COPY').length,
    encryptedFieldsSkipped: items.filter((i) => i.action === 'ENCRYPTED_SKIPPED').length,
  };
}
