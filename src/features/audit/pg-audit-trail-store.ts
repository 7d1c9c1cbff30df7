import type { Queryable } from '../../platform/db.ts';
import type { AuditTrailFilter, AuditTrailStore, TrailEvent } from './audit-trail-store.ts';

interface TrailRow {
  id: string | number;
  chain_seq: string | number | null;
  occurred: string;
  actor: string;
  action: string;
  promotion_id: string | null;
  from_status: string | null;
  to_status: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string | null;
}

interface LinkRow {
  id: string | number;
  chain_seq: string | number;
  prev_hash: string | null;
  hash: string | null;
  canonical: string;
}

// The same rendering of the time as the hashed content (migration 0022), so what the page and
// the export show is what an outside verifier would hash.
const COLUMNS = `id, chain_seq, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred,
  actor, action, promotion_id, from_status, to_status, details, prev_hash, hash`;

const rowToEvent = (r: TrailRow): TrailEvent => ({
  id: Number(r.id),
  chainSeq: r.chain_seq === null ? null : Number(r.chain_seq),
  occurredAt: r.occurred,
  actor: r.actor,
  action: r.action,
  promotionId: r.promotion_id,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  details: r.details,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The filter as SQL conditions; each value becomes a parameter appended to `params`. */
function conditions(f: AuditTrailFilter, params: unknown[]): string[] {
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    return sql(`$${params.length}`);
  };
  const c = ['chain_seq is not null'];
  if (f.from) c.push(add((p) => `occurred_at >= ${p}::timestamptz`, f.from));
  if (f.to) c.push(add((p) => `occurred_at < ${p}::timestamptz`, f.to));
  if (f.actor) c.push(add((p) => `lower(actor) = lower(${p})`, f.actor));
  if (f.action) c.push(add((p) => `action = ${p}`, f.action));
  if (f.promotionId) c.push(add((p) => `promotion_id = ${p}::uuid`, f.promotionId));
  return c;
}

export function createPgAuditTrailStore(db: Queryable): AuditTrailStore {
  return {
    async list(filter, { beforeSeq, limit }) {
      const params: unknown[] = [];
      const c = conditions(filter, params);
      if (beforeSeq !== undefined) {
        params.push(beforeSeq);
        c.push(`chain_seq < $${params.length}`);
      }
      params.push(limit);
      const { rows } = await db.query<TrailRow>(
        `select ${COLUMNS} from audit_event where ${c.join(' and ')} order by chain_seq desc limit $${params.length}`,
        params,
      );
      return rows.map(rowToEvent);
    },
    async after(filter, afterSeq, limit) {
      const params: unknown[] = [afterSeq];
      const c = [...conditions(filter, params), 'chain_seq > $1'];
      params.push(limit);
      const { rows } = await db.query<TrailRow>(
        `select ${COLUMNS} from audit_event where ${c.join(' and ')} order by chain_seq limit $${params.length}`,
        params,
      );
      return rows.map(rowToEvent);
    },
    async links(afterSeq, limit) {
      const { rows } = await db.query<LinkRow>(
        `select id, chain_seq, prev_hash, hash,
           audit_event_canonical(chain_seq, id, occurred_at, actor, action, promotion_id, from_status, to_status, details)
             as canonical
         from audit_event where chain_seq > $1 order by chain_seq limit $2`,
        [afterSeq, limit],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        chainSeq: Number(r.chain_seq),
        prevHash: r.prev_hash,
        hash: r.hash,
        canonical: r.canonical,
      }));
    },
    async firstUnchained() {
      const { rows } = await db.query<{ id: string | number }>(
        'select id from audit_event where chain_seq is null order by id limit 1',
      );
      return rows[0] ? Number(rows[0].id) : undefined;
    },
  };
}
