import { formatDate, lines, uniq, type ComposeEmail } from './email-templates.ts';

/** The facts every rollback email names. */
export interface RollbackFacts {
  rollbackId: string;
  /** The promotion the rollback concerns: the outbox files the email under it. */
  promotionId: string;
  processName: string | null;
  fromVersion: string;
  toVersion: string;
  toReleasedAt: Date | null;
  packName: string | null;
  reason: string;
  requestedBy: string;
}

const subjectOf = (d: RollbackFacts) => `${d.processName ?? 'Process'} v${d.fromVersion} -> v${d.toVersion}`;
const details = (d: RollbackFacts) => [
  'ROLLBACK DETAILS',
  `Rollback ID: ${d.rollbackId}`,
  `Process: ${d.processName ?? 'unknown'}`,
  `Rolled back: package ${d.fromVersion}`,
  `Restores: package ${d.toVersion} (released ${formatDate(d.toReleasedAt)})`,
  `Integration pack: ${d.packName ?? 'unknown'}`,
  `Requested by: ${d.requestedBy}`,
  `Reason: ${d.reason}`,
];
const linkTo = (publicUrl: string, d: RollbackFacts) =>
  `Rollback: ${publicUrl}/rollbacks/${encodeURIComponent(d.rollbackId)}`;

/** Added by issue 14: a rollback waits for an admin (the incident fast path needs one quickly). */
export const rollbackRequested =
  (d: RollbackFacts): ComposeEmail =>
  (ctx) => ({
    kind: 'ROLLBACK_REQUESTED',
    promotionId: d.promotionId,
    to: [ctx.adminList],
    cc: uniq(d.requestedBy),
    subject: `Rollback Approval Needed: ${subjectOf(d)}`,
    text: lines(
      'A rollback of a production release needs approval by an admin who did not request it.',
      '',
      ...details(d),
      '',
      linkTo(ctx.publicUrl, d),
    ),
  });

export const rollbackDenied =
  (d: RollbackFacts & { deniedBy: string; comments: string }): ComposeEmail =>
  (ctx) => ({
    kind: 'ROLLBACK_DENIED',
    promotionId: d.promotionId,
    to: uniq(d.requestedBy),
    cc: [ctx.adminList],
    subject: `Rollback Denied: ${subjectOf(d)}`,
    text: lines(
      'Your rollback was denied; production keeps the release it runs.',
      '',
      ...details(d),
      '',
      `Denied by: ${d.deniedBy}`,
      `Comments: ${d.comments}`,
      linkTo(ctx.publicUrl, d),
    ),
  });

export const rollbackCompleted =
  (d: RollbackFacts & { approvers: string[]; initiator: string | null; leftInPlace: string[] }): ComposeEmail =>
  (ctx) => ({
    kind: 'ROLLBACK_COMPLETED',
    promotionId: d.promotionId,
    to: uniq(d.requestedBy, ...d.approvers, ...(d.initiator ? [d.initiator] : [])),
    cc: [ctx.adminList],
    subject: `Rollback Completed: ${subjectOf(d)}`,
    text: lines(
      `Production runs package ${d.toVersion} again, and main holds its components again.`,
      '',
      ...details(d),
      `Approved by: ${d.approvers.join(', ') || 'nobody (no approval was required)'}`,
      d.leftInPlace.length > 0 &&
        `Not part of the restored release, left in place on main: ${d.leftInPlace.join(', ')}`,
      '',
      linkTo(ctx.publicUrl, d),
    ),
  });

export const rollbackFailed =
  (d: RollbackFacts & { step: string; error: string }): ComposeEmail =>
  (ctx) => ({
    kind: 'ROLLBACK_FAILED',
    promotionId: d.promotionId,
    to: uniq(d.requestedBy),
    cc: [ctx.adminList],
    subject: `Rollback Failed: ${subjectOf(d)}`,
    text: lines(
      `The rollback failed at ${d.step}: ${d.error}`,
      'The steps before it are done; an admin can retry it (it resumes at the failed step) or cancel it.',
      '',
      ...details(d),
      '',
      linkTo(ctx.publicUrl, d),
    ),
  });
