import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { productionChoices, type submitForPeerReview } from '../../contracts/reviews.ts';
import { AppError } from '../../platform/errors.ts';
import { sameEmail, type Caller } from '../../platform/http/caller.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { Promotion } from '../promotions/promotion-service.ts';
import { skipPeerReviewIfNone, type ApprovalStepDeps } from './approval-steps.ts';
import type { ReviewDeps } from './review-ports.ts';

type SubmitRequest = z.output<typeof submitForPeerReview.request>;

export interface SubmitContext {
  deps: ReviewDeps;
  load(id: string, tx?: Tx): Promise<Promotion>;
  steps: ApprovalStepDeps;
}

/**
 * Sends a promotion to production review: an emergency hotfix from a COMPLETED promotion, or a
 * new PRODUCTION record from a TEST_DEPLOYED one. A request no one could approve under the
 * approval policy is refused before anything is written.
 */
export async function submitForReview(ctx: SubmitContext, caller: Caller, req: SubmitRequest) {
  const { deps, load, steps } = ctx;
  const { db, records, audit } = deps;
  const source = await load(req.promotionId);
  const request = productionChoices(req);
  // What production will need is checked now, not discovered by its deployment after two reviews;
  // so are the policy rules over the promoted components.
  const checkRequest = async () => {
    await deps.production?.check(request);
    await deps.policyGate?.(source.promotionId);
  };
  const runtimeWarnings = async () => {
    const warnings = (await deps.production?.warnings(request)) ?? [];
    return warnings.length ? { runtimeWarnings: warnings } : {};
  };
  // Both ways end alike: audited, straight to the admins when the policy asks no peer, else the
  // reviewers told; the answer carries what production will warn about.
  const submitted = async (
    tx: Tx,
    p: Promotion,
    action: 'HOTFIX_SUBMITTED' | 'PRODUCTION_SUBMITTED',
    email: 'HOTFIX_REVIEW_NEEDED' | 'PEER_REVIEW_NEEDED',
    event: { fromStatus?: string; details: Record<string, unknown> },
  ) => {
    await audit.record(tx, { actor: caller.email, action, promotionId: p.promotionId, toStatus: p.status, ...event });
    const skipped = await skipPeerReviewIfNone(steps, tx, p, caller);
    if (!skipped) await deps.notify(tx, email, p, caller);
    return skipped ?? p;
  };
  const answer = async (p: Promotion, testPromotionId: string | null) => ({
    promotionId: p.promotionId,
    testPromotionId,
    status: p.status,
    ...(await runtimeWarnings()),
  });
  if (source.status === 'COMPLETED') {
    if (req.isHotfix !== true)
      throw new AppError(
        'INVALID_DEPLOYMENT_TARGET',
        'A completed promotion goes to TEST first, or to PRODUCTION as an emergency hotfix (isHotfix=true with a justification).',
      );
    if (!req.hotfixJustification?.trim())
      throw new AppError('HOTFIX_JUSTIFICATION_REQUIRED', 'Hotfix justification is required');
    if (!sameEmail(source.initiatedBy, caller.email) && caller.tier !== 'ADMIN')
      throw new AppError(
        'NOT_PROMOTION_INITIATOR',
        'Only the author of the promotion (or an admin) may submit it as a hotfix',
      );
    await checkRequest();
    await deps.approvals.assertSatisfiable({
      ...source,
      isHotfix: true,
      targetEnvironment: 'PRODUCTION',
      submittedBy: caller.email,
    });
    const updated = await db.transaction(async (tx) => {
      const p = await records.transition(tx, source.promotionId, 'submitHotfix', {
        isHotfix: true,
        hotfixJustification: req.hotfixJustification!.trim(),
        targetEnvironment: 'PRODUCTION',
        deploymentRequest: request,
        packageVersion: req.packageVersion ?? source.packageVersion,
        deploymentNotes: req.deploymentNotes ?? null,
        submittedBy: caller.email,
        submittedAt: new Date(),
      });
      if (!p) throw new AppError('INVALID_PROMOTION_STATUS', 'The promotion changed while you submitted it; reload it');
      return submitted(tx, p, 'HOTFIX_SUBMITTED', 'HOTFIX_REVIEW_NEEDED', {
        fromStatus: 'COMPLETED',
        details: { hotfixJustification: p.hotfixJustification, deploymentRequest: request },
      });
    });
    return answer(updated, null);
  }
  if (source.status === 'TEST_DEPLOYED' && source.targetEnvironment === 'TEST') {
    if (req.isHotfix)
      throw new AppError(
        'INVALID_DEPLOYMENT_TARGET',
        'A tested promotion goes to production through review, not as a hotfix',
      );
    // Boomi keeps one package per version of a process: production cannot reuse the test's.
    if (!req.packageVersion || req.packageVersion === source.packageVersion) {
      throw new AppError(
        'INVALID_REQUEST',
        `packageVersion: give the production package a version other than the test package's (${source.packageVersion ?? 'none'})`,
        { details: { field: 'packageVersion' } },
      );
    }
    // Whether it may go at all is answered before whether the request is complete.
    const waiting = async (test: Promotion, tx?: Tx) => {
      const live = (await records.productionRecordsOf(test.promotionId, tx)).filter(
        (r) => r.status !== 'FAILED' && r.status !== 'WITHDRAWN',
      );
      if (test.status !== 'TEST_DEPLOYED' || live.length)
        throw new AppError(
          'TEST_PROMOTION_NOT_FOUND',
          `Test promotion ${test.promotionId} is not a test deployment waiting for production`,
        );
    };
    await waiting(source);
    await deps.testEvidenceGate?.(source);
    await checkRequest();
    const promotionId = randomUUID();
    await deps.approvals.assertSatisfiable({
      ...source,
      promotionId,
      testPromotionId: source.promotionId,
      isHotfix: false,
      targetEnvironment: 'PRODUCTION',
      submittedBy: caller.email,
      promotedFromTestBy: caller.email,
    });
    const created = await db.transaction(async (tx) => {
      const test = await load(source.promotionId, tx);
      await waiting(test, tx);
      const p = await records.insertFromTest(tx, test, {
        promotionId,
        submittedBy: caller.email,
        deploymentRequest: request,
        packageVersion: req.packageVersion ?? null,
        deploymentNotes: req.deploymentNotes ?? null,
      });
      return submitted(tx, p, 'PRODUCTION_SUBMITTED', 'PEER_REVIEW_NEEDED', {
        details: { testPromotionId: test.promotionId, deploymentRequest: request },
      });
    });
    return answer(created, source.promotionId);
  }
  if (source.targetEnvironment === 'TEST' || source.status.startsWith('TEST_'))
    throw new AppError(
      'TEST_PROMOTION_NOT_FOUND',
      `Test promotion ${source.promotionId} is ${source.status}, not TEST_DEPLOYED`,
    );
  throw new AppError(
    'INVALID_PROMOTION_STATUS',
    `Promotion ${source.promotionId} is ${source.status}; only COMPLETED (hotfix) or TEST_DEPLOYED promotions go to production review`,
  );
}
