import type { Tone } from '../Badge.tsx';

/** Branch age colours (20-dashboard.md §3.1): 0–14 days green, 15–30 amber, over 30 red. */
export const ageTone = (days: number): Tone => (days > 30 ? 'red' : days >= 15 ? 'amber' : 'green');

/** Past this many days a test deployment is called stale (advisory only). */
export const STALE_DAYS = 30;
