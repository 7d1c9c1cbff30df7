import { z } from 'zod';
import { LIMITS, defineContract } from './common.ts';

// Tamper-evident audit trail (issue 16 item 5, ADR 0022): every audit event carries a hash over
// its content and the previous event's hash. Admins list and filter events, verify the chain and
// export it (GET /api/audit/export).

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export const AUDIT_FAILURE_REASONS = ['CONTENT_CHANGED', 'LINK_BROKEN', 'MISSING', 'UNCHAINED'] as const;

export const AuditTrailEvent = z.object({
  id: z.number().int(),
  /** Position on the chain: 1, 2, 3, ... in the order events committed, without gaps. */
  chainSeq: z.number().int().nullable(),
  /** UTC at microsecond precision: the time exactly as it was hashed. */
  occurredAt: z.string(),
  actor: z.string(),
  action: z.string(),
  promotionId: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string().nullable(),
  hash: z.string().nullable(),
});

/** The filters of the list and of the export: all optional, combined with AND. */
export const AuditFilter = z.strictObject({
  /** Events at or after this instant. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Events before this instant. */
  to: z.iso.datetime({ offset: true }).optional(),
  /** An email (case-insensitive) or `system`. */
  actor: z.string().trim().min(1).max(LIMITS.email).optional(),
  action: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_]+$/, 'an action name: letters, digits and underscores')
    .optional(),
  promotionId: z.uuid().optional(),
});

export const listAuditEvents = defineContract({
  name: 'listAuditEvents',
  summary:
    'Admin: audit events, newest first, filtered by period, actor, action and promotion, a page at a time ' +
    '(pass nextBeforeSeq back as beforeSeq for the next page). Each event carries its chain position and hashes.',
  minTier: 'ADMIN',
  request: AuditFilter.extend({
    beforeSeq: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  response: z.object({ events: z.array(AuditTrailEvent), nextBeforeSeq: z.number().int().nullable() }),
});

export const AuditVerification = z.object({
  ok: z.boolean(),
  /** Events that verified, from the first on. */
  checked: z.number().int(),
  /** The last event that verified: write its hash down elsewhere to prove later that no tail was cut off. */
  head: z.object({ chainSeq: z.number().int(), eventId: z.number().int(), hash: z.string() }).nullable(),
  /** The first event that does not verify, and why. */
  firstFailure: z
    .object({
      reason: z.enum(AUDIT_FAILURE_REASONS),
      eventId: z.number().int().nullable(),
      chainSeq: z.number().int().nullable(),
      message: z.string(),
    })
    .nullable(),
  verifiedAt: z.string(),
  durationMs: z.number().int(),
});

export const verifyAuditTrail = defineContract({
  name: 'verifyAuditTrail',
  summary:
    'Admin: walks the whole audit chain and answers ok with the count and the head, or names the first event ' +
    'that does not verify: CONTENT_CHANGED, LINK_BROKEN, MISSING (deleted events) or UNCHAINED.',
  minTier: 'ADMIN',
  request: z.strictObject({}),
  response: AuditVerification,
});

/** Query of GET /api/audit/export: the filters and a format. */
export const AuditExportQuery = AuditFilter.extend({ format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl') });
