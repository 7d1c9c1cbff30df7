// A small scanner over well-formed XML that finds element boundaries without re-serializing:
// the Component envelope's `bns:object` must be stored byte for byte as the client sent it, so it
// is cut out of the request text rather than parsed and rebuilt. Callers validate first.

export interface ScannedElement {
  name: string;
  attrs: Record<string, string>;
  start: number;
  innerStart: number;
  innerEnd: number;
  end: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

export const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

interface StartTag {
  name: string;
  attrs: Record<string, string>;
  end: number;
  selfClosing: boolean;
}

function readStartTag(xml: string, at: number): StartTag {
  let i = at + 1;
  while (i < xml.length && !/[\s/>]/.test(xml.charAt(i))) i++;
  const name = xml.slice(at + 1, i);
  const attrs: Record<string, string> = {};
  for (;;) {
    while (/\s/.test(xml.charAt(i))) i++;
    const c = xml.charAt(i);
    if (c === '>') return { name, attrs, end: i + 1, selfClosing: false };
    if (c === '/') return { name, attrs, end: xml.indexOf('>', i) + 1, selfClosing: true };
    if (c === '') throw new Error('unterminated start tag');
    const eq = xml.indexOf('=', i);
    const attrName = xml.slice(i, eq).trim();
    let q = eq + 1;
    while (/\s/.test(xml.charAt(q))) q++;
    const quote = xml.charAt(q);
    const close = xml.indexOf(quote, q + 1);
    attrs[attrName] = decodeEntities(xml.slice(q + 1, close));
    i = close + 1;
  }
}

function skipMarkup(xml: string, at: number): number {
  if (xml.startsWith('<!--', at)) return xml.indexOf('-->', at) + 3;
  if (xml.startsWith('<![CDATA[', at)) return xml.indexOf(']]>', at) + 3;
  if (xml.startsWith('<?', at)) return xml.indexOf('?>', at) + 2;
  if (xml.startsWith('<!', at)) return xml.indexOf('>', at) + 1;
  return -1;
}

/** Direct child elements in xml[from, to). */
export function scanChildren(xml: string, from: number, to: number): ScannedElement[] {
  const out: ScannedElement[] = [];
  let depth = 0;
  let current: StartTag | null = null;
  let currentStart = 0;
  let i = from;
  while (i < to) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt >= to) break;
    const skipped = skipMarkup(xml, lt);
    if (skipped > 0) {
      i = skipped;
      continue;
    }
    if (xml.charAt(lt + 1) === '/') {
      const gt = xml.indexOf('>', lt);
      depth--;
      if (depth === 0 && current) {
        out.push({
          name: current.name,
          attrs: current.attrs,
          start: currentStart,
          innerStart: current.end,
          innerEnd: lt,
          end: gt + 1,
        });
        current = null;
      }
      i = gt + 1;
      continue;
    }
    const tag = readStartTag(xml, lt);
    if (depth === 0) {
      if (tag.selfClosing)
        out.push({ name: tag.name, attrs: tag.attrs, start: lt, innerStart: tag.end, innerEnd: tag.end, end: tag.end });
      else {
        current = tag;
        currentStart = lt;
      }
    }
    if (!tag.selfClosing) depth++;
    i = tag.end;
  }
  return out;
}

export function scanRoot(xml: string): ScannedElement | undefined {
  return scanChildren(xml, 0, xml.length)[0];
}

/** Text content of an element's inner range, CDATA unwrapped and entities decoded. */
export function innerText(xml: string, el: ScannedElement): string {
  const raw = xml.slice(el.innerStart, el.innerEnd);
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : decodeEntities(part.replace(/<[^>]*>/g, ''))))
    .join('');
}
