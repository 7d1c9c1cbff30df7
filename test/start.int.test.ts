import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startBanner, startService } from '../src/main.ts';

const counts = async (db: Awaited<ReturnType<typeof startService>>['db']) => {
  const { rows } = await db.query<{ access: number; mappings: number; users: number; migrations: number }>(`select
    (select count(*)::int from dev_account_access) as access,
    (select count(*)::int from component_mapping) as mappings,
    (select count(*)::int from app_user) as users,
    (select count(*)::int from schema_migrations) as migrations`);
  return rows[0]!;
};

test('demo start: migrations, fixture records and the emulator; a second start duplicates nothing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'promo-start-'));
  const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
  try {
    const first = await startService(env);
    const c1 = await counts(first.db);
    assert.equal(c1.access, 2);
    assert.equal(c1.users, 6);
    assert.ok(c1.mappings >= 2, 'connection mappings seeded');
    const me = await fetch(
      `http://127.0.0.1:${(first.app.server.address() as { port: number }).port}/fs/PromotionService/getDevAccounts`,
      {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from('erin@acme.example:demo-erin').toString('base64')}` },
      },
    );
    assert.deepEqual((await me.json()).devAccounts, [{ accountId: 'acme-DEVB', accountName: 'Dev Team B' }]);
    const port = (first.app.server.address() as { port: number }).port;
    const branch = await first.app.inject({
      method: 'POST',
      url: '/boomi-emulator/partner/api/rest/v1/acme-PRIMARY/Branch/query',
      headers: {
        authorization: `Basic ${Buffer.from('BOOMI_TOKEN.promo@acme.example:demo-boomi-token').toString('base64')}`,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      payload: { QueryFilter: { expression: { operator: 'EQUALS', property: 'name', argument: ['main'] } } },
    });
    assert.equal(branch.statusCode, 200, branch.body);
    assert.equal(branch.json().result[0].name, 'main');
    assert.ok(port > 0);
    const banner = startBanner(first);
    assert.match(banner, /Demo mode: .*never a real Boomi account/);
    assert.match(banner, /Promo uses the built-in Boomi emulator, which answers under/);
    await first.stop();

    // Another emulator named by BOOMI_BASE_URL: the banner says where Promo's calls go.
    const second = await startService({ ...env, BOOMI_BASE_URL: 'http://127.0.0.1:9/elsewhere' });
    assert.deepEqual(await counts(second.db), c1);
    assert.match(startBanner(second), /Promo's own calls go to the emulator at http:\/\/127\.0\.0\.1:9\/elsewhere/);
    await second.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['bin/promo.mjs', 'start'], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

test('an unreachable database stops the start with a clear line and a non-zero exit', () => {
  const r = run({ DATABASE_URL: 'postgres://nobody@127.0.0.1:9/promo', PORT: '0' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Cannot open the database \(PostgreSQL at postgres:\/\/nobody@127\.0\.0\.1:9\/promo\)/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
});

test('invalid configuration lists every problem, one per line, without secrets', () => {
  const r = run({ PORT: 'x', BOOMI_TOKEN: 'topsecret-value', SMTP_URL: 'ftp://a:b@c' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /PORT: /);
  assert.match(r.stderr, /SMTP_URL: /);
  assert.match(r.stderr, /BOOMI_ACCOUNT_ID: required/);
  assert.doesNotMatch(r.stderr, /topsecret-value/);
});

test('demo mode with a real Boomi account configured is refused, naming the settings that conflict', () => {
  const r = run({ DEMO_MODE: 'on', BOOMI_ACCOUNT_ID: 'acme-real', BOOMI_TOKEN: 'real-token-value' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /DEMO_MODE: demo mode is on but BOOMI_ACCOUNT_ID, BOOMI_TOKEN are set/);
  assert.doesNotMatch(r.stderr + r.stdout, /real-token-value|Promo is running/);
});
