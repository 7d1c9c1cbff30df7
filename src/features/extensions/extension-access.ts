import type { ErrorCode } from '../../contracts/errors.ts';
import { CACHED_TYPES, type FlatComponent, type FlatField } from './extension-model.ts';

// Who may edit which extension (10-backend.md §7.12), as one pure rule: the page shows it, and
// updateExtensions enforces it field by field before anything is written.

export interface AccessEntry {
  prodComponentId: string;
  componentName: string;
  componentType: string;
  ownerProcesses: Array<{ processId: string; processName: string }>;
  devAccounts: Array<{ devAccountId: string; devAccountName: string }>;
  /** Team groups whose dev accounts mapped the component; empty means admins only. */
  authorizedSsoGroups: string[];
  isConnection: boolean;
  isShared: boolean;
}

export interface Editor {
  isAdmin: boolean;
  /** The caller's team groups, lower case. */
  teams: ReadonlySet<string>;
}

export interface Refusal {
  code: ErrorCode;
  reason: string;
}

/** Why this editor may not change the component; null when they may. */
export function componentRefusal(editor: Editor, c: FlatComponent, entry: AccessEntry | undefined): Refusal | null {
  if (c.section === 'crossReferences') {
    return {
      code: 'UNAUTHORIZED_EXTENSION_EDIT',
      reason: 'Cross reference tables are edited in Boomi as a whole; Promo shows them and copies them to Production.',
    };
  }
  if (!CACHED_TYPES[c.section]) {
    if (editor.isAdmin) return null;
    const what = c.section === 'properties' ? 'Dynamic process properties apply to every process here' : 'PGP keys';
    return { code: 'UNAUTHORIZED_EXTENSION_EDIT', reason: `${what}: only an admin may change them.` };
  }
  if (!entry) {
    return {
      code: 'EXTENSION_NOT_FOUND',
      reason: "Not in this environment's access cache, so nobody may edit it here until an admin rebuilds the cache.",
    };
  }
  if (editor.isAdmin) return null;
  if (c.section === 'connections' || entry.isConnection) {
    return { code: 'CONNECTION_EDIT_ADMIN_ONLY', reason: 'Connection values are set by admins.' };
  }
  if (!entry.authorizedSsoGroups.some((g) => editor.teams.has(g.toLowerCase()))) {
    const owners = entry.ownerProcesses.map((p) => p.processName).join(', ');
    return {
      code: 'UNAUTHORIZED_EXTENSION_EDIT',
      reason: entry.authorizedSsoGroups.length
        ? `Only the teams of its processes${owners ? ` (${owners})` : ''} may edit it.`
        : 'No team promoted it, so only an admin may edit it.',
    };
  }
  return null;
}

/** A field-level refusal on top of the component's: secrets are replaced by admins only. */
export function fieldRefusal(editor: Editor, f: FlatField | undefined): Refusal | null {
  if (f?.encrypted && !editor.isAdmin) {
    return { code: 'UNAUTHORIZED_EXTENSION_EDIT', reason: 'Only an admin may replace an encrypted value.' };
  }
  return null;
}
