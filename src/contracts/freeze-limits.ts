// Freeze window limits without the schema library, so the dashboard can import them cheaply.

/** A recurring window lasts at least a minute and at most 31 days. */
export const FREEZE_DURATION_MINUTES = { min: 1, max: 31 * 24 * 60 } as const;
/** How far ahead a production deployment may be scheduled. */
export const MAX_SCHEDULE_DAYS = 90;
