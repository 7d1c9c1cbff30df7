import { AppError } from '../platform/errors.ts';

export interface XmlLimits {
  /** Largest document accepted, in UTF-8 bytes. */
  maxBytes: number;
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Most elements plus attributes accepted (a DOM node costs far more memory than its text). */
  maxNodes: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxDepth: 256,
  maxNodes: 2_000_000,
};

const refuse = (reason: string, details: Record<string, unknown> = {}) =>
  new AppError('XML_PARSE_ERROR', `XML refused: ${reason}`, { details: { reason, ...details } });

/**
 * Checks a document before any DOM is built, in one pass with constant memory. Boomi never sends
 * a DTD, so any `<!DOCTYPE`/`<!ENTITY` is refused outright: that shuts out external entities and
 * entity expansion ("billion laughs") without relying on the parser's own handling of them.
 * Depth and node counts are bounded here because the parser would otherwise build the whole tree
 * first.
 */
export function checkXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): void {
  // length is a lower bound of the byte size; count bytes only when it could matter.
  if (
    text.length > limits.maxBytes ||
    (text.length * 3 > limits.maxBytes && Buffer.byteLength(text, 'utf8') > limits.maxBytes)
  ) {
    throw refuse(`document is larger than ${limits.maxBytes} bytes`, { maxBytes: limits.maxBytes });
  }
  let depth = 0;
  let nodes = 0;
  let sawRoot = false;
  let i = text.indexOf('<');
  while (i !== -1) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x3f /* ? */) {
      i = skipPast(text, '?>', i + 2, 'processing instruction');
    } else if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4, 'comment');
      else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, ']]>', i + 9, 'CDATA section');
      else throw refuse('DOCTYPE and entity declarations are not allowed', { offset: i });
    } else if (next === 0x2f /* / */) {
      depth--;
      const end = text.indexOf('>', i + 2);
      if (end === -1) throw refuse('unterminated end tag', { offset: i });
      i = end + 1;
    } else {
      const { end, attributes, selfClosing } = scanStartTag(text, i);
      sawRoot = true;
      nodes += 1 + attributes;
      if (nodes > limits.maxNodes)
        throw refuse(`more than ${limits.maxNodes} elements and attributes`, { maxNodes: limits.maxNodes });
      if (!selfClosing && ++depth > limits.maxDepth)
        throw refuse(`elements nested deeper than ${limits.maxDepth} levels`, { maxDepth: limits.maxDepth });
      i = end + 1;
    }
    i = text.indexOf('<', i);
  }
  if (!sawRoot) throw refuse('no root element');
}

function skipPast(text: string, terminator: string, from: number, what: string): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) throw refuse(`unterminated ${what}`, { offset: from });
  return end + terminator.length;
}

/** Finds the `>` that closes a start tag, skipping `>` inside quoted attribute values. */
function scanStartTag(text: string, start: number): { end: number; attributes: number; selfClosing: boolean } {
  let attributes = 0;
  let j = start + 1;
  for (;;) {
    const c = text.charCodeAt(j);
    if (Number.isNaN(c)) throw refuse('unterminated start tag', { offset: start });
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const close = text.indexOf(c === 0x22 ? '"' : "'", j + 1);
      if (close === -1) throw refuse('unterminated attribute value', { offset: j });
      attributes++;
      j = close + 1;
    } else if (c === 0x3e /* > */) {
      return { end: j, attributes, selfClosing: text.charCodeAt(j - 1) === 0x2f };
    } else if (c === 0x3c /* < */) {
      throw refuse('"<" inside a start tag', { offset: j });
    } else {
      j++;
    }
  }
}
