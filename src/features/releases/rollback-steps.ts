import { readMainVersions } from '../mappings/main-versions.ts';
import { q, type BoomiClient } from '../../boomi/index.ts';
import { toWriteXml } from '../../boomi/index.ts';
import { mergeBranchToMain } from '../promotions/merge-to-main.ts';
import type { RollbackDeps } from './rollback-deps.ts';
import type { EnvironmentOutcome, RestoredComponent, RollbackComponent, RollbackRecord } from './rollback-store.ts';

// The Boomi work of a rollback's steps. Each step can run again after a failure or a crash: it
// looks at what Boomi already holds (and what the record says it did) before it changes anything.

/** A step failed: its message is what the record shows. */
export class RollbackStepError extends Error {}

/**
 * RELEASE_PACK: the pack the rolled-back release used, released again with the restored package
 * of this process and every other package at the version the pack has released now (§7.7: a
 * release names every component it keeps, and no other package may change).
 */
export async function releasePack(
  deps: Pick<RollbackDeps, 'boomi' | 'db' | 'store'>,
  r: RollbackRecord,
): Promise<string> {
  const { boomi } = deps;
  if (r.releaseRequestId) {
    // An earlier run asked for the release: follow it rather than release twice.
    const status = await boomi.releases.status(r.releaseRequestId);
    if (status.releaseStatus === 'SUCCESS') return r.releaseRequestId;
    if (status.releaseStatus !== 'ERROR') {
      const final = await boomi.releases.waitForCompletion(r.releaseRequestId);
      if (final.releaseStatus === 'SUCCESS') return r.releaseRequestId;
    }
  }
  const pack = await boomi.publisherIntegrationPacks.get(r.integrationPackId);
  const listed = (pack.PublisherPackagedComponents?.PublisherPackagedComponent ?? []).filter((c) => !c.deleted);
  if (!listed.some((c) => c.componentId === r.processId))
    throw new RollbackStepError(`${r.processName ?? r.processId} is no longer in the pack ${pack.name ?? pack.id}`);
  const components = listed
    .map((c) => ({
      componentId: c.componentId,
      version: c.componentId === r.processId ? r.restores.packageVersion : c.currentVersion || c.pendingVersion || '',
    }))
    .filter((c) => c.version);
  const release = await boomi.releases.create({ packId: pack.id, components });
  await deps.db.transaction((tx) => deps.store.update(tx, r.rollbackId, { releaseRequestId: release.requestId }));
  const final = await boomi.releases.waitForCompletion(release.requestId);
  if (final.releaseStatus !== 'SUCCESS')
    throw new RollbackStepError(`The release of ${pack.name ?? pack.id} ended in ${final.releaseStatus}`);
  return release.requestId;
}

/**
 * REDEPLOY: the restored package deployed again to each environment the rolled-back release was
 * deployed to directly. One failing does not stop the others; all failing fails the step.
 */
export async function redeploy(boomi: BoomiClient, r: RollbackRecord): Promise<EnvironmentOutcome[]> {
  const out: EnvironmentOutcome[] = [];
  for (const env of r.environments) {
    try {
      const active = await boomi.deployedPackages.query(
        q.and(q.eq('environmentId', env.environmentId), q.eq('packageId', r.restores.packageId)),
      );
      // Deployed by an earlier run: Boomi refuses the same package twice.
      if (!active.some((d) => d.active === true))
        await boomi.deployedPackages.create({
          environmentId: env.environmentId,
          packageId: r.restores.packageId,
          notes: `Promo rollback ${r.rollbackId}: ${r.reason}`.slice(0, 500),
        });
      out.push({ ...env, deployed: true, errorMessage: null });
    } catch (e) {
      out.push({ ...env, deployed: false, errorMessage: (e as Error).message });
    }
  }
  if (out.length && out.every((o) => !o.deployed))
    throw new RollbackStepError(
      `Deployment failed in every environment: ${out.map((o) => `${o.environmentName}: ${o.errorMessage}`).join('; ')}`,
    );
  return out;
}

export interface RestorePlan {
  /** Components the restored release holds at another version than main now. */
  restore: Array<RollbackComponent & { version: number }>;
  leftInPlace: RollbackComponent[];
}

/** Which components go back, from the restored package's manifest (the versions it was built from). */
export async function restorePlan(boomi: BoomiClient, r: RollbackRecord): Promise<RestorePlan> {
  const manifest = await boomi.packagedComponents.manifest(r.restores.packageId);
  const versions = new Map(manifest.map((m) => [m.id, m.version]));
  const plan: RestorePlan = { restore: [], leftInPlace: [] };
  for (const c of r.components) {
    const version = versions.get(c.prodComponentId);
    if (version === undefined) plan.leftInPlace.push(c);
    else plan.restore.push({ ...c, version });
  }
  return plan;
}

export const rollbackBranchName = (rollbackId: string) => `promo-rollback-${rollbackId}`;

/**
 * RESTORE_MAIN: a branch from main, each component written back to its restored version, merged
 * with OVERRIDE (the branch wins), the branch deleted. Main then holds the restored content as new
 * versions, so the next promotion starts from what runs. A merge an earlier run completed is not
 * repeated.
 */
export async function restoreMain(
  deps: Pick<RollbackDeps, 'boomi' | 'db' | 'store' | 'slots' | 'mappings'>,
  r: RollbackRecord,
  plan: RestorePlan,
): Promise<RestoredComponent[]> {
  const { boomi, db, store } = deps;
  let mergeRequestId = r.mergeRequestId;
  if (!mergeRequestId && plan.restore.length) {
    const name = rollbackBranchName(r.rollbackId);
    let branch = await boomi.branches.findByName(name);
    if (!branch) {
      const main = await boomi.branches.findByName('main');
      if (!main) throw new RollbackStepError("The primary account has no 'main' branch");
      branch = await deps.slots.reserve(() =>
        boomi.branches.create({ name, parentId: main.id, description: `Promo rollback ${r.rollbackId}` }),
      );
    }
    const branchId = branch.id;
    await db.transaction((tx) => store.update(tx, r.rollbackId, { branchId }));
    await boomi.branches.waitUntilReady(branchId);
    for (const c of plan.restore) {
      const past = await boomi.components.get(c.prodComponentId, { version: c.version });
      // "Unchanged" means the branch already holds that content (an earlier run wrote it).
      await boomi.components.update(c.prodComponentId, toWriteXml(past, { componentId: c.prodComponentId }), {
        branchId,
      });
    }
    mergeRequestId = (await mergeBranchToMain(boomi, branchId)).mergeRequestId;
    await db.transaction((tx) => store.update(tx, r.rollbackId, { mergeRequestId }));
  }
  const branchId = r.branchId ?? (await boomi.branches.findByName(rollbackBranchName(r.rollbackId)))?.id;
  if (branchId) {
    await boomi.branches.delete(branchId).catch(() => false);
    await db.transaction((tx) => store.update(tx, r.rollbackId, { branchId: null }));
  }
  // Main's new versions, read in batched metadata queries, become the versions Promo last merged.
  const main = await readMainVersions(
    boomi,
    plan.restore.map((c) => c.prodComponentId),
  );
  const restored: RestoredComponent[] = plan.restore.map((c) => ({
    prodComponentId: c.prodComponentId,
    name: c.name,
    version: c.version,
    mainVersion: main.get(c.prodComponentId)?.version ?? null,
  }));
  const versions = new Map(
    restored.flatMap((c) => (c.mainVersion === null ? [] : [[c.prodComponentId, c.mainVersion]])),
  );
  // Main now holds older content than the recorded dev versions gave: the next promotion reads them.
  await db.transaction((tx) => deps.mappings.recordVersions(tx, versions, { forgetContent: true }));
  return restored;
}
