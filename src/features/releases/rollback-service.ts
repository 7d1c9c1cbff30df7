import type { RollbackStatus } from '../../contracts/releases.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ReapedRun } from '../../platform/jobs.ts';
import { cancelRollback, retryRollback, reviewRollback } from './decide-rollback.ts';
import { failInterruptedRollbacks } from './interrupted-rollbacks.ts';
import { requestRollback } from './request-rollback.ts';
import type { RollbackDeps } from './rollback-deps.ts';
import { toWireRelease, toWireRollback } from './rollback-presenter.ts';
import type { RollbackRecord } from './rollback-store.ts';

export type RollbackService = ReturnType<typeof createRollbackService>;

/** Release history and rollbacks (issue 14): the use cases behind the release actions. */
export function createRollbackService(deps: RollbackDeps) {
  const { store } = deps;
  const present = async (r: RollbackRecord) => toWireRollback(r, await store.approvals(r.rollbackId));
  const answer = async (out: { rollback: RollbackRecord; jobId: string | null }) => ({
    rollback: await present(out.rollback),
    jobId: out.jobId,
  });

  return {
    request: async (
      caller: Caller,
      req: { promotionId?: string | undefined; rollbackId?: string | undefined; reason: string },
    ) => answer(await requestRollback(deps, caller, req)),
    review: async (
      caller: Caller,
      req: { rollbackId: string; decision: 'APPROVED' | 'DENIED'; comments?: string | undefined },
    ) => answer(await reviewRollback(deps, caller, req)),
    cancel: async (caller: Caller, req: { rollbackId: string; reason: string }) =>
      answer(await cancelRollback(deps, caller, req)),
    retry: async (caller: Caller, req: { rollbackId: string }) =>
      answer(await retryRollback(deps, caller, req.rollbackId)),

    async get(req: { rollbackId: string }) {
      const r = await store.get(req.rollbackId);
      if (!r)
        throw new AppError('ROLLBACK_NOT_FOUND', `No rollback '${req.rollbackId}'`, {
          details: { field: 'rollbackId' },
        });
      return { rollback: await present(r) };
    },

    async list(
      caller: Caller,
      req: { status?: RollbackStatus | undefined; promotionId?: string | undefined; limit: number },
    ) {
      const devAccountIds = await deps.accounts.accountsToList(caller);
      const rows = await store.list({ ...req, devAccountIds });
      return { rollbacks: await Promise.all(rows.map(present)) };
    },

    /**
     * The process's releases newest first, of the dev accounts the caller may see (all for admins).
     * A promotion names its process; a promotion without a production process has no releases.
     */
    async releases(caller: Caller, req: { processId?: string | undefined; promotionId?: string | undefined }) {
      const processId = req.processId ?? (await store.processOf(req.promotionId!));
      if (!processId) return { processId: null, processName: null, releases: [] };
      const visible = await deps.accounts.accountsToList(caller);
      const all = await store.releases(processId);
      const shown = all.filter((e) => !visible || visible.includes(e.devAccountId));
      const rollbacks = new Map<string, RollbackRecord>();
      for (const e of shown) {
        if (!e.rollbackId) continue;
        const r = await store.get(e.rollbackId);
        if (r) rollbacks.set(e.rollbackId, r);
      }
      return {
        processId,
        processName: shown[0]?.processName ?? null,
        releases: shown.map((e) => toWireRelease(e, all, e.rollbackId ? rollbacks.get(e.rollbackId) : undefined)),
      };
    },

    reapInterrupted: (): Promise<ReapedRun[]> => failInterruptedRollbacks(deps),
  };
}
