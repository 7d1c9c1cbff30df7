import type { Queryable } from '../../platform/db.ts';
import type { EmailKind } from './email-templates.ts';
import type { Notification, NotificationStatus, NotificationStore } from './notification-store.ts';

interface NotificationRow {
  id: string;
  created_at: Date;
  kind: EmailKind;
  promotion_id: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string;
  body_text: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  sent_at: Date | null;
}

const rowToNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  createdAt: r.created_at,
  kind: r.kind,
  promotionId: r.promotion_id,
  to: r.to_addresses,
  cc: r.cc_addresses,
  subject: r.subject,
  text: r.body_text,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  sentAt: r.sent_at,
});

export function createPgNotificationStore(db: Queryable): NotificationStore {
  return {
    async enqueue(tx, m) {
      const { rows } = await tx.query<{ id: string }>(
        `insert into notification_outbox (kind, promotion_id, to_addresses, cc_addresses, subject, body_text, dedupe_key, next_attempt_at)
         values ($1, $2, $3::text[], $4::text[], $5, $6, $7, $8)
         on conflict (dedupe_key) where dedupe_key is not null do nothing
         returning id`,
        [m.kind, m.promotionId, [...m.to], [...m.cc], m.subject, m.text, m.dedupeKey ?? null, m.dueAt],
      );
      return rows[0]?.id;
    },
    async claimDue(now, limit, leaseUntil) {
      // SKIP LOCKED: replicas claiming at the same moment take disjoint rows instead of waiting.
      // PGlite is one connection in one process, where the clause is accepted and never skips.
      const { rows } = await db.query<NotificationRow>(
        `update notification_outbox o set attempts = o.attempts + 1, next_attempt_at = $3
          where o.id in (
            select id from notification_outbox
             where status = 'PENDING' and next_attempt_at <= $1
             order by next_attempt_at, created_at
             limit $2
             for update skip locked)
          returning o.*`,
        [now, limit, leaseUntil],
      );
      return rows.map(rowToNotification).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    },
    async markSent(id, at) {
      await db.query(
        `update notification_outbox set status = 'SENT', sent_at = $2, last_error = null where id = $1 and status = 'PENDING'`,
        [id, at],
      );
    },
    async markFailed(id, error, nextAttemptAt) {
      await db.query(
        `update notification_outbox
            set last_error = $2, status = case when $3::timestamptz is null then 'FAILED' else 'PENDING' end,
                next_attempt_at = coalesce($3::timestamptz, next_attempt_at)
          where id = $1 and status = 'PENDING'`,
        [id, error, nextAttemptAt ?? null],
      );
    },
    async list({ status, promotionId, limit }) {
      const { rows } = await db.query<NotificationRow>(
        `select * from notification_outbox
          where ($1::text is null or status = $1) and ($2::text is null or promotion_id::text = lower($2))
          order by created_at desc, id
          limit $3`,
        [status ?? null, promotionId ?? null, limit],
      );
      return rows.map(rowToNotification);
    },
  };
}
