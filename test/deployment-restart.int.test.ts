import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { emulatorSuite, getAs, promote, sseEvents, until, type Pkg } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

const TEST_ENV = DEMO.environments.test;
const TEST_PACK = DEMO.packs.ordersTest;

for (const variant of dbVariants()) {
  describe(`test deployments interrupted by a crash [${variant.name}]`, () => {
    let t: TestApp;
    let db: Db;

    // One-second heartbeats: a run is dead after four missed beats, and the reaper looks every two seconds.
    emulatorSuite(variant, { env: { BOOMI_RATE_LIMIT: '100', JOB_HEARTBEAT_SECONDS: '1' } }, (s) => {
      ({ t, db } = s);
    });

    const completed = async (pkg: Pkg) => {
      const res = await promote(t, pkg, 'alice');
      assert.equal(res.body.status, 'COMPLETED', JSON.stringify(res.body));
      return res.body as { promotionId: string; branchId: string };
    };
    const record = async (promotionId: string) =>
      ((await t.action('queryStatus', { promotionId }, 'alice')).body.promotions as Record<string, unknown>[])[0]!;

    /** GET /api/jobs/{id} and its event stream report the reaped run FAILED with the reason (item 3). */
    async function jobSaysFailed(jobId: string, code: string) {
      const job = await getAs(t, `/api/jobs/${jobId}`, 'alice');
      const view = job.json() as { state: string; response: { errorCode: string; errorMessage: string } | null };
      assert.deepEqual([view.state, view.response?.errorCode], ['FAILED', code], job.body);
      assert.match(view.response!.errorMessage, /interrupted/);
      const { events } = await sseEvents(t, `/api/jobs/${jobId}/events`, 'alice');
      assert.equal(events.at(-1)!.data.state, 'FAILED');
    }

    /** A job row as a killed process leaves it: running, its last heartbeat `beatSecondsAgo`. */
    async function runningJob(kind: string, promotionId: string, beatSecondsAgo: number) {
      const jobId = randomUUID();
      await db.query(
        `insert into job_run (id, kind, state, promotion_id, requested_by, attempts, started_at, updated_at)
         values ($1, $2, 'RUNNING', $3, 'alice@acme.example', 1, now() - interval '1 minute', now() - make_interval(secs => $4))`,
        [jobId, kind, promotionId, beatSecondsAgo],
      );
      return jobId;
    }

    /** What a process killed in the middle of a TEST deployment leaves: the record deploying, its job running. */
    async function deployingWithJob(promotionId: string, beatSecondsAgo: number) {
      const jobId = await runningJob('deployment.test', promotionId, beatSecondsAgo);
      await db.query(
        `update promotion_log set status = 'TEST_DEPLOYING', target_environment = 'TEST', job_id = $2, updated_at = now() - interval '1 minute' where promotion_id = $1`,
        [promotionId, jobId],
      );
      return jobId;
    }

    test('a TEST_DEPLOYING record whose job died becomes TEST_DEPLOY_FAILED with its branch, and deploys again on retry', async () => {
      const dead = await completed(DEMO.packages.orderProcessingMain);
      const alive = await completed(DEMO.packages.customerMasterSync);
      const deadJob = await deployingWithJob(dead.promotionId, 60);
      await deployingWithJob(alive.promotionId, 0);
      // Keeps the live run's heartbeat beating, as its worker would.
      const beat = setInterval(() => {
        void db.query("update job_run set updated_at = now() where promotion_id = $1 and state = 'RUNNING'", [
          alive.promotionId,
        ]);
      }, 500);
      try {
        const failed = await until('the interrupted test deployment to be failed', async () => {
          const r = await record(dead.promotionId);
          return r.status === 'TEST_DEPLOY_FAILED' ? r : undefined;
        });
        assert.match(String(failed.errorMessage), /interrupted/);
        assert.equal(failed.branchId, dead.branchId, 'the branch is kept for the retry');
        const { rows: audit } = await db.query<{
          actor: string;
          from_status: string;
          to_status: string;
          details: { errorMessage: string };
        }>(
          "select actor, from_status, to_status, details from audit_event where promotion_id = $1 and action = 'TEST_DEPLOY_FAILED'",
          [dead.promotionId],
        );
        assert.deepEqual(
          audit.map((a) => [a.actor, a.from_status, a.to_status]),
          [['system', 'TEST_DEPLOYING', 'TEST_DEPLOY_FAILED']],
        );
        assert.match(audit[0]!.details.errorMessage, /interrupted/);
        await jobSaysFailed(deadJob, 'TEST_DEPLOY_FAILED');

        // Two more reaper passes: a run that keeps its heartbeat is left alone.
        await new Promise((r) => setTimeout(r, 4500));
        assert.equal((await record(alive.promotionId)).status, 'TEST_DEPLOYING');
      } finally {
        clearInterval(beat);
      }

      const retry = await t.action(
        'packageAndDeploy',
        {
          promotionId: dead.promotionId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: TEST_PACK.id,
          targetEnvironments: [{ environmentId: TEST_ENV.id, environmentName: TEST_ENV.name }],
        },
        'alice',
      );
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.status, 'TEST_DEPLOYED');
      assert.notEqual(retry.body.jobId, deadJob);
    });

    test('a live production run that waits minutes on a merge keeps beating and is never taken for dead', async () => {
      const p = await completed(DEMO.packages.customerMasterSync);
      const submitted = await t.action(
        'submitForPeerReview',
        {
          promotionId: p.promotionId,
          isHotfix: true,
          hotfixJustification: 'outage',
          packageVersion: '5.0.0',
          existingPackId: DEMO.packs.orders.id,
        },
        'alice',
      );
      assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
      await t.action('submitPeerReview', { promotionId: p.promotionId, decision: 'APPROVED' }, 'bob');
      // Six seconds of merging: past four missed one-second beats, were the run silent meanwhile.
      t.emulator!.control.setStageTimings({ mergeExecuteMs: 6000 });
      try {
        const approved = await t.action(
          'submitAdminReview',
          { promotionId: p.promotionId, decision: 'APPROVED', hotfixAcknowledged: true },
          'dan',
        );
        assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body).slice(0, 300));
      } finally {
        t.emulator!.control.setStageTimings({ mergeExecuteMs: 0 });
      }
      const { rowCount } = await db.query(
        "select 1 from audit_event where promotion_id = $1 and action = 'PRODUCTION_DEPLOY_FAILED'",
        [p.promotionId],
      );
      assert.equal(rowCount, 0, 'no interruption was recorded for a run that was alive');
    });

    test('an approved promotion whose production run died says so, and an admin deploys it again', async () => {
      const p = await completed(DEMO.packages.orderProcessingMain);
      // Approved as a hotfix by dan after bob's review; the production run was killed mid-way.
      const deadJob = await runningJob('deployment.production', p.promotionId, 60);
      await db.query(
        `update promotion_log set status = 'ADMIN_APPROVED', target_environment = 'PRODUCTION', is_hotfix = true, hotfix_justification = 'outage',
           peer_review_status = 'PEER_APPROVED', peer_reviewed_by = 'bob@acme.example', admin_review_status = 'ADMIN_APPROVED', admin_approved_by = 'dan@acme.example',
           deployment_request = $2, job_id = $3, updated_at = now() - interval '1 minute' where promotion_id = $1`,
        [p.promotionId, JSON.stringify({ packageVersion: '2.0.0', existingPackId: DEMO.packs.orders.id }), deadJob],
      );
      const marked = await until('the interrupted production deployment to be recorded', async () => {
        const r = await record(p.promotionId);
        return r.errorMessage ? r : undefined;
      });
      assert.equal(marked.status, 'ADMIN_APPROVED', 'still approved: an admin may deploy it again');
      assert.match(String(marked.errorMessage), /interrupted/);
      assert.equal(marked.jobId, null, 'the dead run no longer speaks for the record');
      const { rows: audit } = await db.query<{ actor: string; details: { jobId: string } }>(
        "select actor, details from audit_event where promotion_id = $1 and action = 'PRODUCTION_DEPLOY_FAILED'",
        [p.promotionId],
      );
      assert.deepEqual(
        audit.map((a) => [a.actor, a.details.jobId]),
        [['system', deadJob]],
        'recorded once',
      );
      await jobSaysFailed(deadJob, 'DEPLOYMENT_FAILED');

      const retry = await t.action(
        'packageAndDeploy',
        { promotionId: p.promotionId, deploymentTarget: 'PRODUCTION' },
        'carol',
      );
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
      assert.equal(retry.body.status, 'DEPLOYED');
    });
  });
}
