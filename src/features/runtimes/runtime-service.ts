import type { z } from 'zod';
import type { getProcessRuntime, setProcessRuntime, Runtime } from '../../contracts/runtimes.ts';
import { q, type BoomiClient } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PromotionRecords } from '../promotions/promotion-service.ts';

type RuntimeView = z.infer<typeof Runtime>;
type ProcessRuntime = z.input<typeof getProcessRuntime.response>;
type SetRequest = z.output<typeof setProcessRuntime.request>;

export interface DeployedEnvironment {
  environmentId: string;
  environmentName: string;
}

export interface RuntimeDeps {
  boomi: BoomiClient;
  db: Transactor;
  audit: AuditLog;
  records: PromotionRecords;
  /** The environments a promotion's deployment reached (the deployments feature knows). */
  deployedEnvironments(promotionId: string, target: 'TEST' | 'PRODUCTION'): Promise<DeployedEnvironment[]>;
}

export interface RuntimeService {
  /** The runtimes attached to every environment of the primary account, by environment id. */
  byEnvironment(): Promise<Map<string, RuntimeView[]>>;
  /** Why a deployment to these environments would not run (no runtime, none online); empty when it would. */
  warnings(
    environments: ReadonlyArray<{ environmentId: string; environmentName?: string | undefined }>,
  ): Promise<string[]>;
  processRuntime(promotionId: string): Promise<ProcessRuntime>;
  setProcessRuntime(caller: Caller, req: SetRequest): Promise<ProcessRuntime>;
}

/** Why a deployment to an environment with these runtimes would not run; null when it would. */
export function runtimeWarning(environmentName: string, runtimes: readonly RuntimeView[]): string | null {
  if (!runtimes.length)
    return `Environment '${environmentName}' has no runtime attached: a deployment there will not run.`;
  if (!runtimes.some((r) => r.status === 'ONLINE')) {
    const states = runtimes.map((r) => `${r.atomName} is ${r.status}`).join(', ');
    return `Environment '${environmentName}' has no online runtime (${states}): a deployment there will not run until one is back.`;
  }
  return null;
}

export function createRuntimeService(deps: RuntimeDeps): RuntimeService {
  const { boomi } = deps;

  const byEnvironment = async () => {
    const [attachments, atoms] = await Promise.all([
      boomi.environmentAtomAttachments.query(q.isNotNull('environmentId')),
      boomi.atoms.query(q.isNotNull('id')),
    ]);
    const byId = new Map(atoms.map((a) => [a.id, a]));
    const out = new Map<string, RuntimeView[]>();
    for (const link of attachments) {
      const atom = byId.get(link.atomId);
      const view: RuntimeView = {
        atomId: link.atomId,
        atomName: atom?.name ?? link.atomId,
        status: atom?.status ?? 'UNKNOWN',
        type: atom?.type ?? null,
      };
      out.set(link.environmentId, [...(out.get(link.environmentId) ?? []), view]);
    }
    return out;
  };

  /** The promotion's deployed root process and the environments it reached. */
  const deployment = async (promotionId: string) => {
    const p = await deps.records.get(promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${promotionId}'`);
    const target = p.targetEnvironment === 'PRODUCTION' ? 'PRODUCTION' : 'TEST';
    const processId = (await deps.records.results(promotionId)).find(
      (r) => r.devComponentId === p.rootComponentId,
    )?.prodComponentId;
    const environments = await deps.deployedEnvironments(promotionId, target);
    if (!processId || !environments.length) {
      throw new AppError(
        'INVALID_PROMOTION_STATUS',
        `Promotion ${promotionId} (${p.status}) has not been deployed to any ${target} environment yet`,
      );
    }
    return { p, target, processId, environments } as const;
  };

  /** What the process does on one runtime; an unreachable runtime says so instead of failing the page. */
  const onRuntime = async (runtime: RuntimeView, processId: string) => {
    try {
      const [schedules, status, listeners] = await Promise.all([
        boomi.processSchedules.find(runtime.atomId, processId),
        boomi.processScheduleStatus.find(runtime.atomId, processId),
        runtime.status === 'ONLINE'
          ? boomi.listeners.status({ containerId: runtime.atomId, listenerId: processId })
          : Promise.resolve([]),
      ]);
      return {
        ...runtime,
        schedules: (schedules?.Schedule ?? []).map((s) => ({
          minutes: s.minutes ?? '*',
          hours: s.hours ?? '*',
          daysOfMonth: s.daysOfMonth ?? '*',
          months: s.months ?? '*',
          daysOfWeek: s.daysOfWeek ?? '*',
          years: s.years ?? '*',
        })),
        schedulesEnabled: status?.enabled ?? null,
        listenerStatus: listeners.find((l) => l.listenerId === processId)?.status ?? null,
        problem: runtime.status === 'ONLINE' ? null : `${runtime.atomName} is ${runtime.status}`,
      };
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { ...runtime, schedules: [], schedulesEnabled: null, listenerStatus: null, problem: e.message };
    }
  };

  const view = async (promotionId: string, only?: string): Promise<ProcessRuntime> => {
    const { target, processId, environments } = await deployment(promotionId);
    const runtimes = await byEnvironment();
    return {
      promotionId,
      processId,
      target,
      environments: await Promise.all(
        environments
          .filter((e) => !only || e.environmentId === only)
          .map(async (e) => ({
            environmentId: e.environmentId,
            environmentName: e.environmentName,
            runtimes: await Promise.all((runtimes.get(e.environmentId) ?? []).map((r) => onRuntime(r, processId))),
          })),
      ),
    };
  };

  return {
    byEnvironment,
    async warnings(environments) {
      const runtimes = await byEnvironment();
      return environments
        .map((e) => runtimeWarning(e.environmentName ?? e.environmentId, runtimes.get(e.environmentId) ?? []))
        .filter((w): w is string => w !== null);
    },
    processRuntime: (promotionId) => view(promotionId),
    async setProcessRuntime(caller, req) {
      const { processId, environments } = await deployment(req.promotionId);
      const env = environments.find((e) => e.environmentId === req.environmentId);
      if (!env) {
        throw new AppError('INVALID_REQUEST', `environmentId: promotion ${req.promotionId} was not deployed there`, {
          details: { field: 'environmentId' },
        });
      }
      const runtimes = (await byEnvironment()).get(env.environmentId) ?? [];
      const online = runtimes.filter((r) => r.status === 'ONLINE');
      if (!online.length) {
        throw new AppError('INVALID_REQUEST', `environmentId: ${runtimeWarning(env.environmentName, runtimes)}`, {
          details: { field: 'environmentId' },
        });
      }
      for (const r of online) {
        if (req.schedules) {
          const status = await boomi.processScheduleStatus.find(r.atomId, processId);
          if (status) {
            await boomi.processScheduleStatus.update({
              id: status.id,
              atomId: r.atomId,
              processId,
              enabled: req.schedules === 'ENABLE',
            });
          }
        }
        if (req.listener) {
          const action = req.listener.toLowerCase() as 'pause' | 'resume' | 'restart';
          await boomi.listeners.changeStatus({ containerId: r.atomId, listenerId: processId, action });
        }
      }
      await deps.db.transaction((tx) =>
        deps.audit.record(tx, {
          actor: caller.email,
          action: 'PROCESS_RUNTIME_CHANGED',
          promotionId: req.promotionId,
          details: {
            environmentId: env.environmentId,
            processId,
            schedules: req.schedules ?? null,
            listener: req.listener ?? null,
            runtimes: online.map((r) => r.atomId),
          },
        }),
      );
      return view(req.promotionId, env.environmentId);
    },
  };
}
