import type { BoomiClient } from '../../boomi/index.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import type { PromotionStore } from './promotion-store.ts';

/**
 * Merges a promotion's branch into main with OVERRIDE and the branch as priority (D6), waiting
 * through Boomi's stages: REVIEWING before execute, then MERGED (30-boomi-platform-api.md §4 E).
 */
export async function mergeBranchToMain(boomi: BoomiClient, branchId: string): Promise<{ mergeRequestId: string }> {
  const main = await boomi.branches.findByName('main');
  if (!main) throw new Error("The primary account has no 'main' branch");
  const mr = await boomi.mergeRequests.create({
    sourceBranchId: branchId,
    destinationBranchId: main.id,
    strategy: 'OVERRIDE',
    priorityBranch: 'SOURCE',
  });
  await boomi.mergeRequests.waitForStage(mr.id, ['REVIEWING']);
  await boomi.mergeRequests.execute(mr.id, 'MERGE');
  await boomi.mergeRequests.waitForStage(mr.id, ['MERGED']);
  return { mergeRequestId: mr.id };
}

/**
 * Once a promotion's components are on main, the mappings it wrote become the record (D8):
 * each dev component now has exactly one production component. Answers their production ids;
 * the version main holds is read back afterwards (mappings/recorded-versions.ts).
 */
export async function commitPromotionMappings(
  deps: { store: PromotionStore; mappings: MappingService; boomi: BoomiClient },
  tx: Tx,
  promotionId: string,
  promotedBy: string,
): Promise<string[]> {
  const pending = await deps.store.pendingMappings(promotionId, tx);
  for (const m of pending) {
    await deps.mappings.recordPromoted(tx, { ...m, lastPromotedBy: promotedBy });
  }
  // The caller reads main's versions of these back once the transaction has committed.
  return pending.map((m) => m.prodComponentId);
}
