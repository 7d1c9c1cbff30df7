import type { Queryable } from '../../platform/db.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { TestRunStatus } from '../../contracts/test-runs.ts';

export type { TestRunStatus };

export interface TestProcessSetting {
  processId: string;
  testProcessId: string;
  setBy: string;
  setAt: Date;
}

export interface TestRun {
  runId: string;
  promotionId: string;
  processId: string;
  testProcessId: string;
  status: TestRunStatus;
  boomiStatus: string | null;
  environmentId: string | null;
  atomId: string | null;
  atomName: string | null;
  requestId: string | null;
  executionId: string | null;
  startedAt: Date | null;
  durationMs: number | null;
  inboundDocumentCount: number | null;
  outboundDocumentCount: number | null;
  errorMessage: string | null;
  requestedBy: string;
  requestedAt: Date;
  finishedAt: Date | null;
  jobId: string | null;
}

export type NewTestRun = Pick<
  TestRun,
  'runId' | 'promotionId' | 'processId' | 'testProcessId' | 'requestedBy' | 'requestedAt'
>;

/** What a run learned so far; the fields given are written, the others kept. */
export type TestRunUpdate = Partial<
  Omit<TestRun, 'runId' | 'promotionId' | 'processId' | 'testProcessId' | 'requestedBy' | 'requestedAt'>
>;

export interface TestRunStore {
  testProcessOf(processIds: readonly string[], q?: Queryable): Promise<TestProcessSetting | undefined>;
  testProcesses(): Promise<TestProcessSetting[]>;
  /** Sets, or with null clears; answers the setting before. */
  setTestProcess(
    tx: Tx,
    processId: string,
    testProcessId: string | null,
    by: string,
  ): Promise<TestProcessSetting | undefined>;
  insert(tx: Tx, run: NewTestRun, jobId: string | null): Promise<TestRun>;
  get(runId: string, q?: Queryable): Promise<TestRun | undefined>;
  /** Writes only while the run is not finished, so a late or repeated job cannot overwrite an outcome. */
  update(runId: string, change: TestRunUpdate, q?: Queryable): Promise<TestRun | undefined>;
  /** Newest first. */
  runsOf(promotionId: string): Promise<TestRun[]>;
}
