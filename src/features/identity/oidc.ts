import * as oidc from 'openid-client';
import { AppError } from '../../platform/errors.ts';
import type { SignedInUser } from './identity-store.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupClaim: string;
  scopes: string;
  redirectUri: string;
}

export interface OidcClient {
  /** Where to send the browser, and the secrets to keep until it comes back. */
  begin(): Promise<{ url: string; state: string; nonce: string; codeVerifier: string }>;
  finish(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<SignedInUser>;
}

const isLoopback = (u: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);

/** OpenID Connect authorization code flow with PKCE; groups from a configurable claim. */
export function createOidcClient(settings: OidcSettings): OidcClient {
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    if (!discovered) {
      const issuer = new URL(settings.issuer);
      // Plain http is tolerated for a provider on this machine only (tests, local development).
      const execute = issuer.protocol === 'http:' && isLoopback(issuer) ? [oidc.allowInsecureRequests] : [];
      discovered = oidc.discovery(issuer, settings.clientId, settings.clientSecret, undefined, { execute });
      discovered.catch(() => {
        discovered = undefined;
      });
    }
    return discovered;
  };

  return {
    async begin() {
      const config = await configuration();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, nonce, codeVerifier };
    },
    async finish(callbackUrl, checks) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new AppError('UNAUTHENTICATED', 'The identity provider returned no ID token');
      let all: Record<string, unknown> = { ...claims };
      // Some providers put groups and email only in the userinfo response.
      if (!all.email || all[settings.groupClaim] === undefined) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        all = { ...info, ...all };
      }
      const email = typeof all.email === 'string' ? all.email.trim().toLowerCase() : '';
      if (!email) throw new AppError('UNAUTHENTICATED', 'The identity provider did not share an email address');
      const raw = all[settings.groupClaim];
      const groups = Array.isArray(raw)
        ? raw.filter((g): g is string => typeof g === 'string')
        : typeof raw === 'string'
          ? raw.split(/[\s,]+/).filter(Boolean)
          : [];
      const name = typeof all.name === 'string' && all.name ? all.name : email;
      return { email, name, groups };
    },
  };
}
