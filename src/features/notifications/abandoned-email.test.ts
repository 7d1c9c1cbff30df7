import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promotionAbandoned } from './abandoned-email.ts';

const ctx = { devList: 'devs@acme.example', adminList: 'admins@acme.example', publicUrl: 'https://promo.acme.example' };
const facts = {
  promotionId: '4f1c2b7e-0000-4000-8000-000000000001',
  processName: 'Order Sync',
  packageVersion: '1.4.2',
};
const alice = { name: 'Alice Dev', email: 'alice@acme.example' };
const bob = { name: 'Bob Peer', email: 'bob@acme.example' };
const carol = { name: 'Carol Admin', email: 'carol@acme.example' };
const base = {
  ...facts,
  author: alice,
  submitter: bob,
  abandonedBy: bob,
  abandonedAt: new Date('2026-03-04T05:06:07Z'),
  reason: 'superseded',
};

test('an abandoned promotion tells whoever had it in their queue, or its author', () => {
  const peer = promotionAbandoned({ ...base, queue: 'PEER' })(ctx);
  assert.deepEqual(
    [peer.kind, peer.to, peer.cc],
    ['PROMOTION_ABANDONED', [ctx.devList, ctx.adminList], [alice.email, bob.email]],
  );
  assert.equal(peer.subject, 'Promotion Abandoned: Order Sync v1.4.2');
  assert.match(peer.text, /no longer needs a review/);
  assert.match(peer.text, /By: Bob Peer \(bob@acme\.example\)\nDate: 2026-03-04 05:06 UTC\nReason: superseded/);
  assert.match(peer.text, /https:\/\/promo\.acme\.example\/promotions\/4f1c2b7e/);

  const admin = promotionAbandoned({ ...base, queue: 'ADMIN', peerReviewer: carol, testPromotionId: 'T-1' })(ctx);
  assert.deepEqual(admin.to, [ctx.adminList, carol.email]);
  assert.match(admin.text, /no longer needs an approval/);
  assert.match(admin.text, /Its test deployment T-1 ended with it\./);

  const unreviewed = promotionAbandoned({ ...base, submitter: alice, abandonedBy: carol, queue: null })(ctx);
  assert.deepEqual([unreviewed.to, unreviewed.cc], [[alice.email], []]);
  assert.match(unreviewed.text, /^Your promotion was abandoned/);
});
