import type { Document, Element } from '@xmldom/xmldom';
import { CDATA, ELEMENT, TEXT, componentObject, elementsOf, localName } from './dom.ts';

/**
 * Environment values (10-backend.md §3.3 with the §8.E fixes; spec D9): names of elements and
 * attributes that hold a password, host, URL, port or secret. Matched on local names,
 * case-insensitively, so `bns:password`, `Password` and `password="..."` are all caught.
 */
const ENVIRONMENT_NAMES = new Set([
  'password',
  'host',
  'url',
  'port',
  'encryptedvalue',
  'apikey',
  'apitoken',
  'secretkey',
  'clientsecret',
  'connectionstring',
  'jdbcurl',
  'privatekey',
  'keystorepassword',
  'proxypassword',
  'proxyhost',
  'proxyport',
  'accesstoken',
  'accesstokenkey',
  'consumersecret',
  'tokensecret',
  'hostname',
  'endpoint',
  'baseurl',
  'serverurl',
]);
const SECRET_PATTERN = /(password|passwd|secret|token|credential|api[-_]?key|private[-_]?key)/i;
// Settings about secrets, not secrets: `allowDynamicCredentials="NONE"`, `useToken="true"`,
// `credentialType="BASIC"`. Blanking them would break the component, and they carry no value.
const SETTING_PATTERN =
  /^(allow|use|enable|require|is|has|suppress|include)[A-Z_-]|(type|mode|method|enabled|required|policy)$/i;

export const isEnvironmentName = (name: string) =>
  ENVIRONMENT_NAMES.has(name.toLowerCase()) || (SECRET_PATTERN.test(name) && !SETTING_PATTERN.test(name));

export interface StripResult {
  /** What was emptied, once each, in document order: `password`, `@url`, `field[password]`. */
  stripped: string[];
}

function hasContent(e: Element): boolean {
  for (let c = e.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) return true;
    if ((c.nodeType === TEXT || c.nodeType === CDATA) && (c.nodeValue ?? '').trim() !== '') return true;
  }
  return false;
}

/**
 * Empties every environment value in the component's configuration, in place: element
 * contents, attribute values, and Boomi's `<field id="password" value="..."/>` entries. Fails
 * closed: anything whose name looks like a secret goes. Values already empty are not reported.
 */
export function stripEnvironmentValues(doc: Document): StripResult {
  const object = componentObject(doc);
  if (!object) throw new Error('The component has no bns:object to strip');
  const stripped: string[] = [];
  const note = (what: string) => {
    if (!stripped.includes(what)) stripped.push(what);
  };

  for (const el of [...elementsOf(object)]) {
    if (el === object) continue;
    const name = localName(el);
    if (isEnvironmentName(name) && hasContent(el)) {
      while (el.firstChild) el.removeChild(el.firstChild);
      note(name);
    }
    // Generic connector configuration keeps settings as <field id="..." value="..."/>.
    const fieldId = el.getAttribute('id');
    if (name === 'field' && fieldId && isEnvironmentName(fieldId) && el.getAttribute('value')) {
      el.setAttribute('value', '');
      note(`field[${fieldId}]`);
    }
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i)!;
      if (attr.name.startsWith('xmlns')) continue;
      if (isEnvironmentName(localName(attr)) && attr.value !== '') {
        attr.value = '';
        note(`@${localName(attr)}`);
      }
    }
  }
  return { stripped };
}
