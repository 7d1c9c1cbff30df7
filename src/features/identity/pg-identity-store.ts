import type { Queryable } from '../../platform/db.ts';
import type { ApiToken, IdentityStore, Session, User, UserSource } from './identity-store.ts';

interface UserRow {
  email: string;
  display_name: string;
  groups: string[];
  source: UserSource;
  first_seen_at: Date;
  last_seen_at: Date;
}
interface TokenRow {
  id: string;
  user_email: string;
  name: string;
  token_hash: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
interface SessionRow {
  user_email: string;
  display_name: string;
  groups: string[];
  csrf_token: string;
  source: string;
  expires_at: Date;
}

const rowToUser = (r: UserRow): User => ({
  email: r.email,
  displayName: r.display_name,
  groups: r.groups,
  source: r.source,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
});
const rowToToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  userEmail: r.user_email,
  name: r.name,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});
const rowToSession = (r: SessionRow): Session => ({
  userEmail: r.user_email,
  displayName: r.display_name,
  groups: r.groups,
  csrfToken: r.csrf_token,
  source: r.source,
  expiresAt: r.expires_at,
});

export function createPgIdentityStore(db: Queryable): IdentityStore {
  return {
    async touchUser(u, tx = db) {
      await tx.query(
        `insert into app_user (email, display_name, groups, source) values ($1, $2, $3, $4)
         on conflict (email) do update set display_name = excluded.display_name, groups = excluded.groups,
           source = excluded.source, last_seen_at = now()`,
        [u.email, u.displayName, u.groups, u.source],
      );
    },
    async getUser(email) {
      const { rows } = await db.query<UserRow>('select * from app_user where email = $1', [email]);
      return rows[0] ? rowToUser(rows[0]) : undefined;
    },
    async listUsers() {
      const { rows } = await db.query<UserRow>('select * from app_user order by email');
      return rows.map(rowToUser);
    },
    async createToken(t, tx = db) {
      const { rows } = await tx.query<TokenRow>(
        'insert into api_token (user_email, name, token_hash) values ($1, $2, $3) returning *',
        [t.userEmail, t.name, t.tokenHash],
      );
      return rowToToken(rows[0]!);
    },
    async liveTokens(userEmail) {
      const { rows } = await db.query<TokenRow>(
        'select * from api_token where user_email = $1 and revoked_at is null',
        [userEmail],
      );
      return rows.map(rowToToken);
    },
    async listTokens(userEmail) {
      const { rows } = await db.query<TokenRow>(
        'select * from api_token where user_email = $1 order by created_at desc',
        [userEmail],
      );
      return rows.map(rowToToken);
    },
    async revokeToken(userEmail, id, tx = db) {
      const { rows } = await tx.query<TokenRow>(
        'update api_token set revoked_at = now() where id = $1 and user_email = $2 and revoked_at is null returning *',
        [id, userEmail],
      );
      return rows[0] ? rowToToken(rows[0]) : undefined;
    },
    async markTokenUsed(id) {
      await db.query('update api_token set last_used_at = now() where id = $1', [id]);
    },
    async createSession(idHash, s) {
      await db.query(
        'insert into web_session (id_hash, user_email, display_name, groups, csrf_token, source, expires_at) values ($1, $2, $3, $4, $5, $6, $7)',
        [idHash, s.userEmail, s.displayName, s.groups, s.csrfToken, s.source, s.expiresAt],
      );
    },
    async getSession(idHash, now) {
      const { rows } = await db.query<SessionRow>('select * from web_session where id_hash = $1 and expires_at > $2', [
        idHash,
        now,
      ]);
      return rows[0] ? rowToSession(rows[0]) : undefined;
    },
    async deleteSession(idHash) {
      await db.query('delete from web_session where id_hash = $1', [idHash]);
    },
    async deleteExpiredSessions(now) {
      const { rowCount } = await db.query('delete from web_session where expires_at <= $1', [now]);
      return rowCount;
    },
    async saveOidcLogin(l) {
      await db.query('insert into oidc_login (state, code_verifier, nonce, return_to) values ($1, $2, $3, $4)', [
        l.state,
        l.codeVerifier,
        l.nonce,
        l.returnTo,
      ]);
    },
    async takeOidcLogin(state, notBefore) {
      const { rows } = await db.query<{ state: string; code_verifier: string; nonce: string; return_to: string }>(
        'delete from oidc_login where state = $1 and created_at > $2 returning *',
        [state, notBefore],
      );
      const r = rows[0];
      return r ? { state: r.state, codeVerifier: r.code_verifier, nonce: r.nonce, returnTo: r.return_to } : undefined;
    },
  };
}
