import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { emulatorSuite, promote, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';

// Issue 12 item 4: a promotion's decisions and whole history, from its audit events, as one story
// across the test record and the production request made from it.

const OPM = DEMO.packages.orderProcessingMain;

type Event = {
  id: number;
  promotionId: string;
  action: string;
  actor: string;
  occurredAt: string;
  fromStatus: string | null;
  toStatus: string | null;
  comments?: string;
  pack?: { id?: string; name?: string };
  packageVersion?: string;
  environments?: Array<{ environmentId: string; name?: string; deployed?: boolean }>;
  components?: Record<string, number>;
};
type Timeline = { promotionId: string; related: Array<Record<string, string>>; events: Event[] };

for (const variant of dbVariants()) {
  describe(`getPromotionTimeline [${variant.name}]`, () => {
    let t: TestApp;
    let tree: Awaited<ReturnType<typeof treeOf>>;
    emulatorSuite(variant, {}, async (s) => {
      ({ t } = s);
      tree = await treeOf(t, OPM.componentId);
    });

    /** alice promotes, deploys to test and asks for production; answers both records' ids. */
    async function submitted(): Promise<{ testId: string; prodId: string }> {
      const done = await promote(t, OPM, 'alice', tree);
      assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
      const testId = done.body.promotionId as string;
      const tested = await t.action(
        'packageAndDeploy',
        {
          promotionId: testId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'alice',
      );
      assert.equal(tested.body.status, 'TEST_DEPLOYED', JSON.stringify(tested.body));
      const prod = await t.action(
        'submitForPeerReview',
        { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id },
        'alice',
      );
      assert.equal(prod.body.status, 'PENDING_PEER_REVIEW', JSON.stringify(prod.body));
      return { testId, prodId: prod.body.promotionId as string };
    }

    const timeline = async (promotionId: string, as = 'alice') => {
      const r = await t.action('getPromotionTimeline', { promotionId }, as);
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      return r.body as unknown as Timeline;
    };

    test('Dev -> Test -> Production reads as one story on the production request, in order, with who and when', async () => {
      const { testId, prodId } = await submitted();
      const peer = await t.action('submitPeerReview', { promotionId: prodId, decision: 'APPROVED' }, 'bob');
      assert.equal(peer.body.newStatus, 'PENDING_ADMIN_REVIEW', JSON.stringify(peer.body));
      const admin = await t.action(
        'submitAdminReview',
        { promotionId: prodId, decision: 'APPROVED', comments: 'Ship it' },
        'carol',
      );
      assert.equal(admin.body.success, true, JSON.stringify(admin.body));

      const story = await timeline(prodId);
      assert.deepEqual(
        story.events.map((e) => [e.action, e.promotionId === testId ? 'test' : 'production', e.actor]),
        [
          ['PROMOTION_STARTED', 'test', 'alice@acme.example'],
          ['PROMOTION_COMPLETED', 'test', 'alice@acme.example'],
          ['TEST_DEPLOYMENT_STARTED', 'test', 'alice@acme.example'],
          ['TEST_DEPLOYED', 'test', 'alice@acme.example'],
          ['PRODUCTION_SUBMITTED', 'production', 'alice@acme.example'],
          ['PEER_APPROVED', 'production', 'bob@acme.example'],
          ['ADMIN_APPROVED', 'production', 'carol@acme.example'],
          ['BRANCH_MERGED', 'production', 'carol@acme.example'],
          ['DEPLOYED', 'production', 'carol@acme.example'],
        ],
      );
      const times = story.events.map((e) => Date.parse(e.occurredAt));
      assert.ok(
        times.every((x, i) => !Number.isNaN(x) && (i === 0 || x >= times[i - 1]!)),
        'oldest first',
      );
      const by = Object.fromEntries(story.events.map((e) => [e.action, e]));
      assert.deepEqual(
        [by.PROMOTION_COMPLETED!.toStatus, by.PROMOTION_COMPLETED!.components?.created],
        ['COMPLETED', 8],
      );
      // Packs and environments by name, once a deployment has recorded them.
      assert.deepEqual(
        [by.TEST_DEPLOYED!.pack, by.TEST_DEPLOYED!.packageVersion, by.TEST_DEPLOYED!.environments],
        [
          { id: DEMO.packs.ordersTest.id, name: DEMO.packs.ordersTest.name },
          '1.0.0-test',
          [{ environmentId: DEMO.environments.test.id, name: DEMO.environments.test.name, deployed: true }],
        ],
      );
      assert.deepEqual(
        [by.DEPLOYED!.pack, by.DEPLOYED!.environments, by.DEPLOYED!.fromStatus, by.DEPLOYED!.toStatus],
        [
          { id: DEMO.packs.orders.id, name: DEMO.packs.orders.name },
          [{ environmentId: DEMO.environments.production.id, name: DEMO.environments.production.name, deployed: true }],
          'ADMIN_APPROVED',
          'DEPLOYED',
        ],
      );
      assert.equal(by.ADMIN_APPROVED!.comments, 'Ship it');
      assert.deepEqual(story.related, [
        { promotionId: testId, relation: 'TEST', status: 'TEST_DEPLOYED', initiatedAt: story.related[0]!.initiatedAt },
      ]);
      // Only the named details travel: no job ids, no whole deployment request.
      const text = JSON.stringify(story);
      for (const internal of ['jobId', 'deploymentRequest', 'branchId', 'releaseId'])
        assert.ok(!text.includes(internal), internal);
    });

    test("a peer's rejection and its reason are on both records; the test record points to its production request", async () => {
      const { testId, prodId } = await submitted();
      const reason = 'The mapping of orderId is wrong';
      const rejected = await t.action(
        'submitPeerReview',
        { promotionId: prodId, decision: 'REJECTED', comments: reason },
        'bob',
      );
      assert.equal(rejected.body.newStatus, 'PEER_REJECTED', JSON.stringify(rejected.body));
      const onRequest = (await timeline(prodId)).events.at(-1)!;
      assert.deepEqual(
        [onRequest.action, onRequest.actor, onRequest.comments, onRequest.fromStatus, onRequest.toStatus],
        ['PEER_REJECTED', 'bob@acme.example', reason, 'PENDING_PEER_REVIEW', 'PEER_REJECTED'],
      );
      const onTest = await timeline(testId, 'bob');
      assert.deepEqual(onTest.events.at(-1), onRequest);
      assert.deepEqual(
        onTest.related.map((r) => [r.promotionId, r.relation, r.status]),
        [[prodId, 'PRODUCTION', 'PEER_REJECTED']],
      );
    });

    test("another team's user and a read-only user learn nothing; a made-up id is PROMOTION_NOT_FOUND", async () => {
      const done = await promote(t, OPM, 'alice', tree);
      const id = done.body.promotionId as string;
      const erin = await t.action('getPromotionTimeline', { promotionId: id }, 'erin');
      assert.deepEqual([erin.body.success, erin.body.errorCode], [false, 'PROMOTION_NOT_FOUND']);
      const madeUp = await t.action('getPromotionTimeline', { promotionId: crypto.randomUUID() }, 'erin');
      assert.deepEqual([madeUp.status, madeUp.body.errorCode], [erin.status, 'PROMOTION_NOT_FOUND']);
      const olga = await t.action('getPromotionTimeline', { promotionId: id }, 'olga');
      assert.deepEqual([olga.status, olga.body.errorCode], [403, 'INSUFFICIENT_TIER']);
      // An admin sees every team's promotions.
      assert.equal((await timeline(id, 'carol')).events.length, 2);
    });
  });
}
