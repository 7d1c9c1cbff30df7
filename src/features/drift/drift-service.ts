import type { z } from 'zod';
import type { checkDrift, listDrift } from '../../contracts/drift.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { DriftCheckRunner } from './drift-check.ts';
import { DRIFT_JOB } from './drift-jobs-contract.ts';
import {
  branchesToWire,
  checkResultToWire,
  checkToWire,
  componentDriftToWire,
  findingToWire,
} from './drift-presenter.ts';
import type { DriftFinding, DriftStore } from './drift-store.ts';

type ListRequest = z.output<typeof listDrift.request>;
type CheckResponse = z.input<typeof checkDrift.response>;

/** A drifted component of a promotion, as the admin approval names it and audits its acknowledgement. */
export interface DriftedComponent {
  componentId: string;
  componentName: string | null;
  change: DriftFinding['change'];
  recordedVersion: number | null;
  actualVersion: number | null;
  changedBy: string | null;
  changedAt: string | null;
}

export interface DriftServiceDeps {
  store: DriftStore;
  runner: DriftCheckRunner;
  accounts: Pick<AccountService, 'accountsToList'>;
  db: Transactor;
  jobs: Pick<Jobs, 'enqueue' | 'waitFor'>;
  schedule: string;
  branchThreshold: number;
  staleDays: number;
  syncWaitMs: number;
}

export function createDriftService(deps: DriftServiceDeps) {
  const { store } = deps;

  const openOn = async (componentIds: readonly string[]) =>
    componentIds.length
      ? store.findings({ kind: 'COMPONENT', includeResolved: false, componentIds, limit: componentIds.length })
      : [];

  return {
    async list(caller: Caller, req: ListRequest) {
      const accounts = await deps.accounts.accountsToList(caller, req.devAccountId);
      const componentIds = req.promotionId ? await store.componentsOf(req.promotionId) : undefined;
      const findings =
        accounts?.length === 0 || componentIds?.length === 0
          ? []
          : await store.findings({
              kind: req.promotionId ? 'COMPONENT' : req.kind,
              includeResolved: req.includeResolved,
              devAccountIds: accounts,
              componentIds,
              limit: req.limit,
            });
      const last = await store.lastCheck();
      const reconciled = last?.outcome === 'SUCCEEDED' ? last : await store.lastCheck({ succeededOnly: true });
      // Branch entries name promotions: a contributor sees those of the accounts they may see.
      const mine = (b: { devAccountId: string | null }) => !accounts || accounts.includes(b.devAccountId ?? '');
      return {
        findings: findings.map(findingToWire),
        totalCount: findings.length,
        lastCheck: last ? checkToWire(last) : null,
        branches: reconciled
          ? branchesToWire(reconciled, mine, { threshold: deps.branchThreshold, staleDays: deps.staleDays })
          : null,
        schedule: deps.schedule,
      };
    },

    /** Queues a check as a job; answers its id. */
    requestCheck: (caller: Caller) =>
      deps.db.transaction((tx) =>
        deps.jobs.enqueue(tx, DRIFT_JOB, { requestedAt: new Date().toISOString() }, { requestedBy: caller.email }),
      ),

    /** The job's answer when it finishes within the synchronous wait, else undefined (still running). */
    async awaitCheck(jobId: string): Promise<CheckResponse | undefined> {
      const run = await deps.jobs.waitFor(jobId, deps.syncWaitMs);
      if (run?.state === 'SUCCEEDED') return run.result as unknown as CheckResponse;
      if (run?.state === 'FAILED')
        throw new AppError((run.error?.code ?? 'INTERNAL_ERROR') as 'INTERNAL_ERROR', run.error?.message ?? '', {
          details: { jobId },
        });
      return undefined;
    },

    /** Runs a check now (the job's handler); answers the checkDrift response. */
    async runCheck(requestedBy: string, requestedAt: Date): Promise<CheckResponse> {
      const { check, reused } = await deps.runner.run(requestedBy, requestedAt);
      if (check.outcome === 'FAILED')
        throw new AppError(
          (check.errorCode ?? 'INTERNAL_ERROR') as 'INTERNAL_ERROR',
          `The drift check failed: ${check.errorMessage ?? 'unknown error'}`,
        );
      const open = await store.findings({ includeResolved: false, limit: 100_000 });
      return checkResultToWire(check, { openFindings: open.length, reused });
    },

    /** Open drift on the production components a promotion would write to main (P6/P7, the approval gate). */
    async driftedComponents(promotionId: string): Promise<DriftedComponent[]> {
      return (await openOn(await store.componentsOf(promotionId))).map((f) => ({
        componentId: f.componentId,
        componentName: f.componentName,
        change: f.change,
        recordedVersion: f.recordedVersion,
        actualVersion: f.actualVersion,
        changedBy: f.changedBy,
        changedAt: f.changedAt?.toISOString() ?? null,
      }));
    },

    /** Open drift by production component id, for the package review (P2). */
    async driftOf(prodComponentIds: readonly string[]) {
      return new Map((await openOn(prodComponentIds)).map((f) => [f.componentId, componentDriftToWire(f)]));
    },
  };
}

export type DriftService = ReturnType<typeof createDriftService>;
