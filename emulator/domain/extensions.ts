import { badRequest } from '../http/boomi-error.ts';
import type { ExtensionItem, ExtensionsRecord } from '../state/state-types.ts';
import type { WireObject, WireValue } from '../wire/xml-write.ts';
import { bool, isRecord, type Body } from './body.ts';
import { emptyExtensions, itemList, SECTIONS, sectionItems, type Section } from './extension-sections.ts';

// EnvironmentExtensions updates and answers. With partial="true" only what is sent changes, at
// each section's granularity (extension-sections.ts); without it everything not sent is reset.
// Encrypted values are stored but never returned, only `encryptedValueSet`, in JSON and XML alike.

export { emptyExtensions } from './extension-sections.ts';

const hasValue = (x: ExtensionItem) => typeof x['value'] === 'string';
const byKey = (list: ExtensionItem[], key: string, id: unknown) => list.find((x) => x[key] === id);

/**
 * Boomi: with useDefault="false" a value must be supplied. An encrypted value that is already set
 * may be left out (GET never returns it, so a read-modify-write cannot send it back).
 */
function requireValue(x: ExtensionItem, keyName: string, where: string, stored: ExtensionItem | undefined): void {
  if (x['useDefault'] !== false || hasValue(x)) return;
  if (x['usesEncryption'] === true && stored && hasValue(stored)) return;
  throw badRequest(`A value is required for ${String(x[keyName] ?? '')} in ${where} when useDefault is false.`);
}

/** An encrypted value sent without a value keeps the stored secret. */
function keepSecret(sent: ExtensionItem, stored: ExtensionItem | undefined): ExtensionItem {
  if (sent['usesEncryption'] !== true || hasValue(sent) || !stored || !hasValue(stored)) return sent;
  return { ...sent, value: stored['value'] };
}

/** Values of one item (fields, property values, or the certificate itself) checked and completed. */
function completeValues(s: Section, sent: ExtensionItem, stored: ExtensionItem | undefined): ExtensionItem {
  const where = `${s.item} ${String(sent[s.idKey] ?? '')}`;
  const fields = (list: ExtensionItem[], old: ExtensionItem[], key: string, w: string) =>
    list.map((f) => {
      const prev = byKey(old, key, f[key]);
      requireValue(f, key, w, prev);
      return keepSecret(f, prev);
    });
  switch (s.key) {
    case 'processProperties':
      return {
        ...sent,
        ProcessPropertyValue: fields(
          itemList(sent, 'ProcessPropertyValue'),
          itemList(stored, 'ProcessPropertyValue'),
          'key',
          where,
        ),
      };
    case 'tradingPartners':
      return {
        ...sent,
        category: itemList(sent, 'category').map((c) => {
          const prev = byKey(itemList(stored, 'category'), 'id', c['id']);
          return { ...c, field: fields(itemList(c, 'field'), itemList(prev, 'field'), 'id', where) };
        }),
      };
    case 'PGPCertificates':
      requireValue(sent, 'id', 'PGPCertificates', stored);
      return sent;
    case 'crossReferences':
    case 'properties':
      return sent;
    default:
      return { ...sent, field: fields(itemList(sent, 'field'), itemList(stored, 'field'), 'id', where) };
  }
}

function mergeById(
  old: ExtensionItem[],
  sent: ExtensionItem[],
  key: string,
  merge: (o: ExtensionItem, n: ExtensionItem) => ExtensionItem,
) {
  const out = [...old];
  for (const item of sent) {
    const i = out.findIndex((x) => x[key] === item[key]);
    if (i < 0) out.push(item);
    else out[i] = merge(out[i] as ExtensionItem, item);
  }
  return out;
}

const mergeFields = (old: ExtensionItem, sent: ExtensionItem): ExtensionItem => ({
  ...old,
  ...sent,
  field: mergeById(itemList(old, 'field'), itemList(sent, 'field'), 'id', (o, n) => ({ ...o, ...n })),
});

function mergeItem(s: Section, old: ExtensionItem, sent: ExtensionItem): ExtensionItem {
  if (s.merge === 'fields') return mergeFields(old, sent);
  if (s.merge === 'categories')
    return {
      ...old,
      ...sent,
      category: mergeById(itemList(old, 'category'), itemList(sent, 'category'), 'id', mergeFields),
    };
  return sent;
}

export function updateExtensions(current: ExtensionsRecord, body: Body): ExtensionsRecord {
  const partial = bool(body, 'partial') === true;
  // A JSON copy, not structuredClone: handlers see the state through the undo log's proxies.
  const next = partial ? (JSON.parse(JSON.stringify(current)) as ExtensionsRecord) : emptyExtensions();
  for (const s of SECTIONS) {
    const sent = sectionItems(body, s);
    if (!sent) continue;
    const completed = sent.map((item) => completeValues(s, item, byKey(current[s.key], s.idKey, item[s.idKey])));
    next[s.key] = partial ? mergeById(next[s.key], completed, s.idKey, (o, n) => mergeItem(s, o, n)) : completed;
  }
  return next;
}

/** Encrypted values go in, never out. */
function masked(x: ExtensionItem, type: string): WireObject {
  const out: WireObject = { '@type': type };
  for (const [k, v] of Object.entries(x)) out[k] = v as WireValue;
  if (x['usesEncryption'] === true) {
    out['encryptedValueSet'] = x['encryptedValueSet'] === true || (hasValue(x) && x['value'] !== '');
    delete out['value'];
  }
  const custom = x['customProperties'];
  if (isRecord(custom)) {
    // Custom connection properties marked encrypted are masked the same way.
    const props = itemList(custom, 'properties').map((p) => {
      const pair: WireObject = { '@type': 'PropertyPair' };
      for (const [k, v] of Object.entries(p)) if (k !== 'value' || p['encrypted'] !== true) pair[k] = v as WireValue;
      return pair;
    });
    out['customProperties'] = { '@type': 'CustomProperties', properties: props };
  }
  return out;
}

function itemWire(item: ExtensionItem, s: Section): WireObject {
  const out: WireObject = { '@type': s.itemType };
  for (const [k, v] of Object.entries(item)) {
    if (k === 'field') out[k] = itemList(item, k).map((f) => masked(f, 'Field'));
    else if (k === 'ProcessPropertyValue') out[k] = itemList(item, k).map((f) => masked(f, 'ProcessPropertyValue'));
    else if (k === 'category')
      out[k] = itemList(item, k).map((c) => ({
        ...(c as WireObject),
        '@type': 'TradingPartnerCategory',
        field: itemList(c, 'field').map((f) => masked(f, 'Field')),
      }));
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
