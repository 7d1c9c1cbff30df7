import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROMOTION_STATUSES } from '../../contracts/promotions.ts';
import {
  AFTER_FINISHED,
  APPLIED_BY,
  TERMINAL,
  TRANSITIONS,
  canApply,
  isOpen,
  reviewStatusesFor,
} from './promotion-state.ts';

test('every transition starts and ends on a known status; terminal states have no way out', () => {
  for (const [name, t] of Object.entries(TRANSITIONS)) {
    for (const f of t.from) assert.ok(PROMOTION_STATUSES.includes(f), name);
    assert.ok(PROMOTION_STATUSES.includes(t.to), name);
    if (AFTER_FINISHED.includes(name as keyof typeof TRANSITIONS)) continue;
    for (const f of t.from) assert.ok(isOpen(f), `${name} leaves a terminal state`);
  }
});

test('guards: a review only from its pending state, a test retry only after a failure', () => {
  assert.ok(canApply('peerApprove', 'PENDING_PEER_REVIEW'));
  assert.ok(!canApply('peerApprove', 'PENDING_ADMIN_REVIEW'));
  assert.ok(!canApply('peerApprove', 'COMPLETED'));
  assert.ok(canApply('startTestDeployment', 'TEST_DEPLOY_FAILED'));
  assert.ok(!canApply('startTestDeployment', 'TEST_DEPLOYED'));
  assert.ok(!canApply('deployed', 'PENDING_ADMIN_REVIEW'));
  assert.ok(canApply('rollBack', 'DEPLOYED'));
  assert.ok(!canApply('rollBack', 'ADMIN_APPROVED'));
  assert.ok(!canApply('rollBack', 'ROLLED_BACK'), 'a release is rolled back once');
});

test('review sub-statuses follow status', () => {
  assert.deepEqual(reviewStatusesFor('PENDING_ADMIN_REVIEW'), {
    peerReviewStatus: 'PEER_APPROVED',
    adminReviewStatus: 'PENDING_ADMIN_REVIEW',
  });
  assert.deepEqual(reviewStatusesFor('COMPLETED'), {});
});

test('every status a record can reach has a way out to an end state, applied by someone', () => {
  const edges = Object.entries(TRANSITIONS) as Array<
    [keyof typeof TRANSITIONS, { from: readonly string[]; to: string }]
  >;
  // Records are born IN_PROGRESS (executePromotion) or PENDING_PEER_REVIEW (production from test).
  const reachable = new Set<string>(['IN_PROGRESS', 'PENDING_PEER_REVIEW']);
  for (let grew = true; grew;) {
    grew = false;
    for (const [, t] of edges) {
      if (t.from.some((f) => reachable.has(f)) && !reachable.has(t.to)) {
        reachable.add(t.to);
        grew = true;
      }
    }
  }
  // Only people and the reaper count: a job may keep failing.
  const canEnd = new Set<string>(TERMINAL);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, t] of edges) {
      if (APPLIED_BY[name].by === 'job') continue;
      for (const f of t.from) {
        if (canEnd.has(t.to) && !canEnd.has(f)) {
          canEnd.add(f);
          grew = true;
        }
      }
    }
  }
  const stuck = [...reachable].filter((s) => !canEnd.has(s));
  assert.deepEqual(stuck, [], 'these statuses have no way to an end state that people or the reaper can take');
  for (const s of reachable) {
    if (isOpen(s as never))
      assert.ok(
        edges.some(([, t]) => t.from.includes(s)),
        `${s} has no transition out`,
      );
  }
  // PEER_APPROVED is a review sub-status the seed lists as a status; no record holds it.
  assert.deepEqual(
    PROMOTION_STATUSES.filter((s) => !reachable.has(s)),
    ['PEER_APPROVED'],
  );
});
