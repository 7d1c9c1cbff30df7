import type { BoomiClient } from '../../boomi/index.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { AccountService } from '../accounts/account-service.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import { createDriftCheck } from './drift-check.ts';
import { registerDriftJobs } from './drift-jobs.ts';
import { driftActions } from './drift-routes.ts';
import { createDriftService } from './drift-service.ts';
import type { DriftFinding } from './drift-store.ts';
import { createPgDriftStore } from './pg-drift-store.ts';

export type { DriftFinding } from './drift-store.ts';

/** The drift feature assembled: its store, the check runner, the service, its job and schedule, its actions. */
export async function createDriftFeature(deps: {
  config: Config;
  db: Db;
  boomi: BoomiClient;
  jobs: Jobs;
  mappings: MappingService;
  accounts: AccountService;
  audit: AuditLog;
  clock: Clock;
  log: { warn(obj: object, msg: string): void };
  /** Told of findings a check saw for the first time (approvals over them are voided elsewhere). */
  onNewDrift?: (findings: DriftFinding[]) => Promise<void>;
}) {
  const { config, db } = deps;
  const store = createPgDriftStore(db);
  const runner = createDriftCheck({
    boomi: deps.boomi,
    db,
    withLock: (key, fn) => db.withLock(key, fn),
    store,
    mappings: deps.mappings,
    audit: deps.audit,
    clock: deps.clock,
    promoUser: config.boomi.user.replace(/^BOOMI_TOKEN\./, ''),
    staleDays: config.branchStaleDays,
    orphanGraceMs: config.branchOrphanGraceMs,
    onNewDrift: deps.onNewDrift,
    log: deps.log,
  });
  const service = createDriftService({
    store,
    runner,
    accounts: deps.accounts,
    db,
    jobs: deps.jobs,
    schedule: config.driftCheckCron,
    branchThreshold: config.branchThreshold,
    staleDays: config.branchStaleDays,
    syncWaitMs: config.syncWaitMs,
  });
  await registerDriftJobs(deps.jobs, service, config.driftCheckCron);
  return { service, actions: driftActions(service) };
}
