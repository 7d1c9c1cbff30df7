import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { CookieBrowser, startTestIdp, type TestIdp } from './helpers/oidc-provider.ts';
import type { Db } from '../src/platform/db.ts';

const PUBLIC_URL = 'http://promo.test:8080';

describe('single sign-on against a real OpenID provider', () => {
  let db: Db;
  let idp: TestIdp;
  let t: TestApp;
  before(async () => {
    db = await freshDb();
    idp = await startTestIdp(`${PUBLIC_URL}/auth/callback`, {
      alice: {
        email: 'Alice.Sso@acme.example',
        name: 'Alice Sso',
        groups: ['ABC_BOOMI_FLOW_CONTRIBUTOR', 'ABC_BOOMI_FLOW_DEVTEAMA'],
      },
      boss: { email: 'boss@acme.example', name: 'The Boss', groups: ['abc_boomi_flow_admin'] },
      nobody: { email: 'nobody@acme.example', name: 'No Tier', groups: ['SOME_OTHER_GROUP'] },
    });
    // Outside demo mode: real Boomi settings, SSO as the way in.
    t = await buildTestApp(db, {
      env: {
        BOOMI_ACCOUNT_ID: 'acme-PRIMARY',
        BOOMI_USER: 'BOOMI_TOKEN.promo@acme.example',
        BOOMI_TOKEN: 'x',
        BOOMI_BASE_URL: 'http://127.0.0.1:9/',
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        PUBLIC_URL,
      },
      seed: false,
    });
    await db.query(
      "insert into dev_account_access (sso_group_id, sso_group_name, dev_account_id, dev_account_name) values ('ABC_BOOMI_FLOW_DEVTEAMA', 'Team A', 'acme-DEVA', 'Dev Team A'), ('ABC_BOOMI_FLOW_DEVTEAMB', 'Team B', 'acme-DEVB', 'Dev Team B')",
    );
  });
  after(async () => {
    await t.app.close();
    await idp.close();
    await dropDb(db);
  });

  /** Drives the whole redirect dance as a browser would; returns Promo's session cookie. */
  async function signIn(login: string, returnTo = '/p9') {
    const browser = new CookieBrowser();
    const start = await t.inject({ method: 'GET', url: `/auth/login?returnTo=${encodeURIComponent(returnTo)}` });
    assert.equal(start.statusCode, 302);
    let url = String(start.headers.location);
    assert.ok(url.startsWith(idp.issuer), url);
    for (let hops = 0; hops < 20; hops++) {
      if (url.startsWith(PUBLIC_URL)) break;
      const res = await browser.request(url);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const html = await res.text();
      assert.equal(res.status, 200, html.slice(0, 500));
      const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
      const form: Record<string, string> =
        prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' };
      const posted = await browser.request(url, { method: 'POST', form });
      url = new URL(posted.headers.get('location')!, url).href;
    }
    assert.ok(url.startsWith(`${PUBLIC_URL}/auth/callback`), url);
    const back = await t.inject({ method: 'GET', url: url.slice(PUBLIC_URL.length) });
    assert.equal(back.statusCode, 302, back.body);
    assert.equal(back.headers.location, returnTo);
    const setCookie = back.headers['set-cookie'];
    const cookie = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
    const me = await t.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    return { cookie, me: me.json() as { email: string; tier: string; groups: string[]; csrfToken: string } };
  }

  test('a contributor signs in; the group claim gives tier and team', async () => {
    const { cookie, me } = await signIn('alice');
    assert.equal(me.email, 'alice.sso@acme.example', 'emails are stored lower-cased');
    assert.equal(me.tier, 'CONTRIBUTOR');
    const r = await t.action('getDevAccounts', {}, { headers: { cookie, 'x-csrf-token': me.csrfToken } });
    assert.equal(r.body.success, true, JSON.stringify(r.body));
    assert.deepEqual(
      (r.body.devAccounts as Array<{ accountId: string }>).map((a) => a.accountId),
      ['acme-DEVA'],
    );
    const { rows } = await db.query<{ source: string; groups: string[] }>(
      "select source, groups from app_user where email = 'alice.sso@acme.example'",
    );
    assert.equal(rows[0]!.source, 'OIDC');
  });

  test('an admin group matches case-insensitively', async () => {
    const { cookie, me } = await signIn('boss', '/');
    assert.equal(me.tier, 'ADMIN');
    const r = await t.action('getDevAccounts', {}, { headers: { cookie, 'x-csrf-token': me.csrfToken } });
    assert.equal((r.body.devAccounts as unknown[]).length, 2);
  });

  test('a user with no tier group signs in but gets INSUFFICIENT_TIER', async () => {
    const { cookie, me } = await signIn('nobody');
    assert.equal(me.tier, 'READONLY');
    const r = await t.action('getDevAccounts', {}, { headers: { cookie, 'x-csrf-token': me.csrfToken } });
    assert.equal(r.status, 403);
    assert.equal(r.body.errorCode, 'INSUFFICIENT_TIER');
  });

  test('a callback with an unknown state is refused; demo sign-in is off outside demo mode', async () => {
    const forged = await t.inject({ method: 'GET', url: '/auth/callback?code=abc&state=forged' });
    assert.equal(forged.statusCode, 401);
    assert.equal(forged.json().errorCode, 'UNAUTHENTICATED');
    const demo = await t.inject({ method: 'POST', url: '/auth/demo', payload: { email: 'alice@acme.example' } });
    assert.equal(demo.statusCode, 401);
    const token = await t.action(
      'getDevAccounts',
      {},
      { authorization: 'Basic ' + Buffer.from('alice@acme.example:demo-alice').toString('base64') },
    );
    assert.equal(token.status, 401, 'demo tokens only work in demo mode');
  });

  test('returnTo cannot send the browser to another site', async () => {
    const start = await t.inject({ method: 'GET', url: '/auth/login?returnTo=//evil.example/x' });
    const state = new URL(String(start.headers.location)).searchParams.get('state');
    const { rows } = await db.query<{ return_to: string }>('select return_to from oidc_login where state = $1', [
      state,
    ]);
    assert.equal(rows[0]!.return_to, '/');
  });
});
