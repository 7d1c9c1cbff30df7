import type { BoomiClient } from '../../boomi/index.ts';
import { q } from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';

export interface BranchSlots {
  /**
   * Runs `take` (which records an IN_PROGRESS promotion) only while the primary account has a
   * branch slot free, counting branches Boomi holds plus promotions that have taken a slot but
   * not yet created their branch. Serialised across replicas, so two can never take the last one.
   */
  reserve<T>(take: () => Promise<T>): Promise<T>;
}

const BRANCH_SLOT_LOCK = 7_231_005;
const LIMIT_MESSAGE = 'Too many active promotions. Please wait for pending reviews to complete.';

export function createBranchSlots(deps: {
  boomi: BoomiClient;
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  /** IN_PROGRESS promotions whose branch does not exist in Boomi yet. */
  reservedWithoutBranch: () => Promise<number>;
  threshold: number;
}): BranchSlots {
  return {
    reserve: (take) =>
      deps.withLock(BRANCH_SLOT_LOCK, async () => {
        // Every branch counts, main included (10-backend.md §8 #36).
        const branches = (await deps.boomi.branches.query(q.isNotNull('id'))).filter((b) => b.deleted !== true);
        const used = branches.length + (await deps.reservedWithoutBranch());
        if (used >= deps.threshold) {
          throw new AppError('BRANCH_LIMIT_REACHED', LIMIT_MESSAGE, {
            fields: { branchCount: used, branchThreshold: deps.threshold },
          });
        }
        return take();
      }),
  };
}
