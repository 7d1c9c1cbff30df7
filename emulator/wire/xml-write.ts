// Serializes the emulator's wire objects (the JSON shape, with `@type`) to Boomi's XML: scalars
// become attributes, nested objects and arrays become `bns:` child elements. A few object types
// (PackagedComponent, DeployedPackage) carry their scalars as child elements instead.

export const BOOMI_NS = 'http://api.platform.boomi.com/';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export type WireValue = string | number | boolean | null | undefined | WireObject | WireValue[];
export interface WireObject {
  [key: string]: WireValue;
}

const ELEMENT_STYLE = new Set(['PackagedComponent', 'DeployedPackage', 'PackagedComponentManifest', 'ExecutionRecord']);
/** Scalars that are element text even on attribute-style objects. */
const TEXT_KEYS = new Set(['Description', 'message', 'queryToken', 'Script']);

export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

export function wireToXml(obj: WireObject): string {
  const type = String(obj['@type']);
  const ns = ` xmlns:bns="${BOOMI_NS}" xmlns:xsi="${XSI_NS}"`;
  return XML_DECL + writeElement(`bns:${type}`, obj, ELEMENT_STYLE.has(type), ns);
}

function isObject(v: WireValue): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeElement(tag: string, obj: WireObject, elementStyle: boolean, extraAttrs: string): string {
  let attrs = extraAttrs;
  let children = '';
  for (const [key, value] of Object.entries(obj)) {
    if (key === '@type' || value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) children += writeChild(key, item);
    } else if (isObject(value)) {
      children += writeChild(key, value);
    } else if (elementStyle || TEXT_KEYS.has(key)) {
      children += `<bns:${key}>${escapeText(String(value))}</bns:${key}>`;
    } else {
      attrs += ` ${key}="${escapeAttr(String(value))}"`;
    }
  }
  return children ? `<${tag}${attrs}>${children}</${tag}>` : `<${tag}${attrs}/>`;
}

function writeChild(key: string, value: WireValue): string {
  if (value === undefined || value === null) return '';
  if (isObject(value)) {
    const type = typeof value['@type'] === 'string' ? value['@type'] : '';
    // Query and bulk results name their object type with xsi:type, as in Boomi's examples.
    const xsiType = (key === 'result' || key === 'Result') && type ? ` xsi:type="${escapeAttr(type)}"` : '';
    return writeElement(`bns:${key}`, value, ELEMENT_STYLE.has(type), xsiType);
  }
  if (Array.isArray(value)) return value.map((v) => writeChild(key, v)).join('');
  return `<bns:${key}>${escapeText(String(value))}</bns:${key}>`;
}
