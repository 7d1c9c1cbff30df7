import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { emulatorSuite, primaryClient, promote, treeOf, until } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy, type PathPolicy } from '../src/contracts/approval-policy.ts';

const OPM = DEMO.packages.orderProcessingMain;
const TEAM_A = 'ABC_BOOMI_FLOW_DEVTEAMA';
const TEAM_B = 'ABC_BOOMI_FLOW_DEVTEAMB';

for (const variant of dbVariants()) {
  describe(`approval policy [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });
    beforeEach(() => db.exec('delete from approval_policy'));

    const status = async (id: string) =>
      (await db.query<{ status: string }>('select status from promotion_log where promotion_id = $1', [id])).rows[0]!
        .status;
    const actions = async (id: string) =>
      (
        await db.query<{ action: string }>('select action from audit_event where promotion_id = $1 order by id', [id])
      ).rows.map((r) => r.action);

    async function setPolicy(change: Partial<Record<keyof ApprovalPolicy, Partial<PathPolicy>>>) {
      const current = await t.action('getApprovalPolicy', {}, 'carol');
      const policy = structuredClone(DEFAULT_APPROVAL_POLICY);
      for (const [path, rule] of Object.entries(change)) Object.assign(policy[path as keyof ApprovalPolicy], rule);
      const r = await t.action(
        'setApprovalPolicy',
        { policy, expectedVersion: (current.body.current as { version: number }).version },
        'carol',
      );
      assert.equal(r.body.success, true, JSON.stringify(r.body));
    }

    /** alice promotes Order Processing Main and submits it as a hotfix; returns the submission's answer. */
    async function hotfix() {
      const done = await promote(t, OPM, 'alice', tree);
      assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
      const id = done.body.promotionId as string;
      const r = await t.action(
        'submitForPeerReview',
        {
          promotionId: id,
          isHotfix: true,
          hotfixJustification: 'Orders are failing in production',
          packageVersion: '1.0.1',
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
        },
        'alice',
      );
      return { id, r };
    }

    test('the policy is versioned, admin only, audited; unusable or stale policies are refused', async () => {
      const first = await t.action('getApprovalPolicy', {}, 'bob');
      assert.deepEqual(first.body.current, {
        version: 0,
        policy: DEFAULT_APPROVAL_POLICY,
        setBy: null,
        setAt: null,
        comment: null,
      });
      const policy = structuredClone(DEFAULT_APPROVAL_POLICY);
      policy.PRODUCTION.peerApprovals = 2;
      const byContributor = await t.action('setApprovalPolicy', { policy, expectedVersion: 0 }, 'bob');
      assert.equal(byContributor.status, 403);
      const saved = await t.action(
        'setApprovalPolicy',
        { policy, expectedVersion: 0, comment: 'two peers for production' },
        'carol',
      );
      assert.deepEqual([saved.body.success, (saved.body.current as { version: number }).version], [true, 1]);
      const stale = await t.action('setApprovalPolicy', { policy, expectedVersion: 0 }, 'dan');
      assert.equal(stale.body.errorCode, 'APPROVAL_POLICY_CONFLICT');

      const nobody = structuredClone(policy);
      nobody.PRODUCTION = { ...nobody.PRODUCTION, peerApprovals: 0, adminApprovals: 0 };
      const zero = await t.action('setApprovalPolicy', { policy: nobody, expectedVersion: 1 }, 'carol');
      assert.deepEqual([zero.status, zero.body.field], [400, 'policy.PRODUCTION.adminApprovals']);
      const glass = structuredClone(policy);
      glass.PRODUCTION.breakGlass = true;
      const wrongPath = await t.action('setApprovalPolicy', { policy: glass, expectedVersion: 1 }, 'carol');
      assert.deepEqual([wrongPath.status, wrongPath.body.field], [400, 'policy.PRODUCTION.breakGlass']);

      const history = await t.action('getApprovalPolicy', { includeHistory: true }, 'bob');
      const current = history.body.current as { version: number; setBy: string; comment: string };
      assert.deepEqual(
        [current.version, current.setBy, current.comment],
        [1, 'carol@acme.example', 'two peers for production'],
      );
      assert.deepEqual(
        (history.body.history as Array<{ version: number }>).map((v) => v.version),
        [0],
      );
      const audit = await db.query<{ details: { version: number } }>(
        "select details from audit_event where action = 'APPROVAL_POLICY_SET'",
      );
      assert.deepEqual(
        audit.rows.map((r) => r.details.version),
        [1],
      );
    });

    test('two peer approvals: the first counts and waits, the same person cannot count twice', async () => {
      await setPolicy({ HOTFIX: { peerApprovals: 2 } });
      const { id, r } = await hotfix();
      assert.equal(r.body.status, 'PENDING_PEER_REVIEW');
      const bob = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      assert.deepEqual([bob.body.success, bob.body.newStatus], [true, 'PENDING_PEER_REVIEW'], JSON.stringify(bob.body));
      const again = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      assert.equal(again.body.errorCode, 'ALREADY_APPROVED_BY_YOU');
      const queue = await t.action('queryPeerReviewQueue', {}, 'bob');
      assert.ok(
        !(queue.body.pendingReviews as Array<{ promotionId: string }>).some((p) => p.promotionId === id),
        'what bob approved leaves his queue',
      );
      const view = await t.action('getApprovals', { promotionId: id }, 'alice');
      assert.deepEqual(
        [view.body.path, view.body.required, view.body.remaining],
        ['HOTFIX', { peers: 2, admins: 1 }, { peers: 1, admins: 1 }],
      );
      const carol = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'carol');
      assert.equal(carol.body.newStatus, 'PENDING_ADMIN_REVIEW');
      const carolAsAdmin = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(carolAsAdmin.body.errorCode, 'SELF_APPROVAL_NOT_ALLOWED');
      assert.deepEqual(
        (await actions(id)).slice(2),
        ['HOTFIX_SUBMITTED', 'PEER_APPROVED', 'PEER_APPROVED'],
        'both approvals are in the trail',
      );
    });

    test("the author's teammate as the only eligible reviewer: refused at submission, saying why", async () => {
      await setPolicy({ HOTFIX: { peerGroups: [TEAM_A], authorTeamMayReview: false } });
      const { id, r } = await hotfix();
      assert.equal(r.body.errorCode, 'APPROVAL_POLICY_UNSATISFIABLE', JSON.stringify(r.body));
      assert.match(r.body.errorMessage as string, /peer approval\(s\) from contributors or admins in/);
      assert.equal(await status(id), 'COMPLETED', 'nothing changed');
    });

    test('reviews from another team: the policy opens the record to them and closes it to the team', async () => {
      await setPolicy({ HOTFIX: { peerGroups: [TEAM_B], authorTeamMayReview: false } });
      const { id, r } = await hotfix();
      assert.equal(r.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(r.body));
      const bob = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      assert.equal(bob.body.errorCode, 'NOT_AN_ELIGIBLE_REVIEWER');
      const erinQueue = await t.action('queryPeerReviewQueue', {}, 'erin');
      assert.ok((erinQueue.body.pendingReviews as Array<{ promotionId: string }>).some((p) => p.promotionId === id));
      const bobQueue = await t.action('queryPeerReviewQueue', {}, 'bob');
      assert.ok(!(bobQueue.body.pendingReviews as Array<{ promotionId: string }>).some((p) => p.promotionId === id));
      const erin = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'erin');
      assert.equal(erin.body.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(erin.body));
      const after = await t.action('getApprovals', { promotionId: id }, 'erin');
      assert.equal(after.body.success, false, 'once reviewed, the other team no longer sees it');
    });

    test('separation of duties: whoever deployed the change to Test cannot approve it', async () => {
      const done = await promote(t, OPM, 'alice', tree);
      const id = done.body.promotionId as string;
      const tested = await t.action(
        'packageAndDeploy',
        {
          promotionId: id,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'bob',
      );
      assert.equal(tested.body.status, 'TEST_DEPLOYED', JSON.stringify(tested.body));
      const submitted = await t.action(
        'submitForPeerReview',
        { promotionId: id, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'alice',
      );
      const prodId = submitted.body.promotionId as string;
      const bob = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob');
      assert.equal(bob.body.errorCode, 'SELF_REVIEW_NOT_ALLOWED');
      assert.match(bob.body.errorMessage as string, /deployed it to Test/);
      const view = await t.action('getApprovals', { promotionId: prodId }, 'carol');
      assert.deepEqual((view.body.authors as string[]).sort(), ['alice@acme.example', 'bob@acme.example']);
    });

    test('an approval is void when the branch changes: approvers told, record back in the peer queue', async () => {
      const { id } = await hotfix();
      const peer = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW');
      // A re-promotion rewrites the branch: one component gets a new version there.
      const boomi = primaryClient(t);
      const { rows } = await db.query<{ branch_id: string; prod_component_id: string }>(
        `select l.branch_id, r.prod_component_id from promotion_log l
         join promotion_component_result r using (promotion_id) where promotion_id = $1 limit 1`,
        [id],
      );
      const { branch_id: branchId, prod_component_id: componentId } = rows[0]!;
      const onBranch = (await boomi.components.get(componentId, { branchId })).clone();
      onBranch.setAttribute('name', `${onBranch.attributes.name ?? 'component'} (changed after review)`);
      const written = await boomi.components.update(componentId, onBranch, { branchId });
      assert.equal(written.status, 'written');

      const admin = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
        'dan',
      );
      assert.equal(admin.body.errorCode, 'APPROVALS_VOIDED', JSON.stringify(admin.body));
      assert.equal(await status(id), 'PENDING_PEER_REVIEW');
      const view = await t.action('getApprovals', { promotionId: id }, 'alice');
      const [voided] = view.body.approvals as Array<{ approvedBy: string; voidedAt: string | null }>;
      assert.deepEqual([voided!.approvedBy, !!voided!.voidedAt], ['bob@acme.example', true]);
      const mail = await until('the voided approval email', async () => {
        const m = await db.query<{ to_addresses: string[] }>(
          "select to_addresses from notification_outbox where promotion_id = $1 and kind = 'APPROVALS_VOIDED'",
          [id],
        );
        return m.rows[0];
      });
      assert.ok(mail.to_addresses.includes('bob@acme.example'));
      const again = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      assert.equal(again.body.newStatus, 'PENDING_ADMIN_REVIEW', 'bob may approve the new content');
    });

    test('break-glass: refused unless the policy allows it; then deploys, audited, every admin told', async () => {
      const { id } = await hotfix();
      const refused = await t.action(
        'breakGlassDeploy',
        { promotionId: id, reason: 'Orders are down for every customer', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(refused.body.errorCode, 'BREAK_GLASS_NOT_ALLOWED');
      await setPolicy({ HOTFIX: { breakGlass: true } });
      const byAuthor = await t.action(
        'breakGlassDeploy',
        { promotionId: id, reason: 'Orders are down for every customer', hotfixAcknowledged: true },
        'alice',
      );
      assert.equal(byAuthor.status, 403, 'admins only');
      const r = await t.action(
        'breakGlassDeploy',
        { promotionId: id, reason: 'Orders are down for every customer', hotfixAcknowledged: true },
        'carol',
      );
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      await until('deployed', async () => ((await status(id)) === 'DEPLOYED' ? true : undefined));
      const record = await t.action('queryStatus', { promotionId: id }, 'alice');
      const [p] = record.body.promotions as Array<{ breakGlass: { by: string; reason: string } | null }>;
      assert.deepEqual(
        [p!.breakGlass?.by, p!.breakGlass?.reason],
        ['carol@acme.example', 'Orders are down for every customer'],
      );
      assert.ok((await actions(id)).includes('BREAK_GLASS_DEPLOYMENT'));
      const history = await t.action('listReleases', { promotionId: id }, 'alice');
      const release = (history.body.releases as Array<{ promotionId: string; breakGlass: { by: string } | null }>).find(
        (x) => x.promotionId === id,
      );
      assert.equal(release?.breakGlass?.by, 'carol@acme.example', 'the release history says break-glass');
      const mail = await db.query<{ to_addresses: string[]; subject: string }>(
        "select to_addresses, subject from notification_outbox where promotion_id = $1 and kind = 'BREAK_GLASS_DEPLOYMENT'",
        [id],
      );
      assert.deepEqual(mail.rows[0]!.to_addresses, [t.config.mail.adminList]);
      assert.match(mail.rows[0]!.subject, /BREAK-GLASS/);
    });

    test('a freeze refuses the approval of a hotfix; break-glass lets it through', async () => {
      await setPolicy({ HOTFIX: { breakGlass: true } });
      const now = Date.now();
      const window = await t.action(
        'setFreezeWindow',
        {
          kind: 'ONE_OFF',
          name: 'Quarter close',
          startsAt: new Date(now - 60_000).toISOString(),
          endsAt: new Date(now + 3_600_000).toISOString(),
        },
        'carol',
      );
      assert.equal(window.body.success, true, JSON.stringify(window.body));
      try {
        const { id } = await hotfix();
        await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
        const frozen = await t.action(
          'submitAdminReview',
          { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true },
          'dan',
        );
        assert.equal(frozen.body.errorCode, 'FREEZE_ACTIVE', JSON.stringify(frozen.body));
        assert.match(frozen.body.errorMessage as string, /Quarter close/);
        assert.equal(await status(id), 'PENDING_ADMIN_REVIEW', 'the refused approval changed nothing');
        const r = await t.action(
          'breakGlassDeploy',
          { promotionId: id, reason: 'Orders are down for every customer', hotfixAcknowledged: true },
          'dan',
        );
        assert.equal(r.body.success, true, JSON.stringify(r.body));
        await until('deployed through the freeze', async () => ((await status(id)) === 'DEPLOYED' ? true : undefined));
      } finally {
        await db.exec('delete from freeze_window');
      }
    });

    test('the TEST path: a test deployment waits for the approvals the policy asks', async () => {
      await setPolicy({ TEST: { peerApprovals: 1 } });
      const done = await promote(t, OPM, 'alice', tree);
      const id = done.body.promotionId as string;
      const deploy = () =>
        t.action('packageAndDeploy', {
          promotionId: id,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        });
      const refused = await deploy();
      assert.equal(refused.body.errorCode, 'TEST_APPROVAL_REQUIRED', JSON.stringify(refused.body));
      assert.equal(await status(id), 'COMPLETED', 'nothing changed');
      const own = await t.action('approveForTest', { promotionId: id }, 'alice');
      assert.equal(own.body.errorCode, 'SELF_REVIEW_NOT_ALLOWED');
      const view = await t.action('getApprovals', { promotionId: id }, 'bob');
      assert.deepEqual([view.body.path, view.body.callerIneligibleReason], ['TEST', null]);
      const bob = await t.action('approveForTest', { promotionId: id, comments: 'fine for test' }, 'bob');
      assert.deepEqual(
        [bob.body.role, bob.body.remaining],
        ['PEER', { peers: 0, admins: 0 }],
        JSON.stringify(bob.body),
      );
      const tested = await deploy();
      assert.equal(tested.body.status, 'TEST_DEPLOYED', JSON.stringify(tested.body));
      assert.ok((await actions(id)).includes('TEST_APPROVED'));
    });

    test('two admin approvals: the first waits, and may not change the deployment choices', async () => {
      await setPolicy({ HOTFIX: { adminApprovals: 2 } });
      const { id } = await hotfix();
      await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob');
      const approve = (as: string, extra: Record<string, unknown> = {}) =>
        t.action(
          'submitAdminReview',
          { promotionId: id, decision: 'APPROVED', hotfixAcknowledged: true, ...extra },
          as,
        );
      const withChoices = await approve('carol', { packageVersion: '1.0.9' });
      assert.equal(withChoices.body.errorCode, 'INVALID_REQUEST', JSON.stringify(withChoices.body));
      const first = await approve('carol');
      assert.deepEqual([first.body.newStatus, first.body.jobId], ['PENDING_ADMIN_REVIEW', null]);
      const second = await approve('dan');
      assert.equal(second.body.success, true, JSON.stringify(second.body));
      await until('deployed', async () => ((await status(id)) === 'DEPLOYED' ? true : undefined));
    });

    test('a path with no peer approval goes straight to the admins', async () => {
      await setPolicy({ HOTFIX: { peerApprovals: 0 } });
      const { id, r } = await hotfix();
      assert.equal(r.body.status, 'PENDING_ADMIN_REVIEW', JSON.stringify(r.body));
      assert.ok((await actions(id)).includes('PEER_REVIEW_NOT_REQUIRED'));
    });
  });
}
