import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { cleanSlate, primaryClient, promote, treeOf, until, type WireResult } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { toWriteXml } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 14: rollback of a whole release, verified from the emulator's state (what Boomi holds),
// not from Promo's records. The tests run in order: each builds on the releases before it.

const OPM = DEMO.packages.orderProcessingMain;
const PRIMARY = DEMO.primaryAccountId;
const PROD_ENV = DEMO.environments.production.id;
const ORDERS = DEMO.packs.orders.id;

type Rollback = {
  rollbackId: string;
  status: string;
  steps: Array<{ step: string; status: string; error: string | null }>;
  restoredComponents: Array<{ prodComponentId: string; version: number; mainVersion: number | null }>;
  leftInPlace: Array<{ name: string }>;
  restores: { id: string; packageVersion: string };
  errorCode: string | null;
};

for (const variant of dbVariants()) {
  describe(`rollback of a release [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    const r = {} as {
      first: string;
      second: string;
      processId: string;
      profileId: string;
      firstPackage: string;
      secondPackage: string;
      rollback: string;
      undo: string;
    };

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true });
      await cleanSlate(t, db);
      tree = await treeOf(t, OPM.componentId);
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });

    const primary = () => t.emulator!.control.state().accounts[PRIMARY]!;
    const packVersionOf = (componentId: string) =>
      primary().packs[ORDERS]!.components.find((c) => c.componentId === componentId)?.currentVersion;
    const activeInProduction = () =>
      Object.values(primary().deployments).filter(
        (d) => d.environmentId === PROD_ENV && d.componentId === r.processId && d.active,
      );
    /** Main's content of a component, and the content of one of its past versions. */
    const mainObject = (id: string) => {
      const c = primary().components[id]!;
      return c.revisions[c.heads[primary().mainBranchId]! - 1]!;
    };
    const manifestVersion = (packageId: string, componentId: string) =>
      primary().packages[packageId]!.manifest.find((m) => m.id === componentId)!.version;
    const objectAt = (id: string, version: number) => primary().components[id]!.revisions[version - 1]!.object;
    const rollbackCount = async () =>
      (await db.query<{ n: number }>('select count(*)::int as n from release_rollback')).rows[0]!.n;

    /** The emergency-hotfix path to production: alice promotes, bob reviews, carol approves. */
    async function hotfix(packageVersion: string): Promise<{ id: string; results: WireResult[] }> {
      const promoted = await promote(t, OPM, 'alice', tree);
      assert.equal(promoted.body.status, 'COMPLETED', JSON.stringify(promoted.body).slice(0, 300));
      const id = promoted.body.promotionId as string;
      const submitted = await t.action('submitForPeerReview', {
        promotionId: id,
        isHotfix: true,
        hotfixJustification: 'Orders are stuck',
        packageVersion,
        existingPackId: ORDERS,
        targetEnvironments: [{ environmentId: PROD_ENV }],
      });
      assert.equal(submitted.body.success, true, JSON.stringify(submitted.body));
      await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      const approved = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(approved.body.status, 'DEPLOYED', JSON.stringify(approved.body).slice(0, 300));
      return { id, results: promoted.body.results! };
    }

    const record = async (rollbackId: string) =>
      (await t.action('getRollback', { rollbackId }, 'alice')).body.rollback as Rollback;
    /** Approves as dan and waits for the job to end. */
    async function approveAndWait(rollbackId: string): Promise<Rollback> {
      const approved = await t.action('reviewRollback', { rollbackId, decision: 'APPROVED' }, 'dan');
      assert.equal(approved.body.success, true, JSON.stringify(approved.body));
      assert.ok(approved.body.jobId);
      return until('the rollback job', async () => {
        const now = await record(rollbackId);
        return now.status === 'RUNNING' ? undefined : now;
      });
    }

    test('a release never deployed, or the first release of a process, cannot be rolled back; nothing is created', async () => {
      const promoted = await promote(t, OPM, 'alice', tree);
      const never = await t.action('rollbackRelease', { promotionId: promoted.body.promotionId, reason: 'Broken' });
      assert.equal(never.body.errorCode, 'ROLLBACK_NOT_DEPLOYED', JSON.stringify(never.body));
      await t.action('abandonPromotion', { promotionId: promoted.body.promotionId, reason: 'Not needed' });

      const first = await hotfix('1.0.1');
      r.first = first.id;
      const root = first.results.find((x) => x.devComponentId === OPM.componentId)!;
      r.processId = root.prodComponentId!;
      r.profileId = first.results.find((x) => x.type === 'profile.json')!.prodComponentId!;
      r.firstPackage = activeInProduction()[0]!.packageId;
      const calls = t.emulator!.control.totalCalls();
      const none = await t.action('rollbackRelease', { promotionId: r.first, reason: 'Broken' });
      assert.equal(none.body.errorCode, 'NO_PREVIOUS_RELEASE', JSON.stringify(none.body));
      assert.equal(await rollbackCount(), 0);
      assert.equal(t.emulator!.control.totalCalls(), calls, 'Boomi was not even asked');
    });

    test('two releases, rolled back: the pack, the production deployment and main hold the previous release', async () => {
      // A changed dev profile makes the second release differ from the first.
      const client = primaryClient(t);
      const devProfile = tree.find((c) => c.type === 'profile.json')!.devComponentId;
      const dev = await client.components.get(devProfile, { overrideAccount: 'acme-DEVA' });
      dev.configuration!.setAttribute('strict', 'true');
      await client.components.update(devProfile, toWriteXml(dev, { componentId: devProfile }), {
        overrideAccount: 'acme-DEVA',
      });
      const second = await hotfix('1.0.2');
      r.second = second.id;
      assert.equal(second.results.find((x) => x.prodComponentId === r.profileId)!.action, 'UPDATED');
      r.secondPackage = activeInProduction()[0]!.packageId;
      assert.equal(packVersionOf(r.processId), '1.0.2');
      const others = primary().packs[ORDERS]!.components.filter((c) => c.componentId !== r.processId);

      const older = await t.action('rollbackRelease', { promotionId: r.first, reason: 'Broken' });
      assert.equal(older.body.errorCode, 'ROLLBACK_NOT_LATEST', JSON.stringify(older.body));

      const asked = await t.action('rollbackRelease', { promotionId: r.second, reason: 'Orders fail to parse' });
      assert.equal(asked.body.success, true, JSON.stringify(asked.body));
      const rb = asked.body.rollback as Rollback;
      r.rollback = rb.rollbackId;
      assert.deepEqual([rb.status, rb.restores.id, rb.restores.packageVersion], ['PENDING_APPROVAL', r.first, '1.0.1']);
      const twice = await t.action('rollbackRelease', { promotionId: r.second, reason: 'Again' }, 'bob');
      assert.equal(twice.body.errorCode, 'ROLLBACK_IN_PROGRESS');
      const self = await t.action('reviewRollback', { rollbackId: r.rollback, decision: 'APPROVED' }, 'alice');
      assert.equal(self.body.errorCode, 'ROLLBACK_SELF_APPROVAL_NOT_ALLOWED');
      const peer = await t.action('reviewRollback', { rollbackId: r.rollback, decision: 'APPROVED' }, 'bob');
      assert.equal(peer.body.errorCode, 'INSUFFICIENT_TIER', 'by default an admin decides');
      assert.equal(packVersionOf(r.processId), '1.0.2', 'nothing ran before the approval');

      const done = await approveAndWait(r.rollback);
      assert.equal(done.status, 'DONE', JSON.stringify(done));
      assert.deepEqual(
        done.steps.map((s) => s.status),
        ['DONE', 'DONE', 'DONE', 'DONE'],
      );
      // Boomi's side: the pack, the deployment, main.
      assert.equal(packVersionOf(r.processId), '1.0.1', 'the pack released the previous package again');
      assert.deepEqual(
        primary().packs[ORDERS]!.components.filter((c) => c.componentId !== r.processId),
        others,
        'no other package of the pack changed',
      );
      assert.deepEqual(
        activeInProduction().map((d) => d.packageId),
        [r.firstPackage],
      );
      const restored = mainObject(r.profileId);
      const previous = manifestVersion(r.firstPackage, r.profileId);
      assert.notEqual(
        objectAt(r.profileId, previous),
        objectAt(r.profileId, manifestVersion(r.secondPackage, r.profileId)),
        'the two releases differ in the profile',
      );
      assert.ok(restored.version > manifestVersion(r.secondPackage, r.profileId), 'a new version on main');
      assert.equal(restored.object, objectAt(r.profileId, previous), "main holds the previous release's content");
      assert.equal(
        done.restoredComponents.find((c) => c.prodComponentId === r.profileId)?.mainVersion,
        restored.version,
      );
      const { rows } = await db.query<{
        prod_latest_version: number;
        dev_version: number | null;
        content_hash: string | null;
      }>('select prod_latest_version, dev_version, content_hash from component_mapping where prod_component_id = $1', [
        r.profileId,
      ]);
      assert.equal(rows[0]?.prod_latest_version, restored.version, 'the next promotion starts from what runs');
      assert.deepEqual(
        [rows[0]?.dev_version, rows[0]?.content_hash],
        [null, null],
        'main holds older content than the dev version gave: the next promotion reads it again',
      );
      const recorded = await db.query<{ n: number }>(
        'select count(*)::int as n from component_mapping where dev_version is not null and content_hash is not null',
      );
      assert.ok(recorded.rows[0]!.n > 0, 'components the rollback did not restore keep what Promo recorded');
      const status = await t.action('queryStatus', { promotionId: r.second });
      assert.equal((status.body.promotions as Array<{ status: string }>)[0]!.status, 'ROLLED_BACK');

      const history = await t.action('listReleases', { processId: r.processId });
      const production = (
        history.body.releases as Array<{
          kind: string;
          target: string;
          status: string;
          rollbackId: string | null;
          promotionId: string;
        }>
      ).filter((x) => x.target === 'PRODUCTION');
      assert.deepEqual(
        production.map((x) => [x.kind, x.status, x.rollbackId ?? x.promotionId]),
        [
          ['ROLLBACK', 'RUNNING', r.rollback],
          ['HOTFIX', 'ROLLED_BACK', r.second],
          ['HOTFIX', 'SUPERSEDED', r.first],
        ],
      );
      const byPromotion = await t.action('listReleases', { promotionId: r.first });
      assert.equal(byPromotion.body.processId, r.processId);
      const again = await t.action('rollbackRelease', { promotionId: r.second, reason: 'Again' });
      assert.equal(again.body.errorCode, 'ALREADY_ROLLED_BACK');
      const kinds = (
        await db.query<{ kind: string }>(
          'select kind from notification_outbox where kind like $1 order by created_at',
          ['ROLLBACK_%'],
        )
      ).rows.map((m) => m.kind);
      assert.deepEqual(kinds, ['ROLLBACK_REQUESTED', 'ROLLBACK_COMPLETED']);
    });

    test('a rollback of the rollback restores the second release the same way', async () => {
      const asked = await t.action('rollbackRelease', { rollbackId: r.rollback, reason: 'The fix was fine' }, 'carol');
      assert.equal(asked.body.success, true, JSON.stringify(asked.body));
      r.undo = (asked.body.rollback as Rollback).rollbackId;
      assert.equal((asked.body.rollback as Rollback).restores.id, r.second);
      const done = await approveAndWait(r.undo);
      assert.equal(done.status, 'DONE', JSON.stringify(done));
      assert.equal(packVersionOf(r.processId), '1.0.2');
      assert.deepEqual(
        activeInProduction().map((d) => d.packageId),
        [r.secondPackage],
      );
      assert.equal(
        mainObject(r.profileId).object,
        objectAt(r.profileId, manifestVersion(r.secondPackage, r.profileId)),
      );
      assert.equal((await record(r.rollback)).status, 'ROLLED_BACK');
    });

    test('a merge that fails half-way leaves FAILED at RESTORE_MAIN; the retry resumes there and does not release again', async () => {
      const asked = await t.action('rollbackRelease', { rollbackId: r.undo, reason: 'Back to 1.0.1' }, 'bob');
      assert.equal(asked.body.success, true, JSON.stringify(asked.body));
      const id = (asked.body.rollback as Rollback).rollbackId;
      t.emulator!.control.addFault({ merge: 'FAILED_TO_MERGE', times: 1 });
      const failed = await approveAndWait(id);
      assert.equal(failed.status, 'FAILED', JSON.stringify(failed));
      assert.deepEqual(
        failed.steps.map((s) => [s.step, s.status]),
        [
          ['RELEASE_PACK', 'DONE'],
          ['REDEPLOY', 'DONE'],
          ['RESTORE_MAIN', 'FAILED'],
          ['FINISH', 'PENDING'],
        ],
      );
      assert.equal(failed.errorCode, 'MERGE_FAILED');
      assert.equal(packVersionOf(r.processId), '1.0.1', 'the pack was released before the merge failed');

      const releases = t.emulator!.control.counters()['ReleaseIntegrationPack.create'] ?? 0;
      const notAdmin = await t.action('retryRollback', { rollbackId: id }, 'bob');
      assert.equal(notAdmin.body.errorCode, 'INSUFFICIENT_TIER');
      const retried = await t.action('retryRollback', { rollbackId: id }, 'carol');
      assert.equal(retried.body.success, true, JSON.stringify(retried.body));
      const done = await until('the retry', async () => {
        const now = await record(id);
        return now.status === 'RUNNING' ? undefined : now;
      });
      assert.equal(done.status, 'DONE', JSON.stringify(done));
      assert.equal(t.emulator!.control.counters()['ReleaseIntegrationPack.create'] ?? 0, releases, 'released once');
      assert.equal(mainObject(r.profileId).object, objectAt(r.profileId, manifestVersion(r.firstPackage, r.profileId)));
      assert.ok(
        !Object.values(primary().branches).some((b) => b.name.startsWith('promo-rollback-') && !b.deleted),
        'no rollback branch is left',
      );
    });

    test('a previous release whose package was deleted in Boomi, or another team, changes nothing', async () => {
      const latest = (await t.action('listRollbacks', {}, 'carol')).body.rollbacks as Rollback[];
      const current = latest.find((x) => x.status === 'DONE')!;
      t.emulator!.control.deletePackage(r.secondPackage);
      const before = [await rollbackCount(), JSON.stringify(primary().packs), JSON.stringify(primary().deployments)];
      const missing = await t.action('rollbackRelease', { rollbackId: current.rollbackId, reason: 'Again' }, 'carol');
      assert.equal(missing.body.errorCode, 'PREVIOUS_RELEASE_MISSING', JSON.stringify(missing.body));
      assert.match(String(missing.body.errorMessage), /1\.0\.2/);
      const erin = await t.action('rollbackRelease', { promotionId: r.second, reason: 'Mine' }, 'erin');
      assert.equal(erin.body.errorCode, 'PROMOTION_NOT_FOUND');
      const peek = await t.action('getRollback', { rollbackId: r.rollback }, 'erin');
      assert.equal(peek.body.errorCode, 'ROLLBACK_NOT_FOUND');
      const theirs = await t.action('listReleases', { processId: r.processId }, 'erin');
      assert.deepEqual(theirs.body.releases, [], "another team's releases are not listed");
      assert.deepEqual(
        [await rollbackCount(), JSON.stringify(primary().packs), JSON.stringify(primary().deployments)],
        before,
      );
    });
  });
}
