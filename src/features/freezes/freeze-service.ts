import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { FreezeWindow, deleteFreezeWindow, setFreezeWindow } from '../../contracts/freezes.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { FreezeStore, FreezeWindowInput, FreezeWindowRecord } from './freeze-store.ts';
import {
  activeFreeze,
  cronProblem,
  describeInstant,
  nextFreeFrom,
  timeZoneProblem,
  upcoming,
  type ActiveFreeze,
  type FreezeSpan,
} from './freeze-rules.ts';

type SetRequest = z.output<typeof setFreezeWindow.request>;
type DeleteRequest = z.output<typeof deleteFreezeWindow.request>;
type WindowView = z.input<typeof FreezeWindow>;

/** What production deployments ask of the freeze windows (the deployments feature holds this port). */
export interface FreezeGate {
  /** The freeze in force at `at`, read in `tx` when the caller is inside a transaction. */
  activeAt(at: Date, tx?: Tx): Promise<ActiveFreeze | null>;
  /** The first moment at or after `at` that no window freezes. */
  freeFrom(at: Date, tx?: Tx): Promise<Date>;
}

export interface FreezeService extends FreezeGate {
  list(includeInactive: boolean): Promise<{ windows: WindowView[]; activeFreeze: ActiveFreezeView | null }>;
  set(caller: Caller, req: SetRequest): Promise<{ window: WindowView }>;
  delete(caller: Caller, req: DeleteRequest): Promise<{ windowId: string; deleted: true }>;
}

interface ActiveFreezeView {
  windowId: string;
  name: string;
  endsAt: string;
  timeZone: string;
}

const invalid = (field: string, message: string) =>
  new AppError('INVALID_REQUEST', `${field}: ${message}`, { details: { field } });

export const toSpan = (w: FreezeWindowRecord): FreezeSpan =>
  w.kind === 'ONE_OFF'
    ? {
        windowId: w.windowId,
        name: w.name,
        timeZone: w.timeZone,
        kind: 'ONE_OFF',
        startsAt: w.startsAt!,
        endsAt: w.endsAt!,
      }
    : {
        windowId: w.windowId,
        name: w.name,
        timeZone: w.timeZone,
        kind: 'RECURRING',
        cron: w.cron!,
        durationMinutes: w.durationMinutes!,
      };

/** The refusal of a production deployment during a freeze: which window, and until when. */
export function freezeRefusal(f: ActiveFreeze): AppError {
  return new AppError(
    'FREEZE_ACTIVE',
    `Production deployments are frozen by '${f.name}' until ${describeInstant(f.endsAt, f.timeZone)}. ` +
      'Schedule the deployment for after the freeze, or ask for a break-glass hotfix.',
    {
      details: { windowId: f.windowId, name: f.name, endsAt: f.endsAt.toISOString() },
      fields: { freeze: { windowId: f.windowId, name: f.name, endsAt: f.endsAt.toISOString(), timeZone: f.timeZone } },
    },
  );
}

/** The checks the contract cannot make: the cron expression, the time zone, the order of the times. */
function checkedInput(req: SetRequest): FreezeWindowInput {
  const zoneProblem = timeZoneProblem(req.timeZone);
  if (zoneProblem) throw invalid('timeZone', zoneProblem);
  const common = { name: req.name, reason: req.reason || null, timeZone: req.timeZone, active: req.active };
  if (req.kind === 'ONE_OFF') {
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt');
    return { ...common, kind: 'ONE_OFF', startsAt, endsAt, cron: null, durationMinutes: null };
  }
  const problem = cronProblem(req.cron, req.timeZone);
  if (problem) throw invalid('cron', `not a usable cron expression: ${problem}`);
  return {
    ...common,
    kind: 'RECURRING',
    startsAt: null,
    endsAt: null,
    cron: req.cron,
    durationMinutes: req.durationMinutes,
  };
}

export function createFreezeService(deps: {
  db: Transactor;
  store: FreezeStore;
  audit: AuditLog;
  clock: Clock;
}): FreezeService {
  const { db, store, audit, clock } = deps;
  const spans = async (tx?: Tx) => (await store.list({ activeOnly: true }, tx)).map(toSpan);

  const view = (w: FreezeWindowRecord, now: Date): WindowView => {
    const span = toSpan(w);
    const current = w.active ? activeFreeze([span], now) : null;
    return {
      ...auditDetails(w),
      reason: w.reason,
      createdBy: w.createdBy,
      createdAt: w.createdAt.toISOString(),
      updatedBy: w.updatedBy,
      updatedAt: w.updatedAt.toISOString(),
      upcoming: upcoming(span, now, 3).map((o) => ({
        startsAt: o.startsAt.toISOString(),
        endsAt: o.endsAt.toISOString(),
      })),
      activeUntil: current?.endsAt.toISOString() ?? null,
    };
  };

  const auditDetails = (w: FreezeWindowRecord) => ({
    windowId: w.windowId,
    name: w.name,
    kind: w.kind,
    startsAt: w.startsAt?.toISOString() ?? null,
    endsAt: w.endsAt?.toISOString() ?? null,
    cron: w.cron,
    timeZone: w.timeZone,
    durationMinutes: w.durationMinutes,
    active: w.active,
    version: w.version,
  });

  const stale = (windowId: string) =>
    new AppError(
      'FREEZE_WINDOW_CONFLICT',
      `Freeze window ${windowId} was changed by someone else since you read it; reload it and try again`,
    );

  return {
    activeAt: async (at, tx) => activeFreeze(await spans(tx), at),
    freeFrom: async (at, tx) => nextFreeFrom(await spans(tx), at),

    async list(includeInactive) {
      const now = new Date(clock.now());
      const windows = await store.list({ activeOnly: !includeInactive });
      const active = activeFreeze(windows.filter((w) => w.active).map(toSpan), now);
      return {
        windows: windows.map((w) => view(w, now)),
        activeFreeze: active && {
          windowId: active.windowId,
          name: active.name,
          endsAt: active.endsAt.toISOString(),
          timeZone: active.timeZone,
        },
      };
    },

    async set(caller, req) {
      const input = checkedInput(req);
      const saved = await db.transaction(async (tx) => {
        let w: FreezeWindowRecord | undefined;
        let before: FreezeWindowRecord | undefined;
        if (req.windowId) {
          before = await store.get(req.windowId, tx);
          if (!before) throw new AppError('FREEZE_WINDOW_NOT_FOUND', `No freeze window ${req.windowId}`);
          w = await store.update(tx, req.windowId, req.version ?? before.version, input, caller.email);
          if (!w) throw stale(req.windowId);
        } else {
          w = await store.insert(tx, randomUUID(), input, caller.email);
        }
        await audit.record(tx, {
          actor: caller.email,
          action: 'FREEZE_WINDOW_SET',
          details: { ...auditDetails(w), created: !before, ...(before ? { previous: auditDetails(before) } : {}) },
        });
        return w;
      });
      return { window: view(saved, new Date(clock.now())) };
    },

    async delete(caller, req) {
      await db.transaction(async (tx) => {
        const gone = await store.delete(tx, req.windowId, req.version);
        if (!gone) {
          if (await store.get(req.windowId, tx)) throw stale(req.windowId);
          throw new AppError('FREEZE_WINDOW_NOT_FOUND', `No freeze window ${req.windowId}`);
        }
        await audit.record(tx, { actor: caller.email, action: 'FREEZE_WINDOW_DELETED', details: auditDetails(gone) });
      });
      return { windowId: req.windowId, deleted: true as const };
    },
  };
}
