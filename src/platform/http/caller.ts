import type { RecordRef, Tier } from '../../contracts/common.ts';

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

/** A record a request names: the field, what kind of record it names, and the id sent. */
export interface NamedRecord {
  field: string;
  ref: RecordRef;
  id: string;
}

/** The one door every action passes (implemented by the promotions feature). */
export interface AccessPolicy {
  /**
   * Throws unless the caller may act on every named record. A record the caller may not see is
   * answered exactly like one that does not exist, so an id reveals nothing about other teams.
   */
  authorize(caller: Caller, named: readonly NamedRecord[]): Promise<void>;
}

const RANK: Record<Tier, number> = { READONLY: 0, CONTRIBUTOR: 1, ADMIN: 2 };
export const tierAtLeast = (have: Tier, need: Tier) => RANK[have] >= RANK[need];

export const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
