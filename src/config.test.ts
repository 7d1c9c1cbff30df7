import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeConfig, loadConfig } from './config.ts';

test('defaults: demo mode on port 8080 with ./data, the emulator as Boomi', () => {
  const c = loadConfig({});
  assert.equal(c.port, 8080);
  assert.equal(c.demo, true);
  assert.ok(c.dataDir.endsWith('/data'));
  assert.equal(c.boomi.baseUrl, 'http://127.0.0.1:8080/boomi-emulator');
  assert.equal(c.boomi.accountId, 'acme-PRIMARY');
  assert.equal(c.boomi.rateLimitPerSecond, 8);
  assert.equal(c.branchThreshold, 15);
  assert.equal(c.syncWaitMs, 110_000);
  assert.equal(c.groups.admin, 'ABC_BOOMI_FLOW_ADMIN');
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.boomi));
});

test('every problem is reported, one line each, and no secret value appears', () => {
  try {
    loadConfig({
      PORT: 'eighty',
      BOOMI_TOKEN: 'super-secret-token',
      BOOMI_RATE_LIMIT: '-1',
      SMTP_URL: 'http://mail:pw@x',
      OIDC_CLIENT_SECRET: 'oidc-secret-value',
    });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const fields = e.problems.map((p) => p.split(':')[0]);
    assert.deepEqual(fields.sort(), [
      'BOOMI_ACCOUNT_ID',
      'BOOMI_RATE_LIMIT',
      'BOOMI_USER',
      'OIDC_CLIENT_ID',
      'OIDC_ISSUER',
      'PORT',
      'SMTP_URL',
    ]);
    assert.doesNotMatch(e.message, /super-secret-token|oidc-secret-value|mail:pw/);
  }
});

test('partial Boomi or SSO settings name each missing variable', () => {
  assert.throws(
    () => loadConfig({ BOOMI_ACCOUNT_ID: 'acct', OIDC_ISSUER: 'https://idp.example' }),
    (e: unknown) => {
      const p = (e as ConfigError).problems;
      return ['BOOMI_USER', 'BOOMI_TOKEN', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'].every((k) =>
        p.some((l) => l.startsWith(`${k}:`)),
      );
    },
  );
});

test('a config file fills what the environment leaves unset; the environment wins', () => {
  const dir = mkdtempSync(join(tmpdir(), 'promo-config-'));
  const file = join(dir, 'promo.json');
  writeFileSync(file, JSON.stringify({ PORT: 9000, BRANCH_THRESHOLD: 12, LOG_LEVEL: 'debug' }));
  const c = loadConfig({ PROMO_CONFIG: file, PORT: '9100' });
  assert.equal(c.port, 9100);
  assert.equal(c.branchThreshold, 12);
  assert.equal(c.logLevel, 'debug');
  assert.throws(() => loadConfig({ PROMO_CONFIG: join(dir, 'missing.json') }), /PROMO_CONFIG/);
});

test('describeConfig never includes secrets', () => {
  const c = loadConfig({
    BOOMI_ACCOUNT_ID: 'acct',
    BOOMI_USER: 'BOOMI_TOKEN.a@b.co',
    BOOMI_TOKEN: 'tok-123456',
    DATABASE_URL: 'postgres://u:dbpass@h/db',
    SMTP_URL: 'smtp://m:smtppass@mail',
    INTEGRATION_TOKEN: 'integration-secret-0123456789abcdef',
    OIDC_ISSUER: 'https://idp.example',
    OIDC_CLIENT_ID: 'cid',
    OIDC_CLIENT_SECRET: 'oidcpass',
  });
  const text = JSON.stringify(describeConfig(c));
  for (const secret of ['tok-123456', 'dbpass', 'smtppass', 'integration-secret', 'oidcpass'])
    assert.doesNotMatch(text, new RegExp(secret));
  assert.equal(c.demo, false);
});

test('demo mode never mixes with a real Boomi account: the conflicting settings are named', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };
  const withToken = problems({ DEMO_MODE: 'on', BOOMI_ACCOUNT_ID: 'real-acct', BOOMI_TOKEN: 'real-secret-token' });
  assert.equal(withToken.length, 1);
  assert.match(withToken[0]!, /^DEMO_MODE: demo mode is on but BOOMI_ACCOUNT_ID, BOOMI_TOKEN are set/);
  assert.doesNotMatch(withToken.join('\n'), /real-secret-token/);
  assert.match(problems({ BOOMI_BASE_URL: 'https://api.boomi.com' })[0]!, /^BOOMI_BASE_URL: demo mode would send/);
  assert.deepEqual(problems({ BOOMI_BASE_URL: 'http://127.0.0.1:8081' }), [], 'an emulator elsewhere is fine');
  const off = problems({ DEMO_MODE: 'off', INTEGRATION_TOKEN: 'x'.repeat(24) });
  assert.deepEqual(
    off.map((p) => p.split(':')[0]),
    ['BOOMI_ACCOUNT_ID', 'BOOMI_USER', 'BOOMI_TOKEN'],
    'demo mode off needs the real account, not the demo one',
  );
  assert.match(
    problems({ HTTP_HEADERS_TIMEOUT_SECONDS: '40', HTTP_REQUEST_TIMEOUT_SECONDS: '30' })[0]!,
    /^HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed/,
  );
});
