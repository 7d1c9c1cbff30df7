import type { Queryable } from '../../platform/db.ts';
import type { AuditLog, RecordedAuditEvent } from './audit-log.ts';

interface AuditEventRow {
  id: string | number;
  occurred_at: Date;
  actor: string;
  action: string;
  promotion_id: string | null;
  from_status: string | null;
  to_status: string | null;
  details: Record<string, unknown>;
}

const rowToEvent = (r: AuditEventRow): RecordedAuditEvent => ({
  id: Number(r.id),
  occurredAt: r.occurred_at,
  actor: r.actor,
  action: r.action,
  promotionId: r.promotion_id,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  details: r.details,
});

/** Where committed state changes are logged (the service's logger); silent when not given. */
export interface ChangeLog {
  info(fields: Record<string, unknown>, message: string): void;
}

export function createPgAuditLog(db: Queryable, log?: ChangeLog): AuditLog {
  return {
    async record(tx, e) {
      // Logged once the change has committed: a rolled-back transition never reaches the log.
      if (log) {
        const fields = {
          audit: e.action,
          actor: e.actor,
          promotionId: e.promotionId,
          from: e.fromStatus,
          to: e.toStatus,
        };
        tx.afterCommit(() => log.info(fields, 'state change'));
      }
      await tx.query(
        'insert into audit_event (actor, action, promotion_id, from_status, to_status, details) values ($1, $2, $3, $4, $5, $6)',
        [
          e.actor,
          e.action,
          e.promotionId ?? null,
          e.fromStatus ?? null,
          e.toStatus ?? null,
          JSON.stringify(e.details ?? {}),
        ],
      );
    },
    async forPromotion(promotionId) {
      const { rows } = await db.query<AuditEventRow>('select * from audit_event where promotion_id = $1 order by id', [
        promotionId,
      ]);
      return rows.map(rowToEvent);
    },
    async recent({ limit, action }) {
      const { rows } = await db.query<AuditEventRow>(
        'select * from audit_event where ($1::text is null or action = $1) order by id desc limit $2',
        [action ?? null, limit],
      );
      return rows.map(rowToEvent);
    },
  };
}
