import { z } from 'zod';
import { getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool } from '../wire-json.ts';

export const FolderSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  /** `<Root>/<A>/<B>`, no leading slash. */
  fullPath: z.string().optional(),
  deleted: zBool.optional(),
  parentId: z.string().optional(),
  parentName: z.string().optional(),
});
export type Folder = z.output<typeof FolderSchema>;

/** Not `fullPath`: Boomi answers 400 to that (§2.5). */
export type FolderProperty = 'accountId' | 'id' | 'name' | 'deleted' | 'parentId' | 'parentName' | 'permittedRoles';

export interface NewFolder {
  name: string;
  /** Omit for the account's root folder; never "0" (pitfall 9). */
  parentId?: string | undefined;
}

export interface FolderApi extends QueryMethods<FolderProperty, Folder> {
  get(folderId: string, opts?: CallOptions): Promise<Folder>;
  create(folder: NewFolder, opts?: CallOptions): Promise<Folder>;
}

export function folderApi(ctx: ApiContext): FolderApi {
  return {
    ...queryMethods<FolderProperty, typeof FolderSchema>(ctx, 'Folder', FolderSchema),
    get: (folderId, opts) => getJson(ctx, 'Folder.get', `/Folder${seg(folderId)}`, FolderSchema, opts),
    create: (folder, opts) =>
      postJson(
        ctx,
        'Folder.create',
        '/Folder',
        folder.parentId ? { name: folder.name, parentId: folder.parentId } : { name: folder.name },
        FolderSchema,
        opts,
        { idempotent: false },
      ),
  };
}
