import { badRequest } from '../http/boomi-error.ts';
import type { AccountData, FolderRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { requiredStr, str } from './body.ts';
import { createFolder, folderPath } from './model.ts';
import type { ObjectDef } from './object-def.ts';

// Folders are global across branches. The root folder is named after the account; root children
// are created with an omitted or blank parentId ("0" is rejected, as seen live).

function folderWire(account: AccountData, f: FolderRecord): WireObject {
  const parent = f.parentId ? account.folders[f.parentId] : undefined;
  return {
    '@type': 'Folder',
    id: f.id,
    name: f.name,
    fullPath: folderPath(account, f.id),
    deleted: f.deleted,
    parentId: parent?.id,
    parentName: parent?.name,
  };
}

function requireFolderRecord(account: AccountData, id: string): FolderRecord {
  const f = account.folders[id];
  if (!f) throw badRequest(`Invalid folder id: ${id}`);
  return f;
}

function siblingNamed(account: AccountData, parentId: string, name: string, except?: string): FolderRecord | undefined {
  return Object.values(account.folders).find(
    (f) => f.parentId === parentId && f.name === name && !f.deleted && f.id !== except,
  );
}

export const folderObject: ObjectDef = {
  name: 'Folder',
  get(ctx, id) {
    return { wire: folderWire(ctx.account, requireFolderRecord(ctx.account, id)) };
  },
  create(ctx) {
    const { account } = ctx;
    const restoreId = str(ctx.body, 'id');
    if (restoreId) {
      const f = requireFolderRecord(account, restoreId);
      f.deleted = false;
      return { wire: folderWire(account, f) };
    }
    const name = requiredStr(ctx.body, 'name', 'Folder').trim();
    const parentRaw = str(ctx.body, 'parentId')?.trim() ?? '';
    if (parentRaw === '0') throw badRequest('Invalid parent folder id: 0');
    const parentId = parentRaw || account.rootFolderId;
    const parent = requireFolderRecord(account, parentId);
    if (parent.deleted) throw badRequest(`Invalid parent folder id: ${parentId}`);
    if (siblingNamed(account, parentId, name))
      throw badRequest(`A folder named ${name} already exists in ${folderPath(account, parentId)}.`);
    return { wire: folderWire(account, createFolder(ctx.core, account, name, parentId)) };
  },
  update(ctx, id) {
    const f = requireFolderRecord(ctx.account, id);
    const name = str(ctx.body, 'name')?.trim();
    if (name && name !== f.name) {
      if (f.parentId && siblingNamed(ctx.account, f.parentId, name, f.id))
        throw badRequest(`A folder named ${name} already exists.`);
      f.name = name;
    }
    return { wire: folderWire(ctx.account, f) };
  },
  delete(ctx, id) {
    const { account } = ctx;
    const f = requireFolderRecord(account, id);
    if (f.id === account.rootFolderId) throw badRequest('The root folder cannot be deleted.');
    const doomed = new Set([f.id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const g of Object.values(account.folders)) {
        if (g.parentId && doomed.has(g.parentId) && !doomed.has(g.id)) {
          doomed.add(g.id);
          grew = true;
        }
      }
    }
    for (const fid of doomed) (account.folders[fid] as FolderRecord).deleted = true;
    return { empty: true };
  },
  query: {
    properties: ['accountId', 'id', 'name', 'deleted', 'parentId', 'parentName', 'permittedRoles'],
    rows(ctx) {
      return Object.values(ctx.account.folders).map((f) => {
        const wire = folderWire(ctx.account, f);
        return { fields: { ...wire, accountId: ctx.account.accountId, permittedRoles: '' }, wire };
      });
    },
  },
};
