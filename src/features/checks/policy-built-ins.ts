import type { Element } from '@xmldom/xmldom';
import type { BuiltInCheck, BuiltInMatch } from './policy-rules.ts';

// Checks that XPath cannot say well: names matched case-insensitively across elements,
// attributes and Boomi's generic `<field id=... value=...>` entries, in any namespace.

const ELEMENT = 1;
const localName = (n: { nodeName: string }) => n.nodeName.slice(n.nodeName.indexOf(':') + 1);

function* elementsBelow(root: Element): Generator<Element> {
  for (let c = root.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) {
      yield c as Element;
      yield* elementsBelow(c as Element);
    }
  }
}

const ownText = (e: Element) => {
  let text = '';
  for (let c = e.firstChild; c; c = c.nextSibling) if (c.nodeType !== ELEMENT) text += c.nodeValue ?? '';
  return text.trim();
};

// What a connector field is called when it holds a password, a URL or a user name. Settings about
// them (`allowDynamicCredentials`, `useRefreshToken`, `authenticationType`) are not in it.
const CREDENTIAL_KIND: Array<[RegExp, string]> = [
  [/^(password|passwd|pwd|[a-z]*password|clientsecret|secretkey|apikey|api[-_]key|accesstoken)$/i, 'password'],
  [/^(url|uri|baseurl|serverurl|endpointurl|jdbcurl|wsdlurl|resturl)$/i, 'URL'],
  [/^(user|username|user[-_]name|userid|login|loginname)$/i, 'user name'],
];

const credentialKind = (name: string) => CREDENTIAL_KIND.find(([pattern]) => pattern.test(name))?.[1];

const credentialsTypedIn: BuiltInCheck = (_doc, object) => {
  const found: BuiltInMatch[] = [];
  for (const el of elementsBelow(object)) {
    const name = localName(el);
    const kind = credentialKind(name);
    if (kind && ownText(el) !== '') found.push({ node: el, detail: `${kind} in <${name}>` });
    const fieldId = el.getAttribute('id');
    const fieldKind = name === 'field' && fieldId ? credentialKind(fieldId) : undefined;
    if (fieldKind && (el.getAttribute('value') ?? '').trim() !== '')
      found.push({ node: el, attribute: 'value', detail: `${fieldKind} in field '${fieldId}'` });
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i)!;
      if (attr.name.startsWith('xmlns')) continue;
      const attrKind = credentialKind(localName(attr));
      if (attrKind && attr.value.trim() !== '')
        found.push({ node: el, attribute: attr.name, detail: `${attrKind} in ${name}/@${attr.name}` });
    }
  }
  return found;
};

const QUEUE_SUBTYPE = /queue|jms|mq/i;
const DEAD_LETTER = /dead[-_]?letter/i;
const UNSET = new Set(['', 'false', 'none', '0', 'no']);

/**
 * A queue component, or a queue connector's operation or connection (subtype naming a queue, JMS
 * or MQ): it keeps its dead-letter setting in an attribute or element named like `deadLetter...`.
 * Missing, empty or off is a finding on the configuration's root.
 */
const queueWithoutDeadLetter: BuiltInCheck = (doc, object) => {
  const root = doc.documentElement!;
  const type = root.getAttribute('type') ?? '';
  if (type !== 'queue' && !QUEUE_SUBTYPE.test(root.getAttribute('subType') ?? '')) return [];
  const set = (v: string | null) => v !== null && !UNSET.has(v.trim().toLowerCase());
  for (const el of elementsBelow(object)) {
    if (DEAD_LETTER.test(localName(el)) && (set(ownText(el)) || el.attributes.length > 0)) return [];
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i)!;
      if (DEAD_LETTER.test(localName(attr)) && set(attr.value)) return [];
    }
  }
  let config: Element = object;
  for (let c = object.firstChild; c; c = c.nextSibling)
    if (c.nodeType === ELEMENT) {
      config = c as Element;
      break;
    }
  return [{ node: config, detail: 'no dead-letter setting' }];
};

const MAX_CONNECTIONS = /^max(imum)?connections$/i;

/**
 * A listener's maximum connections, as an attribute or an element, set to 0: it never accepts a
 * request. Written in code rather than XPath because a descendant scan with a name test costs the
 * XPath library about a millisecond a process, most of a 1,000-component check.
 */
const listenerMaxConnectionsZero: BuiltInCheck = (_doc, object) => {
  const found: BuiltInMatch[] = [];
  const zero = (v: string) => v.trim() !== '' && Number(v) === 0;
  for (const el of elementsBelow(object)) {
    const name = localName(el);
    if (MAX_CONNECTIONS.test(name) && zero(ownText(el))) found.push({ node: el, detail: `<${name}> is 0` });
    for (let i = 0; i < el.attributes.length; i++) {
      const attr = el.attributes.item(i)!;
      if (MAX_CONNECTIONS.test(localName(attr)) && zero(attr.value))
        found.push({ node: el, attribute: attr.name, detail: `${name}/@${attr.name} is 0` });
    }
  }
  return found;
};

export const BUILT_IN_CHECKS: Readonly<Record<string, BuiltInCheck>> = {
  'credentials-typed-in': credentialsTypedIn,
  'queue-without-dead-letter': queueWithoutDeadLetter,
  'listener-max-connections-zero': listenerMaxConnectionsZero,
};
