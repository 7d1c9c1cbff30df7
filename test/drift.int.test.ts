import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { primaryClient, promote, until, type WireResult } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { createBoomiClient, q, toWriteXml, type BoomiClient } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';
import { startJobs, type Jobs } from '../src/platform/jobs.ts';

// Issue 14 items 2 and 3 against the emulator: the recorded versions after a merge, an edit and a
// deployment made by hand in the primary account found by the check with who made them, shown on
// P2 and to the reviewers, the admin's acknowledgement, the findings resolving, orphan branches.

const OPM = DEMO.packages.orderProcessingMain;
const TEST_ENV = DEMO.environments.test.id;
const PROD_ENV = DEMO.environments.production.id;
const MALLORY = 'mallory@acme.example';

interface Finding {
  kind: string;
  status: string;
  componentId: string;
  change: string;
  changedBy: string | null;
  recordedVersion: number | null;
  actualVersion: number | null;
  environmentId: string | null;
  actualPackageId: string | null;
  resolution: string | null;
}

/** Someone with their own API token working in the primary account outside Promo. */
function handsOn(t: TestApp): BoomiClient {
  t.emulator!.control.addFixture({
    users: [{ userName: MALLORY, token: 'mallory-token', accountId: DEMO.primaryAccountId }],
  });
  return createBoomiClient(
    {
      baseUrl: t.config.boomi.baseUrl,
      accountId: DEMO.primaryAccountId,
      user: `BOOMI_TOKEN.${MALLORY}`,
      token: 'mallory-token',
    },
    { rateLimiter: { acquire: async () => {} } },
  );
}

for (const variant of dbVariants()) {
  describe(`drift detection and branch reconciliation [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let boomi: BoomiClient;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true, env: { BRANCH_ORPHAN_GRACE_SECONDS: '0' } });
      boomi = primaryClient(t);
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });

    /** Promote OPM as alice, deploy to Test, submit (bob), peer-approve (carol): waiting for an admin. */
    async function awaitingAdmin(version: string) {
      const promoted = await promote(t, OPM, 'alice');
      assert.equal(promoted.body.success, true, JSON.stringify(promoted.body));
      const testId = promoted.body.promotionId as string;
      const deployed = await t.action('packageAndDeploy', {
        promotionId: testId,
        deploymentTarget: 'TEST',
        packageVersion: `${version}-t`,
        existingPackId: DEMO.packs.ordersTest.id,
        targetEnvironments: [{ environmentId: TEST_ENV }],
      });
      assert.equal(deployed.body.success, true, JSON.stringify(deployed.body));
      const submitted = await t.action(
        'submitForPeerReview',
        {
          promotionId: testId,
          packageVersion: version,
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: PROD_ENV }],
        },
        'bob',
      );
      const prodId = submitted.body.promotionId as string;
      const peer = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'carol');
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(peer.body));
      return { testId, prodId, results: promoted.body.results as WireResult[] };
    }

    const check = async () => {
      const res = await t.action('checkDrift', {}, 'carol');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      assert.equal(res.body.outcome, 'SUCCEEDED', JSON.stringify(res.body));
      return res.body;
    };
    const findings = async (as: string, body: Record<string, unknown> = {}) => {
      const res = await t.action('listDrift', body, as);
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      return res.body as { findings: Finding[]; branches: { count: number; orphansDeleted: { branchName: string }[] } };
    };

    const state: { map?: WireResult; root?: WireResult; oobPackage?: string; orphan?: string } = {};

    test('after a merge, each mapping records the version main holds, and a check finds nothing', async () => {
      const first = await awaitingAdmin('1.0.0');
      const approved = await t.action('submitAdminReview', { promotionId: first.prodId, decision: 'APPROVED' }, 'dan');
      assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body));
      const promotedIds = first.results.filter((r) => r.action === 'CREATED').map((r) => r.prodComponentId!);
      const { rows } = await db.query<{ prod_component_id: string; v: number; read: boolean }>(
        `select prod_component_id, prod_latest_version as v, prod_version_read_at is not null as read
           from component_mapping where prod_component_id = any($1::text[])`,
        [promotedIds],
      );
      assert.equal(rows.length, promotedIds.length);
      for (const r of rows) {
        const main = await boomi.componentMetadata.get(r.prod_component_id);
        assert.deepEqual([r.v, r.read], [main.version, true], `${main.name}: the version main holds`);
      }
      const branchVersions = first.results.filter((r) => r.action === 'CREATED').map((r) => r.prodVersion);
      assert.notDeepEqual(
        rows.map((r) => r.v),
        branchVersions,
        'main holds other versions than the branch (the merge writes new revisions)',
      );
      const summary = await check();
      assert.equal(summary.openFindings, 0, JSON.stringify(summary));
      assert.equal(summary.componentsChecked, promotedIds.length);
      state.map = first.results.find((r) => r.type === 'transform.map' && r.action === 'CREATED');
      state.root = first.results.find((r) => r.devComponentId === OPM.componentId);
      assert.ok(state.map && state.root);
    });

    test('edits, deployments and branches made by hand are found, with who made them; orphans go', async () => {
      const mallory = handsOn(t);
      const mapId = state.map!.prodComponentId!;
      const source = await mallory.components.get(mapId);
      const edited = toWriteXml(source, { description: 'quick fix in production' }).replace(
        'optimizeExecutionOrder="true"',
        'optimizeExecutionOrder="false"',
      );
      assert.ok(edited.includes('optimizeExecutionOrder="false"'), 'a material change to the map');
      await mallory.components.update(mapId, edited);
      const pkg = await mallory.packagedComponents.create({
        componentId: state.root!.prodComponentId!,
        packageVersion: '9.9.9',
      });
      await mallory.deployedPackages.create({ environmentId: TEST_ENV, packageId: pkg.packageId });
      state.oobPackage = pkg.packageId;
      const main = (await mallory.branches.findByName('main'))!;
      const orphanName = `promo-${randomUUID()}`;
      await mallory.branches.create({ name: orphanName, parentId: main.id });
      const notOurs = await mallory.branches.create({ name: 'mallory-experiment', parentId: main.id });
      state.orphan = orphanName;

      const summary = await check();
      assert.equal(summary.newFindings, 2, JSON.stringify(summary));
      assert.equal(summary.orphansDeleted, 1);
      const names = (await boomi.branches.query(q.isNotNull('id'))).filter((b) => !b.deleted).map((b) => b.name);
      assert.ok(!names.includes(orphanName), 'the orphan is deleted in Boomi');
      assert.ok(names.includes('mallory-experiment'), 'a branch Promo did not name is left alone');
      assert.equal(summary.branchCount, names.length, "the count is Boomi's after the reconciliation");
      const audit = await db.query<{ details: { branchName: string } }>(
        "select details from audit_event where action = 'ORPHAN_BRANCH_DELETED'",
      );
      assert.deepEqual(
        audit.rows.map((r) => r.details.branchName),
        [orphanName],
      );
      const detected = await db.query<{ details: { newFindings: number; findings: Array<{ kind: string }> } }>(
        "select details from audit_event where action = 'DRIFT_DETECTED'",
      );
      assert.deepEqual(
        detected.rows.map((r) => [r.details.newFindings, r.details.findings.map((f) => f.kind).sort()]),
        [[2, ['COMPONENT', 'DEPLOYMENT']]],
        'new drift is on the audit trail, where webhooks hear of it',
      );

      const seen = await findings('alice');
      const component = seen.findings.find((f) => f.kind === 'COMPONENT')!;
      assert.deepEqual([component.componentId, component.change, component.changedBy], [mapId, 'MODIFIED', MALLORY]);
      assert.ok(component.actualVersion! > component.recordedVersion!);
      const deployment = seen.findings.find((f) => f.kind === 'DEPLOYMENT')!;
      assert.deepEqual(
        [deployment.environmentId, deployment.change, deployment.actualPackageId, deployment.changedBy],
        [TEST_ENV, 'REPLACED', pkg.packageId, MALLORY],
      );
      assert.deepEqual(
        seen.branches.orphansDeleted.map((b) => b.branchName),
        [],
        "alice sees no branch entry of a promotion she cannot see (the orphan's record does not exist)",
      );
      assert.deepEqual((await findings('erin')).findings, [], 'another team sees none of it');
      assert.equal((await findings('carol', { kind: 'DEPLOYMENT' })).findings.length, 1);
      await mallory.branches.delete(notOurs.id);
    });

    test('P2 warns, the reviewers see it, and the admin must acknowledge it; then it resolves', async () => {
      const mapId = state.map!.prodComponentId!;
      const tree = await t.action('resolveDependencies', {
        devAccountId: 'acme-DEVA',
        rootComponentId: OPM.componentId,
      });
      const map = (tree.body.components as Array<{ prodComponentId: string; drift?: Finding }>).find(
        (c) => c.prodComponentId === mapId,
      )!;
      assert.deepEqual([map.drift?.change, map.drift?.changedBy], ['MODIFIED', MALLORY], 'P2 shows the drift');

      const second = await awaitingAdmin('1.1.0');
      assert.ok(await boomi.branches.findByName(`promo-${second.testId}`), 'the live promotion holds its branch');
      const kept = await check();
      assert.equal(kept.orphansDeleted, 0, 'a live promotion keeps its branch');
      assert.ok(await boomi.branches.findByName(`promo-${second.testId}`));

      for (const reviewer of ['carol', 'dan', 'bob']) {
        const onIt = await findings(reviewer, { promotionId: second.prodId });
        assert.deepEqual(
          onIt.findings.map((f) => [f.componentId, f.changedBy]),
          [[mapId, MALLORY]],
          `${reviewer} sees the drift on the promotion's components`,
        );
      }
      const refused = await t.action('submitAdminReview', { promotionId: second.prodId, decision: 'APPROVED' }, 'dan');
      assert.equal(refused.body.errorCode, 'DRIFT_ACKNOWLEDGEMENT_REQUIRED', JSON.stringify(refused.body));
      assert.match(String(refused.body.errorMessage), new RegExp(state.map!.name));
      const approved = await t.action(
        'submitAdminReview',
        { promotionId: second.prodId, decision: 'APPROVED', driftAcknowledged: true },
        'dan',
      );
      assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body));
      const acknowledged = await db.query<{ actor: string; details: { components: Finding[] } }>(
        "select actor, details from audit_event where action = 'DRIFT_ACKNOWLEDGED' and promotion_id = $1",
        [second.prodId],
      );
      assert.equal(acknowledged.rows[0]?.actor, 'dan@acme.example');
      assert.deepEqual(
        acknowledged.rows[0]!.details.components.map((c) => [c.componentId, c.changedBy]),
        [[mapId, MALLORY]],
      );

      const after = await check();
      assert.equal(after.openFindings, 0, JSON.stringify(after));
      const resolved = (await findings('carol', { includeResolved: true })).findings;
      assert.deepEqual(resolved.map((f) => [f.kind, f.status, f.resolution]).sort(), [
        ['COMPONENT', 'RESOLVED', 'RECORDED_BY_PROMO'],
        ['DEPLOYMENT', 'RESOLVED', 'RECORDED_BY_PROMO'],
      ]);
    });

    test('a deployment put back by hand resolves as matching the record again', async () => {
      const mallory = handsOn(t);
      const { rows } = await db.query<{ prod_package_id: string }>(
        `select prod_package_id from promotion_log where target_environment = 'PRODUCTION' and status = 'DEPLOYED'
          order by deployed_at desc limit 1`,
      );
      const ours = rows[0]!.prod_package_id;
      await mallory.deployedPackages.create({ environmentId: PROD_ENV, packageId: state.oobPackage! });
      assert.equal((await check()).newFindings, 1);
      await mallory.deployedPackages.create({ environmentId: PROD_ENV, packageId: ours });
      await check();
      const prod = (await findings('carol', { includeResolved: true, kind: 'DEPLOYMENT' })).findings.filter(
        (f) => f.environmentId === PROD_ENV,
      );
      assert.deepEqual(
        prod.map((f) => [f.status, f.resolution]),
        [['RESOLVED', 'MATCHES_AGAIN']],
      );
    });

    test('drift appearing under a record waiting for an admin voids its approval and sends it back', async () => {
      const waiting = await awaitingAdmin('1.2.0');
      const mallory = handsOn(t);
      const mapId = state.map!.prodComponentId!;
      const edited = (await mallory.components.get(mapId)).clone();
      edited.setAttribute('name', `${edited.attributes.name ?? 'map'} (hot edit)`);
      await mallory.components.update(mapId, edited);
      await check();
      const { rows } = await db.query<{ status: string }>('select status from promotion_log where promotion_id = $1', [
        waiting.prodId,
      ]);
      assert.equal(rows[0]!.status, 'PENDING_PEER_REVIEW', 'back to the peers');
      const view = await t.action('getApprovals', { promotionId: waiting.prodId }, 'carol');
      const [voided] = view.body.approvals as Array<{ approvedBy: string; voidReason: string | null }>;
      assert.equal(voided!.approvedBy, 'carol@acme.example');
      assert.match(voided!.voidReason ?? '', /drift/);
      const mail = await db.query<{ to_addresses: string[] }>(
        "select to_addresses from notification_outbox where promotion_id = $1 and kind = 'APPROVALS_VOIDED'",
        [waiting.prodId],
      );
      assert.ok(mail.rows[0]!.to_addresses.includes('carol@acme.example'));
      await t.action('abandonPromotion', { promotionId: waiting.prodId, reason: 'superseded' }, 'bob');
    });
  });

  describe(`the drift schedule [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let jobs: Jobs;
    before(async () => {
      db = await variant.open();
      // Every minute, and pg-boss looks at its schedules every second: the first tick comes at once.
      jobs = await startJobs(db, { cronMonitorIntervalSeconds: 1 });
      t = await buildTestApp(db, { emulator: true, jobs, env: { DRIFT_CHECK_CRON: '* * * * *' } });
    });
    after(async () => {
      await t?.app.close();
      await jobs?.stop();
      await dropDb(db);
    });

    test('registers with pg-boss and runs the check as a job requested by the schedule', async () => {
      const run = await until(
        'a scheduled drift check',
        async () =>
          (
            await db.query<{ requested_by: string; outcome: string }>(
              "select requested_by, outcome from drift_check where outcome <> 'RUNNING'",
            )
          ).rows[0],
        45_000,
      );
      assert.deepEqual([run.requested_by, run.outcome], ['schedule', 'SUCCEEDED']);
      // The check's record ends a moment before its job run does.
      const state = await until('the scheduled job run to finish', async () => {
        const jobs = await db.query<{ state: string }>(
          "select state from job_run where kind = 'drift.check' and requested_by = 'schedule' and state <> 'RUNNING'",
        );
        return jobs.rows[0]?.state;
      });
      assert.equal(state, 'SUCCEEDED');
      const listed = await t.action('listDrift', {}, 'alice');
      assert.equal(listed.body.schedule, '* * * * *');
      assert.equal((listed.body.lastCheck as { requestedBy: string }).requestedBy, 'schedule');
    });
  });
}
