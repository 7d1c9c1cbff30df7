import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evidenceOf, outcomeOf, type RunFacts } from './test-run-rules.ts';

const at = (iso: string) => new Date(`2026-03-02T${iso}Z`);
const run = (status: RunFacts['status'], time: string, errorMessage: string | null = null): RunFacts => ({
  status,
  requestedAt: at(time),
  errorMessage,
});
const DEPLOYED = at('10:00:00');

test("Boomi's execution statuses map to outcomes; unknown ones still run", () => {
  assert.equal(outcomeOf('COMPLETE'), 'PASSED');
  assert.equal(outcomeOf('COMPLETE_WARN'), 'PASSED');
  for (const s of ['ERROR', 'ABORTED', 'DISCARDED']) assert.equal(outcomeOf(s), 'FAILED');
  for (const s of ['INPROCESS', 'STARTED', 'ENQUEUED', 'ABORTED_RECOVERING', 'complete?'])
    assert.equal(outcomeOf(s), 'RUNNING');
});

test('evidence: a passing run since the deployment satisfies; none, failed, older or running do not', () => {
  assert.deepEqual(evidenceOf([run('PASSED', '10:05:00')], DEPLOYED, 'T'), { satisfied: true, reason: null });
  assert.match(evidenceOf([], DEPLOYED, 'T').reason!, /^No test run since/);
  assert.match(evidenceOf([run('PASSED', '09:00:00')], DEPLOYED, 'T').reason!, /older than the last TEST deployment/);
  assert.equal(
    evidenceOf([run('FAILED', '10:05:00', 'boom')], DEPLOYED, 'T').reason,
    'The latest test run since the last TEST deployment is FAILED: boom',
  );
  assert.match(evidenceOf([run('TIMED_OUT', '10:05:00')], DEPLOYED, 'T').reason!, /is TIMED_OUT$/);
  assert.match(evidenceOf([run('RUNNING', '10:05:00')], DEPLOYED, 'T').reason!, /still running/);
  assert.match(evidenceOf([run('PASSED', '10:05:00')], DEPLOYED, null).reason!, /names no test process/);
});

test('the newest finished run decides: a later failure voids an earlier pass, a later pass mends a failure', () => {
  const failedLast = [run('PASSED', '10:01:00'), run('FAILED', '10:02:00')];
  assert.equal(evidenceOf(failedLast, DEPLOYED, 'T').satisfied, false);
  const passedLast = [run('FAILED', '10:01:00'), run('PASSED', '10:02:00'), run('RUNNING', '10:03:00')];
  assert.equal(evidenceOf(passedLast, DEPLOYED, 'T').satisfied, true);
});
