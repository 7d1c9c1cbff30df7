import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';

export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;

export const OutgoingNotification = z.object({
  id: z.string(),
  createdAt: z.string(),
  kind: z.string(),
  promotionId: z.string().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  body: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
});

export const listNotifications = defineContract({
  name: 'listNotifications',
  summary:
    'Admin: the outgoing email outbox (D12), newest first. Without SMTP configured every message stays PENDING here.',
  minTier: 'ADMIN',
  request: z.strictObject({
    status: z.enum(NOTIFICATION_STATUSES).optional(),
    promotionId: Id.optional(),
    limit: z.number().int().min(1).max(LIMITS.pageSize).default(100),
  }),
  response: z.object({
    notifications: z.array(OutgoingNotification),
    totalCount: z.number().int(),
  }),
});
