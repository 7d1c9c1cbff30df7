import { isAppError } from '../../platform/errors.ts';
import type { JobContext } from '../../platform/jobs.ts';
import type { ComponentResultRecord, PendingMapping, Promotion } from './promotion-store.ts';
import type { PromotionDeps, PromotionJobData } from './promotion-deps.ts';
import { readTree, result, writeTree } from './promotion-runner.ts';
import { isConnection } from './stripping-rule.ts';
import { ensureFolders } from './folder-placement.ts';
import { checkChanges } from './what-changed.ts';

const FOLDER_LOCK = 7_231_006;

export type RunOutcome =
  { ok: true; promotion: Promotion } | { ok: false; promotion: Promotion | undefined; code: string; message: string };

/** `resultDetail` keeps its original 5000-character limit; the full results live in their own table. */
function resultDetail(results: readonly ComponentResultRecord[]): string {
  const rows = results.map((r) => ({
    devComponentId: r.devComponentId,
    name: r.name,
    action: r.action,
    status: r.status,
    prodComponentId: r.prodComponentId,
    prodVersion: r.prodVersion,
  }));
  let text = JSON.stringify(rows);
  while (text.length > 5000 && rows.length > 0) {
    rows.pop();
    text = JSON.stringify([...rows, { truncated: true, total: results.length }]);
  }
  return text;
}

const counts = (results: readonly ComponentResultRecord[]) => ({
  componentsCreated: results.filter((r) => r.action === 'CREATED').length,
  componentsUpdated: results.filter((r) => r.action === 'UPDATED').length,
  componentsFailed: results.filter((r) => r.action === 'FAILED').length,
  connectionsSkipped: results.filter((r) => r.action === 'PRE_MAPPED').length,
});

/**
 * The promotion job (10-backend.md §2.4 with D8/D9): branch, read, strip, rewrite, place, write,
 * record. Fail-fast: any failure deletes the branch and commits no mapping.
 */
export async function runPromotion(deps: PromotionDeps, data: PromotionJobData, ctx: JobContext): Promise<RunOutcome> {
  const { store, boomi, db, audit } = deps;
  const promotion = await store.get(data.promotionId);
  if (!promotion || promotion.status !== 'IN_PROGRESS') {
    return promotion && promotion.status !== 'FAILED'
      ? { ok: true, promotion }
      : {
          ok: false,
          promotion,
          code: 'PROMOTION_FAILED',
          message: promotion?.errorMessage ?? 'The promotion does not exist',
        };
  }
  if (ctx.attempt > 1) {
    // An earlier run died with the process. Starting over on a half-written branch would be a
    // guess; clean up and let the developer start again.
    return failPromotion(
      deps,
      promotion,
      [],
      'PROMOTION_FAILED',
      'The promotion was interrupted when the service stopped; its branch was removed. Start it again.',
    );
  }
  const promotable = data.components.filter((c) => !isConnection(c));
  const total = promotable.length;
  let done = 0;
  let step = 'Creating the branch';
  const heartbeat = setInterval(() => {
    void ctx.progress(done, total, step).catch(() => {});
  }, deps.heartbeatMs);
  let branchId: string | null = null;
  try {
    await ctx.progress(0, total, step);
    const main = await boomi.branches.findByName('main');
    if (!main) throw new Error("The primary account has no 'main' branch");
    const branchName = `promo-${promotion.promotionId}`;
    const branch = await boomi.branches.create({
      name: branchName,
      parentId: main.id,
      description: `Promo ${promotion.processName ?? ''} ${promotion.packageVersion ?? ''}`.trim(),
    });
    branchId = branch.id;
    await db.transaction((tx) => store.update(tx, promotion.promotionId, { branchId, branchName }));
    await boomi.branches.waitUntilReady(branch.id);

    step = 'Checking what changed';
    await ctx.progress(0, total, step);
    const mapped = await deps.mappings.forComponents(
      data.devAccountId,
      promotable.map((c) => c.devComponentId),
    );
    const changes = await checkChanges(boomi, {
      devAccountId: data.devAccountId,
      primaryAccountId: deps.primaryAccountId,
      components: promotable,
      committed: mapped,
      force: data.force === true,
    });
    done = changes.skipped.length;

    step = 'Reading components from the dev account';
    await ctx.progress(done, total, step);
    const checks = await deps.checks?.begin(data.devAccountId);
    const { read, failed } = await readTree(boomi, data.devAccountId, changes.toRead, checks?.inspect);
    if (failed.length) {
      const skipped = read.map((w) =>
        result(w.component, {
          action: 'SKIPPED',
          status: 'SKIPPED',
          errorMessage: 'not attempted: another component could not be read',
        }),
      );
      return failPromotion(
        deps,
        { ...promotion, branchId },
        [...failed, ...skipped],
        'PROMOTION_FAILED',
        `${failed.length} component(s) could not be read from the dev account`,
      );
    }

    // Production ids already on record: connections (validated at start) and earlier promotions.
    // The tree's own mappings were read above; only connections and references outside it remain.
    const have = new Set(mapped.map((m) => m.devComponentId));
    const referenced = new Set([...data.components.map((c) => c.devComponentId), ...read.flatMap((w) => w.references)]);
    const committed = [
      ...mapped,
      ...(await deps.mappings.forComponents(
        data.devAccountId,
        [...referenced].filter((id) => !have.has(id)),
      )),
    ];
    const known = new Map(
      committed.map((m) => [
        m.devComponentId,
        { prodComponentId: m.prodComponentId, prodVersion: m.prodLatestVersion, contentHash: m.contentHash ?? null },
      ]),
    );

    step = 'Preparing folders';
    await ctx.progress(0, total, step);
    // Nothing to write, nothing to place: an unchanged re-promotion does not list the folders.
    const folders = read.length
      ? await ensureFoldersLocked(
          deps,
          read.map((w) => w.component.folderFullPath),
        )
      : { folderIdOf: () => '' };

    step = 'Writing components to the branch';
    const written = await writeTree(
      boomi,
      read,
      data.rootComponentId,
      { branchId: branch.id, known, folderIdOf: folders.folderIdOf, plan: changes.plan },
      async (r) => {
        done++;
        await ctx.progress(done, total, `${r.action === 'FAILED' ? 'Failed' : 'Promoted'} ${r.name}`);
      },
    );
    const connections = data.components.filter(isConnection).map((c) =>
      result(c, {
        action: 'PRE_MAPPED',
        status: 'SUCCESS',
        prodComponentId: known.get(c.devComponentId)?.prodComponentId ?? null,
        prodVersion: known.get(c.devComponentId)?.prodVersion ?? null,
      }),
    );
    const results = [...connections, ...changes.skipped, ...written].map((r, seq) => ({ ...r, seq }));
    const firstFailure = written.find((r) => r.action === 'FAILED');
    if (firstFailure) {
      return failPromotion(
        deps,
        { ...promotion, branchId },
        results,
        'PROMOTION_FAILED',
        `${firstFailure.name} failed: ${firstFailure.errorMessage}`,
      );
    }

    const pending: PendingMapping[] = [
      ...changes.skippedMappings,
      ...written.map((r) => ({
        devComponentId: r.devComponentId,
        devAccountId: data.devAccountId,
        prodComponentId: r.prodComponentId!,
        componentName: r.name,
        componentType: r.type,
        prodAccountId: deps.primaryAccountId,
        prodLatestVersion: r.prodVersion ?? 0,
        devVersion: r.devVersion ?? null,
        contentHash: r.contentHash ?? null,
      })),
    ];
    step = 'Checking policy rules';
    const recordChecks = await checks?.finish(
      changes.skippedMappings.map((m) => ({
        devComponentId: m.devComponentId,
        name: m.componentName,
        type: m.componentType,
        devVersion: m.devVersion ?? null,
      })),
    );
    const completed = await db.transaction(async (tx) => {
      await store.saveResults(tx, promotion.promotionId, results);
      await recordChecks?.(tx, promotion.promotionId, data.initiatedBy);
      // Mappings wait here until the branch is merged to main (D8).
      await store.savePendingMappings(tx, promotion.promotionId, pending);
      const p = await store.transition(tx, promotion.promotionId, 'complete', {
        ...counts(results),
        resultDetail: resultDetail(results),
        errorMessage: null,
      });
      await audit.record(tx, {
        actor: data.initiatedBy,
        action: 'PROMOTION_COMPLETED',
        promotionId: promotion.promotionId,
        fromStatus: 'IN_PROGRESS',
        toStatus: 'COMPLETED',
        details: {
          branchId: branch.id,
          ...counts(results),
          unchanged: written.filter((r) => r.action === 'UNCHANGED').length + changes.skipped.length,
          notRead: changes.skipped.length,
          ...(data.force ? { force: true } : {}),
        },
      });
      return p;
    });
    await ctx.progress(total, total, 'Completed');
    return completed
      ? { ok: true, promotion: completed }
      : {
          ok: false,
          promotion: await store.get(promotion.promotionId),
          code: 'PROMOTION_FAILED',
          message: 'The promotion changed state while it ran',
        };
  } catch (e) {
    const code = isAppError(e) ? e.code : 'PROMOTION_FAILED';
    return failPromotion(
      deps,
      { ...promotion, branchId: branchId ?? promotion.branchId },
      [],
      code,
      (e as Error).message,
    );
  } finally {
    clearInterval(heartbeat);
  }
}

async function ensureFoldersLocked(deps: PromotionDeps, devPaths: string[]) {
  return deps.withLock(FOLDER_LOCK, () => ensureFolders(deps.boomi, devPaths));
}

/**
 * Deletes the branch (gone already counts as deleted) and records FAILED with whatever results
 * exist. If Boomi refuses the delete, the record keeps the branch id so cleanup can try again.
 */
export async function failPromotion(
  deps: PromotionDeps,
  promotion: Promotion,
  results: ComponentResultRecord[],
  code: string,
  message: string,
  /** The reaper's call: the run whose process died, failed with the record. */
  interruptedJobId?: string,
): Promise<RunOutcome> {
  const { store, db, audit, boomi } = deps;
  let branchId = promotion.branchId;
  let note = '';
  try {
    if (!branchId) branchId = (await boomi.branches.findByName(`promo-${promotion.promotionId}`))?.id ?? null;
    if (branchId) await boomi.branches.delete(branchId);
    branchId = null;
  } catch (e) {
    note = ` (the branch could not be deleted yet: ${(e as Error).message})`;
  }
  const numbered = results.map((r, seq) => ({ ...r, seq }));
  const failed = await db.transaction(async (tx) => {
    if (numbered.length) await store.saveResults(tx, promotion.promotionId, numbered);
    const p = await store.transition(tx, promotion.promotionId, 'fail', {
      ...counts(numbered),
      resultDetail: numbered.length ? resultDetail(numbered) : null,
      errorMessage: `${message}${note}`.slice(0, 5000),
      lastErrorCode: code,
      branchId,
    });
    if (p && interruptedJobId) await deps.jobs.failRun(tx, interruptedJobId, code, message);
    if (p)
      await audit.record(tx, {
        actor: 'system',
        action: 'PROMOTION_FAILED',
        promotionId: promotion.promotionId,
        fromStatus: 'IN_PROGRESS',
        toStatus: 'FAILED',
        details: { errorCode: code, errorMessage: message, branchDeleted: branchId === null },
      });
    return p;
  });
  return { ok: false, promotion: failed ?? (await store.get(promotion.promotionId)), code, message };
}
