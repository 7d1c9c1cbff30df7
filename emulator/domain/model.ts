import type { EmulatorCore } from '../core/core.ts';
import { badRequest } from '../http/boomi-error.ts';
import { shortId } from '../state/ids.ts';
import type { AccountData, BranchRecord, ComponentRecord, FolderRecord, Revision } from '../state/state-types.ts';

// Lookups shared by the object handlers: branches, folders, component heads and references.

export function liveBranch(account: AccountData, id: string): BranchRecord | undefined {
  const b = account.branches[id];
  return b && !b.deleted ? b : undefined;
}

export function requireBranch(account: AccountData, id: string): BranchRecord {
  const b = liveBranch(account, id);
  if (!b) throw badRequest(`Invalid branch id: ${id}`);
  return b;
}

/** Writes and packaging need a branch that finished provisioning. */
export function requireReadyBranch(account: AccountData, id: string): BranchRecord {
  const b = requireBranch(account, id);
  if (b.stage !== 'NORMAL') throw badRequest(`Branch ${b.name} is not ready (stage ${b.stage}).`);
  return b;
}

export function branchByName(account: AccountData, name: string): BranchRecord | undefined {
  return Object.values(account.branches).find((b) => !b.deleted && b.name === name);
}

export function branchName(account: AccountData, id: string): string {
  return account.branches[id]?.name ?? id;
}

export function folderPath(account: AccountData, folderId: string): string {
  const names: string[] = [];
  let f: FolderRecord | undefined = account.folders[folderId];
  while (f) {
    names.unshift(f.name);
    f = f.parentId ? account.folders[f.parentId] : undefined;
  }
  return names.join('/');
}

export function requireFolder(account: AccountData, id: string): FolderRecord {
  const f = account.folders[id];
  if (!f || f.deleted) throw badRequest(`Invalid folder id: ${id}`);
  return f;
}

export function createFolder(
  core: EmulatorCore,
  account: AccountData,
  name: string,
  parentId: string | null,
): FolderRecord {
  const folder: FolderRecord = { id: shortId('F', ++core.state.seq.folder), name, parentId, deleted: false };
  account.folders[folder.id] = folder;
  return folder;
}

/**
 * Finds or creates the folders of a path such as `Acme/Promoted/Orders` (the root folder's name
 * first, no leading slash, as Boomi writes `folderFullPath`). A path that does not start with the
 * root folder's name is taken as relative to the root.
 */
export function ensureFolderPath(core: EmulatorCore, account: AccountData, path: string): FolderRecord {
  const root = account.folders[account.rootFolderId];
  if (!root) throw new Error(`account ${account.accountId} has no root folder`);
  const parts = path
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts[0] === root.name) parts.shift();
  let current = root;
  for (const name of parts) {
    const existing = Object.values(account.folders).find(
      (f) => f.parentId === current.id && f.name === name && !f.deleted,
    );
    current = existing ?? createFolder(core, account, name, current.id);
  }
  return current;
}

export function requireComponent(account: AccountData, id: string): ComponentRecord {
  const c = account.components[id];
  if (!c) throw badRequest(`Component ${id} does not exist.`);
  return c;
}

export function revision(c: ComponentRecord, version: number): Revision | undefined {
  return c.revisions[version - 1];
}

export function headOn(c: ComponentRecord, branchId: string): Revision | undefined {
  const v = c.heads[branchId];
  return v === undefined ? undefined : c.revisions[v - 1];
}

/** Types Boomi packages and deploys on their own: referenced, they are INDEPENDENT. */
const INDEPENDENT_TYPES = new Set(['processroute', 'customlibrary', 'webservice', 'flowservice', 'tpgroup']);

export interface Reference {
  componentId: string;
  type: 'DEPENDENT' | 'INDEPENDENT';
}

/** One level of references: component ids that appear in the revision's XML. */
export function referencesOf(account: AccountData, c: ComponentRecord, rev: Revision): Reference[] {
  const refs: Reference[] = [];
  for (const id of rev.guids) {
    if (id === c.componentId) continue;
    const target = account.components[id];
    if (!target) continue;
    refs.push({ componentId: id, type: INDEPENDENT_TYPES.has(target.type) ? 'INDEPENDENT' : 'DEPENDENT' });
  }
  return refs;
}

/** Root plus DEPENDENT closure at the branch's heads: what a package snapshots. */
export function dependentClosure(
  account: AccountData,
  root: ComponentRecord,
  rootRev: Revision,
  branchId: string,
): { id: string; version: number }[] {
  const out = new Map<string, number>([[root.componentId, rootRev.version]]);
  const queue: Revision[] = [rootRev];
  const owners = new Map<Revision, ComponentRecord>([[rootRev, root]]);
  while (queue.length) {
    const rev = queue.shift() as Revision;
    const owner = owners.get(rev) as ComponentRecord;
    for (const ref of referencesOf(account, owner, rev)) {
      if (ref.type !== 'DEPENDENT' || out.has(ref.componentId)) continue;
      const child = account.components[ref.componentId] as ComponentRecord;
      const head = headOn(child, branchId) ?? headOn(child, account.mainBranchId);
      if (!head) continue;
      out.set(child.componentId, head.version);
      owners.set(head, child);
      queue.push(head);
    }
  }
  return [...out].map(([id, version]) => ({ id, version }));
}

export function isDescendant(accounts: Record<string, AccountData>, accountId: string, ancestorId: string): boolean {
  let a = accounts[accountId];
  while (a) {
    if (a.accountId === ancestorId) return true;
    a = a.parentAccountId ? accounts[a.parentAccountId] : undefined;
  }
  return false;
}
