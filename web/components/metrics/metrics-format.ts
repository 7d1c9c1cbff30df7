// How the Metrics page words its figures and periods (pure, unit-tested).

export type Preset = '30d' | '90d' | '365d';
export const PRESETS: Array<{ value: Preset; label: string; days: number; bucket: 'day' | 'week' | 'month' }> = [
  { value: '30d', label: 'Last 30 days', days: 30, bucket: 'day' },
  { value: '90d', label: 'Last 90 days', days: 90, bucket: 'week' },
  { value: '365d', label: 'Last 12 months', days: 365, bucket: 'month' },
];

const DAY_MS = 86_400_000;

/** [from, to) of a preset: up to the end of today (UTC), so the last bucket is today's. */
export function presetPeriod(preset: Preset, now = Date.now()) {
  const p = PRESETS.find((x) => x.value === preset)!;
  const end = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return { from: new Date(end - p.days * DAY_MS).toISOString(), to: new Date(end).toISOString(), bucket: p.bucket };
}

/** A `yyyy-mm-dd` date input as the start of that UTC day. */
export const dayStart = (value: string) => new Date(`${value}T00:00:00Z`).toISOString();

/** Seconds as people say them: "45 min", "17.5 h", "3.2 days"; a dash when there is nothing to say. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${Math.round((seconds / 3600) * 10) / 10} h`;
  return `${Math.round((seconds / 86_400) * 10) / 10} days`;
}

export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

export const formatPerDay = (n: number) =>
  n >= 1 ? `${Math.round(n * 10) / 10} per day` : `${Math.round(n * 70) / 10} per week`;

/** A bucket's label on an axis or in a table: the day, or the month for monthly buckets. */
export function bucketLabel(iso: string, bucket: string): string {
  const d = new Date(iso);
  if (bucket === 'month') return d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
