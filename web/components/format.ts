/** Formatting rules of 20-dashboard.md §3.2. */

export const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '-' : String(v);

/** The first `n` characters of an id followed by "...", or "-". The full value goes in a tooltip. */
export const shortId = (id: string | null | undefined, n: number) =>
  !id ? '-' : id.length > n ? `${id.slice(0, n)}...` : id;

export const truncate = (text: string | null | undefined, n: number) =>
  !text ? '' : text.length > n ? `${text.slice(0, n)}…` : text;

const pad = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD HH:mm" in the browser's time zone. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "Today", "Yesterday", "3 days ago". */
export function relativeDays(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '-';
  const days = Math.floor((now - new Date(iso).getTime()) / 86_400_000);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return `${days} days ago`;
}

/** "X new, Y updated". */
export const createdUpdated = (created: number | null | undefined, updated: number | null | undefined) =>
  `${created ?? 0} new, ${updated ?? 0} updated`;

/** "2026-02-14 09:15 (2 days ago)", as P9's Test Deployed column shows it (§3.2). */
export const dateWithAge = (iso: string | null | undefined) =>
  iso ? `${formatDate(iso)} (${relativeDays(iso).toLowerCase()})` : '-';

/** "10 (8 new, 2 updated)": a queue card's Components line. */
export const componentCounts = (
  total: number,
  created: number | null | undefined,
  updated: number | null | undefined,
) => `${total} (${createdUpdated(created, updated)})`;

/** "1 connection", "3 connections", "0 connections"; irregular words pass their plural form. */
export const plural = (n: number, singular: string, pluralForm = `${singular}s`) =>
  `${n} ${n === 1 ? singular : pluralForm}`;

/** "HH:mm:ss" in the browser's time zone: when a live list was last read. */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
