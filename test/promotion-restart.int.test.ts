import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { freshDb, dropDb, schemaOf } from './helpers/test-db.ts';
import { NO_DELAYS, buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import { createEmulator, DEMO, type Emulator } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

const pgUrl = process.env.TEST_DATABASE_URL;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A promotion whose process is killed half-way: after a restart the record is FAILED and the
 * branch is gone. Needs a database that outlives the killed process: the PostgreSQL server.
 */
describe('a promotion interrupted by a crash', { skip: pgUrl ? false : 'needs TEST_DATABASE_URL' }, () => {
  let emulator: Emulator;
  let boomiUrl: string;
  let db: Db;
  let child: ChildProcess | undefined;
  let restarted: TestApp | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'promo-crash-'));

  before(async () => {
    emulator = createEmulator({ rateLimit: 0, stageTimings: NO_DELAYS, latencyMs: 40 });
    boomiUrl = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    db = await freshDb(pgUrl);
  });
  after(async () => {
    child?.kill('SIGKILL');
    await restarted?.app.close();
    await emulator.close();
    await dropDb(db);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('leaves no branch behind and a FAILED record once the service is back', async () => {
    const env = { BOOMI_BASE_URL: boomiUrl, BOOMI_RATE_LIMIT: '20', JOB_HEARTBEAT_SECONDS: '1', LOG_LEVEL: 'silent' };
    child = spawn(process.execPath, ['bin/promo.mjs', 'start'], {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: pgUrl,
        DATABASE_SCHEMA: schemaOf(db),
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
    });
    child.stderr!.on('data', (d) => {
      out += String(d);
    });
    const url = await until('the service to start', async () => /Promo is running at (\S+)/.exec(out)?.[1]);
    const call = async (action: string, body: unknown, prefer?: string) => {
      const res = await fetch(`${url}/fs/PromotionService/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: {
          authorization: demoAuth('alice'),
          'content-type': 'application/json',
          ...(prefer ? { prefer } : {}),
        },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const pkg = DEMO.packages.customerMasterSync;
    const tree = await call('resolveDependencies', { devAccountId: 'acme-DEVA', rootComponentId: pkg.componentId });
    assert.equal(tree.status, 200, JSON.stringify(tree.body));
    const components = (tree.body.components as Array<Record<string, string>>).map((c) => ({
      devComponentId: c.devComponentId,
      name: c.name,
      type: c.type,
      folderFullPath: c.folderFullPath,
    }));
    emulator.control.resetCounters();
    const started = await call(
      'executePromotion',
      {
        devAccountId: 'acme-DEVA',
        devPackageId: pkg.packageId,
        packageVersion: '1.0.0',
        rootComponentId: pkg.componentId,
        components,
      },
      'respond-async',
    );
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const promotionId = started.body.promotionId as string;

    // Kill it while it is writing components onto its branch.
    await until('components being written', async () =>
      (emulator.control.counters()['Component.create'] ?? 0) >= 5 ? true : undefined,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const branchName = `promo-${promotionId}`;
    const branchesNamed = async () => {
      const res = await emulator.app.inject({
        method: 'POST',
        url: `/partner/api/rest/v1/${DEMO.primaryAccountId}/Branch/query`,
        headers: {
          authorization: `Basic ${Buffer.from(`${DEMO.apiUser.basicUser}:${DEMO.apiUser.token}`).toString('base64')}`,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        payload: { QueryFilter: { expression: { operator: 'EQUALS', property: 'name', argument: [branchName] } } },
      });
      return (res.json().result ?? []) as unknown[];
    };
    assert.equal((await branchesNamed()).length, 1, 'the dead run left its branch');

    const logged: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logged.push(JSON.parse(line));
        done();
      },
    });
    restarted = await buildTestApp(db, { env, seed: false, logger: { level: 'warn', stream } });
    const status = async () =>
      (
        (await restarted!.action('queryStatus', { promotionId }, 'alice')).body.promotions as Array<
          Record<string, unknown>
        >
      )[0];
    const failed = await until('the interrupted promotion to be failed', async () => {
      const p = await status();
      return p?.status === 'FAILED' ? p : undefined;
    });
    assert.match(String(failed.errorMessage), /interrupted/);
    assert.equal(failed.branchId, null);
    // The job API says the same as the record, from the same transaction (issue 11 item 3).
    const job = await restarted.inject({
      method: 'GET',
      url: `/api/jobs/${started.body.jobId as string}`,
      headers: { authorization: demoAuth('alice') },
    });
    assert.deepEqual([job.json().state, job.json().response?.errorCode], ['FAILED', 'PROMOTION_FAILED'], job.body);
    assert.match(String(job.json().response?.errorMessage), /interrupted/);
    assert.ok(
      logged.some((l) => l.msg === 'reaped a job' && l.jobId === started.body.jobId && l.promotionId === promotionId),
      'the reaper logs the job it ended',
    );
    assert.equal((await branchesNamed()).length, 0, 'no orphan branch');
    const pending = await db.query('select 1 from pending_component_mapping where promotion_id = $1', [promotionId]);
    assert.equal(pending.rowCount, 0);
  });
});
