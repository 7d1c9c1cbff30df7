import type { Tier } from '../../contracts/common.ts';

/** The authenticated user of a request. Identity never comes from the request body (D4). */
export interface Caller {
  email: string;
  name: string;
  groups: string[];
  tier: Tier;
  /** How the caller proved who they are. */
  via: 'session' | 'api-token' | 'demo-token' | 'integration';
  /** Browser sessions only: the token state-changing requests must echo in `x-csrf-token`. */
  csrfToken?: string;
}

export interface AuthInput {
  method: string;
  authorization: string | undefined;
  sessionCookie: string | undefined;
  /** Headers a trusted integration uses to assert the user it acts for. */
  assertedUser: { email?: string; name?: string; groups?: string } | undefined;
  body: unknown;
}

/** Port implemented by the identity feature. */
export interface Authenticator {
  authenticate(input: AuthInput): Promise<Caller | null>;
}

/** Port implemented by the accounts (and later promotions) features. */
export interface AccessPolicy {
  canSeeAccount(caller: Caller, devAccountId: string): Promise<boolean>;
  /** The dev account a promotion belongs to, or undefined when no such promotion exists. */
  accountOfPromotion(promotionId: string): Promise<string | undefined>;
}

const RANK: Record<Tier, number> = { READONLY: 0, CONTRIBUTOR: 1, ADMIN: 2 };
export const tierAtLeast = (have: Tier, need: Tier) => RANK[have] >= RANK[need];

export const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
