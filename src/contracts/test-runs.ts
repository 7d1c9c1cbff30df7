import { z } from 'zod';
import { Id, defineContract } from './common.ts';

// Test evidence (issue 16 part 2): a process names a Boomi process that tests it; after each TEST
// deployment Promo runs it in the Test environment (ExecutionRequest, then ExecutionRecord) and
// keeps the outcome with the test record. The approval policy may ask for a passing run newer
// than the last TEST deployment before production submission (TEST_EVIDENCE_REQUIRED).

/**
 * QUEUED/RUNNING while Promo waits; PASSED (Boomi COMPLETE or COMPLETE_WARN), FAILED (ERROR,
 * ABORTED, DISCARDED), TIMED_OUT (still running when Promo stopped waiting), REFUSED (Boomi
 * refused the ExecutionRequest), NOT_RUN (no online runtime in the Test environment, Boomi unreachable).
 */
export const TEST_RUN_STATUSES = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'TIMED_OUT', 'REFUSED', 'NOT_RUN'] as const;
export type TestRunStatus = (typeof TEST_RUN_STATUSES)[number];

export const TestRun = z.object({
  runId: z.string(),
  promotionId: z.string(),
  processId: z.string(),
  testProcessId: z.string(),
  status: z.enum(TEST_RUN_STATUSES),
  /** Boomi's ExecutionRecord status as last read. */
  boomiStatus: z.string().nullable(),
  environmentId: z.string().nullable(),
  atomId: z.string().nullable(),
  atomName: z.string().nullable(),
  executionId: z.string().nullable(),
  /** When Boomi started the run (ExecutionRecord executionTime). */
  startedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  inboundDocumentCount: z.number().int().nullable(),
  outboundDocumentCount: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});

/** Whether the record has what the approval policy asks before production submission. */
export const TestEvidence = z.object({
  required: z.boolean(),
  satisfied: z.boolean(),
  /** Why not, in words (none, failed, older than the deployment); null when satisfied. */
  reason: z.string().nullable(),
});

const ProcessId = Id.describe('Component id of the process (its promoted copy in the primary account, or its dev id)');

export const TestProcessSetting = z.object({
  processId: z.string(),
  testProcessId: z.string(),
  setBy: z.string(),
  setAt: z.string(),
});

export const setTestProcess = defineContract({
  name: 'setTestProcess',
  summary:
    'Name the Boomi process that tests a process (it must be deployed to the Test environment), or clear it ' +
    'with null. After each TEST deployment of the process Promo runs it there. Audited.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ processId: ProcessId, testProcessId: Id.nullable() }),
  response: z.object({ processId: z.string(), testProcessId: z.string().nullable() }),
});

export const listTestProcesses = defineContract({
  name: 'listTestProcesses',
  summary: 'The processes that name a test process.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({}),
  response: z.object({ testProcesses: z.array(TestProcessSetting) }),
});

export const runTestProcess = defineContract({
  name: 'runTestProcess',
  refs: { promotionId: 'promotion' },
  summary:
    "Run the process's test process again in the Test environment for a promotion deployed to Test " +
    '(TEST_PROCESS_NOT_SET when it names none). The run is a job; getTestRuns shows its outcome.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id }),
  response: z.object({ promotionId: z.string(), runId: z.string(), jobId: z.string() }),
});

export const getTestRuns = defineContract({
  name: 'getTestRuns',
  refs: { promotionId: 'promotion' },
  summary:
    'The test runs of a promotion deployed to Test (for a production record: of the test record it came from), ' +
    'newest first, with whether the approval policy’s test evidence is satisfied.',
  minTier: 'READONLY',
  request: z.strictObject({ promotionId: Id }),
  response: z.object({
    promotionId: z.string(),
    /** The test record the runs belong to. */
    testPromotionId: z.string().nullable(),
    /** The id setTestProcess takes for this record's process (its promoted copy when there is one). */
    processId: z.string().nullable(),
    testProcessId: z.string().nullable(),
    runs: z.array(TestRun),
    evidence: TestEvidence,
  }),
});
