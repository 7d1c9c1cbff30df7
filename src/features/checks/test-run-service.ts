import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { getTestRuns, setTestProcess } from '../../contracts/test-runs.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { ApprovalService } from '../approvals/approval-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import { TEST_RUN_JOB, type TestRunJobData } from './test-run-jobs-contract.ts';
import { evidenceOf } from './test-run-rules.ts';
import type { TestRun, TestRunStore } from './test-run-store.ts';

type SetRequest = z.output<typeof setTestProcess.request>;
type RunsResponse = z.input<typeof getTestRuns.response>;

export interface TestRunDeps {
  db: Transactor;
  store: TestRunStore;
  audit: AuditLog;
  jobs: Jobs;
  clock: Clock;
  /** To check that a named test process is a process of the primary account. */
  boomi: Pick<BoomiClient, 'componentMetadata'>;
  records: Pick<PromotionRecords, 'get' | 'results' | 'pendingComponentType'>;
  /** Whether the PRODUCTION path asks for test evidence (the approval policy). */
  approvals: Pick<ApprovalService, 'rule'>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentRun = (r: TestRun) => ({
  runId: r.runId,
  promotionId: r.promotionId,
  processId: r.processId,
  testProcessId: r.testProcessId,
  status: r.status,
  boomiStatus: r.boomiStatus,
  environmentId: r.environmentId,
  atomId: r.atomId,
  atomName: r.atomName,
  executionId: r.executionId,
  startedAt: iso(r.startedAt),
  durationMs: r.durationMs,
  inboundDocumentCount: r.inboundDocumentCount,
  outboundDocumentCount: r.outboundDocumentCount,
  errorMessage: r.errorMessage,
  requestedBy: r.requestedBy,
  requestedAt: r.requestedAt.toISOString(),
  finishedAt: iso(r.finishedAt),
});

export function createTestRunService(deps: TestRunDeps) {
  const { db, store, audit, records } = deps;

  /** The ids a test-process setting may be keyed by: the promoted root's copy, then its dev id. */
  const processIdsOf = async (p: Promotion) => {
    const prod = (await records.results(p.promotionId)).find((r) => r.devComponentId === p.rootComponentId);
    return [prod?.prodComponentId, p.rootComponentId].filter((id): id is string => !!id);
  };

  const queue = async (tx: Tx, p: Promotion, processIds: string[], requestedBy: string) => {
    const setting = await store.testProcessOf(processIds, tx);
    if (!setting) return undefined;
    const runId = randomUUID();
    const data: TestRunJobData = { runId };
    const jobId = await deps.jobs.enqueue(tx, TEST_RUN_JOB, { ...data }, { requestedBy, promotionId: p.promotionId });
    const run = {
      runId,
      promotionId: p.promotionId,
      processId: setting.processId,
      testProcessId: setting.testProcessId,
    };
    await store.insert(tx, { ...run, requestedBy, requestedAt: new Date(deps.clock.now()) }, jobId);
    return { runId, jobId };
  };

  /** The test record whose runs count for a record: itself in Test, the one it came from in production. */
  const testRecordOf = async (p: Promotion) =>
    p.targetEnvironment === 'PRODUCTION' ? (p.testPromotionId ? await records.get(p.testPromotionId) : undefined) : p;

  const evidenceRequired = async () => (await deps.approvals.rule('PRODUCTION')).requireTestEvidence;
  const evidence = async (test: Promotion | undefined, required?: boolean) => {
    required ??= await evidenceRequired();
    if (!test)
      return {
        required,
        satisfied: false,
        reason: 'The record was not deployed to Test',
        runs: [],
        ids: [] as string[],
        setting: undefined,
      };
    const ids = await processIdsOf(test);
    const [runs, setting] = await Promise.all([store.runsOf(test.promotionId), store.testProcessOf(ids)]);
    return { required, ...evidenceOf(runs, test.testDeployedAt, setting?.testProcessId ?? null), runs, ids, setting };
  };

  /**
   * A test process must be a process of the primary account; a mistyped id is refused when saved.
   * One promoted for the first time is on its record's branch only (main gets it with the production
   * release), so Promo's pending mappings vouch for it then.
   */
  const assertProcess = async (id: string) => {
    const meta = await deps.boomi.componentMetadata.get(id).catch(async (e: unknown) => {
      if (!isAppError(e) || e.code !== 'COMPONENT_NOT_FOUND') throw e;
      const pendingType = await deps.records.pendingComponentType(id);
      if (pendingType !== undefined) return { type: pendingType };
      throw new AppError('COMPONENT_NOT_FOUND', `Test process ${id} is not a component of the primary account`, {
        details: { field: 'testProcessId' },
      });
    });
    if (meta.type !== undefined && meta.type !== 'process')
      throw new AppError('INVALID_REQUEST', `testProcessId: ${id} is a ${meta.type}, not a process`, {
        details: { field: 'testProcessId' },
      });
  };

  return {
    /**
     * Called in the transaction that records a TEST deployment: queues a run of the process's test
     * process when it names one. A queued job and a row, nothing slow, so the deployment does not wait.
     */
    afterTestDeploy: (tx: Tx, p: Promotion, processIds: string[], requestedBy: string) =>
      queue(tx, p, processIds, requestedBy).then(() => undefined),

    async setTestProcess(caller: Caller, req: SetRequest) {
      if (req.testProcessId !== null) await assertProcess(req.testProcessId);
      await db.transaction(async (tx) => {
        const before = await store.setTestProcess(tx, req.processId, req.testProcessId, caller.email);
        await audit.record(tx, {
          actor: caller.email,
          action: 'TEST_PROCESS_SET',
          details: {
            processId: req.processId,
            testProcessId: req.testProcessId,
            previousTestProcessId: before?.testProcessId ?? null,
          },
        });
      });
      return { processId: req.processId, testProcessId: req.testProcessId };
    },

    async listTestProcesses() {
      const settings = await store.testProcesses();
      return { testProcesses: settings.map((s) => ({ ...s, setAt: s.setAt.toISOString() })) };
    },

    async runTestProcess(caller: Caller, promotionId: string) {
      const p = await records.get(promotionId);
      if (!p) throw new AppError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} not found`);
      if (p.status !== 'TEST_DEPLOYED' || p.targetEnvironment !== 'TEST')
        throw new AppError(
          'INVALID_PROMOTION_STATUS',
          `Test processes run on a record deployed to Test; ${promotionId} is ${p.status}`,
        );
      const ids = await processIdsOf(p);
      const queued = await db.transaction((tx) => queue(tx, p, ids, caller.email));
      if (!queued)
        throw new AppError('TEST_PROCESS_NOT_SET', `Process ${p.processName ?? ids[0] ?? ''} names no test process`, {
          details: { processIds: ids },
        });
      return { promotionId, ...queued };
    },

    async testRuns(promotionId: string): Promise<RunsResponse> {
      const p = await records.get(promotionId);
      if (!p) throw new AppError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} not found`);
      const test = await testRecordOf(p);
      const e = await evidence(test);
      return {
        promotionId,
        testPromotionId: test?.promotionId ?? null,
        processId: e.setting?.processId ?? e.ids[0] ?? null,
        testProcessId: e.setting?.testProcessId ?? null,
        runs: e.runs.map(presentRun),
        evidence: { required: e.required, satisfied: e.satisfied, reason: e.reason },
      };
    },

    /** Refuses a production submission from this test record when the policy asks for evidence it lacks. */
    async evidenceGate(test: Promotion) {
      // Most policies ask for no evidence: then the runs are not read at all.
      if (!(await evidenceRequired())) return;
      const e = await evidence(test, true);
      if (e.satisfied) return;
      throw new AppError(
        'TEST_EVIDENCE_REQUIRED',
        `The approval policy requires a passing test run newer than the last TEST deployment: ${e.reason}`,
        { details: { testPromotionId: test.promotionId, testProcessId: e.setting?.testProcessId ?? null } },
      );
    },
  };
}

export type TestRunService = ReturnType<typeof createTestRunService>;
