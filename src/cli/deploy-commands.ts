import type { Body } from './client.ts';
import { byIdOrName, type Ctx } from './context.ts';
import { readPromotion } from './follow.ts';
import { finish, report } from './promote-commands.ts';
import { ServiceError, UsageError, type ExitCode } from './outcome.ts';

type Target = 'TEST' | 'PRODUCTION';

export interface DeploymentOptions {
  version?: string;
  pack?: string;
  newPack?: string;
  env?: string[];
  notes?: string;
  json?: boolean;
}

interface Pack {
  packId: string;
  packName: string;
}

/** The pack choice: named, new, or the one Promo suggests (the last used for the process, or the only one). */
async function packChoice(ctx: Ctx, target: Target, processName: string, o: DeploymentOptions): Promise<Body> {
  if (o.pack && o.newPack) throw new UsageError('Give --pack or --new-pack, not both');
  if (o.newPack) return { createNewPack: true, newPackName: o.newPack };
  const { body } = await ctx.client.call('listIntegrationPacks', {
    packPurpose: target,
    ...(processName ? { suggestForProcess: processName } : {}),
  });
  const packs = body.integrationPacks as Pack[];
  const names = packs.map((p) => `'${p.packName}'`).join(', ') || 'none';
  if (o.pack) {
    const found = byIdOrName(
      packs,
      o.pack,
      (p) => p.packId,
      (p) => p.packName,
    );
    if (!found) throw new ServiceError('PACK_NOT_FOUND', `No ${target} pack '${o.pack}' (there are: ${names})`);
    return { existingPackId: found.packId };
  }
  const suggested = (body.suggestedPackId as string | undefined) ?? (packs.length === 1 ? packs[0]!.packId : undefined);
  if (!suggested) throw new UsageError(`Choose the ${target} pack with --pack or --new-pack (there are: ${names})`);
  ctx.log(`Pack: ${packs.find((p) => p.packId === suggested)?.packName ?? suggested}`);
  return { existingPackId: suggested };
}

/** Environments by name or id; none named means every environment of the target (the service's default). */
async function environments(ctx: Ctx, target: Target, wanted: string[] | undefined): Promise<Body> {
  if (!wanted?.length) return {};
  const { body } = await ctx.client.call('listEnvironments', { target });
  const all = body.environments as Array<{ environmentId: string; environmentName: string }>;
  const chosen = wanted.map((w) => {
    const e = byIdOrName(
      all,
      w,
      (x) => x.environmentId,
      (x) => x.environmentName,
    );
    if (!e) {
      const names = all.map((x) => `'${x.environmentName}'`).join(', ') || 'none';
      throw new ServiceError('ENVIRONMENT_NOT_FOUND', `No ${target} environment '${w}' (there are: ${names})`);
    }
    return { environmentId: e.environmentId, environmentName: e.environmentName };
  });
  return { targetEnvironments: chosen };
}

async function request(ctx: Ctx, target: Target, promotionId: string, o: DeploymentOptions) {
  const p = await readPromotion(ctx.client, promotionId, ctx.log);
  return {
    ...(await packChoice(ctx, target, String(p.processName ?? ''), o)),
    ...(await environments(ctx, target, o.env)),
    ...(o.version ? { packageVersion: o.version } : {}),
    ...(o.notes ? { deploymentNotes: o.notes } : {}),
  };
}

export async function deployTestCommand(
  ctx: Ctx,
  promotionId: string,
  o: DeploymentOptions & { wait?: boolean },
): Promise<ExitCode> {
  const choices = await request(ctx, 'TEST', promotionId, o);
  const { accepted, body } = await ctx.client.call(
    'packageAndDeploy',
    { promotionId, deploymentTarget: 'TEST', ...choices },
    { async: true },
  );
  const jobId = String(accepted?.jobId ?? body.jobId);
  ctx.log(`Test deployment of ${promotionId} started (job ${jobId})`);
  return finish(ctx, promotionId, jobId, 'deploy-test', o);
}

export interface SubmitOptions extends DeploymentOptions {
  hotfix?: boolean;
  justification?: string;
}

/** Production from a test deployment (a new record), or an emergency hotfix of a completed promotion. */
export async function submitCommand(ctx: Ctx, promotionId: string, o: SubmitOptions): Promise<ExitCode> {
  if (o.hotfix && !o.justification?.trim())
    throw new UsageError('A hotfix needs --justification "<why it cannot go through Test>"');
  if (!o.hotfix && o.justification) throw new UsageError('--justification goes with --hotfix');
  const choices = await request(ctx, 'PRODUCTION', promotionId, o);
  const { body } = await ctx.client.call('submitForPeerReview', {
    promotionId,
    ...choices,
    ...(o.hotfix ? { isHotfix: true, hotfixJustification: o.justification } : {}),
  });
  for (const w of (body.runtimeWarnings as string[] | undefined) ?? []) ctx.log(`warning: ${w}`);
  const submitted = String(body.promotionId);
  if (submitted !== promotionId) ctx.log(`Production request ${submitted} made from test deployment ${promotionId}`);
  return report(ctx, await readPromotion(ctx.client, submitted, ctx.log), o);
}
