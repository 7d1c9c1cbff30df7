import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { basic, buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

const cookieOf = (setCookie: string | string[] | undefined) => {
  const raw = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return raw?.split(';')[0];
};

for (const variant of dbVariants()) {
  describe(`sessions, CSRF and personal API tokens [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { env: { INTEGRATION_TOKEN: 'integration-secret-0123456789abcdef' } });
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    async function signIn(email: string) {
      const res = await t.inject({ method: 'POST', url: '/auth/demo', payload: { email } });
      assert.equal(res.statusCode, 200, res.body);
      const setCookie = res.headers['set-cookie'];
      const raw = String(Array.isArray(setCookie) ? setCookie[0] : setCookie);
      assert.match(raw, /HttpOnly/i);
      assert.match(raw, /SameSite=Lax/i);
      return { cookie: cookieOf(setCookie)!, csrf: res.json().csrfToken as string };
    }

    test('demo sign-in gives an http-only session; state changes need the CSRF token', async () => {
      const { cookie, csrf } = await signIn('bob@acme.example');
      const me = await t.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      assert.equal(me.json().email, 'bob@acme.example');
      assert.equal(me.json().tier, 'CONTRIBUTOR');

      const noCsrf = await t.action('getDevAccounts', {}, { headers: { cookie } });
      assert.equal(noCsrf.status, 403);
      assert.equal(noCsrf.body.errorCode, 'CSRF_TOKEN_INVALID');
      const wrong = await t.action(
        'getDevAccounts',
        {},
        { headers: { cookie, 'x-csrf-token': csrf.replace(/.$/, '_') } },
      );
      assert.equal(wrong.body.errorCode, 'CSRF_TOKEN_INVALID');
      const ok = await t.action('getDevAccounts', {}, { headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(ok.body.success, true);

      const out = await t.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(out.statusCode, 200);
      const after = await t.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      assert.equal(after.statusCode, 401);
    });

    test('/auth/session answers 200 for nobody and for a session; /api/me keeps its 401', async () => {
      const nobody = await t.inject({ method: 'GET', url: '/auth/session' });
      assert.equal(nobody.statusCode, 200);
      assert.deepEqual(nobody.json(), { signedIn: false });
      assert.equal((await t.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);

      const { cookie, csrf } = await signIn('alice@acme.example');
      const me = await t.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().signedIn, true);
      assert.equal(me.json().email, 'alice@acme.example');
      assert.equal(me.json().tier, 'CONTRIBUTOR');
      assert.equal(me.json().csrfToken, csrf, 'the page reloaded from a session gets its CSRF token back');

      const token = await t.inject({
        method: 'GET',
        url: '/auth/session',
        headers: { authorization: `Basic ${Buffer.from('carol@acme.example:demo-carol').toString('base64')}` },
      });
      assert.equal(token.json().tier, 'ADMIN');
      assert.equal(token.json().csrfToken, undefined);

      await t.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
      const ended = await t.inject({ method: 'GET', url: '/auth/session', headers: { cookie } });
      assert.deepEqual(ended.json(), { signedIn: false });
    });

    test('the session id and CSRF token are stored hashed or server-side only', async () => {
      const { cookie } = await signIn('erin@acme.example');
      const sid = cookie.split('=')[1]!;
      const { rows } = await db.query<{ id_hash: string }>('select id_hash from web_session');
      assert.ok(rows.length > 0);
      assert.ok(rows.every((r) => r.id_hash !== sid && !r.id_hash.includes(sid)));
    });

    test('unknown demo users cannot sign in', async () => {
      const res = await t.inject({ method: 'POST', url: '/auth/demo', payload: { email: 'mallory@acme.example' } });
      assert.equal(res.statusCode, 401);
    });

    test('personal API tokens: created once, used as Basic email:token, stored hashed, revoked by their owner', async () => {
      // A token belongs to a real (non-demo) user: seed one as an identity provider would have.
      await db.query(
        "insert into app_user (email, display_name, groups, source) values ('pat@acme.example', 'Pat', '{ABC_BOOMI_FLOW_CONTRIBUTOR,ABC_BOOMI_FLOW_DEVTEAMB}', 'OIDC')",
      );
      const sid = 'x'.repeat(43);
      const { hashSecret } = await import('../src/features/identity/secrets.ts');
      await db.query(
        "insert into web_session (id_hash, user_email, display_name, groups, csrf_token, source, expires_at) values ($1, 'pat@acme.example', 'Pat', '{ABC_BOOMI_FLOW_CONTRIBUTOR,ABC_BOOMI_FLOW_DEVTEAMB}', 'csrf-pat', 'OIDC', now() + interval '1 hour')",
        [hashSecret(sid)],
      );
      const session = { cookie: `promo_session=${sid}`, 'x-csrf-token': 'csrf-pat' };

      const created = await t.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: session,
        payload: { name: 'ci pipeline' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const { token, id } = created.json();
      assert.match(token, /^promo_/);
      const { rows } = await db.query<{ token_hash: string }>('select token_hash from api_token where id = $1', [id]);
      assert.notEqual(rows[0]!.token_hash, token);
      assert.equal(rows[0]!.token_hash, hashSecret(token));

      const viaToken = await t.action('getDevAccounts', {}, { authorization: basic('PAT@acme.example', token) });
      assert.equal(viaToken.body.success, true, JSON.stringify(viaToken.body));
      assert.deepEqual(
        (viaToken.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId),
        ['acme-DEVB'],
      );
      const wrongUser = await t.action('getDevAccounts', {}, { authorization: basic('bob@acme.example', token) });
      assert.equal(wrongUser.status, 401);

      const list = await t.inject({
        method: 'GET',
        url: '/api/tokens',
        headers: { authorization: basic('pat@acme.example', token) },
      });
      assert.equal(list.json().tokens.length, 1);
      assert.equal(JSON.stringify(list.json()).includes(token), false, 'the secret is never shown again');

      const otherRevoke = await t.inject({
        method: 'DELETE',
        url: `/api/tokens/${id}`,
        headers: { authorization: basic('bob@acme.example', 'demo-bob') },
      });
      assert.equal(otherRevoke.statusCode, 404, 'only the owner can revoke');
      const revoke = await t.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: session });
      assert.equal(revoke.statusCode, 200);
      const afterRevoke = await t.action('getDevAccounts', {}, { authorization: basic('pat@acme.example', token) });
      assert.equal(afterRevoke.status, 401);
    });

    test('a trusted integration asserts the user it acts for; without the credential nothing is trusted', async () => {
      const integration = { authorization: 'Bearer integration-secret-0123456789abcdef' };
      const asserted = await t.action(
        'getDevAccounts',
        { userSsoGroups: ['ABC_BOOMI_FLOW_CONTRIBUTOR', 'ABC_BOOMI_FLOW_DEVTEAMB'] },
        { ...integration, headers: { 'x-promo-user-email': 'zoe@acme.example' } },
      );
      assert.equal(asserted.body.success, true, JSON.stringify(asserted.body));
      assert.deepEqual(
        (asserted.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId),
        ['acme-DEVB'],
      );
      const wrongSecret = await t.action(
        'getDevAccounts',
        {},
        { authorization: 'Bearer not-the-secret', headers: { 'x-promo-user-email': 'zoe@acme.example' } },
      );
      assert.equal(wrongSecret.status, 401);
      const nobody = await t.action('getDevAccounts', {}, integration);
      assert.equal(nobody.status, 401, 'an integration must say whom it acts for');
    });

    test('identity fields in bodies must match the caller (requesterEmail, reviewerName, ...)', async () => {
      const mismatch = await t.action('getDevAccounts', { requesterEmail: 'carol@acme.example' }, 'bob');
      assert.equal(mismatch.status, 403);
      assert.equal(mismatch.body.errorCode, 'IDENTITY_MISMATCH');
      assert.equal(mismatch.body.field, 'requesterEmail');
      const match = await t.action(
        'getDevAccounts',
        { requesterEmail: 'BOB@acme.example', reviewerName: 'bob' },
        'bob',
      );
      assert.equal(match.body.success, true);
    });
  });
}
