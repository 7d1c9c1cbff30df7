import { z } from 'zod';
import { Id, defineContract } from './common.ts';
import { PROMOTION_STATUSES } from './promotions.ts';

// ---- getPromotionTimeline ----------------------------------------------------------------------

/**
 * One audit event of a promotion's history, with the few details a person needs to follow it.
 * `action` is the audit event's own name (PROMOTION_STARTED, PEER_REJECTED, ...); the dashboard
 * labels it. Details are picked by name from the event, so a secret can never ride along.
 */
export const TimelineEvent = z.object({
  id: z.number().int(),
  /** The record the event belongs to: this promotion, its test record or a production request made from it. */
  promotionId: z.string(),
  action: z.string(),
  /** An email, or `system` for what the service did on its own. */
  actor: z.string(),
  occurredAt: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  /** A reviewer's comments. */
  comments: z.string().optional(),
  /** Why it was withdrawn, cancelled or abandoned. */
  reason: z.string().optional(),
  hotfixJustification: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  packageVersion: z.string().optional(),
  /** The Integration Pack: its id, and its name when the service has it on record (a new pack: the name only). */
  pack: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
  /** Environments chosen or deployed to, named when the service has them on record; `deployed` for results. */
  environments: z
    .array(z.object({ environmentId: z.string(), name: z.string().optional(), deployed: z.boolean().optional() }))
    .optional(),
  /** A promotion's outcome: components created, updated, unchanged and failed, connections pre-mapped. */
  components: z
    .object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
      connections: z.number().int(),
    })
    .optional(),
  /** A production deployment requested again after a failure. */
  retry: z.boolean().optional(),
});

export const RelatedRecord = z.object({
  promotionId: z.string(),
  /** TEST: the tested promotion this production request was made from; PRODUCTION: a request made from this one. */
  relation: z.enum(['TEST', 'PRODUCTION']),
  status: z.enum(PROMOTION_STATUSES),
  initiatedAt: z.string(),
});

export const getPromotionTimeline = defineContract({
  name: 'getPromotionTimeline',
  refs: { promotionId: 'promotion' },
  summary:
    "A promotion's whole history, oldest first: its audit events, with those of the test record a production request was made from and of the production requests made from a test record, so Dev -> Test -> Production reads as one story.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id }),
  response: z.object({
    promotionId: z.string(),
    related: z.array(RelatedRecord),
    events: z.array(TimelineEvent),
  }),
});
