import { AppError } from '../../platform/errors.ts';
import {
  BNS_NS,
  XMLNS_NS,
  attr,
  childElements,
  firstChildElement,
  ownText,
  parseXml,
  serializeXml,
  type Document,
  type Element,
  type XmlLimits,
} from '../wire-xml.ts';

/** `type` values of Component/ComponentMetadata (30-boomi-platform-api.md §3.1). */
export const COMPONENT_TYPES = [
  'certificate',
  'certificate.pgp',
  'connector-action',
  'connector-settings',
  'crossref',
  'documentcache',
  'transform.map',
  'transform.function',
  'process',
  'processproperty',
  'profile.db',
  'profile.edi',
  'profile.flatfile',
  'profile.xml',
  'profile.json',
  'queue',
  'tradingpartner',
  'tpgroup',
  'tporganization',
  'tpcommoptions',
  'webservice',
  'webservice.external',
  'processroute',
  'customlibrary',
  'edistandard',
  'flowservice',
  'script.processing',
  'script.mapping',
  'xslt',
] as const;
export type ComponentType = (typeof COMPONENT_TYPES)[number];

/** The wrapper attributes of `<bns:Component>`, typed. Absent attributes are undefined. */
export interface ComponentAttributes {
  componentId: string | undefined;
  name: string | undefined;
  type: string | undefined;
  subType: string | undefined;
  version: number | undefined;
  folderFullPath: string | undefined;
  folderId: string | undefined;
  folderName: string | undefined;
  branchId: string | undefined;
  branchName: string | undefined;
  currentVersion: boolean | undefined;
  deleted: boolean | undefined;
  createdDate: string | undefined;
  createdBy: string | undefined;
  modifiedDate: string | undefined;
  modifiedBy: string | undefined;
  copiedFromComponentId: string | undefined;
  copiedFromComponentVersion: number | undefined;
}

const int = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);
const bool = (v: string | undefined) => (v === undefined ? undefined : v.toLowerCase() === 'true');

/**
 * A Boomi component as the Platform API sends it: an xmldom Document that callers may edit in
 * place (strip values, rewrite references inside `bns:object`), plus typed access to the wrapper.
 * `toXml()` writes the document back with its namespaces, attribute order, CDATA and whitespace.
 */
export class ComponentXml {
  private constructor(
    readonly doc: Document,
    /** The text as received (or as given to `parse`), for diffs and audit. */
    readonly text: string,
  ) {}

  static parse(text: string, limits?: Partial<XmlLimits>): ComponentXml {
    const doc = parseXml(text, limits);
    const root = doc.documentElement;
    if (!root || root.localName !== 'Component') {
      throw new AppError(
        'XML_PARSE_ERROR',
        `Expected a <bns:Component> document, got <${root?.nodeName ?? 'nothing'}>`,
        { details: { root: root?.nodeName } },
      );
    }
    if (!firstChildElement(root, 'object')) {
      throw new AppError('XML_PARSE_ERROR', 'Component XML has no <bns:object> element', {
        details: { reason: 'missing bns:object' },
      });
    }
    return new ComponentXml(doc, text);
  }

  get root(): Element {
    return this.doc.documentElement!;
  }

  get attributes(): ComponentAttributes {
    const a = (n: string) => attr(this.root, n);
    return {
      componentId: a('componentId'),
      name: a('name'),
      type: a('type'),
      subType: a('subType'),
      version: int(a('version')),
      folderFullPath: a('folderFullPath'),
      folderId: a('folderId'),
      folderName: a('folderName'),
      branchId: a('branchId'),
      branchName: a('branchName'),
      currentVersion: bool(a('currentVersion')),
      deleted: bool(a('deleted')),
      createdDate: a('createdDate'),
      createdBy: a('createdBy'),
      modifiedDate: a('modifiedDate'),
      modifiedBy: a('modifiedBy'),
      copiedFromComponentId: a('copiedFromComponentId'),
      copiedFromComponentVersion: int(a('copiedFromComponentVersion')),
    };
  }

  /** `<bns:object>`: the component's configuration lives inside it, in the empty namespace. */
  get objectElement(): Element {
    return firstChildElement(this.root, 'object')!;
  }

  /** The configuration root inside `bns:object` (`<process>`, `<HttpSettings>`, …). */
  get configuration(): Element | undefined {
    return firstChildElement(this.objectElement, undefined);
  }

  get description(): string | undefined {
    const el = firstChildElement(this.root, 'description');
    return el ? ownText(el) : undefined;
  }

  /** `bns:encryptedValues`: which secret paths are set (values themselves are never returned). */
  get encryptedValues(): Array<{ path: string; isSet: boolean }> {
    const list = firstChildElement(this.root, 'encryptedValues');
    if (!list) return [];
    return childElements(list, 'encryptedValue').map((e) => ({
      path: e.getAttribute('path') ?? '',
      isSet: e.getAttribute('isSet') === 'true',
    }));
  }

  setAttribute(name: string, value: string): void {
    this.root.setAttribute(name, value);
  }

  removeAttribute(name: string): void {
    this.root.removeAttribute(name);
  }

  clone(): ComponentXml {
    return ComponentXml.parse(this.toXml());
  }

  toXml(): string {
    return serializeXml(this.doc);
  }
}

export interface ComponentWriteTarget {
  /** Update: the id of the component being written (it goes in the body and the path). Create: omit. */
  componentId?: string | undefined;
  /** Defaults to the source's name. */
  name?: string | undefined;
  /** Boomi places a component by `folderId` (§3.1, pitfall 13). */
  folderId?: string | undefined;
  /** Sent as written when given; Boomi's handling of it on writes is unverified (§3.1). */
  folderFullPath?: string | undefined;
  /** Write on this branch (the documented mechanism, §1.8); omit for the default branch. */
  branchId?: string | undefined;
  /** undefined keeps the source's description, null drops it, a string replaces it. */
  description?: string | null | undefined;
}

/** Root attributes a write body keeps from a fetched component (10-backend.md §8.D #51). */
const WRITABLE_KEPT = new Set(['name', 'type', 'subType', 'folderFullPath']);

/**
 * Builds a create/update body from a fetched (and possibly edited) component: keeps `bns:object`
 * and `bns:description` and the namespace declarations, keeps `name`/`type`/`subType`/
 * `folderFullPath`, sets the target's ids, and drops every read-only or placement attribute of the
 * source (version, dates, authors, deleted, currentVersion, folderId, folderName, branchId,
 * branchName, copied-from). Re-posting a GET body as is would write to the branch it came from
 * (pitfall 34), which this rules out.
 */
export function toWriteXml(source: ComponentXml, target: ComponentWriteTarget = {}): string {
  if (source.root.namespaceURI !== BNS_NS) {
    throw new AppError(
      'XML_PARSE_ERROR',
      `Component root is not in the Boomi namespace (${source.root.namespaceURI ?? 'none'})`,
      { details: { reason: 'namespace' } },
    );
  }
  const out = source.clone();
  const root = out.root;
  const names: string[] = [];
  for (let i = 0; i < root.attributes.length; i++) {
    const a = root.attributes.item(i);
    if (a && !(a.namespaceURI === XMLNS_NS || a.name === 'xmlns')) names.push(a.name);
  }
  for (const n of names) {
    if (!WRITABLE_KEPT.has(n) && !(n === 'componentId' && target.componentId)) root.removeAttribute(n);
  }
  if (target.componentId) root.setAttribute('componentId', target.componentId);
  if (target.name !== undefined) root.setAttribute('name', target.name);
  if (target.folderFullPath !== undefined) root.setAttribute('folderFullPath', target.folderFullPath);
  if (target.folderId !== undefined) root.setAttribute('folderId', target.folderId);
  if (target.branchId !== undefined) root.setAttribute('branchId', target.branchId);

  for (const child of childElements(root)) {
    if (child.namespaceURI === BNS_NS && (child.localName === 'object' || child.localName === 'description')) continue;
    removeWithIndent(child);
  }
  const description = firstChildElement(root, 'description');
  if (target.description === null && description) removeWithIndent(description);
  if (typeof target.description === 'string') {
    const el =
      description ??
      root.insertBefore(
        out.doc.createElementNS(BNS_NS, `${root.prefix ? `${root.prefix}:` : ''}description`),
        out.objectElement,
      );
    while (el.firstChild) el.removeChild(el.firstChild);
    el.appendChild(out.doc.createTextNode(target.description));
  }
  return out.toXml();
}

/** Removes an element and the indentation before it, so the written body stays tidy. */
function removeWithIndent(el: Element): void {
  const prev = el.previousSibling;
  if (prev && prev.nodeType === 3 && /^\s*$/.test(prev.nodeValue ?? '')) prev.parentNode?.removeChild(prev);
  el.parentNode?.removeChild(el);
}
