/**
 * The seven emails of 20-dashboard.md §6 as pure functions. Each takes the facts of one transition
 * and returns a composer that, given the mailing context (distribution lists, dashboard URL),
 * yields the message. Callers never need the configuration:
 * `notifications.queue(tx, peerReviewNeeded({ ... }))`.
 * Subjects are the seed's, character for character; bodies carry the fields §6 lists.
 */

export const EMAIL_KINDS = [
  'PEER_REVIEW_NEEDED',
  'PEER_APPROVED',
  'PEER_REJECTED',
  'APPROVED_AND_DEPLOYED',
  'ADMIN_DENIED',
  'TEST_DEPLOYED',
  'HOTFIX_REVIEW_NEEDED',
  'DEPLOYMENT_CANCELLED',
  'PROMOTION_ABANDONED',
  'APPROVALS_VOIDED',
  'BREAK_GLASS_DEPLOYMENT',
  // rollback of a release (issue 14)
  'ROLLBACK_REQUESTED',
  'ROLLBACK_DENIED',
  'ROLLBACK_COMPLETED',
  'ROLLBACK_FAILED',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/** A message ready for the outbox. */
export interface Email {
  kind: EmailKind;
  promotionId: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
}

/** What the templates need from the configuration. */
export interface MailContext {
  devList: string;
  adminList: string;
  /** The dashboard's base URL, without a trailing slash. */
  publicUrl: string;
}

export type ComposeEmail = (ctx: MailContext) => Email;

export interface Person {
  /** Display name; the email stands in when unknown. */
  name?: string | null | undefined;
  email: string;
}

/** Fields every email names (each email carries the Promotion ID). */
export interface PromotionFacts {
  promotionId: string;
  processName: string;
  packageVersion: string;
}

export interface PeerReviewNeededData extends PromotionFacts {
  submitter: Person;
  submittedAt: Date;
  componentsTotal: number;
  componentsCreated: number;
  componentsUpdated: number;
  deploymentNotes?: string | null | undefined;
  /** The existing pack's name, or the name of the pack to create. */
  integrationPackName?: string | null | undefined;
  newIntegrationPack?: boolean | undefined;
  targetAccountGroup?: string | null | undefined;
  /** Production from test (P4 Mode 2): the earlier test deployment. */
  testDeployment?:
    { promotionId: string; deployedAt: Date | null; integrationPackName: string | null } | null | undefined;
}

export interface PeerReviewedData extends PromotionFacts {
  submitter: Person;
  reviewer: Person;
  comments?: string | null | undefined;
  /** Hotfixes flag EMERGENCY HOTFIX in the subject of email #2 (§6, adopted recommendation). */
  isHotfix?: boolean | undefined;
}

export interface PeerRejectedData extends PromotionFacts, SubmitterOnly {
  reviewer: Person;
  reason?: string | null | undefined;
}

/** Recipients of #3 and #6. */
export interface SubmitterOnly {
  submitter: Person;
}

export interface ApprovedAndDeployedData extends PromotionFacts, SubmitterOnly {
  reviewer: Person;
  admin: Person;
  approvedAt: Date;
  comments?: string | null | undefined;
  deploymentId?: string | null | undefined;
  prodPackageId?: string | null | undefined;
  /** The branch was merged to main before packaging (P7). */
  mergedToMain?: boolean | undefined;
}

export interface AdminDeniedData extends PromotionFacts, SubmitterOnly {
  reviewer: Person;
  admin: Person;
  deniedAt: Date;
  reason?: string | null | undefined;
  comments?: string | null | undefined;
}

export interface TestDeployedData extends PromotionFacts, SubmitterOnly {
  integrationPackName?: string | null | undefined;
  deployedAt: Date;
  branchName?: string | null | undefined;
}

export interface DeploymentCancelledData extends PromotionFacts, SubmitterOnly {
  author: Person;
  admin: Person;
  cancelledAt: Date;
  reason: string;
  failure?: string | null | undefined;
  /** The branch reached main before the deployment failed: main holds what was not deployed. */
  mergedToMain: boolean;
}

export interface HotfixReviewNeededData extends PromotionFacts {
  submitter: Person;
  submittedAt: Date;
  componentsTotal: number;
  justification: string;
}

const NO_NOTES = 'No notes provided.';
const NO_COMMENTS = 'No comments provided.';
const NO_ADDITIONAL = 'No additional comments.';
const HOTFIX_FLAG = '⚠ EMERGENCY HOTFIX — ';

export const label = (p: PromotionFacts) => `${p.processName} v${p.packageVersion}`;
export const who = (p: Person) => (p.name && p.name.trim() && p.name !== p.email ? `${p.name} (${p.email})` : p.email);
const or = (value: string | null | undefined, placeholder: string) =>
  value && value.trim() ? value.trim() : placeholder;
/** Minutes in UTC: the same instant reads the same for every recipient. */
export const formatDate = (d: Date | null | undefined) =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'unknown';
export const lines = (...parts: Array<string | false | null | undefined>) =>
  parts.filter((p): p is string => typeof p === 'string').join('\n') + '\n';
export const promotionDetails = (d: PromotionFacts) => [
  'PROMOTION DETAILS',
  `Promotion ID: ${d.promotionId}`,
  `Process: ${d.processName}`,
  `Package Version: ${d.packageVersion}`,
];
export const promotionLink = (ctx: MailContext, d: PromotionFacts) =>
  `Promotion: ${link(ctx, `/promotions/${enc(d.promotionId)}`)}`;
/** Distinct, case-insensitively: one person in two roles gets one copy. */
export const uniq = (...emails: string[]) => {
  const seen = new Set<string>();
  return emails.filter((e) => !seen.has(e.toLowerCase()) && !!seen.add(e.toLowerCase()));
};
const link = (ctx: MailContext, path: string) => `${ctx.publicUrl}${path}`;
const enc = encodeURIComponent;

/** #1: submitted for peer review (production from test). */
export const peerReviewNeeded =
  (d: PeerReviewNeededData): ComposeEmail =>
  (ctx) => ({
    kind: 'PEER_REVIEW_NEEDED',
    promotionId: d.promotionId,
    to: uniq(ctx.devList, ctx.adminList),
    cc: [d.submitter.email],
    subject: `Peer Review Needed: ${label(d)}`,
    text: lines(
      'A new promotion is awaiting peer review.',
      '',
      `Submitter: ${who(d.submitter)}`,
      `Process: ${d.processName}`,
      `Version: ${d.packageVersion}`,
      `Components: ${d.componentsTotal} total, ${d.componentsCreated} created, ${d.componentsUpdated} updated`,
      `Promotion ID: ${d.promotionId}`,
      '',
      'DEPLOYMENT NOTES',
      or(d.deploymentNotes, NO_NOTES),
      '',
      'DEPLOYMENT DETAILS',
      `Integration Pack: ${or(d.integrationPackName, 'not chosen')}${d.newIntegrationPack ? ' (new pack)' : ''}`,
      `Target Account Group: ${or(d.targetAccountGroup, 'not chosen')}`,
      ...(d.testDeployment
        ? [
            '',
            'TESTED IN TEST',
            `Test Promotion ID: ${d.testDeployment.promotionId}`,
            `Test deployed: ${formatDate(d.testDeployment.deployedAt)}`,
            `Test pack: ${or(d.testDeployment.integrationPackName, 'unknown')}`,
          ]
        : []),
      '',
      'SUBMITTED BY',
      `${d.submitter.name || d.submitter.email}`,
      d.submitter.email,
      formatDate(d.submittedAt),
      '',
      `Review it in the dashboard: ${link(ctx, `/reviews/peer/${enc(d.promotionId)}`)}`,
    ),
  });

/** #2: peer approved; the admins decide next. */
export const peerApproved =
  (d: PeerReviewedData): ComposeEmail =>
  (ctx) => ({
    kind: 'PEER_APPROVED',
    promotionId: d.promotionId,
    to: uniq(ctx.adminList, d.submitter.email),
    cc: [],
    subject: `${d.isHotfix ? HOTFIX_FLAG : ''}Peer Approved — Admin Review Needed: ${label(d)}`,
    text: lines(
      `${d.isHotfix ? 'An EMERGENCY HOTFIX' : 'A promotion'} has passed peer review and needs an admin review.`,
      '',
      `Process: ${d.processName}`,
      `Version: ${d.packageVersion}`,
      `Promotion ID: ${d.promotionId}`,
      `Submitter: ${who(d.submitter)}`,
      '',
      'PEER REVIEW',
      `Reviewer: ${who(d.reviewer)}`,
      'Decision: APPROVED',
      `Comments: ${or(d.comments, NO_COMMENTS)}`,
      '',
      `Admins, approve or deny it in the dashboard: ${link(ctx, `/admin/approvals?promotionId=${enc(d.promotionId)}`)}`,
    ),
  });

/** #3: rejected at peer review. */
export const peerRejected =
  (d: PeerRejectedData): ComposeEmail =>
  (ctx) => ({
    kind: 'PEER_REJECTED',
    promotionId: d.promotionId,
    to: [d.submitter.email],
    cc: [],
    subject: `Peer Review Rejected: ${label(d)}`,
    text: lines(
      'Your promotion request was rejected at peer review.',
      '',
      `Process: ${d.processName}`,
      `Version: ${d.packageVersion}`,
      `Promotion ID: ${d.promotionId}`,
      '',
      'PEER REVIEW',
      `Reviewer: ${who(d.reviewer)}`,
      'Decision: REJECTED',
      `Reason: ${or(d.reason, 'No reason provided.')}`,
      '',
      'Please address the feedback and resubmit.',
      promotionLink(ctx, d),
    ),
  });

/** #4: admin approved and the production deployment succeeded. */
export const approvedAndDeployed =
  (d: ApprovedAndDeployedData): ComposeEmail =>
  (ctx) => ({
    kind: 'APPROVED_AND_DEPLOYED',
    promotionId: d.promotionId,
    to: uniq(d.submitter.email, d.reviewer.email),
    cc: [],
    subject: `Approved & Deployed: ${label(d)}`,
    text: lines(
      'Your promotion request was approved and deployed.',
      '',
      ...promotionDetails(d),
      `Deployment ID: ${or(d.deploymentId, 'n/a')}`,
      `Prod Package ID: ${or(d.prodPackageId, 'n/a')}`,
      '',
      'PEER REVIEW',
      `Reviewer: ${who(d.reviewer)}`,
      '',
      'ADMIN APPROVAL',
      `Approved by: ${who(d.admin)}`,
      `Date: ${formatDate(d.approvedAt)}`,
      `Comments: ${or(d.comments, NO_COMMENTS)}`,
      '',
      'Status: successfully deployed to production.',
      d.mergedToMain && 'The promotion branch was merged to main before packaging.',
      promotionLink(ctx, d),
    ),
  });

/** #5: denied at admin review. */
export const adminDenied =
  (d: AdminDeniedData): ComposeEmail =>
  (ctx) => ({
    kind: 'ADMIN_DENIED',
    promotionId: d.promotionId,
    to: uniq(d.submitter.email, d.reviewer.email),
    cc: [],
    subject: `Admin Denied: ${label(d)}`,
    text: lines(
      'Your promotion request was denied at admin review.',
      '',
      ...promotionDetails(d),
      '',
      'PEER REVIEW',
      `Reviewer: ${who(d.reviewer)}`,
      '',
      'ADMIN DENIAL',
      `Denied by: ${who(d.admin)}`,
      `Date: ${formatDate(d.deniedAt)}`,
      `Reason: ${or(d.reason, 'No reason provided.')}`,
      `Comments: ${or(d.comments, NO_ADDITIONAL)}`,
      '',
      'Please fix the issues raised and resubmit.',
      promotionLink(ctx, d),
    ),
  });

/** Added by issue 11: an admin closed an approved promotion whose production deployment failed. */
export const deploymentCancelled =
  (d: DeploymentCancelledData): ComposeEmail =>
  (ctx) => ({
    kind: 'DEPLOYMENT_CANCELLED',
    promotionId: d.promotionId,
    to: uniq(d.submitter.email, d.author.email),
    cc: [ctx.adminList],
    subject: `Production Deployment Cancelled: ${label(d)}`,
    text: lines(
      'The production deployment of your approved promotion failed and was cancelled; nothing was deployed.',
      '',
      ...promotionDetails(d),
      '',
      'CANCELLATION',
      `Cancelled by: ${who(d.admin)}`,
      `Date: ${formatDate(d.cancelledAt)}`,
      `Reason: ${d.reason}`,
      `Deployment failure: ${or(d.failure, 'not recorded')}`,
      d.mergedToMain
        ? 'Main already holds these components (the merge had completed); they are not in any released pack.'
        : 'Main was not changed; the promotion branch has been deleted.',
      '',
      'Promote again from the Package Browser when the cause is fixed.',
      promotionLink(ctx, d),
    ),
  });

/** #6: the test deployment succeeded. */
export const testDeployed =
  (d: TestDeployedData): ComposeEmail =>
  (ctx) => ({
    kind: 'TEST_DEPLOYED',
    promotionId: d.promotionId,
    to: [d.submitter.email],
    cc: [],
    subject: `Test Deployed: ${label(d)}`,
    text: lines(
      'Your components are deployed to the test environment.',
      '',
      'DEPLOYMENT DETAILS',
      `Promotion ID: ${d.promotionId}`,
      `Process: ${d.processName}`,
      `Package Version: ${d.packageVersion}`,
      `Test Integration Pack: ${or(d.integrationPackName, 'unknown')}`,
      `Deployed at: ${formatDate(d.deployedAt)}`,
      `Branch: ${or(d.branchName, 'unknown')} (kept for the production review)`,
      '',
      `When it is ready for production, return to the Production Readiness page: ${link(ctx, '/production-readiness')}`,
    ),
  });

/** #7: an emergency hotfix skips test and awaits peer review. */
export const hotfixReviewNeeded =
  (d: HotfixReviewNeededData): ComposeEmail =>
  (ctx) => ({
    kind: 'HOTFIX_REVIEW_NEEDED',
    promotionId: d.promotionId,
    to: uniq(ctx.devList, ctx.adminList),
    cc: [d.submitter.email],
    subject: `${HOTFIX_FLAG}Peer Review Needed: ${label(d)}`,
    text: lines(
      'An EMERGENCY HOTFIX is awaiting peer review. It skips the test environment and goes straight to production.',
      '',
      ...promotionDetails(d),
      `Components: ${d.componentsTotal}`,
      '',
      'HOTFIX JUSTIFICATION',
      d.justification,
      '',
      'SUBMITTED BY',
      `${d.submitter.name || d.submitter.email}`,
      d.submitter.email,
      formatDate(d.submittedAt),
      '',
      '⚠ This hotfix still requires both a peer review and an admin review before it is deployed.',
      `Review it in the dashboard: ${link(ctx, `/reviews/peer/${enc(d.promotionId)}`)}`,
    ),
  });
