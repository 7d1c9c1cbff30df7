import { z } from 'zod';
import { LIMITS, defineContract } from './common.ts';

// Webhooks and chat (issue 16 item 3): endpoints told of what happens in Promo, each delivery a
// signed JSON event (or a Slack / Microsoft Teams message) sent from an outbox with retries.

export const WEBHOOK_FORMATS = ['JSON', 'SLACK', 'TEAMS'] as const;
/** What an endpoint may listen to; an event belongs to every category it matches. */
export const WEBHOOK_EVENT_CATEGORIES = ['TRANSITIONS', 'DEPLOYMENTS', 'ROLLBACKS', 'DRIFT', 'POLICY'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SENT', 'FAILED'] as const;
/** An admin's own secret must be long enough to resist guessing. */
export const WEBHOOK_SECRET_LENGTH = { min: 24, max: 200 } as const;

export const Webhook = z.object({
  webhookId: z.string(),
  name: z.string(),
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  events: z.array(z.enum(WEBHOOK_EVENT_CATEGORIES)),
  active: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  /** The latest delivery's outcome, for the list. */
  lastDelivery: z.object({ status: z.enum(WEBHOOK_DELIVERY_STATUSES), at: z.string() }).nullable(),
});

export const WebhookDelivery = z.object({
  deliveryId: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastHttpStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  /** Only a PENDING delivery has a next attempt. */
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** The delivery this one replays. */
  replayOf: z.string().nullable(),
});

export const listWebhooks = defineContract({
  name: 'listWebhooks',
  summary: 'Admin: the webhook endpoints, with their event filters and latest delivery. Secrets are never returned.',
  minTier: 'ADMIN',
  request: z.strictObject({}),
  response: z.object({ webhooks: z.array(Webhook) }),
});

export const setWebhook = defineContract({
  name: 'setWebhook',
  summary:
    'Admin: add a webhook endpoint, or change one (webhookId). The URL must be http(s) and must not point at ' +
    'Promo itself (WEBHOOK_URL_REFUSED). A new endpoint gets a generated signing secret unless one is given; ' +
    'rotateSecret (or a new secret) replaces it. The secret is answered only then, once. Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({
    webhookId: z.uuid().optional(),
    name: z.string().trim().min(1).max(LIMITS.name),
    url: z.string().trim().min(1).max(2000),
    format: z.enum(WEBHOOK_FORMATS).default('JSON'),
    events: z.array(z.enum(WEBHOOK_EVENT_CATEGORIES)).min(1).max(WEBHOOK_EVENT_CATEGORIES.length),
    active: z.boolean().default(true),
    secret: z.string().min(WEBHOOK_SECRET_LENGTH.min).max(WEBHOOK_SECRET_LENGTH.max).optional(),
    rotateSecret: z.boolean().default(false),
  }),
  response: z.object({
    webhook: Webhook,
    /** Present only when the secret was generated or replaced by this call: store it now. */
    secret: z.string().optional(),
  }),
});

export const deleteWebhook = defineContract({
  name: 'deleteWebhook',
  summary: 'Admin: remove a webhook endpoint and its delivery log. Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({ webhookId: z.uuid() }),
  response: z.object({ webhookId: z.string(), deleted: z.literal(true) }),
});

export const testWebhook = defineContract({
  name: 'testWebhook',
  summary:
    'Admin: send a test event to the endpoint now, through the outbox like any event, and answer its first ' +
    'attempt. A failed attempt is retried like any delivery. Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({ webhookId: z.uuid() }),
  response: z.object({ delivery: WebhookDelivery }),
});

export const listWebhookDeliveries = defineContract({
  name: 'listWebhookDeliveries',
  summary: 'Admin: the delivery log of one endpoint, newest first: event, status, attempts, last HTTP status or error.',
  minTier: 'ADMIN',
  request: z.strictObject({
    webhookId: z.uuid(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  response: z.object({ deliveries: z.array(WebhookDelivery) }),
});

export const replayWebhookDelivery = defineContract({
  name: 'replayWebhookDelivery',
  summary:
    'Admin: send a delivery again, as a new delivery of the same event (same event id, so a receiver that ' +
    'already has it can tell). Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({ deliveryId: z.uuid() }),
  response: z.object({ delivery: WebhookDelivery }),
});
