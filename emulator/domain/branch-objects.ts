import type { EmulatorCore } from '../core/core.ts';
import { BoomiError, MESSAGES, badRequest } from '../http/boomi-error.ts';
import { isoMillis, shortId } from '../state/ids.ts';
import type { AccountData, BranchRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { requiredStr, str } from './body.ts';
import { branchByName, requireReadyBranch } from './model.ts';
import type { ObjectDef } from './object-def.ts';

// Branches: a new branch is a virtual copy of its parent's heads (same component ids), reported
// CREATING / ready=false until provisioning ends; DELETE reports DELETING, then the branch is gone.

export function branchWire(b: BranchRecord): WireObject {
  return {
    '@type': 'Branch',
    id: b.id,
    name: b.name,
    description: b.description ?? undefined,
    parentId: b.parentId ?? undefined,
    packageId: b.packageId ?? undefined,
    deploymentId: b.deploymentId ?? undefined,
    createdBy: b.createdBy,
    createdDate: b.createdDate,
    modifiedBy: b.modifiedBy ?? undefined,
    modifiedDate: b.modifiedDate ?? undefined,
    ready: b.stage === 'NORMAL',
    deleted: b.deleted,
    stage: b.stage,
  };
}

/** The main branch every account starts with. */
export function createMainBranch(
  core: EmulatorCore,
  account: AccountData,
  createdBy: string,
  createdDate: string,
): BranchRecord {
  const b: BranchRecord = {
    id: shortId('B', ++core.state.seq.branch),
    name: 'main',
    description: 'main branch',
    parentId: null,
    packageId: null,
    deploymentId: null,
    stage: 'NORMAL',
    deleted: false,
    createdBy,
    createdDate,
    modifiedBy: null,
    modifiedDate: null,
    stageDueAt: 0,
    base: {},
  };
  account.branches[b.id] = b;
  account.mainBranchId = b.id;
  return b;
}

function requireExisting(account: AccountData, id: string): BranchRecord {
  const b = account.branches[id];
  if (!b) throw new BoomiError(404, `Branch ${id} was not found.`);
  return b;
}

/** Heads the new branch starts from: the parent's, or a packaged component's snapshot. */
function forkHeads(
  ctx: Parameters<NonNullable<ObjectDef['create']>>[0],
  parent: BranchRecord,
  branchId: string,
  packageId: string | null,
): Record<string, [number, number]> {
  const { account } = ctx;
  const pkg = packageId ? account.packages[packageId] : undefined;
  if (packageId && (!pkg || pkg.deleted)) throw badRequest(`Invalid packageId: ${packageId}`);
  const base: Record<string, [number, number]> = {};
  for (const c of Object.values(account.components)) {
    const v = c.heads[parent.id];
    if (v === undefined) continue;
    c.heads[branchId] = v;
    base[c.componentId] = [v, v];
  }
  if (pkg) {
    for (const entry of pkg.manifest) {
      const c = account.components[entry.id];
      if (!c) continue;
      c.heads[branchId] = entry.version;
      base[entry.id] = [entry.version, c.heads[parent.id] ?? entry.version];
    }
  }
  return base;
}

export const branchObject: ObjectDef = {
  name: 'Branch',
  get(ctx, id) {
    return { wire: branchWire(requireExisting(ctx.account, id)) };
  },
  create(ctx) {
    const { account, core } = ctx;
    const name = requiredStr(ctx.body, 'name', 'Branch').trim();
    if (branchByName(account, name)) throw badRequest(`A branch named ${name} already exists.`);
    const { branchLimit, branchLimitCountsMain, stageTimings } = core.settings;
    const counted = Object.values(account.branches).filter(
      (b) => !b.deleted && (branchLimitCountsMain || b.id !== account.mainBranchId),
    );
    if (counted.length >= branchLimit) throw badRequest(MESSAGES.branchLimit(branchLimit));
    let packageId = str(ctx.body, 'packageId') || null;
    const deploymentId = str(ctx.body, 'deploymentId') || null;
    // A deployment id may be passed as packageId; either way the branch starts from that package.
    const deployment =
      account.deployments[packageId ?? ''] ?? (deploymentId ? account.deployments[deploymentId] : undefined);
    if (deploymentId && !deployment) throw badRequest(`Invalid deploymentId: ${deploymentId}`);
    if (deployment) packageId = deployment.packageId;
    // Boomi documents parentId as needed; without one the emulator forks main.
    const parent = requireReadyBranch(account, str(ctx.body, 'parentId') || account.mainBranchId);
    const id = shortId('B', ++core.state.seq.branch);
    const base = forkHeads(ctx, parent, id, packageId);
    const b: BranchRecord = {
      id,
      name,
      description: str(ctx.body, 'description') ?? null,
      parentId: parent.id,
      packageId: str(ctx.body, 'packageId') || null,
      deploymentId,
      stage: 'CREATING',
      deleted: false,
      createdBy: ctx.user.userName,
      createdDate: isoMillis(ctx.now),
      modifiedBy: null,
      modifiedDate: null,
      stageDueAt: ctx.now + stageTimings.branchCreateMs,
      base,
    };
    account.branches[id] = b;
    core.state.pending.push({ kind: 'branch', accountId: account.accountId, id });
    return { wire: branchWire(b) };
  },
  update(ctx, id) {
    const b = requireExisting(ctx.account, id);
    if (b.deleted) throw badRequest(`Branch ${b.name} is being deleted.`);
    const name = str(ctx.body, 'name')?.trim();
    if (name && name !== b.name) {
      if (b.id === ctx.account.mainBranchId) throw badRequest('The main branch cannot be renamed.');
      if (branchByName(ctx.account, name)) throw badRequest(`A branch named ${name} already exists.`);
      b.name = name;
    }
    const description = str(ctx.body, 'description');
    if (description !== undefined) b.description = description;
    b.modifiedBy = ctx.user.userName;
    b.modifiedDate = isoMillis(ctx.now);
    return { wire: branchWire(b) };
  },
  delete(ctx, id) {
    const { account, core } = ctx;
    const b = requireExisting(account, id);
    if (b.id === account.mainBranchId) throw badRequest('The main branch cannot be deleted.');
    if (b.deleted) return { empty: true };
    b.stage = 'DELETING';
    b.deleted = true;
    b.modifiedBy = ctx.user.userName;
    b.modifiedDate = isoMillis(ctx.now);
    b.stageDueAt = ctx.now + core.settings.stageTimings.branchDeleteMs;
    core.state.pending.push({ kind: 'branch', accountId: account.accountId, id });
    return { empty: true };
  },
  query: {
    properties: [
      'id',
      'name',
      'description',
      'parentId',
      'packageId',
      'deploymentId',
      'stage',
      'ready',
      'deleted',
      'createdBy',
      'createdDate',
      'modifiedBy',
      'modifiedDate',
    ],
    rows(ctx) {
      return Object.values(ctx.account.branches).map((b) => {
        const wire = branchWire(b);
        return { fields: wire, wire };
      });
    },
  },
};

/** Advances a timed branch stage; true when nothing is left pending. */
export function advanceBranch(account: AccountData, id: string, now: number): boolean {
  const b = account.branches[id];
  if (!b) return true;
  if (now < b.stageDueAt) return false;
  if (b.stage === 'CREATING') b.stage = 'NORMAL';
  else if (b.stage === 'DELETING') {
    delete account.branches[id];
    for (const c of Object.values(account.components)) delete c.heads[id];
  }
  return true;
}
