import type { ActionResponse } from '../../api/client.ts';

export type FreezeWindowView = ActionResponse<'listFreezeWindows'>['windows'][number];
export type ActiveFreezeView = NonNullable<ActionResponse<'listFreezeWindows'>['activeFreeze']>;

/** "24 Dec 2025, 19:00 Europe/Berlin": a moment as the people of a window's time zone read it. */
export function inZone(iso: string, timeZone: string): string {
  try {
    const text = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );
    return `${text} ${timeZone}`;
  } catch {
    return iso;
  }
}

/** A `datetime-local` value (the browser's time zone) as an ISO instant; '' when incomplete. */
export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/** An ISO instant as a `datetime-local` value in the browser's time zone. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The window occurrence (of those listed) that covers `iso`, if any: a hint, the service decides. */
export function freezeAt(windows: readonly FreezeWindowView[], iso: string) {
  const t = new Date(iso).getTime();
  for (const w of windows) {
    if (!w.active) continue;
    const o = w.upcoming.find((x) => new Date(x.startsAt).getTime() <= t && t < new Date(x.endsAt).getTime());
    if (o) return { name: w.name, endsAt: o.endsAt, timeZone: w.timeZone };
  }
  return undefined;
}
