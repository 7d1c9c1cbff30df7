import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, promo, startCliService, type CliService, type Run } from './helpers/cli-service.ts';

describe('promo command line against a running service (demo mode, emulator)', () => {
  let s: CliService;
  let env: Record<string, string>;
  const runs: Run[] = [];
  const run = async (args: string[], extra: Record<string, string> = {}) => {
    const r = await promo(args, { ...env, ...extra });
    runs.push(r);
    return r;
  };
  const record = async (id: string) => JSON.parse((await run(['status', id, '--json'])).stdout);

  before(async () => {
    s = await startCliService();
    env = cleanEnv({ PROMO_URL: s.url, PROMO_USER: s.user, PROMO_TOKEN: s.token });
  });
  after(async () => {
    await s?.stop();
  });

  test('refuses to run without a token, or with a bad flag: exit 2, one clear line', async () => {
    const noToken = await promo(['packages'], cleanEnv({ PROMO_URL: s.url, PROMO_USER: s.user }));
    runs.push(noToken);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /No API token: set PROMO_TOKEN/);
    assert.equal(noToken.stdout, '');

    const flag = await run(['promote', 'Order Processing Main', '--token', 'x']);
    assert.equal(flag.code, 2, 'there is no --token flag');
    assert.match(flag.stderr, /unknown option '--token'/);
    assert.equal((await run(['promote'])).code, 2, 'a missing argument');

    const wrong = await run(['packages'], { PROMO_TOKEN: 'promo_not-a-real-token' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^UNAUTHENTICATED: The service refused the credentials of pat@acme\.example/);

    const away = await run(['status'], { PROMO_URL: 'http://127.0.0.1:9' });
    assert.equal(away.code, 1);
    assert.match(away.stderr, /^SERVICE_UNREACHABLE: Cannot reach the Promo service at http:\/\/127\.0\.0\.1:9/);

    const help = await run(['promote', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: promo promote \[options\] <package>/);
    assert.match(help.stdout, /--force +re-read and compare every component/);
    assert.match(help.stdout, /Exit codes: 0 done, 1 failed, 2 usage/);
  });

  test('a config file is read, but never one that others can read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'promo-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ url: s.url, user: s.user, token: s.token }));
    chmodSync(file, 0o644);
    const fileOnly = cleanEnv({ PROMO_CLI_CONFIG: file });
    const open = await promo(['packages'], fileOnly);
    runs.push(open);
    assert.equal(open.code, 2);
    assert.match(open.stderr, /other users can read it: run chmod 600/);
    chmodSync(file, 0o600);
    const ok = await promo(['packages', '--json'], fileOnly);
    runs.push(ok);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(JSON.parse(ok.stdout).packages.length >= 3);
  });

  test("packages lists the caller's dev accounts' packages", async () => {
    const r = await run(['packages']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ACCOUNT\s+PACKAGE\s+VERSION/);
    assert.match(r.stdout, /acme-DEVA\s+Order Processing Main\s+1\.0\.0/);
    assert.doesNotMatch(r.stdout, /Shipment Tracker/, "team B is not pat's");
  });

  test('an unknown package, and a promotion the service refuses: exit 1 with the code', async () => {
    const unknown = await run(['promote', 'No Such Package', '--account', 'acme-DEVA']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^PACKAGE_NOT_FOUND: No package 'No Such Package' in acme-DEVA/m);
    const other = await run(['packages', '--account', 'acme-DEVB']);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /^ACCOUNT_NOT_AUTHORIZED: /m);
    const unmapped = await run(['promote', 'Invoice Sync', '--wait']);
    assert.equal(unmapped.code, 1);
    assert.match(unmapped.stderr, /^MISSING_CONNECTION_MAPPINGS: /m);
  });

  let testId = '';
  test('promote --wait --json: progress on stderr, the COMPLETED record alone on stdout', async () => {
    const r = await run(['promote', 'order processing main', '--wait', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.status, 'COMPLETED');
    assert.equal(p.processName, 'Order Processing Main');
    assert.equal(p.initiatedBy, s.user);
    assert.ok(p.results.some((c: { action: string }) => c.action === 'CREATED'));
    assert.match(r.stderr, /^promote: running \d+\/\d+ /m, 'live progress');
    assert.match(r.stderr, /^promote: succeeded (\d+)\/\1 /m);
    testId = p.promotionId;
  });

  test('diff: main against the branch for each component written', async () => {
    const stat = await run(['diff', testId, '--stat']);
    assert.equal(stat.code, 0, stat.stderr);
    assert.match(stat.stdout, /^=== Order Processing Main \(CREATE\): elements \+\d+/m);
    const one = await run(['diff', testId, '--component', 'Order Persist Sub', '--json']);
    assert.equal(one.code, 0, one.stderr);
    const [d] = JSON.parse(one.stdout).diffs;
    assert.equal(d.componentName, 'Order Persist Sub');
    assert.match(d.patch, /^\+\+\+ branch\/Order Persist Sub/m);
    assert.equal((await run(['diff', testId, '--component', 'nothing'])).code, 1);
  });

  test('deploy-test --wait deploys from the branch; status exits 0 for TEST_DEPLOYED', async () => {
    const r = await run(['deploy-test', testId, '--version', '1.0.0-ci', '--env', 'test', '--wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), testId, 'the id alone on stdout, for $(...)');
    assert.match(r.stderr, /^deploy-test: succeeded/m);
    assert.match(r.stderr, /Pack: Orders - TEST/);
    const status = await run(['status', testId]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /status:\s+TEST_DEPLOYED/);
  });

  test('submit from test: a production request waiting for peer review, exit 3 (and status says 3)', async () => {
    const r = await run(['submit', testId, '--version', '1.0.0', '--notes', 'from CI']);
    assert.equal(r.code, 3, r.stderr);
    const prodId = r.stdout.trim();
    assert.notEqual(prodId, testId);
    const p = await record(prodId);
    assert.equal(p.status, 'PENDING_PEER_REVIEW');
    assert.equal(p.testPromotionId, testId);
    assert.equal(p.submittedBy, s.user);
    assert.equal((await run(['status', prodId])).code, 3);
    const again = await run(['submit', testId, '--version', '1.0.1']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^TEST_PROMOTION_NOT_FOUND: /m);
    const mine = await run(['status']);
    assert.equal(mine.code, 0);
    assert.match(mine.stdout, new RegExp(`${prodId}\\s+PENDING_PEER_REVIEW`));
  });

  test('hotfix: promote without --wait, status --wait, then submit with a justification', async () => {
    const started = await run(['promote', 'Customer Master Sync', '--account', 'acme-DEVA']);
    assert.equal(started.code, 0, started.stderr);
    const id = started.stdout.trim();
    assert.match(started.stderr, new RegExp(`promo status ${id} --wait`));
    const waited = await run(['status', id, '--wait']);
    assert.equal(waited.code, 0, waited.stderr);
    assert.match(waited.stdout, /status:\s+COMPLETED/);

    const bare = await run(['submit', id, '--hotfix']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /A hotfix needs --justification/);
    const r = await run(['submit', id, '--hotfix', '--justification', 'Orders are lost tonight', '--json']);
    assert.equal(r.code, 3, r.stderr);
    const p = JSON.parse(r.stdout);
    assert.equal(p.promotionId, id);
    assert.equal(p.isHotfix, true);
    assert.equal(p.hotfixJustification, 'Orders are lost tonight');
    assert.equal(p.status, 'PENDING_PEER_REVIEW');
  });

  test('no run printed a stack trace or the token', () => {
    assert.ok(runs.length > 20);
    for (const r of runs) {
      assert.doesNotMatch(r.stderr, /^\s+at /m, r.stderr);
      assert.equal(`${r.stdout}${r.stderr}`.includes(s.token), false);
    }
  });
});
