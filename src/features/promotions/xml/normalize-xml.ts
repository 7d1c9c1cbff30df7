import type { Document, Element, Node } from '@xmldom/xmldom';
import { CDATA, COMMENT, ELEMENT, PROCESSING_INSTRUCTION, TEXT, localName } from './dom.ts';

/** Wrapper attributes Boomi changes on every save; they would show as noise in every diff. */
const VOLATILE = new Set([
  'version',
  'modifiedDate',
  'modifiedBy',
  'createdDate',
  'createdBy',
  'branchId',
  'branchName',
  'currentVersion',
  'folderId',
  'copiedFromComponentId',
  'copiedFromComponentVersion',
]);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) =>
  escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

/**
 * Canonical text of a component for review diffs (10-backend.md §3.7): 2-space indentation,
 * attributes sorted by name, no XML declaration, LF line ends, volatile wrapper attributes
 * removed. Two documents that mean the same thing give the same text.
 */
export function normalizeXml(doc: Document): string {
  const lines: string[] = [];
  for (let n: Node | null = doc.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === ELEMENT) write(n as Element, 0, lines, true);
    else if (n.nodeType === COMMENT) lines.push(`<!--${n.nodeValue ?? ''}-->`);
  }
  return lines.join('\n');
}

function attributesOf(el: Element, isRoot: boolean): string {
  const attrs: Array<[string, string]> = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (isRoot && VOLATILE.has(localName(a))) continue;
    attrs.push([a.name, a.value]);
  }
  attrs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return attrs.map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('');
}

function write(el: Element, depth: number, out: string[], isRoot = false) {
  const pad = '  '.repeat(depth);
  const open = `${pad}<${el.nodeName}${attributesOf(el, isRoot)}`;
  const children: Node[] = [];
  for (let c: Node | null = el.firstChild; c; c = c.nextSibling) {
    // Whitespace between elements is layout, not content.
    if (c.nodeType === TEXT && (c.nodeValue ?? '').trim() === '') continue;
    children.push(c);
  }
  if (children.length === 0) {
    out.push(`${open}/>`);
    return;
  }
  if (children.length === 1 && children[0]!.nodeType === TEXT) {
    out.push(`${open}>${escapeText(children[0]!.nodeValue ?? '')}</${el.nodeName}>`);
    return;
  }
  out.push(`${open}>`);
  for (const c of children) {
    const v = c.nodeValue ?? '';
    switch (c.nodeType) {
      case ELEMENT:
        write(c as Element, depth + 1, out);
        break;
      case TEXT:
        out.push(`${pad}  ${escapeText(v.trim())}`);
        break;
      case CDATA:
        out.push(`${pad}  <![CDATA[${v}]]>`);
        break;
      case COMMENT:
        out.push(`${pad}  <!--${v}-->`);
        break;
      case PROCESSING_INSTRUCTION:
        out.push(`${pad}  <?${c.nodeName} ${v}?>`);
        break;
    }
  }
  out.push(`${pad}</${el.nodeName}>`);
}
