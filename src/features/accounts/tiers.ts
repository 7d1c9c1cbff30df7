import type { Tier } from '../../contracts/common.ts';

export interface GroupNames {
  admin: string;
  contributor: string;
  teamPrefix: string;
}

/** 10-backend.md §4.2, matched case-insensitively (D5). ADMIN wins when a user holds both. */
export function resolveTier(groups: readonly string[], names: GroupNames): Tier {
  const held = new Set(groups.map((g) => g.toLowerCase()));
  if (held.has(names.admin.toLowerCase())) return 'ADMIN';
  if (held.has(names.contributor.toLowerCase())) return 'CONTRIBUTOR';
  return 'READONLY';
}

/** The caller's team groups (prefix `ABC_BOOMI_FLOW_DEVTEAM` by default). */
export function teamGroups(groups: readonly string[], names: GroupNames): string[] {
  const prefix = names.teamPrefix.toLowerCase();
  return groups.filter((g) => g.toLowerCase().startsWith(prefix));
}
