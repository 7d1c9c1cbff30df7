import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_URL, configPath, loadSettings } from './settings.ts';
import { UsageError } from './outcome.ts';

const dir = mkdtempSync(join(tmpdir(), 'promo-settings-'));
const file = (name: string, content: string, mode = 0o600) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  chmodSync(p, mode);
  return p;
};
const home = join(dir, 'nobody');
const load = (env: Record<string, string>) => loadSettings(env, home);

test('the environment alone: default URL, trailing slash dropped', () => {
  assert.deepEqual(load({ PROMO_USER: 'a@x', PROMO_TOKEN: 't' }), {
    url: DEFAULT_URL,
    user: 'a@x',
    token: 't',
  });
  assert.equal(
    load({ PROMO_URL: 'https://promo.example/', PROMO_USER: 'a@x', PROMO_TOKEN: 't' }).url,
    'https://promo.example',
  );
});

test('the config file fills in, the environment wins', () => {
  const p = file('c.json', JSON.stringify({ url: 'http://file:1', user: 'file@x', token: 'file-token' }));
  assert.deepEqual(load({ PROMO_CLI_CONFIG: p }), {
    url: 'http://file:1',
    user: 'file@x',
    token: 'file-token',
  });
  assert.deepEqual(load({ PROMO_CLI_CONFIG: p, PROMO_TOKEN: 'env-token' }).token, 'env-token');
  assert.equal(configPath({}, '/home/pat'), '/home/pat/.config/promo/config.json');
});

test('refused: no token, no user, an unsafe or broken or missing named file; never quoting the file', () => {
  const refuses = (env: Record<string, string>, message: RegExp) =>
    assert.throws(
      () => load(env),
      (e: unknown) => e instanceof UsageError && message.test(e.message),
    );
  refuses({ PROMO_USER: 'a@x' }, /^No API token: set PROMO_TOKEN/);
  refuses({ PROMO_TOKEN: 't' }, /^No user: set PROMO_USER/);
  refuses(
    { PROMO_CLI_CONFIG: file('open.json', '{"token":"s3cret"}', 0o644) },
    /other users can read it: run chmod 600/,
  );
  const broken = file('broken.json', '{"token": "s3cret-in-broken-json"');
  assert.throws(
    () => load({ PROMO_CLI_CONFIG: broken }),
    (e: unknown) => e instanceof UsageError && /is not valid JSON$/.test(e.message) && !e.message.includes('s3cret'),
  );
  refuses({ PROMO_CLI_CONFIG: join(dir, 'absent.json') }, /Cannot read the config file .*absent\.json \(ENOENT\)/);
  refuses({ PROMO_URL: 'ftp://x', PROMO_USER: 'a@x', PROMO_TOKEN: 't' }, /must be http or https/);
});
