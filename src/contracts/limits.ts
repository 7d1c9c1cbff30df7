// Constants with no schema library behind them, so the dashboard can import them without
// pulling the schemas into its first-visit bundle.

export const TIERS = ['READONLY', 'CONTRIBUTOR', 'ADMIN'] as const;
export type Tier = (typeof TIERS)[number];

/** Shared limits: the dashboard validates with the same numbers the service enforces. */
export const LIMITS = {
  id: 100,
  name: 255,
  email: 254,
  comments: 500,
  justification: 1000,
  packageVersion: 20,
  groups: 200,
  groupName: 256,
  pageSize: 500,
} as const;
