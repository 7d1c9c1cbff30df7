import type { z } from 'zod';
import type { abandonPromotion as abandonContract } from '../../contracts/reviews.ts';
import { ABANDONABLE_STATUSES, isFinished, mayAbandon } from '../../contracts/promotion-guide.ts';
import type { PromotionStatus } from '../../contracts/promotions.ts';
import { AppError } from '../../platform/errors.ts';
import { sameEmail, type Caller } from '../../platform/http/caller.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';

export type AbandonRequest = z.output<typeof abandonContract.request>;

export interface AbandonDeps {
  db: Transactor;
  records: PromotionRecords;
  audit: AuditLog;
  notify: (
    tx: Tx,
    email: 'PROMOTION_ABANDONED',
    promotion: Promotion,
    actor: Caller,
    extra: { reason: string; previousStatus: string },
  ) => Promise<void>;
  dropBranch: (p: Promotion) => Promise<boolean>;
}

const IN_REVIEW: readonly PromotionStatus[] = ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW'];

/** Why a status cannot be abandoned, and the way out it has instead. */
function notAbandonable(p: Promotion): AppError {
  const instead: Partial<Record<PromotionStatus, string>> = {
    IN_PROGRESS: 'it is being promoted; wait for it to finish',
    TEST_DEPLOYING: 'it is being deployed to test; wait for the deployment to finish',
    ADMIN_APPROVED: 'it is approved; an admin retries or cancels its production deployment',
  };
  const why = instead[p.status] ?? (isFinished(p.status) ? 'it is already finished' : 'it cannot be abandoned');
  return new AppError(
    'INVALID_PROMOTION_STATUS',
    `Promotion ${p.promotionId} is ${p.status}: ${why}. ` +
      `Only ${ABANDONABLE_STATUSES.join(', ')} promotions can be abandoned.`,
  );
}

/**
 * Gives up an open promotion (issue 12): the record ends ABANDONED with the reason, its branch is
 * deleted after the status commits (a failed delete leaves the id for a later cleanup, as every
 * cancellation does), and the reviewers who had it in their queue are told.
 *
 * A test deployment and the production requests made from it share one branch. Abandoning a
 * production request ends its test deployment with it: without the branch the test could never
 * reach production, and a TEST_DEPLOYED record with no branch is a state the dashboard could not
 * leave. Abandoning a test deployment whose production request is still open is refused, naming
 * the request: pulling the branch out from under reviewers mid-review would end their work by a
 * side effect; the owner abandons (or withdraws) the request itself, which says so to the reviewers.
 */
export async function abandonPromotion(deps: AbandonDeps, caller: Caller, req: AbandonRequest) {
  const { db, records, audit } = deps;
  const reason = req.reason.trim();
  const result = await db.transaction(async (tx) => {
    const p = await records.getForUpdate(tx, req.promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${req.promotionId}'`);
    if (!(ABANDONABLE_STATUSES as readonly PromotionStatus[]).includes(p.status)) throw notAbandonable(p);
    if (!mayAbandon(p, caller))
      throw new AppError(
        'NOT_PROMOTION_INITIATOR',
        'Only its author (for a promotion waiting for review, also its submitter) or an admin may abandon it',
      );
    if (p.status === 'TEST_DEPLOYED' || p.status === 'TEST_DEPLOY_FAILED') {
      const holding = (await records.productionRecordsOf(p.promotionId, tx)).find(
        (r) => !isFinished(r.status) || r.status === 'DEPLOYED',
      );
      if (holding)
        throw new AppError(
          'INVALID_PROMOTION_STATUS',
          holding.status === 'DEPLOYED'
            ? `Promotion ${p.promotionId} reached production through ${holding.promotionId}; nothing to abandon`
            : `Promotion ${p.promotionId} has an open production request ${holding.promotionId} ` +
                `(${holding.status}) on the same branch; abandon or withdraw that request instead ` +
                '(abandoning it ends this test deployment too)',
          {
            fields: {
              conflictingPromotionId: holding.promotionId,
              conflictingStatus: holding.status,
              conflictingProcessName: holding.processName,
              conflictingInitiatedBy: holding.initiatedBy,
            },
          },
        );
    }
    const next = await records.transition(tx, p.promotionId, 'abandon', {
      errorMessage: `Abandoned by ${caller.email}: ${reason}`.slice(0, 5000),
      // A queue read by review sub-status must not list it any more.
      ...(p.status === 'PENDING_PEER_REVIEW' ? { peerReviewStatus: null } : {}),
      ...(p.status === 'PENDING_ADMIN_REVIEW' ? { adminReviewStatus: null } : {}),
    });
    if (!next)
      throw new AppError(
        'INVALID_PROMOTION_STATUS',
        `Promotion ${p.promotionId} changed while you abandoned it; reload it`,
      );
    const test = p.testPromotionId ? await records.getForUpdate(tx, p.testPromotionId) : undefined;
    const endedTest =
      test && (test.status === 'TEST_DEPLOYED' || test.status === 'TEST_DEPLOY_FAILED')
        ? await records.transition(tx, test.promotionId, 'abandon', {
            errorMessage: `Abandoned with its production request ${p.promotionId} by ${caller.email}: ${reason}`.slice(
              0,
              5000,
            ),
          })
        : undefined;
    await audit.record(tx, {
      actor: caller.email,
      action: 'PROMOTION_ABANDONED',
      promotionId: p.promotionId,
      fromStatus: p.status,
      toStatus: next.status,
      details: { reason, branchId: p.branchId, testPromotionId: endedTest?.promotionId ?? null },
    });
    if (endedTest)
      await audit.record(tx, {
        actor: caller.email,
        action: 'PROMOTION_ABANDONED',
        promotionId: endedTest.promotionId,
        fromStatus: test!.status,
        toStatus: endedTest.status,
        details: { reason, branchId: test!.branchId, withProductionRequest: p.promotionId },
      });
    // Reviewers who had it in their queue are told; so is an author whose promotion an admin gave up.
    if (IN_REVIEW.includes(p.status) || !sameEmail(p.initiatedBy, caller.email))
      await deps.notify(tx, 'PROMOTION_ABANDONED', next, caller, { reason, previousStatus: p.status });
    return { previous: p, next, endedTest };
  });
  const branchDeleted = await deps.dropBranch(result.next);
  return {
    promotionId: result.next.promotionId,
    previousStatus: result.previous.status,
    status: 'ABANDONED' as const,
    testPromotionId: result.endedTest?.promotionId ?? null,
    branchDeleted,
    message: [
      'Promotion abandoned.',
      result.endedTest ? `Its test deployment ${result.endedTest.promotionId} ended with it.` : '',
      branchDeleted
        ? 'The branch was deleted.'
        : 'The branch could not be deleted yet; it is kept on record for cleanup.',
    ]
      .filter(Boolean)
      .join(' '),
  };
}
