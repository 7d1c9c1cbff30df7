import { q, type BoomiClient, type PackagedComponent, type PublisherIntegrationPack } from '../../boomi/index.ts';
import { TEST_PACK_SUFFIX } from '../../contracts/deployments.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { DeploymentStore, DeploymentTarget, EnvironmentResult } from './deployment-store.ts';

// The steps TEST and PRODUCTION deployments share: environments, packaging, pack, release, deploy.

/** A step failed: its message is what the record shows. */
export class StepError extends Error {}

export const isTestPackName = (name: string | undefined) =>
  !!name && name.trim().toLowerCase().endsWith(TEST_PACK_SUFFIX.toLowerCase());

export interface StepDeps {
  db: Transactor;
  store: DeploymentStore;
  boomi: BoomiClient;
}

export interface PackChoice {
  existingPackId?: string | undefined;
  newPackName?: string | undefined;
  newPackDescription?: string | undefined;
}
export type ChosenEnvironments = Array<{ environmentId: string; environmentName?: string | undefined }> | null;

/**
 * The chosen environments, each of the target's classification (Boomi says TEST or PROD); every
 * environment of that classification when none is chosen.
 */
/** The target an environment serves: Boomi classifies TEST or PROD, and unclassified means PROD (§3.7). */
export const environmentTarget = (classification: string | undefined): DeploymentTarget =>
  classification === 'TEST' ? 'TEST' : 'PRODUCTION';

export async function targetEnvironments(boomi: BoomiClient, target: DeploymentTarget, chosen: ChosenEnvironments) {
  const all = await boomi.environments.query(q.isNotNull('id'));
  const fits = (c: string | undefined) => environmentTarget(c) === target;
  if (!chosen) {
    const matching = all.filter((e) => fits(e.classification));
    if (!matching.length)
      throw new StepError(`The primary account has no ${target === 'TEST' ? 'TEST' : 'PROD'} environment`);
    return matching.map((e) => ({ environmentId: e.id, environmentName: e.name ?? e.id }));
  }
  return chosen.map((c) => {
    const env = all.find((e) => e.id === c.environmentId);
    if (!env) throw new StepError(`Environment ${c.environmentId} does not exist in the primary account`);
    if (!fits(env.classification))
      throw new StepError(
        `Environment ${env.name ?? env.id} is classified ${env.classification ?? 'PROD'}, not ${target === 'TEST' ? 'TEST' : 'PROD'}`,
      );
    return { environmentId: env.id, environmentName: env.name ?? c.environmentName ?? env.id };
  });
}

/**
 * Packages the root process (from a branch, or from main without one). A retry finds the package
 * an earlier attempt made (Boomi refuses a second package of the same version) and reuses it when
 * it came from the same source.
 */
export async function packageRoot(
  boomi: BoomiClient,
  input: { componentId: string; packageVersion: string; branchName?: string | undefined; notes: string },
): Promise<PackagedComponent> {
  const existing = (
    await boomi.packagedComponents.query(
      q.and(q.eq('componentId', input.componentId), q.eq('packageVersion', input.packageVersion)),
    )
  ).find((p) => p.deleted !== true);
  if (existing) {
    const fromBranch = existing.branchName && existing.branchName !== 'main' ? existing.branchName : undefined;
    if (fromBranch !== input.branchName) {
      throw new StepError(
        `Package version ${input.packageVersion} of this process already exists from ${fromBranch ? `branch ${fromBranch}` : 'main'}; choose another version`,
      );
    }
    return existing;
  }
  return boomi.packagedComponents.create({
    componentId: input.componentId,
    packageVersion: input.packageVersion,
    branchName: input.branchName,
    shareable: true,
    notes: input.notes,
  });
}

/** The chosen pack, checked against its purpose, or a new MULTI pack (a retry reuses the one made by that name). */
export async function choosePack(
  boomi: BoomiClient,
  target: DeploymentTarget,
  choice: PackChoice,
): Promise<PublisherIntegrationPack> {
  const packs = boomi.publisherIntegrationPacks;
  const wrong = (name: string | undefined) => (target === 'TEST' ? !isTestPackName(name) : isTestPackName(name));
  const rule =
    target === 'TEST'
      ? `a test pack's name ends in "${TEST_PACK_SUFFIX}"`
      : `a production pack's name does not end in "${TEST_PACK_SUFFIX}"`;
  if (choice.existingPackId) {
    const pack = await packs.get(choice.existingPackId);
    if (wrong(pack.name)) throw new StepError(`Integration pack '${pack.name ?? pack.id}' cannot be used: ${rule}`);
    return pack;
  }
  const name = choice.newPackName?.trim();
  if (!name) throw new StepError('No integration pack was chosen');
  if (wrong(name)) throw new StepError(`A new pack cannot be named '${name}': ${rule}`);
  const same = (await packs.query(q.eq('name', name))).find((p) => p.name === name);
  return same ?? packs.create({ name, description: choice.newPackDescription || name, installationType: 'MULTI' });
}

/**
 * Adds the root to the pack and releases the pack with every component it holds (Boomi may drop
 * the ones a release leaves out, §4 F), recording the release so checkReleaseStatus can find it.
 */
export async function releaseWithComponent(
  deps: StepDeps,
  input: {
    promotionId: string;
    target: DeploymentTarget;
    pack: PublisherIntegrationPack;
    componentId: string;
    packageVersion: string;
  },
) {
  const { boomi, db, store } = deps;
  const updated = await boomi.publisherIntegrationPacks.addPackagedComponents(input.pack.id, [input.componentId]);
  const components = (updated.PublisherPackagedComponents?.PublisherPackagedComponent ?? [])
    .filter((c) => !c.deleted)
    .map((c) => ({
      componentId: c.componentId,
      version: c.componentId === input.componentId ? input.packageVersion : c.pendingVersion || c.currentVersion || '',
    }))
    .filter((c) => c.version);
  if (!components.some((c) => c.componentId === input.componentId))
    components.push({ componentId: input.componentId, version: input.packageVersion });
  const release = await boomi.releases.create({ packId: input.pack.id, components });
  const packName = input.pack.name ?? updated.name ?? null;
  await db.transaction((tx) =>
    store.recordRelease(tx, {
      releaseId: release.requestId,
      promotionId: input.promotionId,
      releaseType: input.target,
      integrationPackId: input.pack.id,
      integrationPackName: packName,
      status: 'IN_PROGRESS',
    }),
  );
  const final = await boomi.releases.waitForCompletion(release.requestId);
  await db.transaction((tx) => store.updateRelease(tx, release.requestId, final.releaseStatus));
  if (final.releaseStatus !== 'SUCCESS')
    throw new StepError(`The release of ${packName ?? input.pack.id} ended in ${final.releaseStatus}`);
  return { releaseId: release.requestId, packId: input.pack.id, packName };
}

/** Deploys the package to each environment; one failing does not stop the others (§2.5 Deploy). */
export async function deployEverywhere(
  boomi: BoomiClient,
  packageId: string,
  environments: Array<{ environmentId: string; environmentName: string }>,
  notes: string,
  into: EnvironmentResult[],
) {
  for (const env of environments) {
    try {
      const d = await boomi.deployedPackages.create({ environmentId: env.environmentId, packageId, notes });
      into.push({ ...env, deployed: true, errorMessage: null, deploymentId: d.deploymentId });
    } catch (e) {
      into.push({ ...env, deployed: false, errorMessage: (e as Error).message, deploymentId: null });
    }
  }
  const failed = into.filter((r) => !r.deployed);
  if (failed.length === into.length)
    throw new StepError(
      `Deployment failed in every environment: ${failed.map((f) => `${f.environmentName}: ${f.errorMessage}`).join('; ')}`,
    );
  // Partial: still deployed, with the environments that failed named on the record (§8.C #41).
  return failed.length
    ? `Not deployed to ${failed.map((f) => `${f.environmentName} (${f.errorMessage})`).join(', ')}`
    : null;
}

export function packageNotes(
  notes: string | undefined,
  source: {
    promotionId: string;
    devAccountId: string;
    devPackageId: string;
    devPackageCreator: string | null;
    devPackageVersion: string | null;
  },
) {
  return `${notes ?? ''}\n\n--- Source Package Info ---\nDev Account ID: ${source.devAccountId}\nDev Package ID: ${source.devPackageId}\nDev Package Creator: ${source.devPackageCreator ?? ''}\nDev Package Version: ${source.devPackageVersion ?? ''}\nPromotion: ${source.promotionId}`.trim();
}
