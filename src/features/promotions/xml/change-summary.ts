import type { Document, Element } from '@xmldom/xmldom';
import { CDATA, TEXT, childElements } from './dom.ts';

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  path: string;
  detail: string;
}

export interface ChangeSummary {
  elementsAdded: number;
  elementsRemoved: number;
  elementsChanged: number;
  attributesAdded: number;
  attributesRemoved: number;
  attributesChanged: number;
  changes: Change[];
}

/** Attributes that name an element among its siblings better than its position does. */
const KEYS = ['id', 'shapename', 'name', 'key', 'componentId', 'profileId', 'path'];
const MAX_LISTED = 200;
const VOLATILE_ROOT = new Set([
  'version',
  'modifiedDate',
  'modifiedBy',
  'createdDate',
  'createdBy',
  'branchId',
  'branchName',
  'currentVersion',
  'folderId',
  'folderName',
]);

interface Node {
  attrs: Map<string, string>;
  text: string;
}

function flatten(doc: Document | undefined): Map<string, Node> {
  const out = new Map<string, Node>();
  const root = doc?.documentElement;
  if (!root) return out;
  const visit = (el: Element, path: string, isRoot: boolean) => {
    const attrs = new Map<string, string>();
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i)!;
      if (a.name.startsWith('xmlns') || (isRoot && VOLATILE_ROOT.has(a.name))) continue;
      attrs.set(a.name, a.value);
    }
    let text = '';
    for (let c = el.firstChild; c; c = c.nextSibling)
      if (c.nodeType === TEXT || c.nodeType === CDATA) text += c.nodeValue ?? '';
    out.set(path, { attrs, text: text.trim() });
    const seen = new Map<string, number>();
    for (const child of childElements(el)) {
      const key = KEYS.find((k) => child.getAttribute(k));
      let label = key ? `${child.nodeName}[@${key}="${child.getAttribute(key)}"]` : child.nodeName;
      const n = (seen.get(label) ?? 0) + 1;
      seen.set(label, n);
      if (n > 1 || !key) label = `${label}[${n}]`;
      visit(child, `${path}/${label}`, false);
    }
  };
  visit(root, `/${root.nodeName}`, true);
  return out;
}

/**
 * What changed between main and the branch, element by element: what a reviewer reads before
 * the line diff. Elements are matched by their path, siblings by a key attribute when they
 * have one (a shape's name, a field's id), so reordering does not read as a rewrite.
 */
export function summarizeChanges(before: Document | undefined, after: Document): ChangeSummary {
  const a = flatten(before);
  const b = flatten(after);
  const s: ChangeSummary = {
    elementsAdded: 0,
    elementsRemoved: 0,
    elementsChanged: 0,
    attributesAdded: 0,
    attributesRemoved: 0,
    attributesChanged: 0,
    changes: [],
  };
  const note = (c: Change) => {
    if (s.changes.length < MAX_LISTED) s.changes.push(c);
  };
  const under = (paths: Iterable<string>, p: string) => [...paths].some((q) => p.startsWith(`${q}/`));
  const added = [...b.keys()].filter((p) => !a.has(p));
  const removed = [...a.keys()].filter((p) => !b.has(p));
  for (const p of added) {
    s.elementsAdded++;
    if (!under(added, p)) note({ kind: 'added', path: p, detail: 'element added' });
  }
  for (const p of removed) {
    s.elementsRemoved++;
    if (!under(removed, p)) note({ kind: 'removed', path: p, detail: 'element removed' });
  }
  for (const [p, nb] of b) {
    const na = a.get(p);
    if (!na) continue;
    let changed = false;
    for (const [k, v] of nb.attrs) {
      const old = na.attrs.get(k);
      if (old === undefined) {
        s.attributesAdded++;
        changed = true;
        note({ kind: 'added', path: `${p}/@${k}`, detail: `= "${v}"` });
      } else if (old !== v) {
        s.attributesChanged++;
        changed = true;
        note({ kind: 'changed', path: `${p}/@${k}`, detail: `"${old}" -> "${v}"` });
      }
    }
    for (const k of na.attrs.keys()) {
      if (!nb.attrs.has(k)) {
        s.attributesRemoved++;
        changed = true;
        note({ kind: 'removed', path: `${p}/@${k}`, detail: 'attribute removed' });
      }
    }
    if (na.text !== nb.text) {
      changed = true;
      note({ kind: 'changed', path: p, detail: 'text changed' });
    }
    if (changed) s.elementsChanged++;
  }
  return s;
}
