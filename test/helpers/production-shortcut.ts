import type { Db } from '../../src/platform/db.ts';
import type { BoomiClient } from '../../src/boomi/index.ts';
import { createPgPromotionStore } from '../../src/features/promotions/pg-promotion-store.ts';
import { createPgMappingStore } from '../../src/features/mappings/pg-mapping-store.ts';
import { mergeBranchToMain } from '../../src/features/promotions/merge-to-main.ts';
import { readMainVersions } from '../../src/features/mappings/main-versions.ts';

/**
 * Takes a COMPLETED promotion to main the way a production deployment does: its branch merged
 * with OVERRIDE, its pending mappings committed with main's versions read back, its record
 * closed. The deployment and review
 * actions are tested on their own; engine tests only need a promotion that reached main.
 */
export async function takeToMain(db: Db, boomi: BoomiClient, promotionId: string): Promise<void> {
  const store = createPgPromotionStore(db);
  const mappings = createPgMappingStore(db);
  const p = await store.get(promotionId);
  if (!p?.branchId || p.status !== 'COMPLETED')
    throw new Error(`promotion ${promotionId} is not a COMPLETED promotion with a branch`);
  await mergeBranchToMain(boomi, p.branchId);
  await boomi.branches.delete(p.branchId);
  await db.transaction(async (tx) => {
    for (const m of await store.pendingMappings(promotionId, tx)) {
      await mappings.upsert(
        { ...m, lastPromotedAt: new Date(), lastPromotedBy: p.initiatedBy, mappingSource: 'PROMOTION_ENGINE' },
        tx,
      );
    }
    await store.transition(tx, promotionId, 'submitHotfix', {
      isHotfix: true,
      hotfixJustification: 'engine test',
      targetEnvironment: 'PRODUCTION',
    });
    await store.transition(tx, promotionId, 'peerApprove');
    await store.transition(tx, promotionId, 'adminApprove');
    await store.transition(tx, promotionId, 'deployed', { branchId: null });
  });
  const pending = await store.pendingMappings(promotionId);
  const main = await readMainVersions(
    boomi,
    pending.map((m) => m.prodComponentId),
  );
  const versions = new Map([...main].map(([id, m]) => [id, m.version ?? 0]));
  await db.transaction((tx) => mappings.recordVersions(tx, versions, new Date()));
}
