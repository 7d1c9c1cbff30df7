import type { BoomiClient } from '../../boomi/index.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';

/**
 * Deletes the branch of a promotion that no longer needs it, unless its test deployment still
 * holds it (a withdrawn production request leaves the test waiting for production). A Boomi
 * failure keeps the id on record for a later cleanup. Once gone, no record names it any more: a
 * test deployment shares its branch with every production request made from it.
 */
export function createBranchDropper(deps: { db: Transactor; records: PromotionRecords; boomi: BoomiClient }) {
  const { db, records, boomi } = deps;
  return async function dropBranch(p: Promotion): Promise<boolean> {
    if (!p.branchId) return true;
    const holders = p.testPromotionId ? [await records.get(p.testPromotionId)] : [];
    if (holders.some((h) => h?.status === 'TEST_DEPLOYED' && h.branchId === p.branchId)) return false;
    try {
      await boomi.branches.delete(p.branchId);
    } catch {
      return false;
    }
    // Read before the transaction: embedded PGlite serves one connection, which the transaction holds.
    const sharing = await records.ownersOfBranch(p.branchId);
    await db.transaction(async (tx) => {
      for (const o of sharing) await records.update(tx, o.promotionId, { branchId: null });
      await records.update(tx, p.promotionId, { branchId: null });
    });
    return true;
  };
}
