import {
  formatDate,
  label,
  lines,
  promotionDetails,
  promotionLink,
  uniq,
  who,
  type ComposeEmail,
  type Person,
  type PromotionFacts,
} from './email-templates.ts';

export interface ApprovalsVoidedData extends PromotionFacts {
  approvers: string[];
  submitter: Person;
  reason: string;
  voidedAt: Date;
  /** The queue the record went back to. */
  queue: 'PEER' | 'ADMIN';
}

/**
 * Added by issue 14: what someone approved changed before it shipped, so their approval no longer
 * counts. They are told, and so is the queue that must look at it again.
 */
export const approvalsVoided =
  (d: ApprovalsVoidedData): ComposeEmail =>
  (ctx) => ({
    kind: 'APPROVALS_VOIDED',
    promotionId: d.promotionId,
    to: uniq(...d.approvers, d.queue === 'PEER' ? ctx.devList : ctx.adminList),
    cc: uniq(d.submitter.email),
    subject: `Approval Voided — Review Again: ${label(d)}`,
    text: lines(
      'What was approved has changed, so the approvals given so far no longer count.',
      '',
      ...promotionDetails(d),
      `Submitter: ${who(d.submitter)}`,
      '',
      'VOIDED',
      `Approvals: ${d.approvers.join(', ') || 'none'}`,
      `Why: ${d.reason}`,
      `When: ${formatDate(d.voidedAt)}`,
      '',
      `It is back in the ${d.queue === 'PEER' ? 'peer review' : 'admin approval'} queue.`,
      promotionLink(ctx, d),
    ),
  });

export interface BreakGlassData extends PromotionFacts {
  admin: Person;
  reason: string;
  at: Date;
  approvals: string[];
  required: { peers: number; admins: number };
}

/** Added by issue 14: a hotfix went out with fewer approvals than the policy asks. Every admin hears. */
export const breakGlassDeployment =
  (d: BreakGlassData): ComposeEmail =>
  (ctx) => ({
    kind: 'BREAK_GLASS_DEPLOYMENT',
    promotionId: d.promotionId,
    to: uniq(ctx.adminList),
    cc: [],
    subject: `[BREAK-GLASS] Hotfix Deployed Without Full Approval: ${label(d)}`,
    text: lines(
      'An admin used break-glass: this emergency hotfix is being deployed to production with fewer approvals ' +
        'than the approval policy requires.',
      '',
      ...promotionDetails(d),
      '',
      'BREAK-GLASS',
      `Admin: ${who(d.admin)}`,
      `When: ${formatDate(d.at)}`,
      `Reason: ${d.reason}`,
      `Approvals given: ${d.approvals.join(', ') || 'none'}`,
      `Policy required: ${d.required.peers} peer, ${d.required.admins} admin`,
      '',
      promotionLink(ctx, d),
    ),
  });
