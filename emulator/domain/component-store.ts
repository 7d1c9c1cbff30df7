import { badRequest } from '../http/boomi-error.ts';
import { guidsIn, isoSeconds, newUuid } from '../state/ids.ts';
import type { AccountData, ComponentRecord, EncryptedValue, Revision } from '../state/state-types.ts';
import type { ComponentView } from '../wire/component-xml.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { branchName, folderPath, headOn } from './model.ts';

// Component revisions: every write appends a revision (versions are global per component) and
// moves the head of the branch it was written on.

export const COMPONENT_TYPES = [
  'certificate',
  'connector-action',
  'connector-settings',
  'crossref',
  'documentcache',
  'transform.map',
  'transform.function',
  'certificate.pgp',
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

/** Inner `bns:object` root per type where it is known (30-boomi-platform-api.md §3.1). */
const INNER_ROOTS: Record<string, string> = {
  process: 'process',
  'connector-action': 'Operation',
  'transform.map': 'Map',
  'profile.json': 'JSONProfile',
  'profile.xml': 'XMLProfile',
  'profile.flatfile': 'FlatFileProfile',
  'script.processing': 'ProcessingScript',
  'script.mapping': 'MappingScript',
  certificate: 'CertificateModel',
};

/** Boomi's message names the declared type when it or the inner object does not fit. */
export function checkType(type: string, objectRoot: string | null): void {
  if (!(COMPONENT_TYPES as readonly string[]).includes(type))
    throw badRequest(`component type object ${type} is invalid`);
  const expected = INNER_ROOTS[type];
  if (expected && objectRoot !== expected) throw badRequest(`component type object ${type} is invalid`);
}

export interface RevisionContent {
  name: string;
  folderId: string;
  description: string;
  encryptedValues: EncryptedValue[];
  object: string;
  processOverrides: string | null;
  deleted?: boolean;
}

export function appendRevision(
  c: ComponentRecord,
  branchId: string,
  content: RevisionContent,
  user: string,
  now: number,
): Revision {
  const rev: Revision = {
    version: c.revisions.length + 1,
    branchId,
    name: content.name,
    folderId: content.folderId,
    description: content.description,
    encryptedValues: content.encryptedValues,
    object: content.object,
    processOverrides: content.processOverrides,
    deleted: content.deleted ?? false,
    modifiedDate: isoSeconds(now),
    modifiedBy: user,
    guids: guidsIn(content.object + (content.processOverrides ?? '')),
  };
  c.revisions.push(rev);
  c.heads[branchId] = rev.version;
  return rev;
}

export interface NewComponent {
  componentId?: string;
  type: string;
  subType: string | null;
  branchId: string;
  content: RevisionContent;
  user: string;
  now: number;
  createdDate?: string;
}

export function createComponent(
  account: AccountData,
  input: NewComponent,
): { component: ComponentRecord; revision: Revision } {
  const component: ComponentRecord = {
    componentId: input.componentId ?? newUuid(),
    type: input.type,
    subType: input.subType,
    createdDate: input.createdDate ?? isoSeconds(input.now),
    createdBy: input.user,
    copiedFromComponentId: null,
    copiedFromComponentVersion: null,
    revisions: [],
    heads: {},
  };
  account.components[component.componentId] = component;
  const revision = appendRevision(component, input.branchId, input.content, input.user, input.now);
  if (input.createdDate) revision.modifiedDate = input.createdDate;
  return { component, revision };
}

export function contentOf(rev: Revision): RevisionContent {
  return {
    name: rev.name,
    folderId: rev.folderId,
    description: rev.description,
    encryptedValues: rev.encryptedValues,
    object: rev.object,
    processOverrides: rev.processOverrides,
    deleted: rev.deleted,
  };
}

/** The component as seen on `viewBranchId`. */
export function componentView(
  account: AccountData,
  c: ComponentRecord,
  rev: Revision,
  viewBranchId: string,
): ComponentView {
  const folder = account.folders[rev.folderId];
  return {
    folderFullPath: folderPath(account, rev.folderId),
    componentId: c.componentId,
    version: rev.version,
    name: rev.name,
    type: c.type,
    subType: c.subType,
    createdDate: c.createdDate,
    createdBy: c.createdBy,
    modifiedDate: rev.modifiedDate,
    modifiedBy: rev.modifiedBy,
    deleted: rev.deleted,
    currentVersion: c.heads[viewBranchId] === rev.version,
    folderName: folder?.name ?? '',
    folderId: rev.folderId,
    copiedFromComponentId: c.copiedFromComponentId,
    copiedFromComponentVersion: c.copiedFromComponentVersion,
    branchName: branchName(account, viewBranchId),
    branchId: viewBranchId,
    encryptedValues: rev.encryptedValues,
    description: rev.description,
    object: rev.object,
    processOverrides: rev.processOverrides,
  };
}

export function metadataWire(
  account: AccountData,
  c: ComponentRecord,
  rev: Revision,
  viewBranchId: string,
): WireObject {
  const folder = account.folders[rev.folderId];
  return {
    '@type': 'ComponentMetadata',
    componentId: c.componentId,
    version: rev.version,
    name: rev.name,
    type: c.type,
    subType: c.subType ?? undefined,
    createdDate: c.createdDate,
    createdBy: c.createdBy,
    modifiedDate: rev.modifiedDate,
    modifiedBy: rev.modifiedBy,
    deleted: rev.deleted,
    currentVersion: c.heads[viewBranchId] === rev.version,
    folderName: folder?.name ?? '',
    folderId: rev.folderId,
    copiedFromComponentId: c.copiedFromComponentId ?? undefined,
    copiedFromComponentVersion: c.copiedFromComponentVersion ?? undefined,
    branchName: branchName(account, viewBranchId),
    branchId: viewBranchId,
  };
}

/**
 * Resolves `{id}`, `{id}~{version}` or `{id}~{branchId}` to a revision and the branch it is viewed
 * on. No suffix means the default working branch, `main`.
 */
export function resolveRevision(
  account: AccountData,
  c: ComponentRecord,
  suffix: string | undefined,
): { rev: Revision; view: string } {
  if (suffix && /^\d+$/.test(suffix)) {
    const rev = c.revisions[Number(suffix) - 1];
    if (!rev) throw badRequest(`Component ${c.componentId} has no version ${suffix}.`);
    const view =
      account.branches[rev.branchId] && !account.branches[rev.branchId]?.deleted ? rev.branchId : account.mainBranchId;
    return { rev, view };
  }
  const view = suffix ?? account.mainBranchId;
  if (suffix && (!account.branches[suffix] || account.branches[suffix]?.deleted))
    throw badRequest(`Invalid branch id: ${suffix}`);
  const rev = headOn(c, view);
  if (!rev) throw badRequest(`Component ${c.componentId} does not exist on branch ${branchName(account, view)}.`);
  return { rev, view };
}
