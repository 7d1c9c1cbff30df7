import { randomUUID } from 'node:crypto';
import { q, type BoomiClient } from '../../boomi/index.ts';
import { TERMINAL_STATUSES } from '../../contracts/promotion-guide.ts';
import type { Clock } from '../../platform/clock.ts';
import { isAppError } from '../../platform/errors.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { readMainVersions } from '../mappings/main-versions.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import { judgeBranches } from './branch-rules.ts';
import { compareComponents, compareDeployments, resolutions, type ActiveDeployment } from './drift-rules.ts';
import type { BranchEntry, DriftCheck, DriftFinding, DriftStore } from './drift-store.ts';

export interface DriftCheckDeps {
  /** The shared client; the check uses its background view (rate-limiter.ts). */
  boomi: BoomiClient;
  db: Transactor;
  withLock: <T>(key: number, fn: () => Promise<T>) => Promise<T>;
  store: DriftStore;
  mappings: Pick<MappingService, 'promotedComponents' | 'recordVersions'>;
  audit: AuditLog;
  clock: Clock;
  /** Promo's own Boomi login (`BOOMI_TOKEN.` stripped): the modifier of its merges. */
  promoUser: string;
  staleDays: number;
  /** A branch younger than this is never an orphan: its promotion may be starting right now. */
  orphanGraceMs?: number;
  /** Told of findings that were not open before (another feature voids approvals with it). */
  onNewDrift?: ((findings: DriftFinding[]) => Promise<void>) | undefined;
  log?: { warn(obj: object, msg: string): void } | undefined;
}

export interface CheckResult {
  check: DriftCheck;
  /** This request waited behind a check that started after it, and answers with that one. */
  reused: boolean;
}

// One check at a time across replicas; a request that waited answers with the check that ran.
const DRIFT_LOCK = 7_231_014;
const GRACE_MS = 5 * 60_000;

export function createDriftCheck(deps: DriftCheckDeps) {
  const { store, db, clock } = deps;

  async function checkBranches(boomi: BoomiClient, actor: string) {
    const branches = await boomi.branches.query(q.isNotNull('id'));
    const verdicts = judgeBranches(branches, await store.liveBranchOwners(TERMINAL_STATUSES), {
      now: clock.now(),
      graceMs: deps.orphanGraceMs ?? GRACE_MS,
      staleDays: deps.staleDays,
    });
    const accounts = await store.accountsOf(
      [...verdicts.orphans, ...verdicts.stale].flatMap((b) => (b.promotionId ? [b.promotionId] : [])),
    );
    const withAccount = (b: BranchEntry) => ({ ...b, devAccountId: accounts.get(b.promotionId ?? '') ?? null });
    const deleted: BranchEntry[] = [];
    for (const orphan of verdicts.orphans.map(withAccount)) {
      // A refused delete stays an orphan for the next run; the others still go.
      const gone = await boomi.branches.delete(orphan.branchId).then(
        () => true,
        (e: unknown) => {
          deps.log?.warn({ err: e, branchId: orphan.branchId }, 'orphan branch could not be deleted');
          return false;
        },
      );
      if (!gone) continue;
      deleted.push(orphan);
      await db.transaction((tx) =>
        deps.audit.record(tx, {
          actor,
          action: 'ORPHAN_BRANCH_DELETED',
          details: { branchId: orphan.branchId, branchName: orphan.branchName, createdDate: orphan.createdDate },
        }),
      );
    }
    // The count P9 shows is Boomi's own after the deletions, not ours.
    const count = deleted.length
      ? (await boomi.branches.query(q.isNotNull('id'))).filter((b) => b.deleted !== true && b.stage !== 'DELETING')
          .length
      : verdicts.live.length;
    return { count, deleted, stale: verdicts.stale.map(withAccount) };
  }

  async function runOnce(requestedBy: string): Promise<DriftCheck> {
    const boomi = deps.boomi.background();
    const calls0 = boomi.callCount();
    const checkId = randomUUID();
    const startedAt = new Date(clock.now());
    await db.transaction((tx) => store.startCheck(tx, checkId, requestedBy, startedAt));
    let outcome: DriftCheck;
    try {
      const promoted = await deps.mappings.promotedComponents();
      const main = await readMainVersions(
        boomi,
        promoted.map((c) => c.prodComponentId),
      );
      const components = compareComponents(promoted, main, deps.promoUser);
      const environments = (
        await boomi.environments.query(q.or(q.eq('classification', 'PROD'), q.eq('classification', 'TEST')))
      ).map((e) => ({ id: e.id, name: e.name ?? e.id, classification: e.classification ?? '' }));
      const active = new Map<string, ActiveDeployment[]>();
      for (const env of environments)
        active.set(
          env.id,
          await boomi.deployedPackages.query(q.and(q.eq('environmentId', env.id), q.eq('active', true))),
        );
      const recorded = await store.recordedDeployments();
      const byId = new Map(promoted.map((c) => [c.prodComponentId, c]));
      const observed = [...components.drift, ...compareDeployments(environments, active, recorded, byId)];
      for (const [id, version] of components.adopt) byId.set(id, { ...byId.get(id)!, recordedVersion: version });
      const open = await store.findings({ includeResolved: false, limit: 100_000 });
      const resolved = resolutions(open, observed, byId, recorded);
      const branches = await checkBranches(boomi, requestedBy);
      const at = new Date(clock.now());
      const opened = await db.transaction(async (tx) => {
        if (components.adopt.size) await deps.mappings.recordVersions(tx, components.adopt);
        const fresh = await store.applyCheck(tx, observed, resolved, at);
        // New drift is an event others act on (webhooks, the trail): recorded with the findings it opened.
        if (fresh.length)
          await deps.audit.record(tx, {
            actor: requestedBy,
            action: 'DRIFT_DETECTED',
            details: {
              checkId,
              newFindings: fresh.length,
              findings: fresh.slice(0, 20).map((f) => ({
                kind: f.kind,
                componentId: f.componentId,
                componentName: f.componentName,
                environmentName: f.environmentName,
                change: f.change,
              })),
            },
          });
        outcome = {
          checkId,
          requestedBy,
          startedAt,
          finishedAt: at,
          outcome: 'SUCCEEDED',
          errorMessage: null,
          componentsChecked: promoted.length,
          environmentsChecked: environments.length,
          newFindings: fresh.length,
          resolvedFindings: resolved.length,
          boomiCalls: boomi.callCount() - calls0,
          branchCount: branches.count,
          orphansDeleted: branches.deleted,
          staleBranches: branches.stale,
        };
        await store.finishCheck(tx, checkId, outcome);
        return fresh;
      });
      if (opened.length && deps.onNewDrift)
        await deps.onNewDrift(opened).catch((e: unknown) => deps.log?.warn({ err: e }, 'onNewDrift failed'));
      return outcome!;
    } catch (e) {
      outcome = {
        checkId,
        requestedBy,
        startedAt,
        finishedAt: new Date(clock.now()),
        outcome: 'FAILED',
        errorMessage: (e as Error).message,
        errorCode: isAppError(e) ? e.code : 'INTERNAL_ERROR',
        componentsChecked: 0,
        environmentsChecked: 0,
        newFindings: 0,
        resolvedFindings: 0,
        boomiCalls: boomi.callCount() - calls0,
        branchCount: null,
        orphansDeleted: [],
        staleBranches: [],
      };
      await db.transaction((tx) => store.finishCheck(tx, checkId, outcome));
      return outcome;
    }
  }

  return {
    /** Runs a check unless one that started after `requestedAt` has finished meanwhile. */
    run: (requestedBy: string, requestedAt: Date): Promise<CheckResult> =>
      deps.withLock(DRIFT_LOCK, async () => {
        const last = await store.lastCheck({ succeededOnly: true });
        if (last && last.startedAt >= requestedAt) return { check: last, reused: true };
        return { check: await runOnce(requestedBy), reused: false };
      }),
  };
}

export type DriftCheckRunner = ReturnType<typeof createDriftCheck>;
