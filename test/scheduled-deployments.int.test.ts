import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { cleanSlate, count, promote, until } from './helpers/promotion-helpers.ts';
import { approve, freezeFor, productionDeployments, recordOf, waitingForAdmin } from './helpers/freeze-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';
import { startJobs, type Jobs } from '../src/platform/jobs.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createPgAuditLog } from '../src/features/audit/pg-audit-log.ts';
import { createPgPromotionStore } from '../src/features/promotions/pg-promotion-store.ts';
import { createPgFreezeStore } from '../src/features/freezes/pg-freeze-store.ts';
import { createFreezeService } from '../src/features/freezes/freeze-service.ts';
import type { DeploymentDeps } from '../src/features/deployments/deployment-deps.ts';
import { enqueueProduction } from '../src/features/deployments/production-queue.ts';

// Issue 14 item 5: production deployments refused during a freeze, break-glass passing it, and
// deployments scheduled for later (deferred by a freeze, cancelled, fired).

for (const variant of dbVariants()) {
  describe(`freeze windows and scheduled deployments [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let jobs: Jobs;
    /** What enqueueProduction reads, on the app's own job queue (its workers run what is queued). */
    let queue: DeploymentDeps;

    before(async () => {
      db = await variant.open();
      jobs = await startJobs(db);
      t = await buildTestApp(db, { emulator: true, jobs, env: { BOOMI_RATE_LIMIT: '100' } });
      const audit = createPgAuditLog(db);
      queue = {
        jobs,
        audit,
        clock: systemClock,
        promotions: createPgPromotionStore(db),
        freezes: createFreezeService({ db, store: createPgFreezeStore(db), audit, clock: systemClock }),
      } as Partial<DeploymentDeps> as DeploymentDeps;
    });
    after(async () => {
      await t?.app.close();
      await jobs?.stop();
      await dropDb(db);
    });
    beforeEach(async () => {
      await cleanSlate(t, db);
      await db.exec('delete from freeze_window');
    });

    const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
    const deployed = (promotionId: string, timeoutMs = 20_000) =>
      until(
        'the deployment',
        async () => {
          const r = await recordOf(t, promotionId);
          return r.status === 'DEPLOYED' ? r : undefined;
        },
        timeoutMs,
      );
    const auditActions = async (promotionId: string) =>
      (
        await db.query<{ action: string }>('select action from audit_event where promotion_id = $1 order by id', [
          promotionId,
        ])
      ).rows.map((r) => r.action);

    test('an approval during a freeze is refused with FREEZE_ACTIVE naming the window and its end; nothing changes', async () => {
      const id = await waitingForAdmin(t);
      const before = await recordOf(t, id);
      const window = await freezeFor(t, 'Year-end freeze', -60_000, 3_600_000);
      const res = await approve(t, id);
      assert.equal(res.body.errorCode, 'FREEZE_ACTIVE', JSON.stringify(res.body));
      assert.match(String(res.body.errorMessage), /'Year-end freeze'/);
      assert.ok(String(res.body.errorMessage).includes(window.endsAt), 'the end, in ISO');
      assert.match(String(res.body.errorMessage), /Europe\/Berlin/, "and in the window's time zone");
      assert.deepEqual(res.body.freeze, {
        windowId: window.windowId,
        name: 'Year-end freeze',
        endsAt: window.endsAt,
        timeZone: 'Europe/Berlin',
      });
      const after = await recordOf(t, id);
      assert.deepEqual(
        [after.status, after.adminApprovedBy, after.jobId, after.updatedAt],
        ['PENDING_ADMIN_REVIEW', null, before.jobId, before.updatedAt],
      );
      assert.ok(!(await auditActions(id)).includes('ADMIN_APPROVED'));
      assert.equal(await count(db, "select 1 from job_run where kind = 'deployment.production'"), 0);

      // The window lifted (deleted), the same approval deploys.
      await t.action('deleteFreezeWindow', { windowId: window.windowId }, 'carol');
      const approved = await approve(t, id);
      assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body).slice(0, 300));
    });

    test('TEST deployments are never frozen', async () => {
      await freezeFor(t, 'Production only', -60_000, 3_600_000);
      const promoted = await promote(t, DEMO.packages.orderProcessingMain, 'alice');
      const res = await t.action(
        'packageAndDeploy',
        {
          promotionId: promoted.body.promotionId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'alice',
      );
      assert.equal(res.body.status, 'TEST_DEPLOYED', JSON.stringify(res.body).slice(0, 300));
    });

    test('a freeze that starts after the job was queued fails the run with FREEZE_ACTIVE; the retry is refused too', async () => {
      const id = await waitingForAdmin(t);
      // Approved and queued, and the window created in the same breath: the runner must see it.
      await db.transaction(async (tx) => {
        await queue.promotions.transition(tx, id, 'adminApprove', { adminApprovedBy: 'carol@acme.example' });
        await enqueueProduction(queue, tx, id, 'carol@acme.example');
        await createPgFreezeStore(db).insert(
          tx,
          crypto.randomUUID(),
          {
            name: 'Sudden freeze',
            reason: null,
            kind: 'ONE_OFF',
            startsAt: new Date(Date.now() - 60_000),
            endsAt: new Date(Date.now() + 3_600_000),
            cron: null,
            timeZone: 'UTC',
            durationMinutes: null,
            active: true,
          },
          'carol@acme.example',
        );
      });
      // The record's error is committed before the job's own outcome; wait for both.
      const failed = await until('the run to fail', async () => {
        const r = await recordOf(t, id);
        if (!r.lastErrorCode) return undefined;
        return (await jobs.get(String(r.jobId)))?.state === 'FAILED' ? r : undefined;
      });
      assert.deepEqual([failed.status, failed.lastErrorCode], ['ADMIN_APPROVED', 'FREEZE_ACTIVE']);
      assert.match(String(failed.errorMessage), /'Sudden freeze'/);
      const job = await jobs.get(String(failed.jobId));
      assert.deepEqual([job?.state, job?.error?.code], ['FAILED', 'FREEZE_ACTIVE']);
      assert.deepEqual(productionDeployments(t.emulator!), []);

      const retry = await t.action('packageAndDeploy', { promotionId: id, deploymentTarget: 'PRODUCTION' }, 'carol');
      assert.equal(retry.body.errorCode, 'FREEZE_ACTIVE', JSON.stringify(retry.body));
      assert.equal((await recordOf(t, id)).jobId, failed.jobId, 'no new run');
      // The way out during the freeze: cancel it.
      const cancelled = await t.action('cancelProductionDeployment', { promotionId: id, reason: 'frozen' }, 'carol');
      assert.equal(cancelled.body.newStatus, 'DEPLOYMENT_CANCELLED', JSON.stringify(cancelled.body));
    });

    test('break-glass passes a freeze: queued during it, and run during it', async () => {
      const id = await waitingForAdmin(t);
      await freezeFor(t, 'Change freeze', -60_000, 3_600_000);
      await assert.rejects(
        db.transaction((tx) => enqueueProduction(queue, tx, id, 'carol@acme.example')),
        (e: Error & { code?: string }) => e.code === 'FREEZE_ACTIVE',
      );
      await db.transaction(async (tx) => {
        await queue.promotions.transition(tx, id, 'adminApprove', { adminApprovedBy: 'carol@acme.example' });
        await enqueueProduction(queue, tx, id, 'carol@acme.example', { breakGlass: true });
      });
      const r = await deployed(id);
      assert.ok(productionDeployments(t.emulator!).includes(String(r.prodPackageId)));
    });

    test('a scheduled deployment waits as a queued job and fires at its time', async () => {
      const id = await waitingForAdmin(t);
      const deployAt = inSeconds(2);
      const res = await approve(t, id, { deployAt });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.newStatus, res.body.scheduledDeployAt], ['ADMIN_APPROVED', deployAt]);
      const job = await jobs.get(String(res.body.jobId));
      assert.deepEqual([job?.state, job?.startAfter?.toISOString()], ['QUEUED', deployAt]);
      const queued = await t.action('queryAdminReviewQueue', {}, 'dan');
      const item = (queued.body.pendingApprovals as Array<Record<string, unknown>>).find((p) => p.promotionId === id);
      assert.deepEqual([item?.scheduledDeployAt, item?.jobId], [deployAt, res.body.jobId]);
      const now = await t.action('packageAndDeploy', { promotionId: id, deploymentTarget: 'PRODUCTION' }, 'dan');
      assert.match(String(now.body.errorMessage), /scheduled for/, 'no second run beside the scheduled one');

      const r = await deployed(id);
      assert.ok(new Date(String(r.deployedAt)) >= new Date(deployAt), 'not before its time');
      assert.deepEqual([r.scheduledDeployAt, r.scheduleNote], [null, null]);
      assert.ok((await auditActions(id)).includes('DEPLOYMENT_SCHEDULED'));
    });

    test('a scheduled deployment that falls into a freeze waits for its end, says so, and then deploys', async () => {
      const id = await waitingForAdmin(t);
      const window = await freezeFor(t, 'Release weekend', -60_000, 5_000);
      const res = await approve(t, id, { deployAt: inSeconds(1) });
      assert.equal(res.body.newStatus, 'ADMIN_APPROVED', JSON.stringify(res.body));
      assert.match(String((await recordOf(t, id)).scheduleNote), /Waiting for freeze window 'Release weekend'/);
      const waiting = await until('the deferral', async () => {
        const r = await recordOf(t, id);
        return r.jobId !== res.body.jobId ? r : undefined;
      });
      assert.equal(waiting.scheduledDeployAt, window.endsAt, 'rescheduled for the end of the freeze');
      assert.ok(String(waiting.scheduleNote).includes(window.endsAt));
      assert.equal((await jobs.get(String(waiting.jobId)))?.state, 'QUEUED');
      assert.ok((await auditActions(id)).includes('DEPLOYMENT_DEFERRED_BY_FREEZE'));
      assert.deepEqual(productionDeployments(t.emulator!), [], 'nothing deployed during the freeze');

      const r = await deployed(id);
      assert.ok(new Date(String(r.deployedAt)) >= new Date(window.endsAt), 'deployed after the freeze');
    });

    test('a cancelled scheduled deployment never runs; the approved record can then be cancelled', async () => {
      const id = await waitingForAdmin(t);
      const res = await approve(t, id, { deployAt: inSeconds(2) });
      const jobId = String(res.body.jobId);
      const byContributor = await t.action('cancelScheduledDeployment', { promotionId: id }, 'alice');
      assert.equal(byContributor.body.errorCode, 'INSUFFICIENT_TIER');
      const cancelled = await t.action('cancelScheduledDeployment', { promotionId: id, reason: 'wrong day' }, 'dan');
      assert.deepEqual(
        [cancelled.body.status, cancelled.body.cancelledJobId],
        ['ADMIN_APPROVED', jobId],
        JSON.stringify(cancelled.body),
      );
      const again = await t.action('cancelScheduledDeployment', { promotionId: id }, 'dan');
      assert.equal(again.body.errorCode, 'INVALID_PROMOTION_STATUS');
      const job = await jobs.get(jobId);
      assert.deepEqual([job?.state, job?.error?.code], ['FAILED', 'SCHEDULE_CANCELLED']);

      await new Promise((r) => setTimeout(r, 3500));
      const r = await recordOf(t, id);
      assert.deepEqual([r.status, r.scheduledDeployAt, r.jobId, r.deployedAt], ['ADMIN_APPROVED', null, null, null]);
      assert.deepEqual(productionDeployments(t.emulator!), []);
      assert.ok((await auditActions(id)).includes('SCHEDULED_DEPLOYMENT_CANCELLED'));

      const closed = await t.action('cancelProductionDeployment', { promotionId: id, reason: 'not needed' }, 'carol');
      assert.equal(closed.body.newStatus, 'DEPLOYMENT_CANCELLED', JSON.stringify(closed.body));
    });

    test('deployAt must be in the future and at most 90 days ahead; a refused one leaves the record waiting', async () => {
      const id = await waitingForAdmin(t);
      for (const deployAt of [inSeconds(-60), inSeconds(91 * 86_400)]) {
        const res = await approve(t, id, { deployAt });
        assert.deepEqual(
          [res.body.errorCode, res.body.field],
          ['INVALID_REQUEST', 'deployAt'],
          JSON.stringify(res.body),
        );
      }
      const bad = await approve(t, id, { deployAt: 'tomorrow' });
      assert.deepEqual([bad.body.errorCode, bad.body.field], ['INVALID_REQUEST', 'deployAt']);
      assert.equal((await recordOf(t, id)).status, 'PENDING_ADMIN_REVIEW');
    });
  });
}
