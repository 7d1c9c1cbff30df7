import type { Queryable } from '../../platform/db.ts';
import type { TestProcessSetting, TestRun, TestRunStatus, TestRunStore, TestRunUpdate } from './test-run-store.ts';

interface TestProcessRow {
  process_id: string;
  test_process_id: string;
  set_by: string;
  set_at: Date;
}

interface TestRunRow {
  run_id: string;
  promotion_id: string;
  process_id: string;
  test_process_id: string;
  status: TestRunStatus;
  boomi_status: string | null;
  environment_id: string | null;
  atom_id: string | null;
  atom_name: string | null;
  request_id: string | null;
  execution_id: string | null;
  execution_started_at: Date | null;
  duration_ms: string | number | null;
  inbound_document_count: number | null;
  outbound_document_count: number | null;
  error_message: string | null;
  requested_by: string;
  requested_at: Date;
  finished_at: Date | null;
  job_id: string | null;
}

const date = (d: Date | null) => (d ? new Date(d) : null);

const rowToSetting = (r: TestProcessRow): TestProcessSetting => ({
  processId: r.process_id,
  testProcessId: r.test_process_id,
  setBy: r.set_by,
  setAt: new Date(r.set_at),
});

const rowToRun = (r: TestRunRow): TestRun => ({
  runId: r.run_id,
  promotionId: r.promotion_id,
  processId: r.process_id,
  testProcessId: r.test_process_id,
  status: r.status,
  boomiStatus: r.boomi_status,
  environmentId: r.environment_id,
  atomId: r.atom_id,
  atomName: r.atom_name,
  requestId: r.request_id,
  executionId: r.execution_id,
  startedAt: date(r.execution_started_at),
  // bigint arrives as text from node-postgres.
  durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  inboundDocumentCount: r.inbound_document_count,
  outboundDocumentCount: r.outbound_document_count,
  errorMessage: r.error_message,
  requestedBy: r.requested_by,
  requestedAt: new Date(r.requested_at),
  finishedAt: date(r.finished_at),
  jobId: r.job_id,
});

const COLUMNS: Record<keyof TestRunUpdate, string> = {
  status: 'status',
  boomiStatus: 'boomi_status',
  environmentId: 'environment_id',
  atomId: 'atom_id',
  atomName: 'atom_name',
  requestId: 'request_id',
  executionId: 'execution_id',
  startedAt: 'execution_started_at',
  durationMs: 'duration_ms',
  inboundDocumentCount: 'inbound_document_count',
  outboundDocumentCount: 'outbound_document_count',
  errorMessage: 'error_message',
  finishedAt: 'finished_at',
  jobId: 'job_id',
};

export function createPgTestRunStore(db: Queryable): TestRunStore {
  return {
    async testProcessOf(processIds, q = db) {
      if (!processIds.length) return undefined;
      const { rows } = await q.query<TestProcessRow>(
        'select * from test_process where process_id = any($1::text[]) order by array_position($1::text[], process_id)',
        [processIds],
      );
      return rows[0] ? rowToSetting(rows[0]) : undefined;
    },
    async testProcesses() {
      const { rows } = await db.query<TestProcessRow>('select * from test_process order by process_id');
      return rows.map(rowToSetting);
    },
    async setTestProcess(tx, processId, testProcessId, by) {
      const { rows } = await tx.query<TestProcessRow>('select * from test_process where process_id = $1 for update', [
        processId,
      ]);
      if (testProcessId === null) await tx.query('delete from test_process where process_id = $1', [processId]);
      else
        await tx.query(
          `insert into test_process (process_id, test_process_id, set_by) values ($1, $2, $3)
           on conflict (process_id) do update set test_process_id = $2, set_by = $3, set_at = now()`,
          [processId, testProcessId, by],
        );
      return rows[0] ? rowToSetting(rows[0]) : undefined;
    },
    async insert(tx, run, jobId) {
      const { rows } = await tx.query<TestRunRow>(
        `insert into test_run (run_id, promotion_id, process_id, test_process_id, status, requested_by, requested_at, job_id)
         values ($1, $2, $3, $4, 'QUEUED', $5, $6, $7) returning *`,
        [run.runId, run.promotionId, run.processId, run.testProcessId, run.requestedBy, run.requestedAt, jobId],
      );
      return rowToRun(rows[0]!);
    },
    async get(runId, q = db) {
      const { rows } = await q.query<TestRunRow>('select * from test_run where run_id = $1', [runId]);
      return rows[0] ? rowToRun(rows[0]) : undefined;
    },
    async update(runId, change, q = db) {
      const entries = Object.entries(change).filter(([, v]) => v !== undefined) as Array<
        [keyof TestRunUpdate, unknown]
      >;
      const sets = entries.map(([k], i) => `${COLUMNS[k]} = $${i + 2}`);
      const { rows } = await q.query<TestRunRow>(
        `update test_run set ${sets.length ? sets.join(', ') : 'status = status'}
          where run_id = $1 and status in ('QUEUED', 'RUNNING') returning *`,
        [runId, ...entries.map(([, v]) => v)],
      );
      return rows[0] ? rowToRun(rows[0]) : undefined;
    },
    async runsOf(promotionId) {
      const { rows } = await db.query<TestRunRow>(
        'select * from test_run where promotion_id = $1 order by requested_at desc, run_id',
        [promotionId],
      );
      return rows.map(rowToRun);
    },
  };
}
