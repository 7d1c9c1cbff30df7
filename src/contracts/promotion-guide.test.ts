import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROMOTION_STATUSES, type PromotionStatus } from './promotions.ts';
import {
  ABANDONABLE_STATUSES,
  TERMINAL_STATUSES,
  blockerAdvice,
  guideFor,
  isWithdrawer,
  mayAbandon,
  type GuidedPromotion,
  type Viewer,
} from './promotion-guide.ts';

const ID = '4f1c2b7e-0000-4000-8000-000000000001';
const PROD = '4f1c2b7e-0000-4000-8000-000000000002';
const alice = { email: 'alice@acme.example', tier: 'CONTRIBUTOR' as const };
const bob = { email: 'bob@acme.example', tier: 'CONTRIBUTOR' as const };
const carol = { email: 'carol@acme.example', tier: 'ADMIN' as const };

const record = (status: PromotionStatus, more: Partial<GuidedPromotion> = {}): GuidedPromotion => ({
  promotionId: ID,
  status,
  initiatedBy: 'alice@acme.example',
  submittedBy: null,
  promotedFromTestBy: null,
  peerReviewedBy: null,
  testPromotionId: null,
  lastErrorCode: null,
  errorMessage: null,
  ...more,
});
const labels = (g: ReturnType<typeof guideFor>) => g.steps.map((s) => s.label);
const links = (g: ReturnType<typeof guideFor>) => g.steps.filter((s) => s.to).map((s) => s.to);

describe('promotion guide: why, who holds it, next steps', () => {
  test('every status has a guide for every viewer, and only unfinished ones have a holder', () => {
    for (const status of PROMOTION_STATUSES) {
      for (const viewer of [alice, bob, carol]) {
        const g = guideFor(record(status), viewer);
        assert.ok(g.why.length > 0, status);
        assert.equal(g.finished, (TERMINAL_STATUSES as readonly string[]).includes(status), status);
        assert.equal(g.holder === 'nobody', g.finished, `${status}: a finished promotion is held by nobody`);
        if (!g.finished && g.holder !== 'job')
          assert.ok(g.steps.length > 0, `${status} as ${viewer.email}: an open promotion says what comes next`);
      }
    }
  });

  test('a walked-away promotion: its author holds it and may continue or abandon it', () => {
    const g = guideFor(record('COMPLETED'), alice);
    assert.deepEqual([g.holder, g.holderText, g.canAbandon], ['you', 'You', true]);
    assert.deepEqual(labels(g), ['Continue to deployment', 'Abandon it']);
    assert.deepEqual(links(g), [`/promotions/${ID}`]);
    const teammate = guideFor(record('COMPLETED'), bob);
    assert.deepEqual([teammate.holder, teammate.canAbandon], ['author', false]);
    assert.match(teammate.holderText, /alice@acme\.example/);
    assert.equal(guideFor(record('COMPLETED'), carol).canAbandon, true, 'an admin may abandon it');
  });

  test('a test deployment: promote it to production (P4 from P9), or retry a failed one', () => {
    assert.deepEqual(links(guideFor(record('TEST_DEPLOYED'), alice)), [`/test-deployments/${ID}/promote`]);
    const failed = guideFor(record('TEST_DEPLOY_FAILED', { errorMessage: 'release ERROR' }), alice);
    assert.match(failed.why, /release ERROR/);
    assert.deepEqual(links(failed), [`/promotions/${ID}/deploy?mode=test`]);
    assert.equal(failed.canAbandon, true, 'a failed test deployment has a way out besides a retry');
  });

  test('a test deployment held by its production request points there, and cannot be abandoned', () => {
    const held = guideFor(
      record('TEST_DEPLOYED', { productionRequest: { promotionId: PROD, status: 'PENDING_ADMIN_REVIEW' } }),
      alice,
    );
    assert.deepEqual([held.holder, held.canAbandon, held.finished], ['admins', false, false]);
    assert.deepEqual(links(held), [`/promotions/${PROD}`]);
    const shipped = guideFor(
      record('TEST_DEPLOYED', { productionRequest: { promotionId: PROD, status: 'DEPLOYED' } }),
      alice,
    );
    assert.deepEqual([shipped.finished, shipped.canAbandon], [true, false]);
    const withdrawn = guideFor(
      record('TEST_DEPLOYED', { productionRequest: { promotionId: PROD, status: 'WITHDRAWN' } }),
      alice,
    );
    assert.deepEqual([withdrawn.holder, withdrawn.canAbandon], ['you', true], 'a withdrawn request lets go');
  });

  test('waiting for review: the owners wait, withdraw or abandon; a peer reviews; an uninvolved admin approves', () => {
    const peer = record('PENDING_PEER_REVIEW', { submittedBy: 'bob@acme.example', testPromotionId: PROD });
    assert.deepEqual(labels(guideFor(peer, alice)), ['Wait for a peer review', 'Abandon it']);
    assert.deepEqual(
      labels(guideFor(peer, bob)),
      ['Wait for a peer review', 'Withdraw it', 'Abandon it'],
      'the submitter may also withdraw it',
    );
    const dan = { email: 'dan@acme.example', tier: 'CONTRIBUTOR' as const };
    assert.deepEqual(links(guideFor(peer, dan)), [`/reviews/peer/${ID}`]);
    assert.equal(guideFor(peer, dan).canAbandon, false);
    const admin = record('PENDING_ADMIN_REVIEW', { peerReviewedBy: 'carol@acme.example' });
    assert.deepEqual(links(guideFor(admin, { email: 'dan@acme.example', tier: 'ADMIN' })), [
      `/admin/approvals?selected=${ID}`,
    ]);
    assert.ok(!links(guideFor(admin, carol)).length, 'the peer reviewer does not also approve');
    assert.equal(guideFor(admin, alice).holder, 'admins');
  });

  test('finished promotions: nobody holds them; the way back is the Package Browser or the mappings', () => {
    const abandoned = guideFor(record('ABANDONED', { errorMessage: 'Abandoned by alice: superseded' }), alice);
    assert.deepEqual(
      [abandoned.holderText, abandoned.why],
      ['Nobody — it is finished', 'Abandoned by alice: superseded'],
    );
    assert.deepEqual(links(abandoned), ['/packages']);
    const missing = record('FAILED', { lastErrorCode: 'MISSING_CONNECTION_MAPPINGS' });
    assert.deepEqual(links(guideFor(missing, carol)), ['/admin/mappings', '/packages']);
    assert.deepEqual(labels(guideFor(missing, alice))[0], 'Ask an admin to seed the missing connection mappings');
    const withdrawn = guideFor(record('WITHDRAWN', { testPromotionId: PROD }), alice);
    assert.deepEqual(links(withdrawn), [`/promotions/${PROD}`], 'back to the test deployment it came from');
    assert.deepEqual(guideFor(record('DEPLOYED'), alice).steps, []);
  });

  test('who may abandon: the author, a review submitter, an admin; only the abandonable statuses', () => {
    for (const status of PROMOTION_STATUSES) {
      const abandonable = (ABANDONABLE_STATUSES as readonly string[]).includes(status);
      assert.equal(mayAbandon(record(status), alice), abandonable, status);
      assert.equal(mayAbandon(record(status), carol), abandonable, status);
      assert.equal(mayAbandon(record(status), bob), false, status);
    }
    assert.ok(mayAbandon(record('PENDING_PEER_REVIEW', { submittedBy: 'BOB@acme.example' }), bob));
    assert.ok(!mayAbandon(record('COMPLETED', { submittedBy: 'bob@acme.example' }), bob), 'not a review');
  });

  test('who may withdraw from review: its submitter (its author when none was recorded), nobody else', () => {
    const steps = (p: GuidedPromotion, v: Viewer) => guideFor(p, v).steps.map((x) => x.action ?? '');
    for (const status of ['PENDING_PEER_REVIEW', 'PENDING_ADMIN_REVIEW'] as const) {
      assert.ok(steps(record(status), alice).includes('withdraw'), status);
      assert.ok(!steps(record(status), bob).includes('withdraw'), status);
      assert.ok(!steps(record(status), carol).includes('withdraw'), `${status}: an admin abandons instead`);
      const submitted = record(status, { submittedBy: 'bob@acme.example' });
      assert.ok(steps(submitted, bob).includes('withdraw'), `${status}: bob submitted it`);
      assert.ok(!steps(submitted, alice).includes('withdraw'), `${status}: alice only wrote it`);
      assert.ok(isWithdrawer(submitted, 'BOB@acme.example'));
    }
    for (const status of PROMOTION_STATUSES.filter((s) => !s.startsWith('PENDING_')))
      assert.ok(!steps(record(status), alice).includes('withdraw'), status);
  });

  test('advice for a blocker fits its status', () => {
    assert.match(blockerAdvice('COMPLETED'), /promoted but not deployed.*abandon/);
    assert.match(blockerAdvice('PENDING_PEER_REVIEW'), /waiting for review: withdraw or abandon/);
    assert.match(blockerAdvice('TEST_DEPLOYED'), /promote it to production, or abandon it/);
    assert.doesNotMatch(blockerAdvice('COMPLETED'), /review/);
  });
});
