import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionLabel, actorLabel, plainWords } from './timeline-labels.ts';

test('known actions read in the users’ words; unknown ones in plain words of their own name', () => {
  assert.equal(actionLabel('PEER_REJECTED'), 'Rejected in peer review');
  assert.equal(actionLabel('TEST_DEPLOYED'), 'Deployed to Test');
  assert.equal(actionLabel('PRODUCTION_DEPLOYMENT_REQUESTED'), 'Production deployment requested');
  assert.equal(actionLabel('PRODUCTION_DEPLOYMENT_REQUESTED', { retry: true }), 'Production deployment retried');
  assert.equal(actionLabel('PROMOTION_ABANDONED'), 'Promotion abandoned');
  assert.equal(plainWords('SOMETHING__NEW'), 'Something new');
  assert.equal(plainWords(''), '');
  assert.equal(actorLabel('system'), 'Promo (automatic)');
  assert.equal(actorLabel('bob@acme.example'), 'bob@acme.example');
});
