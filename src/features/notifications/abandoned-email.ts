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

export interface PromotionAbandonedData extends PromotionFacts {
  author: Person;
  submitter: Person;
  abandonedBy: Person;
  abandonedAt: Date;
  reason: string;
  /** The review queue it left, whose people are told; null when it was in none (its author is told). */
  queue: 'PEER' | 'ADMIN' | null;
  /** The peer who approved it, for one that was waiting for an admin. */
  peerReviewer?: Person | null | undefined;
  /** The test deployment that ended with this production request. */
  testPromotionId?: string | null | undefined;
}

/**
 * Added by issue 12: someone gave up an open promotion. Whoever had it in a queue stops looking
 * for it: the lists that were asked for a peer review, or the admins and the peer who approved it.
 */
export const promotionAbandoned =
  (d: PromotionAbandonedData): ComposeEmail =>
  (ctx) => ({
    kind: 'PROMOTION_ABANDONED',
    promotionId: d.promotionId,
    to:
      d.queue === 'PEER'
        ? uniq(ctx.devList, ctx.adminList)
        : d.queue === 'ADMIN'
          ? uniq(ctx.adminList, ...(d.peerReviewer ? [d.peerReviewer.email] : []))
          : uniq(d.author.email, d.submitter.email),
    cc: d.queue ? uniq(d.author.email, d.submitter.email) : [],
    subject: `Promotion Abandoned: ${label(d)}`,
    text: lines(
      d.queue === 'PEER'
        ? 'A promotion waiting for peer review was abandoned; it no longer needs a review.'
        : d.queue === 'ADMIN'
          ? 'A promotion waiting for admin approval was abandoned; it no longer needs an approval.'
          : 'Your promotion was abandoned; its branch has been deleted.',
      '',
      ...promotionDetails(d),
      `Author: ${who(d.author)}`,
      '',
      'ABANDONED',
      `By: ${who(d.abandonedBy)}`,
      `Date: ${formatDate(d.abandonedAt)}`,
      `Reason: ${d.reason}`,
      d.testPromotionId && `Its test deployment ${d.testPromotionId} ended with it.`,
      '',
      'Nothing more will be deployed from this promotion. Promote again from the Package Browser when needed.',
      promotionLink(ctx, d),
    ),
  });
