import { q, type BoomiClient } from '../../boomi/index.ts';

/**
 * Promoted components mirror their dev folder under `Promoted/` in the primary account
 * (10-backend.md §5.5): dev `DevTeamARoot/Orders/Sync` -> `Acme/Promoted/DevTeamARoot/Orders/Sync`.
 * Boomi paths have no leading slash and start with the account's root folder.
 */
export function promotedPath(primaryRoot: string, devFolderFullPath: string): string {
  const dev = devFolderFullPath
    .split('/')
    .map((s) => s.trim())
    .filter(Boolean);
  return [primaryRoot, 'Promoted', ...dev].join('/');
}

/**
 * Finds or creates the folders for a set of full paths and answers their ids. Writes place
 * components by `folderId`, because Boomi does not document creating folders from
 * `folderFullPath` (30-boomi-platform-api.md §3.1). Callers serialise this across replicas, so
 * two promotions never create the same folder twice.
 */
export async function ensureFolders(
  boomi: BoomiClient,
  devPaths: readonly string[],
): Promise<{ folderIdOf: (devPath: string) => string; created: number }> {
  const folders = await boomi.folders.query(q.eq('deleted', false));
  const byPath = new Map<string, string>();
  let root: string | undefined;
  for (const f of folders) {
    if (!f.fullPath) continue;
    byPath.set(f.fullPath, f.id);
    if (!f.parentId && !f.fullPath.includes('/')) root = f.fullPath;
  }
  if (!root) throw new Error('The primary account has no root folder');
  const primaryRoot = root;
  let created = 0;
  const ensure = async (path: string): Promise<string> => {
    const known = byPath.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parentId = await ensure(path.slice(0, cut));
    const folder = await boomi.folders.create({ name: path.slice(cut + 1), parentId });
    created++;
    byPath.set(path, folder.id);
    return folder.id;
  };
  const wanted = [...new Set(devPaths.map((p) => promotedPath(primaryRoot, p)))].sort();
  for (const path of wanted) await ensure(path);
  return {
    folderIdOf: (devPath) => byPath.get(promotedPath(primaryRoot, devPath))!,
    created,
  };
}
