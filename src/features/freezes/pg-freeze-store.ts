import type { Queryable } from '../../platform/db.ts';
import type { FreezeKind, FreezeStore, FreezeWindowInput, FreezeWindowRecord } from './freeze-store.ts';

interface FreezeWindowRow {
  window_id: string;
  name: string;
  reason: string | null;
  kind: FreezeKind;
  starts_at: Date | null;
  ends_at: Date | null;
  cron: string | null;
  time_zone: string;
  duration_minutes: number | null;
  active: boolean;
  version: number;
  created_by: string;
  created_at: Date;
  updated_by: string;
  updated_at: Date;
}

const date = (d: Date | null) => (d ? new Date(d) : null);

const rowToWindow = (r: FreezeWindowRow): FreezeWindowRecord => ({
  windowId: r.window_id,
  name: r.name,
  reason: r.reason,
  kind: r.kind,
  startsAt: date(r.starts_at),
  endsAt: date(r.ends_at),
  cron: r.cron,
  timeZone: r.time_zone,
  durationMinutes: r.duration_minutes,
  active: r.active,
  version: r.version,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
});

const values = (w: FreezeWindowInput) => [
  w.name,
  w.reason,
  w.kind,
  w.startsAt,
  w.endsAt,
  w.cron,
  w.timeZone,
  w.durationMinutes,
  w.active,
];

export function createPgFreezeStore(db: Queryable): FreezeStore {
  return {
    async list({ activeOnly }, q = db) {
      const { rows } = await q.query<FreezeWindowRow>(
        'select * from freeze_window where active or not $1 order by lower(name), window_id',
        [activeOnly],
      );
      return rows.map(rowToWindow);
    },
    async get(windowId, q = db) {
      const { rows } = await q.query<FreezeWindowRow>('select * from freeze_window where window_id = $1', [windowId]);
      return rows[0] ? rowToWindow(rows[0]) : undefined;
    },
    async insert(tx, windowId, w, by) {
      const { rows } = await tx.query<FreezeWindowRow>(
        `insert into freeze_window (window_id, name, reason, kind, starts_at, ends_at, cron, time_zone,
           duration_minutes, active, created_by, updated_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) returning *`,
        [windowId, ...values(w), by],
      );
      return rowToWindow(rows[0]!);
    },
    async update(tx, windowId, version, w, by) {
      const { rows } = await tx.query<FreezeWindowRow>(
        `update freeze_window set name = $3, reason = $4, kind = $5, starts_at = $6, ends_at = $7, cron = $8,
           time_zone = $9, duration_minutes = $10, active = $11, updated_by = $12, updated_at = now(),
           version = version + 1
         where window_id = $1 and version = $2 returning *`,
        [windowId, version, ...values(w), by],
      );
      return rows[0] ? rowToWindow(rows[0]) : undefined;
    },
    async delete(tx, windowId, version) {
      const { rows } = await tx.query<FreezeWindowRow>(
        'delete from freeze_window where window_id = $1 and ($2::int is null or version = $2) returning *',
        [windowId, version ?? null],
      );
      return rows[0] ? rowToWindow(rows[0]) : undefined;
    },
  };
}
