import type { BranchEntry } from './drift-store.ts';

/** The names Promo gives its branches (promotions/run-promotion.ts): `promo-<promotion id>`. */
const PROMO_BRANCH = /^promo-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export const promotionOfBranch = (name: string | undefined) =>
  PROMO_BRANCH.exec(name ?? '')?.[1]?.toLowerCase() ?? null;

export interface SeenBranch {
  id: string;
  name?: string | undefined;
  deleted?: boolean | undefined;
  stage?: string | undefined;
  createdDate?: string | undefined;
}

export interface BranchVerdicts {
  /** Branches that count against Boomi's limit: every branch not deleted, main included. */
  live: SeenBranch[];
  orphans: BranchEntry[];
  stale: BranchEntry[];
}

const DAY = 86_400_000;

/**
 * Which of the primary account's branches are Promo's orphans and which are stale. An orphan is
 * a branch named like Promo's that no live promotion owns (by its id, or by the name's promotion
 * id, which covers a running promotion that created its branch but has not yet stored the id),
 * and that is older than `graceMs` (a promotion starting right now may not be committed yet).
 * Branches Promo did not name are never orphans.
 */
export function judgeBranches(
  branches: readonly SeenBranch[],
  owners: { promotionIds: ReadonlySet<string>; branchIds: ReadonlySet<string> },
  opts: { now: number; graceMs: number; staleDays: number },
): BranchVerdicts {
  const live = branches.filter((b) => b.deleted !== true && b.stage !== 'DELETING');
  const orphans: BranchEntry[] = [];
  const stale: BranchEntry[] = [];
  for (const b of live) {
    if (b.name === 'main') continue;
    const created = b.createdDate ? Date.parse(b.createdDate) : NaN;
    const age = Number.isNaN(created) ? null : opts.now - created;
    const promotionId = promotionOfBranch(b.name);
    const entry: BranchEntry = {
      branchId: b.id,
      branchName: b.name ?? b.id,
      promotionId,
      devAccountId: null,
      createdDate: b.createdDate ?? null,
      ageDays: age === null ? null : Math.floor(age / DAY),
    };
    const owned = owners.branchIds.has(b.id) || (promotionId !== null && owners.promotionIds.has(promotionId));
    if (promotionId && !owned && age !== null && age > opts.graceMs) orphans.push(entry);
    else if (age !== null && age > opts.staleDays * DAY) stale.push(entry);
  }
  return { live, orphans, stale };
}
