import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../../test/boomi/helpers/fake-clock.ts';
import type { BoomiClient, ExecutionRecord } from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/jobs.ts';
import type { Tx } from '../../platform/transactor.ts';
import type { AuditEvent } from '../audit/audit-log.ts';
import { createTestRunExecution } from './test-run-execution.ts';
import type { TestRun, TestRunStore } from './test-run-store.ts';

// The test-run job with in-memory parts: which runtime it picks, how it reads Boomi's answers,
// and how each way of ending is recorded. Virtual time, so the timeout costs nothing.

const ctx: JobContext = { id: 'job-1', attempt: 1, progress: async () => {} };

function setup(boomi: {
  request?: () => Promise<{ requestId: string }>;
  records?: Array<ExecutionRecord | null | Error>;
}) {
  const runs = new Map<string, TestRun>();
  runs.set('run-1', {
    runId: 'run-1',
    promotionId: 'p-1',
    processId: 'proc',
    testProcessId: 'test-proc',
    status: 'QUEUED',
    boomiStatus: null,
    environmentId: null,
    atomId: null,
    atomName: null,
    requestId: null,
    executionId: null,
    startedAt: null,
    durationMs: null,
    inboundDocumentCount: null,
    outboundDocumentCount: null,
    errorMessage: null,
    requestedBy: 'alice@acme.example',
    requestedAt: new Date(0),
    finishedAt: null,
    jobId: 'job-1',
  });
  const store = {
    get: async (id: string) => runs.get(id),
    update: async (id: string, change: Partial<TestRun>) => {
      const r = runs.get(id);
      if (!r || (r.status !== 'QUEUED' && r.status !== 'RUNNING')) return undefined;
      const next = { ...r, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) };
      runs.set(id, next);
      return next;
    },
  } as unknown as TestRunStore;
  const events: AuditEvent[] = [];
  const requests: string[] = [];
  const records = [...(boomi.records ?? [])];
  const client = {
    executions: {
      request: async (input: { atomId: string }) => {
        requests.push(input.atomId);
        return boomi.request ? boomi.request() : { requestId: 'req-1' };
      },
      record: async () => {
        const next = records.length > 1 ? records.shift() : records[0];
        if (next instanceof Error) throw next;
        return next ?? null;
      },
    },
  } as unknown as BoomiClient;
  const execute = createTestRunExecution({
    db: { transaction: (fn) => fn({} as Tx) },
    store,
    audit: { record: async (_tx, e) => void events.push(e), forPromotion: async () => [], recent: async () => [] },
    boomi: client,
    clock: new FakeClock(0, true),
    runtimes: {
      byEnvironment: async () =>
        new Map([
          ['env-a', [{ atomId: 'atom-off', atomName: 'Off', status: 'OFFLINE' }]],
          ['env-b', [{ atomId: 'atom-on', atomName: 'On', status: 'ONLINE' }]],
        ]) as never,
    },
    deployedEnvironments: async () => [
      { environmentId: 'env-a', environmentName: 'Test A' },
      { environmentId: 'env-b', environmentName: 'Test B' },
    ],
    timeoutMs: 10_000,
    pollMs: 1000,
  });
  return { execute, events, requests, runs };
}

const record = (status: string, extra: Partial<ExecutionRecord> = {}): ExecutionRecord =>
  ({ executionId: 'execution-1', status, processId: 'test-proc', atomId: 'atom-on', ...extra }) as ExecutionRecord;

test('runs on the online runtime, waits through 202 and a failed poll, and records COMPLETE as PASSED', async () => {
  const s = setup({
    records: [
      null,
      new AppError('BOOMI_UNAVAILABLE', 'down'),
      record('INPROCESS'),
      record('COMPLETE', { executionDuration: 900 }),
    ],
  });
  const run = await s.execute('run-1', ctx);
  assert.deepEqual(s.requests, ['atom-on']);
  assert.deepEqual(
    [run?.status, run?.atomId, run?.environmentId, run?.durationMs],
    ['PASSED', 'atom-on', 'env-b', 900],
  );
  assert.deepEqual(
    s.events.map((e) => e.action),
    ['TEST_RUN_PASSED'],
  );
  // A job repeated after the run ended does nothing.
  assert.equal((await s.execute('run-1', ctx))?.status, 'PASSED');
  assert.equal(s.events.length, 1);
});

test('a run still in process at the deadline ends TIMED_OUT, naming the last status and error', async () => {
  const s = setup({ records: [record('INPROCESS'), new AppError('BOOMI_UNAVAILABLE', 'Boomi is unavailable')] });
  const run = await s.execute('run-1', ctx);
  assert.equal(run?.status, 'TIMED_OUT');
  assert.match(
    run!.errorMessage!,
    /still INPROCESS after 10 s; Promo stopped waiting \(last error: Boomi is unavailable\)/,
  );
});

test('Boomi refusing is REFUSED with its message; not reaching Boomi is NOT_RUN', async () => {
  const refused = setup({
    request: () =>
      Promise.reject(new AppError('API_ERROR', 'x', { details: { boomiMessage: 'Process is not deployed.' } })),
  });
  const r = await refused.execute('run-1', ctx);
  assert.deepEqual(
    [r?.status, r?.errorMessage],
    ['REFUSED', 'Boomi refused to run the test process: Process is not deployed.'],
  );
  const down = setup({ request: () => Promise.reject(new AppError('BOOMI_UNAVAILABLE', 'Boomi is unavailable')) });
  const d = await down.execute('run-1', ctx);
  assert.equal(d?.status, 'NOT_RUN');
  assert.match(d!.errorMessage!, /^Could not ask Boomi to run the test process/);
  assert.deepEqual(
    down.events.map((e) => e.action),
    ['TEST_RUN_NOT_RUN'],
  );
});
