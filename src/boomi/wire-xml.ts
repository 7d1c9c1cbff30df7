import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type { Document, Element, Node } from '@xmldom/xmldom';
import { AppError } from '../platform/errors.ts';
import { checkXml, DEFAULT_XML_LIMITS, type XmlLimits } from './xml-guard.ts';
import { stripBom } from './wire-json.ts';

export type { Document, Element, Node } from '@xmldom/xmldom';
export { DEFAULT_XML_LIMITS, type XmlLimits } from './xml-guard.ts';

/** Namespace of every Platform API structure (30-boomi-platform-api.md §1.4). */
export const BNS_NS = 'http://api.platform.boomi.com/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * Parses untrusted XML into an xmldom Document. The text is screened first (xml-guard.ts: no
 * DTD, size, depth and node limits); the parser then treats every warning as fatal, because a
 * document it has to repair is not one we want to write back to Boomi.
 */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): Document {
  const source = stripBom(text);
  checkXml(source, { ...DEFAULT_XML_LIMITS, ...limits });
  let problem: string | undefined;
  const parser = new DOMParser({
    locator: true,
    onError: (level, message) => {
      problem ??= `${level}: ${message}`;
      throw new Error(message);
    },
  });
  try {
    const doc = parser.parseFromString(source, 'text/xml');
    if (!doc.documentElement) throw new Error('no root element');
    return doc;
  } catch (cause) {
    const reason = problem ?? (cause instanceof Error ? cause.message : String(cause));
    throw new AppError('XML_PARSE_ERROR', `XML is not well-formed: ${firstLine(reason)}`, {
      details: { reason: firstLine(reason) },
      cause,
    });
  }
}

/**
 * Serializes a document or node. xmldom writes attributes in document order, keeps namespace
 * declarations as written (they are attributes in its DOM), keeps CDATA sections and character
 * data untouched, and escapes `&`, `<`, `>` and quotes. A document parsed by `parseXml` comes back
 * equivalent, and byte-identical when it used double quotes and no character references for
 * printable characters.
 */
export function serializeXml(node: Node): string {
  return new XMLSerializer().serializeToString(node);
}

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === ELEMENT_NODE;
}

/** Child elements, optionally only those with the given local name (any namespace). */
export function childElements(parent: Element | Document, localName?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && (localName === undefined || n.localName === localName)) out.push(n);
  }
  return out;
}

export function firstChildElement(parent: Element | Document, localName?: string): Element | undefined {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (isElement(n) && (localName === undefined || n.localName === localName)) return n;
  }
  return undefined;
}

/** Text of an element's direct text and CDATA children (not of its descendants). */
export function ownText(el: Element): string {
  let s = '';
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) s += n.nodeValue ?? '';
  }
  return s;
}

/** Attribute by plain (un-prefixed) name, or undefined when absent. */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}

/**
 * Turns a Boomi API element into the shape its JSON form has: attributes and child elements become
 * keys, text-only children become strings, repeated children become arrays and `xsi:type` becomes
 * `@type`. The row schemas accept both forms, so XML answers validate like JSON ones.
 */
export function xmlToObject(el: Element): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (!a || a.namespaceURI === XMLNS_NS || a.name === 'xmlns') continue;
    if (a.namespaceURI === XSI_NS && a.localName === 'type') out['@type'] = a.value.replace(/^.*:/, '');
    else out[a.localName ?? a.name] = a.value;
  }
  for (const child of childElements(el)) {
    const key = child.localName ?? child.nodeName;
    const value =
      child.attributes.length === 0 && childElements(child).length === 0 ? ownText(child) : xmlToObject(child);
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

/** `<error><message>…</message></error>` and prefixed variants (30-boomi-platform-api.md §1.5). */
export function xmlErrorMessage(text: string): string | undefined {
  try {
    const doc = parseXml(text, { maxBytes: 256 * 1024, maxDepth: 16, maxNodes: 1000 });
    const root = doc.documentElement;
    if (!root) return undefined;
    if (root.localName === 'message') return ownText(root).trim() || undefined;
    for (const name of ['message', 'errorMessage']) {
      const el = firstChildElement(root, name);
      if (el) return ownText(el).trim() || undefined;
    }
    return root.getAttribute('errorMessage') ?? root.getAttribute('message') ?? undefined;
  } catch {
    return undefined;
  }
}

function firstLine(s: string): string {
  const line = s.split('\n')[0] ?? s;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
