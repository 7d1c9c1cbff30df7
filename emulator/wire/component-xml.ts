import { XMLValidator } from 'fast-xml-parser';
import { BoomiError, MESSAGES } from '../http/boomi-error.ts';
import type { EncryptedValue } from '../state/state-types.ts';
import { innerText, localName, scanChildren, scanRoot } from './xml-scan.ts';
import { BOOMI_NS, XML_DECL, XSI_NS, escapeAttr, escapeText } from './xml-write.ts';
import { stripBom } from './xml-read.ts';

// The `bns:Component` envelope: metadata in attributes, the configuration as raw XML inside
// `bns:object`. Component is XML-only on Boomi's API, so this is its whole wire format.

export interface ComponentEnvelope {
  attrs: Record<string, string>;
  description: string | null;
  encryptedValues: EncryptedValue[] | null;
  object: string | null;
  objectRoot: string | null;
  processOverrides: string | null;
}

export function parseComponentXml(text: string): ComponentEnvelope {
  const xml = stripBom(text);
  if (!xml.trim().startsWith('<') || XMLValidator.validate(xml) !== true)
    throw new BoomiError(400, MESSAGES.unreadable);
  const root = scanRoot(xml);
  if (!root) throw new BoomiError(400, MESSAGES.unreadable);
  const prefix = root.name.includes(':') ? root.name.slice(0, root.name.indexOf(':')) : '';
  const ns = prefix ? root.attrs[`xmlns:${prefix}`] : root.attrs['xmlns'];
  if (ns !== BOOMI_NS || localName(root.name) !== 'Component') throw new BoomiError(400, MESSAGES.unreadable);

  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(root.attrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    attrs[localName(k)] = v;
  }
  const env: ComponentEnvelope = {
    attrs,
    description: null,
    encryptedValues: null,
    object: null,
    objectRoot: null,
    processOverrides: null,
  };
  for (const child of scanChildren(xml, root.innerStart, root.innerEnd)) {
    switch (localName(child.name)) {
      case 'description':
        env.description = innerText(xml, child);
        break;
      case 'encryptedValues':
        env.encryptedValues = scanChildren(xml, child.innerStart, child.innerEnd)
          .filter((e) => localName(e.name) === 'encryptedValue')
          .map((e) => ({ path: e.attrs['path'] ?? '', isSet: e.attrs['isSet'] === 'true' }));
        break;
      case 'object': {
        env.object = xml.slice(child.innerStart, child.innerEnd).trim();
        const inner = scanChildren(xml, child.innerStart, child.innerEnd)[0];
        env.objectRoot = inner ? localName(inner.name) : null;
        break;
      }
      case 'processOverrides':
        env.processOverrides = xml.slice(child.innerStart, child.innerEnd).trim();
        break;
    }
  }
  return env;
}

export interface ComponentView {
  folderFullPath: string;
  componentId: string;
  version: number;
  name: string;
  type: string;
  subType: string | null;
  createdDate: string;
  createdBy: string;
  modifiedDate: string;
  modifiedBy: string;
  deleted: boolean;
  currentVersion: boolean;
  folderName: string;
  folderId: string;
  copiedFromComponentId: string | null;
  copiedFromComponentVersion: number | null;
  branchName: string;
  branchId: string;
  encryptedValues: EncryptedValue[];
  description: string;
  object: string;
  processOverrides: string | null;
}

const ATTR_ORDER = [
  'folderFullPath',
  'componentId',
  'version',
  'name',
  'type',
  'subType',
  'createdDate',
  'createdBy',
  'modifiedDate',
  'modifiedBy',
  'deleted',
  'currentVersion',
  'folderName',
  'folderId',
  'copiedFromComponentId',
  'copiedFromComponentVersion',
  'branchName',
  'branchId',
] as const;

/** Renders the envelope, or only the element (for bulk results) when `asElement` names the tag. */
export function renderComponentXml(view: ComponentView, asElement?: string): string {
  let attrs = '';
  for (const key of ATTR_ORDER) {
    const v = view[key];
    if (v !== null && v !== undefined) attrs += ` ${key}="${escapeAttr(String(v))}"`;
  }
  const enc = view.encryptedValues
    .map((e) => `<bns:encryptedValue path="${escapeAttr(e.path)}" isSet="${e.isSet}"/>`)
    .join('');
  const body =
    (enc ? `<bns:encryptedValues>${enc}</bns:encryptedValues>` : '<bns:encryptedValues/>') +
    (view.description ? `<bns:description>${escapeText(view.description)}</bns:description>` : '<bns:description/>') +
    `<bns:object>${view.object}</bns:object>` +
    (view.type === 'process'
      ? view.processOverrides
        ? `<bns:processOverrides>${view.processOverrides}</bns:processOverrides>`
        : '<bns:processOverrides/>'
      : '');
  if (asElement) return `<${asElement} xsi:type="Component"${attrs}>${body}</${asElement}>`;
  return `${XML_DECL}<bns:Component xmlns:bns="${BOOMI_NS}" xmlns:xsi="${XSI_NS}"${attrs}>${body}</bns:Component>`;
}

/** Whitespace between tags is not a material change (Boomi compares configuration, not layout). */
export function normalizeForCompare(xml: string | null): string {
  return (xml ?? '').replace(/>\s+</g, '><').trim();
}
