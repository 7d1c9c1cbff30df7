import type { z } from 'zod';
import type {
  listEnvironments as listEnvironmentsContract,
  listIntegrationPacks,
} from '../../contracts/deployments.ts';
import { q } from '../../boomi/index.ts';
import { runtimeWarning } from '../runtimes/runtime-service.ts';
import type { DeploymentDeps } from './deployment-deps.ts';
import { environmentTarget, isTestPackName } from './deployment-steps.ts';
import type { ProductionRequest } from './production-request.ts';

// Where a deployment can go: the environments (with their runtimes) and the packs of the primary
// account, and why a deployment to some environments would not run.

export async function listEnvironments(deps: DeploymentDeps, req: z.output<typeof listEnvironmentsContract.request>) {
  const [all, runtimes] = await Promise.all([
    deps.boomi.environments.query(q.isNotNull('id')),
    deps.runtimes.byEnvironment(),
  ]);
  const environments = all
    .map((e) => {
      const attached = runtimes.get(e.id) ?? [];
      const name = e.name ?? e.id;
      return {
        environmentId: e.id,
        environmentName: name,
        target: environmentTarget(e.classification),
        runtimes: attached,
        online: attached.some((r) => r.status === 'ONLINE'),
        runtimeWarning: runtimeWarning(name, attached),
      };
    })
    .filter((e) => !req.target || e.target === req.target)
    .sort((a, b) => a.environmentName.localeCompare(b.environmentName));
  return { environments };
}

export async function listPacks(deps: DeploymentDeps, req: z.output<typeof listIntegrationPacks.request>) {
  const purpose = req.packPurpose || 'ALL';
  const packs = (await deps.boomi.publisherIntegrationPacks.query(q.eq('installationType', 'MULTI'))).filter(
    (p) => purpose === 'ALL' || (purpose === 'TEST') === isTestPackName(p.name),
  );
  const integrationPacks = packs.map((p) => ({
    packId: p.id,
    packName: p.name ?? '',
    packDescription: p.Description ?? '',
    installationType: p.installationType ?? 'MULTI',
  }));
  if (!req.suggestForProcess) return { integrationPacks };
  const target = req.targetEnvironment || (purpose === 'ALL' ? undefined : purpose);
  // A failed lookup only costs the suggestion (§2.11 step 4).
  const targets = target ? [target] : (['TEST', 'PRODUCTION'] as const);
  const candidates = await Promise.all(
    targets.map((t) => deps.store.lastDeployedPack(req.suggestForProcess!, t)),
  ).catch(() => []);
  let last: { packId: string; at: Date } | undefined;
  for (const c of candidates) if (c && (!last || c.at > last.at)) last = c;
  const listed = last && integrationPacks.find((p) => p.packId === last.packId);
  return listed
    ? { integrationPacks, suggestedPackId: listed.packId, suggestedPackName: listed.packName }
    : { integrationPacks };
}

/** Why a deployment to these environments (all of the target's when none are chosen) would not run. */
export async function runtimeWarnings(
  deps: DeploymentDeps,
  target: 'TEST' | 'PRODUCTION',
  chosen: ProductionRequest['targetEnvironments'],
) {
  const all = await deps.boomi.environments.query(q.isNotNull('id'));
  const names = new Map(all.map((e) => [e.id, e.name ?? e.id]));
  const environments = chosen?.length
    ? chosen.map((c) => ({ environmentId: c.environmentId, environmentName: names.get(c.environmentId) }))
    : all
        .filter((e) => environmentTarget(e.classification) === target)
        .map((e) => ({ environmentId: e.id, environmentName: e.name }));
  return deps.runtimes.warnings(environments);
}
