import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { emulatorSuite, promote, treeOf, until } from './helpers/promotion-helpers.ts';
import { client } from './emulator/helpers.ts';
import { deploy } from './emulator/runtime-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { DEFAULT_APPROVAL_POLICY } from '../src/contracts/approval-policy.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 16 part 2: after a TEST deployment Promo runs the process's test process in the Test
// environment through the emulator's ExecutionRequest/ExecutionRecord, keeps the outcome with the
// record, and the approval policy may require a passing run before production submission.

const OPM = DEMO.packages.orderProcessingMain;

interface Run {
  runId: string;
  status: string;
  boomiStatus: string | null;
  executionId: string | null;
  atomId: string | null;
  durationMs: number | null;
  inboundDocumentCount: number | null;
  outboundDocumentCount: number | null;
  errorMessage: string | null;
  finishedAt: string | null;
}
interface Runs {
  testProcessId: string | null;
  runs: Run[];
  evidence: { required: boolean; satisfied: boolean; reason: string | null };
}

for (const variant of dbVariants()) {
  describe(`test evidence [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, { env: { TEST_RUN_TIMEOUT_SECONDS: '1', TEST_RUN_POLL_MS: '50' } }, async (s) => {
      ({ db, t } = s);
      t.emulator!.control.setStageTimings({ executionRecordMs: 50 });
      tree = await treeOf(t, OPM.componentId);
    });

    /** A test process in the primary account, deployed to Test, named by Order Processing Main. */
    async function testProcess(
      outcome: Parameters<NonNullable<TestApp['emulator']>['control']['setExecutionOutcome']>[1],
    ) {
      const { processId } = await deploy(client(t.emulator!), `OPM Test ${Math.random()}`);
      t.emulator!.control.setExecutionOutcome(processId, outcome);
      const set = await t.action('setTestProcess', { processId: OPM.componentId, testProcessId: processId }, 'alice');
      assert.equal(set.body.success, true, JSON.stringify(set.body));
      return processId;
    }

    async function testDeployed() {
      const promoted = await promote(t, OPM, 'alice', tree);
      const id = promoted.body.promotionId as string;
      const deployed = await t.action('packageAndDeploy', {
        promotionId: id,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      });
      assert.equal(deployed.body.status, 'TEST_DEPLOYED', JSON.stringify(deployed.body));
      return id;
    }

    const runs = async (id: string) =>
      (await t.action('getTestRuns', { promotionId: id }, 'alice')).body as unknown as Runs;
    /** The newest run once it has finished, and how many runs there are. */
    const finished = (id: string, count: number) =>
      until(`test run ${count} of ${id} to finish`, async () => {
        const r = await runs(id);
        return r.runs.length === count && r.runs[0]!.finishedAt ? r : undefined;
      });
    const audit = async (id: string) =>
      (
        await db.query<{ action: string }>(
          "select action from audit_event where promotion_id = $1 and action like 'TEST_RUN_%' order by id",
          [id],
        )
      ).rows.map((r) => r.action);

    async function requireEvidence(on: boolean) {
      const current = await t.action('getApprovalPolicy', {}, 'carol');
      const policy = structuredClone(DEFAULT_APPROVAL_POLICY);
      policy.PRODUCTION.requireTestEvidence = on;
      const r = await t.action(
        'setApprovalPolicy',
        { policy, expectedVersion: (current.body.current as { version: number }).version },
        'carol',
      );
      assert.equal(r.body.success, true, JSON.stringify(r.body));
    }
    const submit = (id: string) =>
      t.action(
        'submitForPeerReview',
        { promotionId: id, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'alice',
      );

    test('a failing run blocks submission (TEST_EVIDENCE_REQUIRED); a passing re-run allows it', async () => {
      await requireEvidence(true);
      try {
        const testProcessId = await testProcess({ result: 'fail', message: 'Expected 3 orders, got 2' });
        const id = await testDeployed();
        const failed = await finished(id, 1);
        assert.equal(failed.testProcessId, testProcessId);
        assert.deepEqual(
          [failed.runs[0]!.status, failed.runs[0]!.boomiStatus, failed.runs[0]!.errorMessage],
          ['FAILED', 'ERROR', 'Expected 3 orders, got 2'],
        );
        assert.equal(failed.runs[0]!.atomId, DEMO.runtimes.test.id);
        assert.deepEqual(failed.evidence, {
          required: true,
          satisfied: false,
          reason: 'The latest test run since the last TEST deployment is FAILED: Expected 3 orders, got 2',
        });
        const refused = await submit(id);
        assert.equal(refused.body.errorCode, 'TEST_EVIDENCE_REQUIRED', JSON.stringify(refused.body));
        assert.match(
          String(refused.body.errorMessage),
          /passing test run newer than the last TEST deployment: .*FAILED/,
        );

        t.emulator!.control.setExecutionOutcome(testProcessId, {
          result: 'pass',
          durationMs: 20,
          inboundDocumentCount: 3,
          outboundDocumentCount: 3,
        });
        const again = await t.action('runTestProcess', { promotionId: id }, 'alice');
        assert.equal(again.body.success, true, JSON.stringify(again.body));
        const passed = await finished(id, 2);
        const run = passed.runs[0]!;
        assert.equal(run.runId, again.body.runId);
        assert.deepEqual(
          [run.status, run.boomiStatus, run.inboundDocumentCount, run.outboundDocumentCount, run.durationMs],
          ['PASSED', 'COMPLETE', 3, 3, 20],
        );
        assert.match(run.executionId!, /^execution-/);
        assert.deepEqual(passed.evidence, { required: true, satisfied: true, reason: null });
        assert.deepEqual(await audit(id), ['TEST_RUN_FAILED', 'TEST_RUN_PASSED']);

        const submitted = await submit(id);
        assert.equal(submitted.body.success, true, JSON.stringify(submitted.body));
        // The production record shows the runs of the test record it came from.
        const prod = await runs(submitted.body.promotionId as string);
        assert.deepEqual([prod.runs.length, prod.evidence.satisfied], [2, true]);
      } finally {
        await requireEvidence(false);
      }
    });

    test('Boomi refusing the run is recorded with its message; a run that never ends times out', async () => {
      const testProcessId = await testProcess({ result: 'refuse', message: 'The runtime is shutting down.' });
      const id = await testDeployed();
      const refused = (await finished(id, 1)).runs[0]!;
      assert.equal(refused.status, 'REFUSED');
      assert.match(refused.errorMessage!, /^Boomi refused to run the test process: .*The runtime is shutting down\./);

      t.emulator!.control.setExecutionOutcome(testProcessId, { result: 'never' });
      await t.action('runTestProcess', { promotionId: id }, 'bob');
      const timedOut = (await finished(id, 2)).runs[0]!;
      assert.deepEqual([timedOut.status, timedOut.boomiStatus], ['TIMED_OUT', 'INPROCESS']);
      assert.match(timedOut.errorMessage!, /still INPROCESS after 1 s; Promo stopped waiting/);
      assert.deepEqual(await audit(id), ['TEST_RUN_REFUSED', 'TEST_RUN_TIMED_OUT']);
    });

    test('without a test process nothing runs, a re-run is refused, and the evidence says why', async () => {
      await t.action('setTestProcess', { processId: OPM.componentId, testProcessId: null }, 'alice');
      const id = await testDeployed();
      const rerun = await t.action('runTestProcess', { promotionId: id }, 'alice');
      assert.equal(rerun.body.errorCode, 'TEST_PROCESS_NOT_SET');
      const r = await runs(id);
      assert.deepEqual([r.runs.length, r.testProcessId, r.evidence.required], [0, null, false]);
      assert.match(r.evidence.reason!, /names no test process/);
      const listed = await t.action('listTestProcesses', {}, 'alice');
      assert.deepEqual(listed.body.testProcesses, []);
      const unknown = await t.action(
        'setTestProcess',
        { processId: OPM.componentId, testProcessId: 'no-such-process' },
        'alice',
      );
      assert.deepEqual([unknown.body.errorCode, unknown.body.field], ['COMPONENT_NOT_FOUND', 'testProcessId']);
      const byReadonly = await t.action('setTestProcess', { processId: 'p', testProcessId: 'q' }, 'olga');
      assert.equal(byReadonly.body.errorCode, 'INSUFFICIENT_TIER');
    });
  });
}
