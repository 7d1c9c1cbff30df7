import { componentKey, type FlatComponent } from './extension-model.ts';

// Before production (issue 13 item 6): extension values of a Production environment that will
// make the release misbehave, judged against Test. These are warnings a person reads; they
// become a rule only when an admin says so.

export interface Finding {
  componentId: string;
  componentName: string;
  fieldId: string;
  kind: 'EMPTY' | 'SECRET_NOT_SET' | 'TEST_VALUE' | 'SAME_AS_TEST';
  message: string;
  prodValue: string | null;
  testValue: string | null;
}

/** Words that, as a whole host label or path word, mark a non-production system. */
const TEST_WORDS = /(^|[^a-z0-9])(test|testing|dev|develop|qa|uat|stage|staging|sandbox|sbx|localhost)([^a-z0-9]|$)/i;
const LOOPBACK = /(^|[^0-9])127\.0\.0\.1([^0-9]|$)/;

export const looksLikeTest = (value: string) => TEST_WORDS.test(value) || LOOPBACK.test(value);
/** URLs, hosts and paths: values where "the same as Test" means "still pointing at Test". */
const looksLikeEndpoint = (value: string) => /:\/\/|^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/|$)/i.test(value.trim());

export function productionFindings(
  prod: readonly FlatComponent[],
  test: readonly FlatComponent[] | null,
  relevant: (componentId: string) => boolean,
): Finding[] {
  const testBy = new Map((test ?? []).map((c) => [componentKey(c.section, c.componentId), c]));
  const out: Finding[] = [];
  for (const c of prod) {
    if (c.section === 'crossReferences' || !relevant(c.componentId)) continue;
    const t = testBy.get(componentKey(c.section, c.componentId));
    for (const f of c.fields) {
      const testField = t?.fields.find((x) => x.fieldId === f.fieldId);
      const testValue = testField && !testField.encrypted && !testField.useDefault ? testField.value : null;
      const finding = (kind: Finding['kind'], message: string) =>
        out.push({
          componentId: c.componentId,
          componentName: c.componentName,
          fieldId: f.fieldId,
          kind,
          message: `${c.componentName} / ${f.label}: ${message}`,
          prodValue: f.encrypted ? null : f.value,
          testValue,
        });
      if (f.useDefault) continue;
      if (f.encrypted) {
        if (!f.encryptedValueSet) finding('SECRET_NOT_SET', 'the secret is not set in Production');
        continue;
      }
      const value = (f.value ?? '').trim();
      if (!value) {
        finding('EMPTY', testValue ? 'empty in Production, set in Test' : 'empty in Production');
      } else if (looksLikeTest(value)) {
        finding('TEST_VALUE', `'${value}' looks like a test system`);
      } else if (testValue && testValue.trim() === value && looksLikeEndpoint(value)) {
        finding('SAME_AS_TEST', `Production points at the same endpoint as Test ('${value}')`);
      }
    }
  }
  return out;
}
