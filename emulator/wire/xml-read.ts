import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BoomiError, MESSAGES } from '../http/boomi-error.ts';
import { BOOMI_NS } from './xml-write.ts';

// Reads request bodies in Boomi's XML into the same plain shape a JSON body has: attributes and
// child elements become keys (namespace prefixes dropped), repeated elements become arrays, and
// `xsi:type` becomes `@type` so query expressions look alike in both formats.

export interface XmlBody {
  root: string;
  namespace: string | undefined;
  value: Record<string, unknown>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  textNodeName: '#text',
});

const local = (name: string): string => name.slice(name.indexOf(':') + 1);

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function readXml(text: string): XmlBody {
  const xml = stripBom(text).trim();
  if (!xml.startsWith('<') || XMLValidator.validate(xml) !== true) throw new BoomiError(400, MESSAGES.unreadable);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const rootKey = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!rootKey) throw new BoomiError(400, MESSAGES.unreadable);
  const raw = doc[rootKey];
  const rootObj =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : '';
  const nsAttr = prefix ? rootObj[`@_xmlns:${prefix}`] : rootObj['@_xmlns'];
  const converted = convert(raw);
  return {
    root: local(rootKey),
    namespace: typeof nsAttr === 'string' ? nsAttr : undefined,
    value:
      typeof converted === 'object' && converted !== null && !Array.isArray(converted)
        ? (converted as Record<string, unknown>)
        : {},
  };
}

/** Boomi rejects request roots outside its namespace with 400 `Unable to read message body`. */
export function readBoomiXml(text: string): XmlBody {
  const body = readXml(text);
  if (body.namespace !== BOOMI_NS) throw new BoomiError(400, MESSAGES.unreadable);
  return body;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node === undefined ? '' : String(node);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key.startsWith('@_')) {
      const name = key.slice(2);
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      if (name.includes(':') && local(name) === 'type') out['@type'] = local(String(value));
      else out[local(name)] = value;
    } else if (key === '#text') {
      out['#text'] = value;
    } else {
      out[local(key)] = convert(value);
    }
  }
  return out;
}
