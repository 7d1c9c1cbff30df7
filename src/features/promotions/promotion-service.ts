import type { z } from 'zod';
import type { findBlockingPromotions, queryStatus } from '../../contracts/promotions.ts';
import { blockerAdvice } from '../../contracts/promotion-guide.ts';
import type { Clock } from '../../platform/clock.ts';
import type { ReapedRun } from '../../platform/jobs.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { ExecuteRequest, PromotionDeps, StartedPromotion } from './promotion-deps.ts';
import { startPromotion } from './start-promotion.ts';
import { failPromotion } from './run-promotion.ts';
import { executeResponse, promotionToWire, resultToWire } from './promotion-presenter.ts';
import { componentDiff, type DiffRequest, type DiffResponse } from './component-diff.ts';
import { blockersOf } from './promotion-blockers.ts';

const INTERRUPTED_PROMOTION =
  'The promotion was interrupted when the service stopped; its branch was removed. Start it again.';

export type QueryStatusRequest = z.output<typeof queryStatus.request>;
type BlockersRequest = z.output<typeof findBlockingPromotions.request>;

export interface PromotionService {
  start(caller: Caller, req: ExecuteRequest): Promise<StartedPromotion>;
  /** Waits up to SYNC_WAIT for the promotion job; `running` when it has not finished by then. */
  awaitPromotion(
    promotionId: string,
    jobId: string,
  ): Promise<
    | { state: 'running' }
    | {
        state: 'finished';
        response: ReturnType<typeof executeResponse>;
        errorCode: string | undefined;
        errorMessage: string | undefined;
      }
  >;
  query(caller: Caller, req: QueryStatusRequest): Promise<z.input<typeof queryStatus.response>>;
  diff(req: DiffRequest): Promise<DiffResponse>;
  /** What would make a promotion of these components refuse, said before anyone clicks (P2). */
  blockers(req: BlockersRequest): Promise<z.input<typeof findBlockingPromotions.response>>;
  /** Fails promotions whose job died with its process (no heartbeat), deleting their branches. */
  reapStale(): Promise<ReapedRun[]>;
}

export function createPromotionService(deps: PromotionDeps & { syncWaitMs: number; clock: Clock }): PromotionService {
  const { store, jobs } = deps;
  return {
    start: (caller, req) => startPromotion(deps, caller, req),
    // The action's door has checked the branch and component belong to a promotion the caller may see.
    async diff(req) {
      return componentDiff(deps, req);
    },
    async awaitPromotion(promotionId, jobId) {
      const run = await jobs.waitFor(jobId, deps.syncWaitMs);
      const p = await store.get(promotionId);
      if (!p || p.status === 'IN_PROGRESS' || !run || run.state === 'QUEUED' || run.state === 'RUNNING')
        return { state: 'running' };
      return {
        state: 'finished',
        response: executeResponse(p, await store.results(promotionId), jobId),
        errorCode: p.lastErrorCode ?? undefined,
        errorMessage: p.errorMessage ?? undefined,
      };
    },
    async query(caller, req) {
      const devAccountIds = await deps.accounts.accountsToList(caller, req.devAccountId);
      const byProcess = req.queryType !== 'byComponent';
      const withResults = req.includeResults ?? !!req.promotionId;
      const { rows, hasMore, results, productionRequests } = await store.query({
        promotionId: req.promotionId || undefined,
        devAccountIds,
        status: req.status || undefined,
        statusNot: req.deployed === false ? 'DEPLOYED' : undefined,
        ownedBy: req.scope === 'mine' ? caller.email : undefined,
        openOnly: req.openOnly,
        withProductionRequest: true,
        reviewStage:
          req.reviewStage === 'PENDING_PEER_REVIEW' || req.reviewStage === 'PENDING_ADMIN_REVIEW'
            ? req.reviewStage
            : undefined,
        processName: byProcess ? req.processName || undefined : undefined,
        componentId: req.queryType !== 'byProcess' ? req.componentId || undefined : undefined,
        from: req.startDate ? new Date(req.startDate) : undefined,
        to: req.endDate ? endOf(req.endDate) : undefined,
        withResults,
        limit: req.limit,
        offset: req.offset,
      });
      // Added to the wire record rather than spread into a copy, which would be a slow dictionary object.
      const promotions = rows.map((p) =>
        Object.assign(
          promotionToWire(p),
          { productionRequest: productionRequests?.get(p.promotionId) ?? null },
          withResults ? { results: (results?.get(p.promotionId) ?? []).map(resultToWire) } : {},
        ),
      );
      return { promotions, totalCount: promotions.length, hasMore };
    },
    // The action's door has checked the caller may see the dev account.
    async blockers(req) {
      const found = blockersOf(await store.openWithComponents(req.devAccountId), req.devComponentIds);
      return {
        blockingPromotions: found.map(({ promotion: p, sharedComponentIds }) => ({
          promotionId: p.promotionId,
          status: p.status,
          processName: p.processName,
          packageVersion: p.packageVersion,
          initiatedBy: p.initiatedBy,
          submittedBy: p.submittedBy,
          initiatedAt: new Date(p.initiatedAt).toISOString(),
          sharedComponentIds,
          advice: blockerAdvice(p.status),
        })),
      };
    },
    async reapStale() {
      const staleAfter = 4 * deps.heartbeatMs;
      const now = deps.clock.now();
      const stale = await store.stale('IN_PROGRESS', new Date(now - staleAfter));
      const reaped: ReapedRun[] = [];
      for (const p of stale) {
        const run = p.jobId ? await jobs.get(p.jobId) : undefined;
        // A live run touches its job row every heartbeat.
        if (run && (run.state === 'QUEUED' || (run.state === 'RUNNING' && now - run.updatedAt.getTime() < staleAfter)))
          continue;
        const out = await failPromotion(deps, p, [], 'PROMOTION_FAILED', INTERRUPTED_PROMOTION, p.jobId ?? undefined);
        if (out.promotion?.status === 'FAILED')
          reaped.push({ jobId: p.jobId, promotionId: p.promotionId, reason: INTERRUPTED_PROMOTION });
      }
      return reaped;
    },
  };
}

/** A date without a time means the whole day. */
const endOf = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T23:59:59.999Z`) : new Date(d));

/** Other features work on promotion records through this, not through the store module. */
export type { PromotionStore as PromotionRecords, Promotion, ComponentResultRecord } from './promotion-store.ts';
