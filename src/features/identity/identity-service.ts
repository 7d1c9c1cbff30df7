import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { constantTimeEqual } from '../../platform/http/auth-hook.ts';
import type { AuthInput, Authenticator, Caller } from '../../platform/http/caller.ts';
import { assertedEmail, assertedGroups } from '../../platform/http/identity-fields.ts';
import { resolveTier, type GroupNames } from '../accounts/tiers.ts';
import type { ApiToken, IdentityStore, SignedInUser, UserSource } from './identity-store.ts';
import type { DemoUser } from './demo-users.ts';
import { hashSecret, randomSecret } from './secrets.ts';
import type { OidcClient } from './oidc.ts';

export interface IdentityService extends Authenticator {
  /** Starts a browser session; returns the cookie value (shown once) and its CSRF token. */
  startSession(
    user: SignedInUser,
    source: UserSource,
  ): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }>;
  endSession(sessionId: string): Promise<void>;
  demoUser(email: string): DemoUser | undefined;
  createToken(caller: Caller, name: string): Promise<{ token: string; record: ApiToken }>;
  listTokens(caller: Caller): Promise<ApiToken[]>;
  revokeToken(caller: Caller, id: string): Promise<ApiToken>;
  /** Single sign-on: the identity provider URL to send the browser to. */
  beginSignIn(returnTo: string): Promise<string>;
  /** Single sign-on: the user the provider vouches for, once the callback checks out. */
  finishSignIn(callbackUrl: URL): Promise<{ user: SignedInUser; returnTo: string }>;
}

export interface IdentityDeps {
  store: IdentityStore;
  clock: Clock;
  groups: GroupNames;
  sessionTtlMs: number;
  /** Demo users, only in demo mode. */
  demoUsers: DemoUser[];
  integrationToken: string | undefined;
  oidc: OidcClient | undefined;
}

const SIGN_IN_WINDOW_MS = 10 * 60_000;

const TOKEN_TOUCH_INTERVAL_MS = 5 * 60_000;

export function createIdentityService(deps: IdentityDeps): IdentityService {
  const { store, clock, groups } = deps;
  const demoByEmail = new Map(deps.demoUsers.map((u) => [u.email, u]));
  // Best-effort throttles for "last seen" bookkeeping; correctness never depends on them.
  const tokenTouched = new Map<string, number>();
  const demoSeen = new Set<string>();

  const caller = (
    email: string,
    name: string,
    userGroups: string[],
    via: Caller['via'],
    csrfToken?: string,
  ): Caller => ({
    email,
    name,
    groups: userGroups,
    tier: resolveTier(userGroups, groups),
    via,
    ...(csrfToken ? { csrfToken } : {}),
  });

  function parseBasic(header: string): { user: string; secret: string } | undefined {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) return undefined;
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    return i < 0 ? undefined : { user: decoded.slice(0, i).trim().toLowerCase(), secret: decoded.slice(i + 1) };
  }

  function integrationCaller(input: AuthInput): Caller | null {
    const email = (input.assertedUser?.email ?? assertedEmail(input.body))?.trim().toLowerCase();
    if (!email) return null;
    const asserted =
      input.assertedUser?.groups
        ?.split(',')
        .map((g) => g.trim())
        .filter(Boolean) ??
      assertedGroups(input.body) ??
      [];
    return caller(email, input.assertedUser?.name ?? email, asserted, 'integration');
  }

  async function tokenCaller(email: string, secret: string): Promise<Caller | null> {
    const demo = demoByEmail.get(email);
    if (demo) {
      if (!constantTimeEqual(secret, demo.token)) return null;
      if (!demoSeen.has(email)) {
        demoSeen.add(email);
        await store.touchUser({ email, displayName: demo.name, groups: demo.groups, source: 'DEMO' });
      }
      return caller(email, demo.name, demo.groups, 'demo-token');
    }
    const presented = hashSecret(secret);
    const match = (await store.liveTokens(email)).find((t) => constantTimeEqual(t.tokenHash, presented));
    if (!match) return null;
    const user = await store.getUser(email);
    if (!user) return null;
    const now = clock.now();
    if ((tokenTouched.get(match.id) ?? 0) < now - TOKEN_TOUCH_INTERVAL_MS) {
      tokenTouched.set(match.id, now);
      await store.markTokenUsed(match.id);
    }
    return caller(email, user.displayName, user.groups, 'api-token');
  }

  return {
    async authenticate(input) {
      if (input.authorization) {
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(input.authorization)?.[1];
        const basic = bearer ? undefined : parseBasic(input.authorization);
        const integrationSecret = bearer ?? (basic?.user === 'integration' ? basic.secret : undefined);
        if (integrationSecret !== undefined) {
          return deps.integrationToken && constantTimeEqual(integrationSecret, deps.integrationToken)
            ? integrationCaller(input)
            : null;
        }
        return basic ? tokenCaller(basic.user, basic.secret) : null;
      }
      if (input.sessionCookie) {
        const s = await store.getSession(hashSecret(input.sessionCookie), new Date(clock.now()));
        return s ? caller(s.userEmail, s.displayName, s.groups, 'session', s.csrfToken) : null;
      }
      return null;
    },

    async startSession(user, source) {
      const email = user.email.trim().toLowerCase();
      const sessionId = randomSecret();
      const csrfToken = randomSecret();
      const expiresAt = new Date(clock.now() + deps.sessionTtlMs);
      await store.touchUser({ email, displayName: user.name, groups: user.groups, source });
      await store.createSession(hashSecret(sessionId), {
        userEmail: email,
        displayName: user.name,
        groups: user.groups,
        csrfToken,
        source,
        expiresAt,
      });
      return { sessionId, csrfToken, expiresAt };
    },
    endSession: (sessionId) => store.deleteSession(hashSecret(sessionId)),
    demoUser: (email) => demoByEmail.get(email.trim().toLowerCase()),

    async createToken(c, name) {
      if (c.via === 'integration')
        throw new AppError('INSUFFICIENT_TIER', 'A trusted integration cannot create personal tokens');
      if (demoByEmail.has(c.email))
        throw new AppError('INVALID_REQUEST', 'Demo users already have their demo-<name> token', {
          details: { field: 'name' },
        });
      // The token acts with the groups the user's identity provider last gave them (app_user).
      const token = randomSecret('promo_');
      const record = await store.createToken({ userEmail: c.email, name, tokenHash: hashSecret(token) });
      return { token, record };
    },
    listTokens: (c) => store.listTokens(c.email),
    async revokeToken(c, id) {
      const gone = await store.revokeToken(c.email, id);
      if (!gone) throw new AppError('NOT_FOUND', 'No live token with that id belongs to you');
      return gone;
    },

    async beginSignIn(returnTo) {
      if (!deps.oidc) throw new AppError('NOT_FOUND', 'Single sign-on is not configured');
      const { url, state, nonce, codeVerifier } = await deps.oidc.begin();
      await store.saveOidcLogin({ state, nonce, codeVerifier, returnTo: safeReturnTo(returnTo) });
      return url;
    },
    async finishSignIn(callbackUrl) {
      if (!deps.oidc) throw new AppError('NOT_FOUND', 'Single sign-on is not configured');
      const state = callbackUrl.searchParams.get('state') ?? '';
      const login = state ? await store.takeOidcLogin(state, new Date(clock.now() - SIGN_IN_WINDOW_MS)) : undefined;
      if (!login) throw new AppError('UNAUTHENTICATED', 'This sign-in attempt is unknown or expired; start again');
      const user = await deps.oidc.finish(callbackUrl, login);
      return { user, returnTo: login.returnTo };
    },
  };
}

/** Only paths of this site: an open redirect after sign-in would hand sessions to phishers. */
export function safeReturnTo(returnTo: string | undefined): string {
  return returnTo && /^\/(?![/\\])[\w\-./?=&%#]*$/.test(returnTo) ? returnTo : '/';
}
