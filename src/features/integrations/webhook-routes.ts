import {
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  replayWebhookDelivery,
  setWebhook,
  testWebhook,
} from '../../contracts/webhooks.ts';
import { bindAction } from '../../platform/http/actions.ts';
import type { WebhookService } from './webhook-service.ts';
import type { Delivery, WebhookRecord } from './webhook-store.ts';

const webhookToWire = (w: WebhookRecord) => ({
  webhookId: w.webhookId,
  name: w.name,
  url: w.url,
  format: w.format,
  events: w.events,
  active: w.active,
  createdBy: w.createdBy,
  createdAt: w.createdAt.toISOString(),
  updatedBy: w.updatedBy,
  updatedAt: w.updatedAt.toISOString(),
  lastDelivery: w.lastDelivery && { status: w.lastDelivery.status, at: w.lastDelivery.at.toISOString() },
});

const deliveryToWire = (d: Delivery) => ({
  deliveryId: d.deliveryId,
  webhookId: d.webhookId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastHttpStatus: d.lastHttpStatus,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: d.status === 'PENDING' ? d.nextAttemptAt.toISOString() : null,
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  replayOf: d.replayOf,
});

export function webhookActions(service: WebhookService) {
  return [
    bindAction({
      contract: listWebhooks,
      handle: async () => ({ webhooks: (await service.list()).map(webhookToWire) }),
    }),
    bindAction({
      contract: setWebhook,
      handle: async (req, ctx) => {
        const { webhook, secret } = await service.set(ctx.caller, req);
        return secret === undefined ? { webhook: webhookToWire(webhook) } : { webhook: webhookToWire(webhook), secret };
      },
    }),
    bindAction({
      contract: deleteWebhook,
      handle: async (req, ctx) => {
        await service.delete(ctx.caller, req.webhookId);
        return { webhookId: req.webhookId, deleted: true as const };
      },
    }),
    bindAction({
      contract: testWebhook,
      handle: async (req, ctx) => ({ delivery: deliveryToWire(await service.test(ctx.caller, req.webhookId)) }),
    }),
    bindAction({
      contract: listWebhookDeliveries,
      handle: async (req) => ({
        deliveries: (await service.deliveries(req.webhookId, { status: req.status, limit: req.limit })).map(
          deliveryToWire,
        ),
      }),
    }),
    bindAction({
      contract: replayWebhookDelivery,
      handle: async (req, ctx) => ({ delivery: deliveryToWire(await service.replay(ctx.caller, req.deliveryId)) }),
    }),
  ];
}
