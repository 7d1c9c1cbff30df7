import type { BoomiClient, ExecutionRecord } from '../../boomi/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { isAppError } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/jobs.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { DeployedEnvironment, RuntimeService } from '../runtimes/runtime-service.ts';
import { outcomeOf } from './test-run-rules.ts';
import type { TestRun, TestRunStatus, TestRunStore, TestRunUpdate } from './test-run-store.ts';

// One test run, as its job carries it out: choose an online runtime of the Test environment the
// record was deployed to, ask Boomi to run the test process there (ExecutionRequest), then read
// its ExecutionRecord until it ends or Promo stops waiting. Every way it ends is recorded with the
// run and audited; none of them fails the TEST deployment that started it.

export interface TestRunExecutionDeps {
  db: Transactor;
  store: TestRunStore;
  audit: AuditLog;
  boomi: BoomiClient;
  clock: Clock;
  runtimes: Pick<RuntimeService, 'byEnvironment'>;
  deployedEnvironments(promotionId: string, target: 'TEST'): Promise<DeployedEnvironment[]>;
  timeoutMs: number;
  pollMs: number;
}

type Final = Exclude<TestRunStatus, 'QUEUED' | 'RUNNING'>;

const recordFacts = (r: ExecutionRecord): TestRunUpdate => ({
  boomiStatus: r.status,
  executionId: r.executionId,
  startedAt: r.executionTime && !Number.isNaN(Date.parse(r.executionTime)) ? new Date(r.executionTime) : null,
  durationMs: r.executionDuration ?? null,
  inboundDocumentCount: r.inboundDocumentCount ?? null,
  outboundDocumentCount: r.outboundDocumentCount ?? null,
});

const boomiMessage = (e: unknown): string => {
  if (isAppError(e) && typeof e.details?.['boomiMessage'] === 'string') return e.details['boomiMessage'];
  return (e as Error).message;
};

export function createTestRunExecution(deps: TestRunExecutionDeps) {
  const { store, boomi, clock } = deps;

  const finish = async (run: TestRun, status: Final, change: TestRunUpdate & { errorMessage?: string | null }) =>
    deps.db.transaction(async (tx) => {
      const done = await store.update(run.runId, { ...change, status, finishedAt: new Date(clock.now()) }, tx);
      if (!done) return store.get(run.runId, tx);
      await deps.audit.record(tx, {
        actor: run.requestedBy,
        action: `TEST_RUN_${status}`,
        promotionId: run.promotionId,
        details: {
          runId: run.runId,
          processId: run.processId,
          testProcessId: run.testProcessId,
          executionId: done.executionId,
          boomiStatus: done.boomiStatus,
          atomId: done.atomId,
          durationMs: done.durationMs,
          errorMessage: done.errorMessage,
        },
      });
      return done;
    });

  /** An online runtime attached to an environment the record reached in Test. */
  const chooseRuntime = async (promotionId: string) => {
    const environments = await deps.deployedEnvironments(promotionId, 'TEST');
    const runtimes = await deps.runtimes.byEnvironment();
    for (const env of environments) {
      const online = (runtimes.get(env.environmentId) ?? []).find((r) => r.status === 'ONLINE');
      if (online) return { environment: env, atomId: online.atomId, atomName: online.atomName };
    }
    const names = environments.map((e) => e.environmentName).join(', ') || 'none';
    return { problem: `No online runtime is attached to the Test environments the record was deployed to (${names})` };
  };

  const start = async (run: TestRun): Promise<TestRun | undefined> => {
    let chosen: Awaited<ReturnType<typeof chooseRuntime>>;
    try {
      chosen = await chooseRuntime(run.promotionId);
    } catch (e) {
      return finish(run, 'NOT_RUN', { errorMessage: `Could not read the Test runtimes: ${boomiMessage(e)}` });
    }
    if ('problem' in chosen) return finish(run, 'NOT_RUN', { errorMessage: chosen.problem ?? null });
    const where = { environmentId: chosen.environment.environmentId, atomId: chosen.atomId, atomName: chosen.atomName };
    try {
      const { requestId } = await boomi.executions.request({ atomId: chosen.atomId, processId: run.testProcessId });
      return store.update(run.runId, { ...where, requestId, status: 'RUNNING' });
    } catch (e) {
      // Boomi answering 400 refused the run (not deployed there, invalid process...); anything else
      // means Promo could not ask, which is said as such.
      const refused = isAppError(e) && e.code === 'API_ERROR';
      return finish(run, refused ? 'REFUSED' : 'NOT_RUN', {
        ...where,
        errorMessage: refused
          ? `Boomi refused to run the test process: ${boomiMessage(e)}`
          : `Could not ask Boomi to run the test process: ${boomiMessage(e)}`,
      });
    }
  };

  /** Carries a run from where it stands to its end; a job repeated after a crash resumes the poll. */
  return async function execute(runId: string, ctx: JobContext): Promise<TestRun | undefined> {
    let run = await store.get(runId);
    if (!run || (run.status !== 'QUEUED' && run.status !== 'RUNNING')) return run;
    if (!run.requestId) {
      await ctx.progress(0, 2, 'Asking Boomi to run the test process');
      run = await start(run);
      if (!run || run.status !== 'RUNNING' || !run.requestId) return run;
    }
    const requestId = run.requestId;
    const deadline = clock.now() + deps.timeoutMs;
    let facts: TestRunUpdate = {};
    let lastError: string | null = null;
    for (;;) {
      await ctx.progress(1, 2, 'Waiting for the test process to finish');
      try {
        const record = await boomi.executions.record(requestId);
        lastError = null;
        if (record) {
          facts = recordFacts(record);
          const outcome = outcomeOf(record.status);
          if (outcome !== 'RUNNING')
            return finish(run, outcome, {
              ...facts,
              errorMessage: outcome === 'FAILED' ? (record.message ?? `Boomi ended the run ${record.status}`) : null,
            });
          const updated = await store.update(run.runId, facts);
          // Ended meanwhile (a second worker on a repeated job): its outcome stands.
          if (!updated) return store.get(run.runId);
          run = updated;
        }
      } catch (e) {
        // A poll that fails (Boomi busy, a network fault) is tried again until the deadline.
        lastError = boomiMessage(e);
      }
      if (clock.now() + deps.pollMs > deadline) break;
      await clock.sleep(deps.pollMs);
    }
    const state = facts.boomiStatus ? `still ${facts.boomiStatus}` : 'not recorded by Boomi yet';
    return finish(run, 'TIMED_OUT', {
      ...facts,
      errorMessage:
        `The test process was ${state} after ${Math.round(deps.timeoutMs / 1000)} s; Promo stopped waiting` +
        (lastError ? ` (last error: ${lastError})` : ''),
    });
  };
}

export type TestRunExecute = ReturnType<typeof createTestRunExecution>;
