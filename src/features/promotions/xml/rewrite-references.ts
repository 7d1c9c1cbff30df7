import type { Document } from '@xmldom/xmldom';
import { CDATA, TEXT, componentObject, elementsOf } from './dom.ts';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isComponentId = (v: string) => GUID.test(v.trim());

export interface RewriteResult {
  /** How many references were rewritten (occurrences). */
  rewritten: number;
  /** Component ids referenced that the mapping does not know, in document order. */
  unmapped: string[];
}

/**
 * Rewrites dev component ids to production ids, in place. Only whole values are references: an
 * attribute or text whose entire value is a component id (connectionId, operationId, processId,
 * mapId, profile ids, `<field id="profile" value="...">`). No text inside a longer value is
 * touched, and each value is looked up once, so a prod id that is also a dev id cannot chain.
 */
export function rewriteReferences(doc: Document, mapping: ReadonlyMap<string, string>): RewriteResult {
  const object = componentObject(doc);
  if (!object) throw new Error('The component has no bns:object to rewrite');
  let rewritten = 0;
  const unmapped: string[] = [];
  const swap = (value: string): string | undefined => {
    const id = value.trim();
    if (!GUID.test(id)) return undefined;
    const prod = mapping.get(id) ?? mapping.get(id.toLowerCase());
    if (prod === undefined) {
      if (!unmapped.includes(id)) unmapped.push(id);
      return undefined;
    }
    rewritten++;
    return value.replace(id, prod);
  };
  for (const el of elementsOf(object)) {
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i)!;
      const next = swap(attr.value);
      if (next !== undefined) attr.value = next;
    }
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType !== TEXT && c.nodeType !== CDATA) continue;
      const next = swap(c.nodeValue ?? '');
      if (next !== undefined) {
        c.nodeValue = next;
        (c as unknown as { data: string }).data = next;
      }
    }
  }
  return { rewritten, unmapped };
}

/** Every component id the configuration refers to (for dependents and ordering). */
export function referencedIds(doc: Document): string[] {
  const object = componentObject(doc);
  if (!object) return [];
  const ids = new Set<string>();
  for (const el of elementsOf(object)) {
    for (let i = 0; i < el.attributes.length; i++) {
      const v = el.attributes.item(i)!.value.trim();
      if (GUID.test(v)) ids.add(v);
    }
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if ((c.nodeType === TEXT || c.nodeType === CDATA) && GUID.test((c.nodeValue ?? '').trim()))
        ids.add((c.nodeValue ?? '').trim());
    }
  }
  return [...ids];
}
