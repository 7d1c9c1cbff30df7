import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adminDenied,
  approvedAndDeployed,
  hotfixReviewNeeded,
  peerApproved,
  peerRejected,
  peerReviewNeeded,
  testDeployed,
  type MailContext,
} from './email-templates.ts';

const ctx: MailContext = {
  devList: 'devs@acme.example',
  adminList: 'admins@acme.example',
  publicUrl: 'https://promo.acme.example',
};
const facts = {
  promotionId: '4f1c2b7e-0000-4000-8000-000000000001',
  processName: 'Order Sync',
  packageVersion: '1.4.2',
};
const alice = { name: 'Alice Dev', email: 'alice@acme.example' };
const bob = { name: 'Bob Peer', email: 'bob@acme.example' };
const carol = { name: 'Carol Admin', email: 'carol@acme.example' };
const when = new Date('2026-03-04T05:06:07Z');

describe('email templates (20-dashboard.md §6)', () => {
  test('#1 peer review needed: lists + submitter cc, exact subject, facts, test reference, placeholder', () => {
    const e = peerReviewNeeded({
      ...facts,
      submitter: alice,
      submittedAt: when,
      componentsTotal: 7,
      componentsCreated: 2,
      componentsUpdated: 5,
      integrationPackName: 'Orders',
      targetAccountGroup: 'Prod Group',
      testDeployment: {
        promotionId: 'test-promo-9',
        deployedAt: new Date('2026-03-01T10:00:00Z'),
        integrationPackName: 'Orders - TEST',
      },
    })(ctx);
    assert.equal(e.kind, 'PEER_REVIEW_NEEDED');
    assert.equal(e.subject, 'Peer Review Needed: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['devs@acme.example', 'admins@acme.example'], ['alice@acme.example']]);
    for (const s of [
      'Alice Dev (alice@acme.example)',
      facts.promotionId,
      '7 total, 2 created, 5 updated',
      'No notes provided.',
      'Integration Pack: Orders',
      'Target Account Group: Prod Group',
      'Test Promotion ID: test-promo-9',
      '2026-03-01 10:00 UTC',
      'Test pack: Orders - TEST',
      '2026-03-04 05:06 UTC',
      `https://promo.acme.example/reviews/peer/${facts.promotionId}`,
    ]) {
      assert.ok(e.text.includes(s), `body has ${s}`);
    }
  });

  test('#1 with notes and a new pack, without a test deployment', () => {
    const e = peerReviewNeeded({
      ...facts,
      submitter: { email: 'alice@acme.example' },
      submittedAt: when,
      componentsTotal: 1,
      componentsCreated: 1,
      componentsUpdated: 0,
      deploymentNotes: 'Adds retry',
      integrationPackName: 'Orders v2',
      newIntegrationPack: true,
    })(ctx);
    assert.ok(e.text.includes('Adds retry'));
    assert.ok(!e.text.includes('No notes provided.'));
    assert.ok(e.text.includes('Orders v2 (new pack)'));
    assert.ok(!e.text.includes('Test Promotion ID'));
    assert.ok(e.text.includes('Submitter: alice@acme.example\n'));
  });

  test('#2 peer approved: admin list + submitter, decision, comments placeholder, hotfix flag', () => {
    const e = peerApproved({ ...facts, submitter: alice, reviewer: bob })(ctx);
    assert.equal(e.subject, 'Peer Approved — Admin Review Needed: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['admins@acme.example', 'alice@acme.example'], []]);
    for (const s of [
      'Bob Peer (bob@acme.example)',
      'Decision: APPROVED',
      'Comments: No comments provided.',
      facts.promotionId,
      `/admin/approvals?promotionId=${facts.promotionId}`,
    ])
      assert.ok(e.text.includes(s), s);
    const h = peerApproved({ ...facts, submitter: alice, reviewer: bob, comments: 'LGTM', isHotfix: true })(ctx);
    assert.equal(h.subject, '⚠ EMERGENCY HOTFIX — Peer Approved — Admin Review Needed: Order Sync v1.4.2');
    assert.ok(h.text.includes('Comments: LGTM'));
  });

  test('#3 peer rejected: submitter only, reason', () => {
    const e = peerRejected({ ...facts, submitter: alice, reviewer: bob, reason: 'Missing error handling' })(ctx);
    assert.equal(e.subject, 'Peer Review Rejected: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['alice@acme.example'], []]);
    for (const s of ['Decision: REJECTED', 'Reason: Missing error handling', 'resubmit', 'bob@acme.example'])
      assert.ok(e.text.includes(s), s);
  });

  test('#4 approved and deployed: submitter + peer reviewer, deployment facts, merge note', () => {
    const e = approvedAndDeployed({
      ...facts,
      submitter: alice,
      reviewer: bob,
      admin: carol,
      approvedAt: when,
      deploymentId: 'dep-1',
      prodPackageId: 'pkg-9',
      mergedToMain: true,
    })(ctx);
    assert.equal(e.subject, 'Approved & Deployed: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['alice@acme.example', 'bob@acme.example'], []]);
    for (const s of [
      'Deployment ID: dep-1',
      'Prod Package ID: pkg-9',
      'Carol Admin (carol@acme.example)',
      'Comments: No comments provided.',
      'successfully deployed',
      'merged to main before packaging',
      '2026-03-04 05:06 UTC',
    ])
      assert.ok(e.text.includes(s), s);
  });

  test('#4 sends one copy when submitter and reviewer coincide (case-insensitively)', () => {
    const e = approvedAndDeployed({
      ...facts,
      submitter: alice,
      reviewer: { email: 'ALICE@acme.example' },
      admin: carol,
      approvedAt: when,
    })(ctx);
    assert.deepEqual(e.to, ['alice@acme.example']);
    assert.ok(!e.text.includes('merged to main'));
  });

  test('#5 admin denied: submitter + peer reviewer, reason, no-comments placeholder', () => {
    const e = adminDenied({
      ...facts,
      submitter: alice,
      reviewer: bob,
      admin: carol,
      deniedAt: when,
      reason: 'Wrong pack',
    })(ctx);
    assert.equal(e.subject, 'Admin Denied: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['alice@acme.example', 'bob@acme.example'], []]);
    for (const s of [
      'Denied by: Carol Admin (carol@acme.example)',
      'Reason: Wrong pack',
      'Comments: No additional comments.',
      'resubmit',
      '2026-03-04 05:06 UTC',
    ])
      assert.ok(e.text.includes(s), s);
  });

  test('#6 test deployed: submitter only, pack, branch kept, readiness link', () => {
    const e = testDeployed({
      ...facts,
      submitter: alice,
      integrationPackName: 'Orders - TEST',
      deployedAt: when,
      branchName: 'promo-abc',
    })(ctx);
    assert.equal(e.subject, 'Test Deployed: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['alice@acme.example'], []]);
    for (const s of [
      'Test Integration Pack: Orders - TEST',
      'Deployed at: 2026-03-04 05:06 UTC',
      'promo-abc (kept for the production review)',
      'https://promo.acme.example/production-readiness',
    ])
      assert.ok(e.text.includes(s), s);
  });

  test('#7 emergency hotfix: lists + submitter cc, exact subject, justification, both-reviews warning', () => {
    const justification = 'Orders are failing in production.\nCustomer impact: high.';
    const e = hotfixReviewNeeded({ ...facts, submitter: alice, submittedAt: when, componentsTotal: 3, justification })(
      ctx,
    );
    assert.equal(e.kind, 'HOTFIX_REVIEW_NEEDED');
    assert.equal(e.subject, '⚠ EMERGENCY HOTFIX — Peer Review Needed: Order Sync v1.4.2');
    assert.deepEqual([e.to, e.cc], [['devs@acme.example', 'admins@acme.example'], ['alice@acme.example']]);
    for (const s of [
      'EMERGENCY HOTFIX',
      'skips the test environment',
      justification,
      'Components: 3',
      'alice@acme.example',
      '2026-03-04 05:06 UTC',
      '⚠ This hotfix still requires both a peer review and an admin review',
    ])
      assert.ok(e.text.includes(s), s);
  });
});
