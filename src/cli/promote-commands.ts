import type { Body } from './client.ts';
import { byIdOrName, type Ctx } from './context.ts';
import { followJob, readPromotion, runAction } from './follow.ts';
import { describePromotion, json, table } from './format.ts';
import { EXIT, ServiceError, UsageError, exitForStatus, type ExitCode } from './outcome.ts';

interface DevAccount {
  accountId: string;
  accountName: string;
}
interface DevPackage {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentName: string;
  createdDate: string;
  createdBy: string;
}

async function devAccounts(ctx: Ctx): Promise<DevAccount[]> {
  return (await ctx.client.call('getDevAccounts', {})).body.devAccounts as DevAccount[];
}

async function devPackages(ctx: Ctx, devAccountId: string): Promise<DevPackage[]> {
  return (await ctx.client.call('listDevPackages', { devAccountId })).body.packages as DevPackage[];
}

export async function packagesCommand(ctx: Ctx, o: { account?: string; json?: boolean }): Promise<ExitCode> {
  const accounts = o.account ? [o.account] : (await devAccounts(ctx)).map((a) => a.accountId);
  const rows: Array<DevPackage & { devAccountId: string }> = [];
  for (const devAccountId of accounts)
    for (const p of await devPackages(ctx, devAccountId)) rows.push({ devAccountId, ...p });
  if (o.json) ctx.out(json({ packages: rows }));
  else
    ctx.out(
      table(
        ['ACCOUNT', 'PACKAGE', 'VERSION', 'PACKAGE ID', 'CREATED', 'BY'],
        rows.map((r) => [r.devAccountId, r.componentName, r.packageVersion, r.packageId, r.createdDate, r.createdBy]),
      ),
    );
  return EXIT.DONE;
}

/** The account to promote from: named, or the only one the caller may see. */
async function chooseAccount(ctx: Ctx, named: string | undefined): Promise<string> {
  if (named) return named;
  const accounts = await devAccounts(ctx);
  if (accounts.length === 1) return accounts[0]!.accountId;
  throw new UsageError(
    `Name the dev account with --account (you may see: ${accounts.map((a) => a.accountId).join(', ') || 'none'})`,
  );
}

async function findPackage(ctx: Ctx, devAccountId: string, wanted: string, version?: string) {
  const all = await devPackages(ctx, devAccountId);
  // Newest first (listDevPackages), so a name without --version means its latest version.
  const candidates = version ? all.filter((p) => p.packageVersion === version) : all;
  const found =
    candidates.find((p) => p.componentId === wanted) ??
    byIdOrName(
      candidates,
      wanted,
      (p) => p.packageId,
      (p) => p.componentName,
    );
  if (found) return found;
  const known = [...new Set(all.map((p) => `${p.componentName} ${p.packageVersion}`))].join(', ');
  throw new ServiceError(
    'PACKAGE_NOT_FOUND',
    `No package '${wanted}'${version ? ` version ${version}` : ''} in ${devAccountId} (it has: ${known || 'none'})`,
  );
}

export interface PromoteOptions {
  account?: string;
  version?: string;
  force?: boolean;
  wait?: boolean;
  json?: boolean;
}

/** What the dashboard's Promotion Review does: resolve the tree, then promote every component of it. */
export async function promoteCommand(ctx: Ctx, pkgArg: string, o: PromoteOptions): Promise<ExitCode> {
  const devAccountId = await chooseAccount(ctx, o.account);
  const pkg = await findPackage(ctx, devAccountId, pkgArg, o.version);
  ctx.log(`Resolving the dependencies of ${pkg.componentName} ${pkg.packageVersion} in ${devAccountId}`);
  const tree = await runAction(
    ctx.client,
    'resolveDependencies',
    { devAccountId, rootComponentId: pkg.componentId },
    ctx.log,
  );
  const components = (tree.components as Body[]).map((c) => ({
    devComponentId: c.devComponentId,
    name: c.name,
    type: c.type,
    folderFullPath: c.folderFullPath,
  }));
  const { accepted, body } = await ctx.client.call(
    'executePromotion',
    {
      devAccountId,
      devPackageId: pkg.packageId,
      packageVersion: pkg.packageVersion,
      rootComponentId: pkg.componentId,
      components,
      promotionMetadata: { processName: tree.rootProcessName },
      ...(pkg.createdBy ? { devPackageCreator: pkg.createdBy } : {}),
      ...(o.force ? { force: true } : {}),
    },
    { async: true },
  );
  const promotionId = String(accepted?.promotionId ?? body.promotionId);
  const jobId = String(accepted?.jobId ?? body.jobId);
  ctx.log(`Promotion ${promotionId} started: ${components.length} components (job ${jobId})`);
  return finish(ctx, promotionId, jobId, 'promote', o);
}

/** Without --wait: the id and how to follow it. With --wait: the job's progress, then the record. */
export async function finish(
  ctx: Ctx,
  promotionId: string,
  jobId: string,
  label: string,
  o: { wait?: boolean; json?: boolean },
): Promise<ExitCode> {
  if (!o.wait) {
    ctx.log(`Follow it with: promo status ${promotionId} --wait`);
    ctx.out(o.json ? json({ promotionId, jobId }) : promotionId);
    return EXIT.DONE;
  }
  await followJob(ctx.client, jobId, label, ctx.log);
  return report(ctx, await readPromotion(ctx.client, promotionId, ctx.log), o);
}

/** The record: its id (or --json, the record) on stdout, the account of it on stderr, and its exit code. */
export function report(ctx: Ctx, p: Awaited<ReturnType<typeof readPromotion>>, o: { json?: boolean }): ExitCode {
  const code = exitForStatus(p);
  ctx.log(describePromotion(p));
  if (code === EXIT.FAILED && p.errorMessage) ctx.log(`${p.lastErrorCode ?? p.status}: ${p.errorMessage}`);
  ctx.out(o.json ? json(p) : p.promotionId);
  return code;
}
