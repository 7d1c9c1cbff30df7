import { Cron } from 'croner';

/** A freeze window as the rules read it: only what decides when it freezes. */
export type FreezeSpan =
  | { windowId: string; name: string; timeZone: string; kind: 'ONE_OFF'; startsAt: Date; endsAt: Date }
  | {
      windowId: string;
      name: string;
      timeZone: string;
      kind: 'RECURRING';
      cron: string;
      durationMinutes: number;
    };

export interface ActiveFreeze {
  windowId: string;
  name: string;
  endsAt: Date;
  timeZone: string;
}

/** How far back `upcoming` and chained freezes are followed before giving up on a window that never ends. */
const MAX_CHAIN = 1000;

/**
 * Croner counts in whole seconds and its `previousRuns` is strictly before its reference: one
 * second past the floored instant makes it "the latest start at or before `at`".
 */
function latestStart(cron: Cron, at: Date): Date | undefined {
  const reference = new Date(Math.floor(at.getTime() / 1000) * 1000 + 1000);
  return cron.previousRuns(1, reference)[0];
}

const crons = new Map<string, Cron>();
/** A parsed, never-running croner instance; parsing is cached, the expressions are few. */
export function cronOf(expression: string, timeZone: string): Cron {
  const key = `${timeZone}\n${expression}`;
  let c = crons.get(key);
  if (!c) {
    c = new Cron(expression, { timezone: timeZone, paused: true });
    if (crons.size > 500) crons.clear();
    crons.set(key, c);
  }
  return c;
}

/**
 * Why a window definition cannot work, or undefined. Croner's own reason is kept: it names the
 * part of the expression that is wrong. An expression that parses but never matches (30 February)
 * is refused too.
 */
export function cronProblem(expression: string, timeZone: string): string | undefined {
  try {
    const next = new Cron(expression, { timezone: timeZone, paused: true }).nextRun();
    return next ? undefined : 'the expression never matches a date';
  } catch (e) {
    return (e as Error).message;
  }
}

export function timeZoneProblem(timeZone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return undefined;
  } catch {
    return `'${timeZone}' is not an IANA time zone (for example Europe/Berlin or America/New_York)`;
  }
}

/** The occurrence of one window that covers `at`, if any. */
function occurrenceAt(w: FreezeSpan, at: Date): { start: Date; end: Date } | undefined {
  if (w.kind === 'ONE_OFF') return w.startsAt <= at && at < w.endsAt ? { start: w.startsAt, end: w.endsAt } : undefined;
  // The latest start decides: an occurrence that started earlier ends earlier (same duration).
  const start = latestStart(cronOf(w.cron, w.timeZone), at);
  if (!start) return undefined;
  const end = new Date(start.getTime() + w.durationMinutes * 60_000);
  return at < end ? { start, end } : undefined;
}

/** The freeze in force at `at`; of overlapping windows the one that ends last, so its end is true. */
export function activeFreeze(windows: readonly FreezeSpan[], at: Date): ActiveFreeze | null {
  let found: ActiveFreeze | null = null;
  for (const w of windows) {
    const o = occurrenceAt(w, at);
    if (o && (!found || o.end > found.endsAt))
      found = { windowId: w.windowId, name: w.name, endsAt: o.end, timeZone: w.timeZone };
  }
  return found;
}

/**
 * The first instant at or after `at` outside every window: one freeze may end inside another
 * (chained or overlapping windows), so the search follows them. A window that never lets go
 * (a start every minute lasting an hour) stops the search after MAX_CHAIN steps.
 */
export function nextFreeFrom(windows: readonly FreezeSpan[], at: Date): Date {
  let t = at;
  for (let i = 0; i < MAX_CHAIN; i++) {
    const active = activeFreeze(windows, t);
    if (!active) return t;
    t = active.endsAt;
  }
  return t;
}

/** The next `n` occurrences of a window that end after `from` (one in force now comes first). */
export function upcoming(w: FreezeSpan, from: Date, n: number): Array<{ startsAt: Date; endsAt: Date }> {
  if (w.kind === 'ONE_OFF') return w.endsAt > from && n > 0 ? [{ startsAt: w.startsAt, endsAt: w.endsAt }] : [];
  const cron = cronOf(w.cron, w.timeZone);
  const out: Array<{ startsAt: Date; endsAt: Date }> = [];
  const current = occurrenceAt(w, from);
  if (current) out.push({ startsAt: current.start, endsAt: current.end });
  let after: Date | null = current ? current.start : from;
  while (out.length < n && after) {
    after = cron.nextRun(after);
    if (after) out.push({ startsAt: after, endsAt: new Date(after.getTime() + w.durationMinutes * 60_000) });
  }
  return out;
}

/** "2025-12-24T18:00:00.000Z (24 Dec 2025, 19:00 Europe/Berlin)": exact, and readable where the window lives. */
export function describeInstant(at: Date, timeZone: string): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
  return `${at.toISOString()} (${local} ${timeZone})`;
}
