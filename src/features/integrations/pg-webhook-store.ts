import type { Queryable } from '../../platform/db.ts';
import type { WebhookEvent, WebhookFormat } from './webhook-messages.ts';
import type { WebhookCategory } from './webhook-rules.ts';
import type { Delivery, DeliveryStatus, DueDelivery, WebhookRecord, WebhookStore } from './webhook-store.ts';

interface WebhookRow {
  webhook_id: string;
  name: string;
  url: string;
  format: WebhookFormat;
  events: WebhookCategory[];
  active: boolean;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
  last_status: DeliveryStatus | null;
  last_at: Date | null;
}

interface DeliveryRow {
  delivery_id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  event: WebhookEvent | string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_http_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  replay_of: string | null;
  created_at: Date;
}

const date = (d: Date | null) => (d ? new Date(d) : null);

const rowToWebhook = (r: WebhookRow): WebhookRecord => ({
  webhookId: r.webhook_id,
  name: r.name,
  url: r.url,
  format: r.format,
  events: r.events,
  active: r.active,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
  lastDelivery: r.last_status && r.last_at ? { status: r.last_status, at: new Date(r.last_at) } : null,
});

const rowToDelivery = (r: DeliveryRow): Delivery => ({
  deliveryId: r.delivery_id,
  webhookId: r.webhook_id,
  eventId: r.event_id,
  eventType: r.event_type,
  event: typeof r.event === 'string' ? (JSON.parse(r.event) as WebhookEvent) : r.event,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: new Date(r.next_attempt_at),
  lastAttemptAt: date(r.last_attempt_at),
  lastHttpStatus: r.last_http_status,
  lastError: r.last_error,
  deliveredAt: date(r.delivered_at),
  replayOf: r.replay_of,
  createdAt: new Date(r.created_at),
});

// The secret column is named in no query but the dispatcher's claim: nothing else can leak it.
const WEBHOOK_COLUMNS = `w.webhook_id, w.name, w.url, w.format, w.events, w.active, w.created_by, w.created_at,
  w.updated_by, w.updated_at, last.status as last_status, coalesce(last.delivered_at, last.last_attempt_at) as last_at`;
const LATEST = `left join lateral (
  select d.status, d.delivered_at, d.last_attempt_at from webhook_delivery d
   where d.webhook_id = w.webhook_id and d.last_attempt_at is not null
   order by d.last_attempt_at desc limit 1) last on true`;

export function createPgWebhookStore(db: Queryable): WebhookStore {
  return {
    async list(q = db) {
      const { rows } = await q.query<WebhookRow>(
        `select ${WEBHOOK_COLUMNS} from webhook w ${LATEST} order by lower(w.name), w.webhook_id`,
      );
      return rows.map(rowToWebhook);
    },
    async get(webhookId, q = db) {
      const { rows } = await q.query<WebhookRow>(
        `select ${WEBHOOK_COLUMNS} from webhook w ${LATEST} where w.webhook_id = $1`,
        [webhookId],
      );
      return rows[0] && rowToWebhook(rows[0]);
    },
    async insert(tx, webhookId, w, secret, by) {
      await tx.query(
        `insert into webhook (webhook_id, name, url, format, events, active, secret, created_by, updated_by)
         values ($1, $2, $3, $4, $5::text[], $6, $7, $8, $8)`,
        [webhookId, w.name, w.url, w.format, w.events, w.active, secret, by],
      );
    },
    async update(tx, webhookId, w, secret, by) {
      const { rowCount } = await tx.query(
        `update webhook set name = $2, url = $3, format = $4, events = $5::text[], active = $6,
                secret = coalesce($7, secret), updated_by = $8, updated_at = now()
          where webhook_id = $1`,
        [webhookId, w.name, w.url, w.format, w.events, w.active, secret ?? null, by],
      );
      return rowCount > 0;
    },
    async delete(tx, webhookId) {
      const gone = await this.get(webhookId, tx);
      if (gone) await tx.query('delete from webhook where webhook_id = $1', [webhookId]);
      return gone;
    },
    async enqueueMatching(tx, categories, event, dueAt) {
      const { rowCount } = await tx.query(
        `insert into webhook_delivery (webhook_id, event_id, event_type, event, next_attempt_at)
         select webhook_id, $1, $2, $3::jsonb, $4 from webhook where active and events && $5::text[]`,
        [event.id, event.type, JSON.stringify(event), dueAt, [...categories]],
      );
      return rowCount;
    },
    async enqueueFor(tx, webhookId, event, dueAt, replayOf) {
      const { rows } = await tx.query<{ delivery_id: string }>(
        `insert into webhook_delivery (webhook_id, event_id, event_type, event, next_attempt_at, replay_of)
         values ($1, $2, $3, $4::jsonb, $5, $6) returning delivery_id`,
        [webhookId, event.id, event.type, JSON.stringify(event), dueAt, replayOf ?? null],
      );
      return rows[0]!.delivery_id;
    },
    async claimDue(now, limit, leaseUntil) {
      // SKIP LOCKED: replicas claiming at the same moment take disjoint rows instead of waiting.
      const { rows } = await db.query<DeliveryRow & { url: string; format: WebhookFormat; secret: string }>(
        `with claimed as (
           update webhook_delivery d set attempts = d.attempts + 1, next_attempt_at = $3, last_attempt_at = $1
            where d.delivery_id in (
              select delivery_id from webhook_delivery
               where status = 'PENDING' and next_attempt_at <= $1
               order by next_attempt_at, created_at
               limit $2
               for update skip locked)
            returning d.*)
         select c.*, w.url, w.format, w.secret from claimed c join webhook w on w.webhook_id = c.webhook_id`,
        [now, limit, leaseUntil],
      );
      return rows
        .map((r): DueDelivery => ({ ...rowToDelivery(r), url: r.url, format: r.format, secret: r.secret }))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async markSent(deliveryId, at, httpStatus) {
      await db.query(
        `update webhook_delivery set status = 'SENT', delivered_at = $2, last_http_status = $3, last_error = null
          where delivery_id = $1 and status = 'PENDING'`,
        [deliveryId, at, httpStatus],
      );
    },
    async markFailed(deliveryId, failure, nextAttemptAt) {
      await db.query(
        `update webhook_delivery
            set last_error = $2, last_http_status = $3,
                status = case when $4::timestamptz is null then 'FAILED' else 'PENDING' end,
                next_attempt_at = coalesce($4::timestamptz, next_attempt_at)
          where delivery_id = $1 and status = 'PENDING'`,
        [deliveryId, failure.error, failure.httpStatus, nextAttemptAt ?? null],
      );
    },
    async deliveries(webhookId, { status, limit }) {
      const { rows } = await db.query<DeliveryRow>(
        `select * from webhook_delivery where webhook_id = $1 and ($2::text is null or status = $2)
          order by created_at desc, delivery_id limit $3`,
        [webhookId, status ?? null, limit],
      );
      return rows.map(rowToDelivery);
    },
    async delivery(deliveryId, q = db) {
      const { rows } = await q.query<DeliveryRow>('select * from webhook_delivery where delivery_id = $1', [
        deliveryId,
      ]);
      return rows[0] && rowToDelivery(rows[0]);
    },
  };
}
