import { parseJsonQuery, parseXmlQuery, type Expr } from '../query/query-parse.ts';
import { readBoomiXml, stripBom } from '../wire/xml-read.ts';
import { BoomiError, MESSAGES } from './boomi-error.ts';

// Content negotiation: XML unless the client asks for JSON; request bodies by Content-Type, with a
// look at the first character when the header is missing or generic.

export const XML_CONTENT_TYPE = 'application/xml; charset=UTF-8';
export const JSON_CONTENT_TYPE = 'application/json';

export function wantsJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const a = accept.toLowerCase();
  const j = a.indexOf('application/json');
  if (j < 0) return false;
  const x = a.indexOf('xml');
  return x < 0 || j < x;
}

function looksJson(contentType: string | undefined, raw: string): boolean {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json')) return true;
  if (ct.includes('xml')) return false;
  return stripBom(raw).trimStart().startsWith('{');
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BoomiError(400, MESSAGES.unreadable);
  }
}

export function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  const text = stripBom(raw).trim();
  if (!text) return {};
  if (looksJson(contentType, text)) {
    const parsed = readJson(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new BoomiError(400, MESSAGES.unreadable);
    return parsed as Record<string, unknown>;
  }
  return readBoomiXml(text).value;
}

export function parseQueryBody(raw: string, contentType: string | undefined): Expr | null {
  const text = stripBom(raw).trim();
  if (!text) return null;
  if (looksJson(contentType, text)) return parseJsonQuery(readJson(text));
  return parseXmlQuery(text);
}

/** queryMore takes the bare token as the body, whatever the Content-Type; `{"queryToken":…}` is tolerated. */
export function readQueryToken(raw: string): string {
  const text = stripBom(raw).trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { queryToken?: unknown };
      if (typeof parsed.queryToken === 'string') return parsed.queryToken;
    } catch {
      // Not JSON after all: treat as the token itself.
    }
  }
  return text;
}
