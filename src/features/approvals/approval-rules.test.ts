import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_APPROVAL_POLICY, policyProblems } from '../../contracts/approval-policy.ts';
import { ineligibility, pathOf, remaining, unsatisfiable, type Person, type ReviewSubject } from './approval-rules.ts';

const person = (email: string, tier: Person['tier'], ...groups: string[]): Person => ({ email, tier, groups });
const alice = person('alice@x', 'CONTRIBUTOR', 'TEAM_A');
const bob = person('bob@x', 'CONTRIBUTOR', 'TEAM_A');
const erin = person('erin@x', 'CONTRIBUTOR', 'TEAM_B');
const carol = person('carol@x', 'ADMIN');
const dan = person('dan@x', 'ADMIN');
const subject = (over: Partial<ReviewSubject> = {}): ReviewSubject => ({
  authors: ['Alice@X'],
  teamGroups: ['team_a'],
  approvals: [],
  ...over,
});
const rule = { ...DEFAULT_APPROVAL_POLICY.PRODUCTION };

test('the path follows the record', () => {
  assert.equal(pathOf({ isHotfix: true, targetEnvironment: 'PRODUCTION' }), 'HOTFIX');
  assert.equal(pathOf({ isHotfix: false, targetEnvironment: 'PRODUCTION' }), 'PRODUCTION');
  assert.equal(pathOf({ isHotfix: false, targetEnvironment: 'TEST' }), 'TEST');
});

test('authors, repeat approvers, tiers, groups and the team rule each say why', () => {
  assert.match(ineligibility(alice, 'PEER', rule, subject())!, /authored/, 'emails compare case-insensitively');
  assert.equal(ineligibility(bob, 'PEER', rule, subject()), null);
  assert.match(
    ineligibility(bob, 'PEER', rule, subject({ approvals: [{ role: 'PEER', approvedBy: 'BOB@x' }] }))!,
    /already approved/,
  );
  assert.match(ineligibility(bob, 'ADMIN', rule, subject())!, /needs an admin/);
  assert.match(ineligibility(person('o@x', 'READONLY'), 'PEER', rule, subject())!, /contributor/);
  assert.match(ineligibility(bob, 'PEER', { ...rule, peerGroups: ['TEAM_B'] }, subject())!, /from TEAM_B only/);
  assert.equal(ineligibility(erin, 'PEER', { ...rule, peerGroups: ['team_b'] }, subject()), null);
  assert.match(ineligibility(bob, 'PEER', { ...rule, authorTeamMayReview: false }, subject())!, /outside/);
  assert.equal(ineligibility(erin, 'PEER', { ...rule, authorTeamMayReview: false }, subject()), null);
});

test('what remains counts each role', () => {
  const two = { ...rule, peerApprovals: 2 };
  assert.deepEqual(remaining(two, [{ role: 'PEER', approvedBy: 'b' }]), { peers: 1, admins: 1 });
  assert.deepEqual(
    remaining(rule, [
      { role: 'PEER', approvedBy: 'b' },
      { role: 'ADMIN', approvedBy: 'c' },
    ]),
    {
      peers: 0,
      admins: 0,
    },
  );
});

test('a policy no set of people can satisfy is named, with why', () => {
  const people = [alice, bob, erin, carol, dan];
  assert.equal(unsatisfiable(rule, people, subject()), null);
  const teammateOnly = { ...rule, peerGroups: ['TEAM_A'], authorTeamMayReview: false };
  assert.match(unsatisfiable(teammateOnly, people, subject())!, /peer approval\(s\).*knows 0/);
  const threeAdmins = { ...rule, peerApprovals: 0, adminApprovals: 3 };
  assert.match(unsatisfiable(threeAdmins, people, subject())!, /3 admin approval\(s\)/);
  // Two peers and two admins: the admins may be peers, but four approvals need four people.
  const four = { ...rule, peerApprovals: 2, adminApprovals: 2 };
  assert.match(unsatisfiable(four, [alice, bob, carol, dan], subject())!, /4 different approvers; only 3/);
  assert.equal(unsatisfiable(four, people, subject()), null);
});

test('unusable policies are named by field', () => {
  assert.deepEqual(policyProblems(DEFAULT_APPROVAL_POLICY), []);
  const bad = structuredClone(DEFAULT_APPROVAL_POLICY);
  bad.ROLLBACK.adminApprovals = 0;
  bad.TEST.breakGlass = true;
  assert.deepEqual(
    policyProblems(bad).map(([field]) => field),
    ['policy.ROLLBACK.adminApprovals', 'policy.TEST.breakGlass'],
  );
});
