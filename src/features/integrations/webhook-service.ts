import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { setWebhook } from '../../contracts/webhooks.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditEvent, AuditLog } from '../audit/audit-log.ts';
import { randomSecret } from '../identity/secrets.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';
import { dashboardLink, type WebhookEvent } from './webhook-messages.ts';
import { categoriesOf, webhookUrlProblem, type SelfAddress } from './webhook-rules.ts';
import type { Delivery, DeliveryStatus, WebhookRecord, WebhookStore } from './webhook-store.ts';

type SetRequest = z.output<typeof setWebhook.request>;

export interface WebhookService {
  list(): Promise<WebhookRecord[]>;
  /** Answers the secret only when this call generated or replaced it. */
  set(caller: Caller, req: SetRequest): Promise<{ webhook: WebhookRecord; secret?: string }>;
  delete(caller: Caller, webhookId: string): Promise<void>;
  /** Queues a test event for one endpoint, sends what is due, and answers that delivery. */
  test(caller: Caller, webhookId: string): Promise<Delivery>;
  deliveries(webhookId: string, q: { status?: DeliveryStatus | undefined; limit: number }): Promise<Delivery[]>;
  replay(caller: Caller, deliveryId: string): Promise<Delivery>;
  /**
   * The audit log's observer: queues a delivery per listening endpoint in the transaction that
   * records the event, so the event exists exactly when its change commits, and is sent after.
   */
  onAuditRecorded(tx: Tx, event: AuditEvent): Promise<void>;
}

export interface WebhookServiceDeps {
  db: Transactor;
  store: WebhookStore;
  audit: AuditLog;
  clock: Clock;
  dispatcher: WebhookDispatcher;
  publicUrl: string;
  /** Where Promo itself answers (read when a URL is checked: the listening port is known late). */
  selves: () => SelfAddress[];
}

const notFound = (webhookId: string) =>
  new AppError('WEBHOOK_NOT_FOUND', `No webhook ${webhookId}`, { details: { field: 'webhookId' } });

/** What an audit event of a webhook change says about it: never the secret. */
const auditDetails = (w: WebhookRecord) => ({
  webhookId: w.webhookId,
  name: w.name,
  format: w.format,
  events: w.events,
  active: w.active,
  host: new URL(w.url).host,
});

export function createWebhookService(deps: WebhookServiceDeps): WebhookService {
  const { db, store, audit, clock, dispatcher } = deps;

  const checkedUrl = (url: string) => {
    const problem = webhookUrlProblem(url, deps.selves());
    if (problem)
      throw new AppError('WEBHOOK_URL_REFUSED', `The webhook URL ${problem}.`, { details: { field: 'url' } });
    return new URL(url).toString();
  };

  const eventOf = (e: AuditEvent, categories: WebhookEvent['categories']): WebhookEvent => {
    const base = {
      type: e.action,
      promotionId: e.promotionId ?? null,
      details: e.details ?? {},
    };
    return {
      id: randomUUID(),
      ...base,
      categories,
      occurredAt: new Date(clock.now()).toISOString(),
      actor: e.actor,
      fromStatus: e.fromStatus ?? null,
      toStatus: e.toStatus ?? null,
      url: dashboardLink(deps.publicUrl, base),
    };
  };

  const sendSoon = (tx: Tx) => tx.afterCommit(() => dispatcher.kick());

  return {
    list: () => store.list(),

    async set(caller, req) {
      const input = {
        name: req.name,
        url: checkedUrl(req.url),
        format: req.format,
        events: [...new Set(req.events)],
        active: req.active,
      };
      const creating = !req.webhookId;
      const newSecret = req.secret ?? (creating || req.rotateSecret ? randomSecret('whsec_') : undefined);
      const webhookId = req.webhookId ?? randomUUID();
      const webhook = await db.transaction(async (tx) => {
        if (creating) await store.insert(tx, webhookId, input, newSecret!, caller.email);
        else if (!(await store.update(tx, webhookId, input, newSecret, caller.email))) throw notFound(webhookId);
        const saved = (await store.get(webhookId, tx))!;
        await audit.record(tx, {
          actor: caller.email,
          action: 'WEBHOOK_SET',
          details: { ...auditDetails(saved), created: creating, secretChanged: newSecret !== undefined },
        });
        return saved;
      });
      return newSecret === undefined ? { webhook } : { webhook, secret: newSecret };
    },

    async delete(caller, webhookId) {
      await db.transaction(async (tx) => {
        const gone = await store.delete(tx, webhookId);
        if (!gone) throw notFound(webhookId);
        await audit.record(tx, { actor: caller.email, action: 'WEBHOOK_DELETED', details: auditDetails(gone) });
      });
    },

    async test(caller, webhookId) {
      const deliveryId = await db.transaction(async (tx) => {
        const w = await store.get(webhookId, tx);
        if (!w) throw notFound(webhookId);
        const event = eventOf({ actor: caller.email, action: 'WEBHOOK_TEST', details: { webhookName: w.name } }, []);
        const id = await store.enqueueFor(tx, webhookId, event, new Date(clock.now()));
        await audit.record(tx, {
          actor: caller.email,
          action: 'WEBHOOK_TESTED',
          details: { ...auditDetails(w), deliveryId: id },
        });
        return id;
      });
      await dispatcher.deliverDue();
      return (await store.delivery(deliveryId))!;
    },

    async deliveries(webhookId, q) {
      if (!(await store.get(webhookId))) throw notFound(webhookId);
      return store.deliveries(webhookId, q);
    },

    async replay(caller, deliveryId) {
      const id = await db.transaction(async (tx) => {
        const original = await store.delivery(deliveryId, tx);
        if (!original)
          throw new AppError('WEBHOOK_DELIVERY_NOT_FOUND', `No webhook delivery ${deliveryId}`, {
            details: { field: 'deliveryId' },
          });
        const replayId = await store.enqueueFor(
          tx,
          original.webhookId,
          original.event,
          new Date(clock.now()),
          deliveryId,
        );
        await audit.record(tx, {
          actor: caller.email,
          action: 'WEBHOOK_DELIVERY_REPLAYED',
          details: { webhookId: original.webhookId, deliveryId, replayId, eventId: original.eventId },
        });
        sendSoon(tx);
        return replayId;
      });
      return (await store.delivery(id))!;
    },

    async onAuditRecorded(tx, e) {
      const categories = categoriesOf(e);
      if (!categories.length) return;
      const queued = await store.enqueueMatching(tx, categories, eventOf(e, categories), new Date(clock.now()));
      if (queued) sendSoon(tx);
    },
  };
}
