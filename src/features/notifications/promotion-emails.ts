import type { Promotion } from '../promotions/promotion-service.ts';
import {
  adminDenied,
  approvedAndDeployed,
  deploymentCancelled,
  hotfixReviewNeeded,
  peerApproved,
  peerRejected,
  peerReviewNeeded,
  testDeployed,
  type ComposeEmail,
  type Person,
} from './email-templates.ts';
import { promotionAbandoned } from './abandoned-email.ts';
import { approvalsVoided, breakGlassDeployment } from './approval-emails.ts';

/** The transitions that send an email (20-dashboard.md §6). */
export type PromotionEmailKind =
  | 'PEER_REVIEW_NEEDED'
  | 'HOTFIX_REVIEW_NEEDED'
  | 'PEER_APPROVED'
  | 'PEER_REJECTED'
  | 'ADMIN_DENIED'
  | 'TEST_DEPLOYED'
  | 'DEPLOYED'
  | 'DEPLOYMENT_CANCELLED'
  | 'PROMOTION_ABANDONED'
  | 'APPROVALS_VOIDED'
  | 'BREAK_GLASS_DEPLOYMENT';

const person = (email: string | null | undefined, name?: string | null): Person => ({
  email: email ?? 'unknown',
  name: name ?? null,
});

/**
 * The email for a promotion record that has just made a transition, built from the record
 * itself, so every sender says the same thing. `actor` is the person who made the transition.
 */
export function promotionEmail(
  kind: PromotionEmailKind,
  p: Promotion,
  actor: { email: string; name?: string },
  extra: {
    reason?: string;
    failure?: string | null;
    mergedToMain?: boolean;
    previousStatus?: string;
    /** Who had approved (voided approvals, break-glass). */
    approvers?: string[];
    required?: { peers: number; admins: number };
  } = {},
): ComposeEmail {
  const facts = {
    promotionId: p.promotionId,
    processName: p.processName ?? 'Unnamed process',
    packageVersion: p.packageVersion ?? '?',
  };
  // The submitter is whoever sent it to production; the author when they did it themselves.
  const submitter = person(p.submittedBy ?? p.initiatedBy);
  const reviewer = person(p.peerReviewedBy);
  const request = (p.deploymentRequest ?? {}) as {
    existingPackId?: string;
    newPackName?: string;
    createNewPack?: boolean;
  };
  switch (kind) {
    case 'PEER_REVIEW_NEEDED':
      return peerReviewNeeded({
        ...facts,
        submitter,
        submittedAt: p.submittedAt ?? new Date(),
        componentsTotal: p.componentsTotal,
        componentsCreated: p.componentsCreated,
        componentsUpdated: p.componentsUpdated,
        deploymentNotes: p.deploymentNotes,
        integrationPackName: request.createNewPack ? request.newPackName : request.existingPackId,
        newIntegrationPack: request.createNewPack,
        testDeployment: p.testPromotionId
          ? {
              promotionId: p.testPromotionId,
              deployedAt: p.testDeployedAt,
              integrationPackName: p.testIntegrationPackName,
            }
          : null,
      });
    case 'HOTFIX_REVIEW_NEEDED':
      return hotfixReviewNeeded({
        ...facts,
        submitter,
        submittedAt: p.submittedAt ?? new Date(),
        componentsTotal: p.componentsTotal,
        justification: p.hotfixJustification ?? '',
      });
    case 'PEER_APPROVED':
      return peerApproved({
        ...facts,
        submitter,
        reviewer: person(actor.email, actor.name),
        comments: p.peerReviewComments,
        isHotfix: p.isHotfix,
      });
    case 'PEER_REJECTED':
      return peerRejected({
        ...facts,
        submitter,
        reviewer: person(actor.email, actor.name),
        reason: p.peerReviewComments,
      });
    case 'ADMIN_DENIED':
      return adminDenied({
        ...facts,
        submitter,
        reviewer,
        admin: person(actor.email, actor.name),
        deniedAt: p.adminApprovedAt ?? new Date(),
        reason: p.adminComments,
      });
    case 'TEST_DEPLOYED':
      return testDeployed({
        ...facts,
        submitter: person(p.initiatedBy),
        integrationPackName: p.testIntegrationPackName,
        deployedAt: p.testDeployedAt ?? new Date(),
        branchName: p.branchName,
      });
    case 'DEPLOYED':
      return approvedAndDeployed({
        ...facts,
        submitter,
        reviewer,
        admin: person(p.adminApprovedBy),
        approvedAt: p.adminApprovedAt ?? new Date(),
        comments: p.adminComments,
        prodPackageId: p.prodPackageId,
        deploymentId: p.prodPackageId,
        mergedToMain: true,
      });
    case 'DEPLOYMENT_CANCELLED':
      return deploymentCancelled({
        ...facts,
        submitter,
        author: person(p.initiatedBy),
        admin: person(actor.email, actor.name),
        cancelledAt: new Date(),
        reason: extra.reason ?? '',
        failure: extra.failure,
        mergedToMain: extra.mergedToMain ?? false,
      });
    case 'PROMOTION_ABANDONED':
      return promotionAbandoned({
        ...facts,
        author: person(p.initiatedBy),
        submitter,
        abandonedBy: person(actor.email, actor.name),
        abandonedAt: new Date(),
        reason: extra.reason ?? '',
        queue:
          extra.previousStatus === 'PENDING_PEER_REVIEW'
            ? 'PEER'
            : extra.previousStatus === 'PENDING_ADMIN_REVIEW'
              ? 'ADMIN'
              : null,
        peerReviewer: p.peerReviewedBy ? person(p.peerReviewedBy) : null,
        testPromotionId: p.testPromotionId,
      });
    case 'APPROVALS_VOIDED':
      return approvalsVoided({
        ...facts,
        approvers: extra.approvers ?? [],
        submitter,
        reason: extra.reason ?? '',
        voidedAt: new Date(),
        queue: p.status === 'PENDING_ADMIN_REVIEW' ? 'ADMIN' : 'PEER',
      });
    case 'BREAK_GLASS_DEPLOYMENT':
      return breakGlassDeployment({
        ...facts,
        admin: person(actor.email, actor.name),
        reason: extra.reason ?? '',
        at: new Date(),
        approvals: extra.approvers ?? [],
        required: extra.required ?? { peers: 0, admins: 0 },
      });
  }
}
