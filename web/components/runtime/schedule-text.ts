import type { z } from 'zod';
import type { ScheduleRow } from '../../../src/contracts/runtimes.ts';

export type Schedule = z.infer<typeof ScheduleRow>;

// Boomi's Advanced schedule syntax: cron-like fields, with days of the week 1 (Sunday) to 7.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NUMBERS = /^\d+(,\d+)*$/;
const STEP = /^(\*|\d+(?:-\d+)?)\/(\d+)$/;

const pad = (n: string) => n.padStart(2, '0');
const list = (field: string) => field.replaceAll('-', '–').replaceAll(',', ', ');
/** Numbers in a field replaced by their names ("2-6" -> "Mon–Fri"). */
const named = (field: string, names: string[]) => list(field.replace(/\d+/g, (n) => names[Number(n) - 1] ?? n));

/** "every minute", "every 15 minutes", "every 2 hours (8–18)"; null when the field is not a repetition. */
function every(field: string, unit: string, full: string): string | null {
  if (field === '*') return `every ${unit}`;
  const step = STEP.exec(field);
  if (!step) return null;
  const range = step[1] === '*' || step[1] === full || /^0$/.test(step[1]!) ? '' : ` (${list(step[1]!)})`;
  return `every ${step[2]} ${unit}s${range}`;
}

function timeOfDay(minutes: string, hours: string): string {
  if (NUMBERS.test(minutes) && NUMBERS.test(hours)) {
    const times = hours.split(',').flatMap((h) => minutes.split(',').map((m) => `${pad(h)}:${pad(m)}`));
    if (times.length <= 6) return `at ${times.join(', ')}`;
  }
  if (NUMBERS.test(minutes) && hours === '*') return `every hour at minute ${list(minutes)}`;
  const m = every(minutes, 'minute', '0-59') ?? `at minutes ${list(minutes)}`;
  const h = hours === '*' ? '' : (every(hours, 'hour', '0-23') ?? `during hours ${list(hours)}`);
  return h ? `${m}, ${h}` : m;
}

/** One schedule row read aloud: "at 08:00, on Mon–Fri", "every 15 minutes, every day". */
export function scheduleText(s: Schedule): string {
  const parts = [timeOfDay(s.minutes, s.hours)];
  if (s.daysOfWeek !== '*') parts.push(`on ${named(s.daysOfWeek, DAYS)}`);
  if (s.daysOfMonth !== '*') parts.push(`on day ${list(s.daysOfMonth)} of the month`);
  if (s.daysOfWeek === '*' && s.daysOfMonth === '*') parts.push('every day');
  if (s.months !== '*') parts.push(`in ${named(s.months, MONTHS)}`);
  if (s.years !== '*') parts.push(`in ${list(s.years)}`);
  return parts.join(', ');
}

/** The row as Boomi writes it, for the tooltip. */
export const scheduleFields = (s: Schedule) =>
  `minutes ${s.minutes} · hours ${s.hours} · days of month ${s.daysOfMonth} · months ${s.months} · days of week ${s.daysOfWeek} · years ${s.years}`;
