import type { Document, Element, Node } from '@xmldom/xmldom';

// Node type numbers of the DOM standard; xmldom's constants are not exported as an enum.
export const ELEMENT = 1;
export const ATTRIBUTE = 2;
export const TEXT = 3;
export const CDATA = 4;
export const COMMENT = 8;
export const PROCESSING_INSTRUCTION = 7;

export const localName = (n: { nodeName: string }) => n.nodeName.slice(n.nodeName.indexOf(':') + 1);

/** Depth-first, document order: the element and every element below it. */
export function* elementsOf(root: Element): Generator<Element> {
  yield root;
  for (let c = root.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) yield* elementsOf(c as Element);
  }
}

export const childElements = (e: Element | Document): Element[] => {
  const out: Element[] = [];
  for (let c: Node | null = e.firstChild; c; c = c.nextSibling) if (c.nodeType === ELEMENT) out.push(c as Element);
  return out;
};

/**
 * The `bns:object` payload of a Boomi component document: the part that is the component's
 * configuration, as opposed to the wrapper Boomi maintains (ids, versions, dates).
 */
export function componentObject(doc: Document): Element | undefined {
  const root = doc.documentElement;
  if (!root) return undefined;
  return childElements(root).find((e) => localName(e) === 'object');
}
