import type { Tx } from '../../platform/transactor.ts';

export type UserSource = 'OIDC' | 'DEMO' | 'API_TOKEN' | 'INTEGRATION';

/** Who an identity provider (or the demo sign-in) vouches for. */
export interface SignedInUser {
  email: string;
  name: string;
  groups: string[];
}

export interface User {
  email: string;
  displayName: string;
  groups: string[];
  source: UserSource;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface ApiToken {
  id: string;
  userEmail: string;
  name: string;
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface Session {
  userEmail: string;
  displayName: string;
  groups: string[];
  csrfToken: string;
  source: string;
  expiresAt: Date;
}

export interface OidcLogin {
  state: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

export interface IdentityStore {
  /** Records a user as seen now, with the groups their identity provider last gave them. */
  touchUser(u: { email: string; displayName: string; groups: string[]; source: UserSource }, tx?: Tx): Promise<void>;
  getUser(email: string): Promise<User | undefined>;
  listUsers(): Promise<User[]>;

  createToken(t: { userEmail: string; name: string; tokenHash: string }, tx?: Tx): Promise<ApiToken>;
  /** Live (not revoked) tokens of one user: the candidates a presented token is compared with. */
  liveTokens(userEmail: string): Promise<ApiToken[]>;
  listTokens(userEmail: string): Promise<ApiToken[]>;
  revokeToken(userEmail: string, id: string, tx?: Tx): Promise<ApiToken | undefined>;
  markTokenUsed(id: string): Promise<void>;

  createSession(idHash: string, s: Session): Promise<void>;
  getSession(idHash: string, now: Date): Promise<Session | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteExpiredSessions(now: Date): Promise<number>;

  saveOidcLogin(l: OidcLogin): Promise<void>;
  /** Single use: the row is gone after this, whatever happens next. */
  takeOidcLogin(state: string, notBefore: Date): Promise<OidcLogin | undefined>;
}
