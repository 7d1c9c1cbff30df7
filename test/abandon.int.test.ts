import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { DEVA, branchNames, emulatorSuite, primaryClient, promote, treeOf } from './helpers/promotion-helpers.ts';
import { takeToMain } from './helpers/production-shortcut.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 12 item 2: a contributor abandons their own open promotion (promoted, tested, or waiting
// for review); the branch goes, the record ends ABANDONED with the reason, the trail and the
// reviewers are told, and the package can be promoted again. P2 asks what would block first.

const OPM = DEMO.packages.orderProcessingMain;
const CMS = DEMO.packages.customerMasterSync;

for (const variant of dbVariants()) {
  describe(`abandoning a promotion [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ db, t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    const record = async (promotionId: string) =>
      ((await t.action('queryStatus', { promotionId }, 'carol')).body.promotions as Array<Record<string, unknown>>)[0]!;
    const abandon = (promotionId: string, as: string, reason: unknown = 'superseded by a later fix') =>
      t.action('abandonPromotion', { promotionId, reason }, as);
    const completed = async (as = 'alice') => {
      const res = await promote(t, OPM, as, tree);
      assert.equal(res.body.status, 'COMPLETED', JSON.stringify(res.body).slice(0, 300));
      return { promotionId: res.body.promotionId as string, branchId: res.body.branchId as string };
    };
    const blockers = async (as = 'bob') =>
      (
        await t.action(
          'findBlockingPromotions',
          { devAccountId: DEVA, devComponentIds: tree.map((c) => c.devComponentId) },
          as,
        )
      ).body.blockingPromotions as Array<Record<string, unknown>>;
    const events = async (promotionId: string) =>
      (
        await db.query<{ actor: string; from_status: string; details: Record<string, unknown> }>(
          `select actor, from_status, details from audit_event
            where promotion_id = $1 and action = 'PROMOTION_ABANDONED'`,
          [promotionId],
        )
      ).rows;
    const mails = async (promotionId: string) =>
      (
        await db.query<{ subject: string; to_addresses: string[]; cc_addresses: string[]; body: string }>(
          `select subject, to_addresses, cc_addresses, body_text as body from notification_outbox
            where promotion_id = $1 and kind = 'PROMOTION_ABANDONED'`,
          [promotionId],
        )
      ).rows;

    test('a walked-away promotion blocks its package until its author abandons it; then it promotes', async () => {
      const { promotionId, branchId } = await completed();
      // P2's question before the click, and the refusal after it, name the same promotion.
      const found = await blockers();
      assert.deepEqual(
        found.map((b) => [b.promotionId, b.status, b.processName, b.initiatedBy]),
        [[promotionId, 'COMPLETED', 'Order Processing Main', 'alice@acme.example']],
      );
      assert.match(String(found[0]!.advice), /promoted but not deployed: open it and continue .*or abandon it/);
      const refused = await promote(t, OPM, 'bob', tree);
      assert.deepEqual(
        [refused.body.errorCode, refused.body.conflictingPromotionId, refused.body.conflictingStatus],
        ['PROMOTION_CONFLICT', promotionId, 'COMPLETED'],
      );
      assert.equal(refused.body.conflictingProcessName, 'Order Processing Main');
      assert.match(String(refused.body.errorMessage), /abandon it/);
      assert.doesNotMatch(String(refused.body.errorMessage), /waiting for review|withdraw/);

      const codes = async (as: string, reason?: unknown) => {
        const r = await abandon(promotionId, as, reason);
        return [r.status, r.body.errorCode, r.body.field];
      };
      assert.deepEqual(await codes('bob'), [200, 'NOT_PROMOTION_INITIATOR', undefined], 'a teammate may not');
      assert.deepEqual(await codes('erin'), [200, 'PROMOTION_NOT_FOUND', 'promotionId'], 'another team sees nothing');
      assert.deepEqual((await codes('olga')).slice(0, 2), [403, 'INSUFFICIENT_TIER']);
      assert.deepEqual(await codes('alice', '  '), [400, 'INVALID_REQUEST', 'reason'], 'a reason is required');
      assert.deepEqual(await codes('alice', 'x'.repeat(501)), [400, 'INVALID_REQUEST', 'reason']);
      assert.equal((await record(promotionId)).status, 'COMPLETED', 'refusals change nothing');

      // A double click, or two tabs: one wins, the other is told it already happened.
      const both = await Promise.all([abandon(promotionId, 'alice'), abandon(promotionId, 'alice')]);
      const won = both.filter((r) => r.body.success === true);
      assert.equal(won.length, 1, JSON.stringify(both.map((r) => r.body)));
      assert.equal(both.find((r) => r.body.success !== true)!.body.errorCode, 'INVALID_PROMOTION_STATUS');
      assert.deepEqual(
        [won[0]!.body.previousStatus, won[0]!.body.status, won[0]!.body.branchDeleted, won[0]!.body.testPromotionId],
        ['COMPLETED', 'ABANDONED', true, null],
      );
      const r = await record(promotionId);
      assert.deepEqual([r.status, r.branchId], ['ABANDONED', null]);
      assert.equal(r.errorMessage, 'Abandoned by alice@acme.example: superseded by a later fix');
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${promotionId}`), 'the branch is deleted');
      assert.ok(branchId);
      const trail = await events(promotionId);
      assert.deepEqual(
        trail.map((e) => [e.actor, e.from_status, e.details.reason]),
        [['alice@acme.example', 'COMPLETED', 'superseded by a later fix']],
      );
      assert.equal((await mails(promotionId)).length, 0, 'nobody else was waiting for it');
      const again = await abandon(promotionId, 'alice');
      assert.equal(again.body.errorCode, 'INVALID_PROMOTION_STATUS');
      assert.match(String(again.body.errorMessage), /already finished/);

      assert.deepEqual(await blockers(), []);
      const next = await promote(t, OPM, 'bob', tree);
      assert.equal(next.body.status, 'COMPLETED', JSON.stringify(next.body).slice(0, 300));
    });

    test('an admin may abandon anyone’s promotion and its author is told; a deployed one is not', async () => {
      const shipped = await completed();
      await takeToMain(db, primaryClient(t), shipped.promotionId);
      const late = await abandon(shipped.promotionId, 'alice');
      assert.equal(late.body.errorCode, 'INVALID_PROMOTION_STATUS');

      const { promotionId } = await completed();
      const res = await abandon(promotionId, 'carol', 'the release was called off');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      const [mail] = await mails(promotionId);
      assert.ok(mail, 'the author hears about it');
      assert.deepEqual(mail.to_addresses, ['alice@acme.example']);
      assert.equal(mail.subject, 'Promotion Abandoned: Order Processing Main v1.0.0');
      assert.match(mail.body, /By: .*carol@acme\.example/);
      assert.match(mail.body, /Reason: the release was called off/);
    });

    test('a hotfix in peer review: its author abandons it, it leaves the queue, reviewers are told', async () => {
      const { promotionId } = await completed();
      const submitted = await t.action(
        'submitForPeerReview',
        {
          promotionId,
          isHotfix: true,
          hotfixJustification: 'orders are stuck',
          packageVersion: '1.0.1',
          existingPackId: DEMO.packs.orders.id,
        },
        'alice',
      );
      assert.equal(submitted.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(submitted.body));
      const queue = async () =>
        ((await t.action('queryPeerReviewQueue', {}, 'bob')).body.pendingReviews as Array<{ promotionId: string }>).map(
          (p) => p.promotionId,
        );
      assert.deepEqual(await queue(), [promotionId]);
      assert.equal((await abandon(promotionId, 'bob')).body.errorCode, 'NOT_PROMOTION_INITIATOR');

      const res = await abandon(promotionId, 'alice', 'the outage resolved itself');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      assert.deepEqual(await queue(), []);
      const r = await record(promotionId);
      assert.deepEqual([r.status, r.peerReviewStatus, r.branchId], ['ABANDONED', null, null]);
      const review = await t.action('submitPeerReview', { promotionId, decision: 'APPROVED' }, 'bob');
      assert.equal(review.body.errorCode, 'INVALID_REVIEW_STATE');
      const [mail] = await mails(promotionId);
      assert.ok(mail);
      assert.deepEqual(mail.to_addresses.sort(), [t.config.mail.adminList, t.config.mail.devList].sort());
      assert.deepEqual(mail.cc_addresses, ['alice@acme.example']);
      assert.match(mail.body, /no longer needs a review/);
      assert.match(mail.body, /the outage resolved itself/);
    });

    test('a test deployment under its open production request refused; abandoning the request ends both', async () => {
      const { promotionId: testId } = await completed();
      const tested = await t.action('packageAndDeploy', {
        promotionId: testId,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      });
      assert.equal(tested.body.status, 'TEST_DEPLOYED', JSON.stringify(tested.body));
      const submitted = await t.action(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'bob',
      );
      const prodId = submitted.body.promotionId as string;
      const peer = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'carol');
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW');
      assert.deepEqual((await record(testId)).productionRequest, {
        promotionId: prodId,
        status: 'PENDING_ADMIN_REVIEW',
      });

      const underneath = await abandon(testId, 'alice');
      assert.deepEqual(
        [underneath.body.errorCode, underneath.body.conflictingPromotionId, underneath.body.conflictingStatus],
        ['INVALID_PROMOTION_STATUS', prodId, 'PENDING_ADMIN_REVIEW'],
      );
      assert.equal((await record(testId)).status, 'TEST_DEPLOYED');

      // bob submitted the request: he may abandon it, and the test deployment ends with it.
      const res = await abandon(prodId, 'bob', 'waiting for the next release');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      assert.deepEqual([res.body.testPromotionId, res.body.branchDeleted], [testId, true]);
      for (const id of [prodId, testId])
        assert.deepEqual([(await record(id)).status, (await record(id)).branchId], ['ABANDONED', null]);
      assert.ok(!(await branchNames(primaryClient(t))).includes(`promo-${testId}`), 'the shared branch is deleted');
      assert.deepEqual(
        (await events(testId)).map((e) => e.details.withProductionRequest),
        [prodId],
      );
      const admin = await t.action('queryAdminReviewQueue', {}, 'dan');
      assert.deepEqual(admin.body.pendingApprovals, []);
      const [mail] = await mails(prodId);
      assert.ok(mail);
      assert.deepEqual(mail.to_addresses.sort(), [t.config.mail.adminList, 'carol@acme.example'].sort());
      assert.deepEqual(mail.cc_addresses.sort(), ['alice@acme.example', 'bob@acme.example']);
      assert.match(mail.body, /no longer needs an approval/);
      assert.match(mail.body, new RegExp(`test deployment ${testId} ended with it`));

      assert.deepEqual(await blockers('alice'), []);
      assert.equal((await promote(t, OPM, 'alice', tree)).body.status, 'COMPLETED');
    });

    test('a failed test deployment can be abandoned instead of retried', async () => {
      const { promotionId } = await completed();
      t.emulator!.control.addFault({ release: 'ERROR' });
      const failed = await t.action('packageAndDeploy', {
        promotionId,
        deploymentTarget: 'TEST',
        packageVersion: '1.0.0-test',
        existingPackId: DEMO.packs.ordersTest.id,
      });
      t.emulator!.control.clearFaults();
      assert.equal((await record(promotionId)).status, 'TEST_DEPLOY_FAILED', JSON.stringify(failed.body));
      const res = await abandon(promotionId, 'alice');
      assert.deepEqual([res.body.previousStatus, res.body.status], ['TEST_DEPLOY_FAILED', 'ABANDONED']);
    });

    test("My work: queryStatus scope 'mine' and openOnly; 'team' is everything the caller may see", async () => {
      const mine = await completed('alice');
      const cmsTree = await treeOf(t, CMS.componentId);
      const bobs = await promote(t, CMS, 'bob', cmsTree);
      assert.equal(bobs.body.status, 'COMPLETED', JSON.stringify(bobs.body).slice(0, 300));
      const ids = async (body: Record<string, unknown>, as = 'alice') =>
        ((await t.action('queryStatus', body, as)).body.promotions as Array<{ promotionId: string }>).map(
          (p) => p.promotionId,
        );
      assert.deepEqual(await ids({ scope: 'mine' }), [mine.promotionId]);
      assert.deepEqual(await ids({ scope: 'team' }), [bobs.body.promotionId, mine.promotionId], 'newest first');
      assert.deepEqual(await ids({ scope: 'mine' }, 'erin'), []);
      await abandon(mine.promotionId, 'alice');
      assert.deepEqual(await ids({ scope: 'mine', openOnly: true }), []);
      assert.deepEqual(await ids({ scope: 'team', openOnly: true }), [bobs.body.promotionId]);
      assert.deepEqual(await ids({ scope: 'mine', status: 'ABANDONED' }), [mine.promotionId]);
      const page = await t.action('queryStatus', { scope: 'team', limit: 1 }, 'alice');
      assert.deepEqual([(page.body.promotions as unknown[]).length, page.body.hasMore], [1, true]);
    });
  });
}
