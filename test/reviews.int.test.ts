import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { branchNames, emulatorSuite, primaryClient, promote, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

const OPM = DEMO.packages.orderProcessingMain;

for (const variant of dbVariants()) {
  describe(`peer and admin reviews of an emergency hotfix [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    /** alice promotes Order Processing Main and submits it as a hotfix. */
    async function hotfix(): Promise<string> {
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
          deploymentNotes: 'fix',
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
        },
        'alice',
      );
      assert.deepEqual([r.body.success, r.body.status], [true, 'PENDING_PEER_REVIEW'], JSON.stringify(r.body));
      return id;
    }

    test('a completed promotion goes to production only as a hotfix with a justification', async () => {
      const done = await promote(t, OPM, 'alice', tree);
      const id = done.body.promotionId as string;
      const plain = await t.action('submitForPeerReview', { promotionId: id }, 'alice');
      assert.equal(plain.body.errorCode, 'INVALID_DEPLOYMENT_TARGET');
      const blank = await t.action(
        'submitForPeerReview',
        { promotionId: id, isHotfix: true, hotfixJustification: '   ' },
        'alice',
      );
      assert.equal(blank.body.errorCode, 'HOTFIX_JUSTIFICATION_REQUIRED');
      const long = await t.action(
        'submitForPeerReview',
        { promotionId: id, isHotfix: true, hotfixJustification: 'x'.repeat(1001) },
        'alice',
      );
      assert.deepEqual([long.status, long.body.field], [400, 'hotfixJustification']);
      const other = await t.action(
        'submitForPeerReview',
        { promotionId: id, isHotfix: true, hotfixJustification: 'mine now' },
        'bob',
      );
      assert.equal(other.body.errorCode, 'NOT_PROMOTION_INITIATOR');
    });

    test('the queue leaves out the submitter; self review is refused in any letter case (§6.4 58, 61)', async () => {
      const id = await hotfix();
      const aliceQueue = await t.action('queryPeerReviewQueue', {}, 'alice');
      assert.ok(!(aliceQueue.body.pendingReviews as Array<{ promotionId: string }>).some((p) => p.promotionId === id));
      const bobQueue = await t.action('queryPeerReviewQueue', {}, 'bob');
      const item = (bobQueue.body.pendingReviews as Array<Record<string, unknown>>).find((p) => p.promotionId === id)!;
      assert.deepEqual(
        [item.isHotfix, item.hotfixJustification, item.targetEnvironment],
        [true, 'Orders are failing in production', 'PRODUCTION'],
      );
      assert.ok((item.results as unknown[]).length > 0);
      const erinQueue = await t.action('queryPeerReviewQueue', {}, 'erin');
      assert.ok(
        !(erinQueue.body.pendingReviews as Array<{ promotionId: string }>).some((p) => p.promotionId === id),
        'another team does not see it',
      );
      const self = await t.action(
        'submitPeerReview',
        { promotionId: id, decision: 'APPROVED', reviewerEmail: 'ALICE@acme.example' },
        'alice',
      );
      assert.equal(self.body.errorCode, 'SELF_REVIEW_NOT_ALLOWED', 'compared case-insensitively');
      const selfReview = await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'alice');
      assert.equal(selfReview.body.errorCode, 'SELF_REVIEW_NOT_ALLOWED');
      const { rows } = await db.query<{ status: string }>('select status from promotion_log where promotion_id = $1', [
        id,
      ]);
      assert.equal(rows[0]!.status, 'PENDING_PEER_REVIEW', 'record unchanged');
    });

    test('two reviewers approving at once give exactly one approval; then ALREADY_REVIEWED (§6.4 59)', async () => {
      const id = await hotfix();
      const both = await Promise.all([
        t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED' }, 'bob'),
        t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED', comments: 'lgtm' }, 'carol'),
      ]);
      assert.equal(both.filter((r) => r.body.success).length, 1, JSON.stringify(both.map((r) => r.body)));
      assert.equal(both.find((r) => !r.body.success)!.body.errorCode, 'ALREADY_REVIEWED');
      const again = await t.action(
        'submitPeerReview',
        { promotionId: id, decision: 'REJECTED', comments: 'too late' },
        'dan',
      );
      assert.equal(again.body.errorCode, 'ALREADY_REVIEWED');
      const audit = await db.query<{ action: string }>(
        "select action from audit_event where promotion_id = $1 and action = 'PEER_APPROVED'",
        [id],
      );
      assert.equal(audit.rowCount, 1);
    });

    test('a record not in review is INVALID_REVIEW_STATE (§6.4 60)', async () => {
      const done = await promote(t, OPM, 'alice', tree);
      const r = await t.action('submitPeerReview', { promotionId: done.body.promotionId, decision: 'APPROVED' }, 'bob');
      assert.equal(r.body.errorCode, 'INVALID_REVIEW_STATE');
      const missing = await t.action(
        'submitPeerReview',
        { promotionId: '00000000-0000-4000-8000-000000000000', decision: 'APPROVED' },
        'bob',
      );
      assert.equal(missing.body.errorCode, 'PROMOTION_NOT_FOUND');
    });

    test('a peer rejection needs a reason and deletes the branch (§6.2 item 43)', async () => {
      const id = await hotfix();
      const noReason = await t.action('submitPeerReview', { promotionId: id, decision: 'REJECTED' }, 'bob');
      assert.deepEqual([noReason.status, noReason.body.field], [400, 'comments']);
      const r = await t.action(
        'submitPeerReview',
        { promotionId: id, decision: 'REJECTED', comments: 'Mapping is wrong' },
        'bob',
      );
      assert.deepEqual([r.body.newStatus, r.body.peerReviewStatus], ['PEER_REJECTED', 'PEER_REJECTED']);
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${id}`));
      const { rows } = await db.query<{ branch_id: string | null; peer_review_comments: string }>(
        'select branch_id, peer_review_comments from promotion_log where promotion_id = $1',
        [id],
      );
      assert.deepEqual([rows[0]!.branch_id, rows[0]!.peer_review_comments], [null, 'Mapping is wrong']);
    });

    test('admin review: not by the author or the peer, hotfix acknowledgement required, a denial deletes the branch', async () => {
      const id = await hotfix();
      await t.action('submitPeerReview', { promotionId: id, decision: 'APPROVED', comments: 'ok' }, 'carol');
      const peerAsAdmin = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'DENIED', comments: 'no' },
        'carol',
      );
      assert.equal(peerAsAdmin.body.errorCode, 'SELF_APPROVAL_NOT_ALLOWED');
      const contributor = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'DENIED', comments: 'no' },
        'bob',
      );
      assert.equal(contributor.status, 403);
      const noAck = await t.action('submitAdminReview', { promotionId: id, decision: 'APPROVED' }, 'dan');
      assert.equal(noAck.body.errorCode, 'HOTFIX_ACKNOWLEDGEMENT_REQUIRED');
      const noReason = await t.action('submitAdminReview', { promotionId: id, decision: 'DENIED' }, 'dan');
      assert.equal(noReason.body.field, 'comments');
      const denied = await t.action(
        'submitAdminReview',
        { promotionId: id, decision: 'DENIED', comments: 'Not during the freeze' },
        'dan',
      );
      assert.equal(denied.body.newStatus, 'ADMIN_REJECTED', JSON.stringify(denied.body));
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${id}`));
      const trail = await db.query<{ action: string; actor: string }>(
        'select action, actor from audit_event where promotion_id = $1 order by id',
        [id],
      );
      assert.deepEqual(
        trail.rows.map((r) => r.action),
        ['PROMOTION_STARTED', 'PROMOTION_COMPLETED', 'HOTFIX_SUBMITTED', 'PEER_APPROVED', 'ADMIN_DENIED'],
      );
    });

    test('the submitter can withdraw a promotion in review; others cannot', async () => {
      const id = await hotfix();
      const bob = await t.action('withdrawPromotion', { promotionId: id, reason: 'mine' }, 'bob');
      assert.equal(bob.body.errorCode, 'NOT_PROMOTION_INITIATOR');
      const r = await t.action('withdrawPromotion', { promotionId: id, reason: 'found a better fix' }, 'alice');
      assert.deepEqual([r.body.status, r.body.branchDeleted], ['WITHDRAWN', true]);
      const twice = await t.action('withdrawPromotion', { promotionId: id }, 'alice');
      assert.equal(twice.body.errorCode, 'INVALID_PROMOTION_STATUS');
    });
  });
}
