import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROMOTION_STATUSES } from '../../contracts/promotions.ts';
import { TRANSITIONS, canApply, isOpen, reviewStatusesFor } from './promotion-state.ts';

test('every transition starts and ends on a known status; terminal states have no way out', () => {
  for (const [name, t] of Object.entries(TRANSITIONS)) {
    for (const f of t.from) assert.ok(PROMOTION_STATUSES.includes(f), name);
    assert.ok(PROMOTION_STATUSES.includes(t.to), name);
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
});

test('review sub-statuses follow status', () => {
  assert.deepEqual(reviewStatusesFor('PENDING_ADMIN_REVIEW'), {
    peerReviewStatus: 'PEER_APPROVED',
    adminReviewStatus: 'PENDING_ADMIN_REVIEW',
  });
  assert.deepEqual(reviewStatusesFor('COMPLETED'), {});
});
