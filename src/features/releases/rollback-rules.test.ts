import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLLBACK_STATUSES } from '../../contracts/releases.ts';
import { rollbackApprovalsNeeded } from './rollback-approval.ts';
import {
  OPEN_ROLLBACK_STATUSES,
  ROLLBACK_APPLIED_BY,
  ROLLBACK_TERMINAL,
  ROLLBACK_TRANSITIONS,
  canApplyRollback,
} from './rollback-state.ts';

test('every rollback status a record can reach has a way to an end state that people or the reaper take', () => {
  const edges = Object.entries(ROLLBACK_TRANSITIONS) as Array<
    [keyof typeof ROLLBACK_TRANSITIONS, { from: readonly string[]; to: string }]
  >;
  // Born waiting for approval, or running when no approval is required.
  const reachable = new Set<string>(['PENDING_APPROVAL', 'RUNNING']);
  for (let grew = true; grew;) {
    grew = false;
    for (const [, t] of edges)
      if (t.from.some((f) => reachable.has(f)) && !reachable.has(t.to)) grew = !!reachable.add(t.to);
  }
  assert.deepEqual([...reachable].sort(), [...ROLLBACK_STATUSES].sort(), 'every status is reachable');
  const canEnd = new Set<string>(ROLLBACK_TERMINAL);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, t] of edges) {
      if (ROLLBACK_APPLIED_BY[name].by === 'job') continue;
      for (const f of t.from) if (canEnd.has(t.to) && !canEnd.has(f)) grew = !!canEnd.add(f);
    }
  }
  assert.deepEqual(
    [...reachable].filter((s) => !canEnd.has(s)),
    [],
  );
  assert.deepEqual(OPEN_ROLLBACK_STATUSES, ['PENDING_APPROVAL', 'RUNNING', 'FAILED']);
});

test('guards: approval only while pending, retry only after a failure, cancel never once running', () => {
  assert.ok(canApplyRollback('approve', 'PENDING_APPROVAL'));
  assert.ok(!canApplyRollback('approve', 'FAILED'));
  assert.ok(canApplyRollback('retry', 'FAILED'));
  assert.ok(!canApplyRollback('retry', 'DONE'));
  assert.ok(!canApplyRollback('cancel', 'RUNNING'));
  assert.ok(canApplyRollback('rollBack', 'DONE'));
  assert.ok(!canApplyRollback('rollBack', 'ROLLED_BACK'));
});

test('approvals: one admin by default; spare admins stand in for peers, peers never for admins', () => {
  const one = { peers: 0, admins: 1 };
  assert.deepEqual(rollbackApprovalsNeeded(one, []), { peers: 0, admins: 1, done: false });
  assert.equal(rollbackApprovalsNeeded(one, [{ role: 'ADMIN' }]).done, true);
  assert.equal(rollbackApprovalsNeeded(one, [{ role: 'PEER' }, { role: 'PEER' }]).done, false);
  const quorum = { peers: 1, admins: 2 };
  assert.deepEqual(rollbackApprovalsNeeded(quorum, [{ role: 'ADMIN' }]), { peers: 1, admins: 1, done: false });
  assert.deepEqual(rollbackApprovalsNeeded(quorum, [{ role: 'ADMIN' }, { role: 'ADMIN' }, { role: 'ADMIN' }]), {
    peers: 0,
    admins: 0,
    done: true,
  });
  assert.equal(rollbackApprovalsNeeded({ peers: 0, admins: 0 }, []).done, true, 'a policy may ask for none');
});
