import { z } from 'zod';
import { LIMITS, TIERS } from './common.ts';

/** Who is signed in: what the dashboard needs to draw its header and navigation. */
export const Me = z.object({
  email: z.string(),
  name: z.string(),
  tier: z.enum(TIERS),
  groups: z.array(z.string()),
  via: z.enum(['session', 'api-token', 'demo-token', 'integration']),
  csrfToken: z.string().optional(),
});

/**
 * `GET /auth/session`: who is signed in, if anyone. Answers 200 either way, so a sign-in page that
 * asks is not a failed request; `/api/me` keeps answering 401 to callers without credentials.
 */
export const SessionState = z.union([
  z.object({ signedIn: z.literal(false) }),
  Me.extend({ signedIn: z.literal(true) }),
]);

export const AuthConfig = z.object({
  demo: z.boolean(),
  sso: z.boolean(),
  demoUsers: z.array(z.object({ email: z.string(), name: z.string(), tier: z.enum(TIERS) })),
});

export const DemoSignInRequest = z.strictObject({ email: z.email().max(LIMITS.email) });

export const CreateTokenRequest = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const ApiTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const CreatedToken = ApiTokenInfo.extend({
  /** Shown once; only its hash is kept. Use as HTTP Basic `email:token`. */
  token: z.string(),
});
