import type { TestRunStatus } from '../../contracts/test-runs.ts';

// Pure rules of test evidence: what Boomi's execution status means for a run, and whether a test
// record's runs are the evidence the approval policy asks before production submission.

const PASSED = new Set(['COMPLETE', 'COMPLETE_WARN']);
const FAILED = new Set(['ERROR', 'ABORTED', 'DISCARDED']);

/** A run's outcome from Boomi's ExecutionRecord status; anything else (INPROCESS, STARTED, ...) still runs. */
export function outcomeOf(boomiStatus: string): 'PASSED' | 'FAILED' | 'RUNNING' {
  const s = boomiStatus.toUpperCase();
  if (PASSED.has(s)) return 'PASSED';
  if (FAILED.has(s)) return 'FAILED';
  return 'RUNNING';
}

export const isFinished = (status: TestRunStatus) => status !== 'QUEUED' && status !== 'RUNNING';

export interface RunFacts {
  status: TestRunStatus;
  requestedAt: Date;
  errorMessage: string | null;
}

export interface Evidence {
  satisfied: boolean;
  reason: string | null;
}

/**
 * Satisfied when the newest finished run asked for since the last TEST deployment passed. Runs are
 * compared by when Promo asked for them, on Promo's clock, like the deployment's time.
 */
export function evidenceOf(
  runs: readonly RunFacts[],
  testDeployedAt: Date | null,
  testProcessId: string | null,
): Evidence {
  if (!testProcessId)
    return { satisfied: false, reason: 'The process names no test process, so there is no test run to show' };
  const since = testDeployedAt?.getTime() ?? 0;
  const newest = [...runs].sort((a, b) => b.requestedAt.getTime() - a.requestedAt.getTime());
  const current = newest.filter((r) => r.requestedAt.getTime() >= since);
  const finished = current.find((r) => isFinished(r.status));
  if (finished?.status === 'PASSED') return { satisfied: true, reason: null };
  if (finished) {
    const why = finished.errorMessage ? `: ${finished.errorMessage}` : '';
    return {
      satisfied: false,
      reason: `The latest test run since the last TEST deployment is ${finished.status}${why}`,
    };
  }
  if (current.length)
    return { satisfied: false, reason: 'The test run since the last TEST deployment is still running' };
  if (newest.some((r) => r.status === 'PASSED'))
    return { satisfied: false, reason: 'The passing test run is older than the last TEST deployment' };
  return { satisfied: false, reason: 'No test run since the last TEST deployment' };
}
