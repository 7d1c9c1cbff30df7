import { BoomiError, badRequest } from '../http/boomi-error.ts';
import { isoSeconds, newUuid } from '../state/ids.ts';
import type { AccountData, DeploymentRecord, PackageRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { bool, int, oneOf, requiredStr, str } from './body.ts';
import { branchByName, dependentClosure, headOn, requireComponent } from './model.ts';
import type { ObjectDef } from './object-def.ts';

// PackagedComponent: a snapshot of a component (and its DEPENDENT closure) at its revisions on a
// branch at that moment. DeployedPackage: a package deployed to an environment; a new deployment
// of the same component to the same environment supersedes (deactivates) the earlier ones.

const PACKAGEABLE = new Set([
  'process',
  'webservice',
  'webservice.external',
  'certificate',
  'customlibrary',
  'flowservice',
  'processroute',
  'tpgroup',
]);

export function packageWire(p: PackageRecord): WireObject {
  return {
    '@type': 'PackagedComponent',
    packageId: p.packageId,
    packageVersion: p.packageVersion,
    componentId: p.componentId,
    componentVersion: p.componentVersion,
    componentType: p.componentType,
    createdDate: p.createdDate,
    createdBy: p.createdBy,
    notes: p.notes,
    shareable: p.shareable,
    deleted: p.deleted,
    branchName: p.branchName,
    fullyPubliclyConsumable: false,
  };
}

export interface NewPackage {
  componentId: string;
  packageVersion?: string;
  componentVersion?: number;
  branchName?: string;
  notes?: string;
  shareable?: boolean;
  packageId?: string;
  user: string;
  now: number;
  createdDate?: string;
}

export function createPackage(account: AccountData, input: NewPackage): PackageRecord {
  const c = requireComponent(account, input.componentId);
  const branch = input.branchName ? branchByName(account, input.branchName) : account.branches[account.mainBranchId];
  if (!branch) throw badRequest(`Invalid branch name: ${input.branchName ?? 'main'}`);
  if (branch.stage !== 'NORMAL') throw badRequest(`Branch ${branch.name} is not ready (stage ${branch.stage}).`);
  const rev = input.componentVersion ? c.revisions[input.componentVersion - 1] : headOn(c, branch.id);
  if (!rev) throw badRequest(`Component ${c.componentId} does not exist on branch ${branch.name}.`);
  if (rev.deleted) throw badRequest(`Component ${c.componentId} is deleted.`);
  if (!PACKAGEABLE.has(c.type)) throw badRequest(`Components of type ${c.type} cannot be packaged.`);
  const existing = Object.values(account.packages).filter((p) => p.componentId === c.componentId);
  let packageVersion = input.packageVersion?.trim();
  if (packageVersion) {
    if (existing.some((p) => p.packageVersion === packageVersion)) {
      throw badRequest(`Packaged component version ${packageVersion} already exists for component ${c.componentId}.`);
    }
  } else {
    // Boomi derives the version from the component revision when none is given.
    packageVersion = `${rev.version}.0`;
    for (let n = 1; existing.some((p) => p.packageVersion === packageVersion); n++)
      packageVersion = `${rev.version}.${n}`;
  }
  const pkg: PackageRecord = {
    packageId: input.packageId ?? newUuid(),
    packageVersion,
    componentId: c.componentId,
    componentVersion: rev.version,
    componentType: c.type,
    branchName: branch.name,
    createdDate: input.createdDate ?? isoSeconds(input.now),
    createdBy: input.user,
    notes: input.notes ?? '',
    shareable: input.shareable ?? false,
    deleted: false,
    manifest: dependentClosure(account, c, rev, branch.id),
  };
  account.packages[pkg.packageId] = pkg;
  return pkg;
}

function requirePackage(account: AccountData, id: string): PackageRecord {
  const p = account.packages[id];
  if (!p) throw badRequest(`Invalid packaged component id: ${id}`);
  return p;
}

export const packagedComponentObject: ObjectDef = {
  name: 'PackagedComponent',
  get(ctx, id) {
    return { wire: packageWire(requirePackage(ctx.account, id)) };
  },
  create(ctx) {
    const b = ctx.body;
    const restoreId = str(b, 'packageId');
    if (restoreId && ctx.account.packages[restoreId]) {
      const p = requirePackage(ctx.account, restoreId);
      if (!p.deleted) throw badRequest(`Packaged component ${restoreId} already exists.`);
      p.deleted = false;
      return { wire: packageWire(p) };
    }
    const pkg = createPackage(ctx.account, {
      componentId: requiredStr(b, 'componentId', 'PackagedComponent'),
      packageVersion: str(b, 'packageVersion'),
      componentVersion: int(b, 'componentVersion'),
      branchName: str(b, 'branchName') || undefined,
      notes: str(b, 'notes'),
      shareable: bool(b, 'shareable'),
      user: ctx.user.userName,
      now: ctx.now,
    });
    return { wire: packageWire(pkg) };
  },
  delete(ctx, id) {
    const { account } = ctx;
    const p = requirePackage(account, id);
    if (Object.values(account.deployments).some((d) => d.packageId === id && d.active)) {
      throw new BoomiError(409, `Packaged component ${id} is deployed and cannot be deleted.`);
    }
    p.deleted = true;
    return { empty: true };
  },
  query: {
    properties: [
      'packageId',
      'packageVersion',
      'componentId',
      'componentVersion',
      'componentType',
      'createdDate',
      'createdBy',
      'notes',
      'shareable',
      'deleted',
      'branchName',
    ],
    rows(ctx) {
      return Object.values(ctx.account.packages).map((p) => {
        const wire = packageWire(p);
        return { fields: wire, wire };
      });
    },
  },
};

export const packagedComponentManifestObject: ObjectDef = {
  name: 'PackagedComponentManifest',
  get(ctx, id) {
    const p = requirePackage(ctx.account, id);
    return {
      wire: {
        '@type': 'PackagedComponentManifest',
        packageId: p.packageId,
        componentInfo: p.manifest.map((m) => ({ '@type': 'ComponentInfo', id: m.id, version: m.version })),
      },
    };
  },
};

function deploymentWire(account: AccountData, d: DeploymentRecord): WireObject {
  const p = account.packages[d.packageId];
  return {
    '@type': 'DeployedPackage',
    deploymentId: d.deploymentId,
    version: d.version,
    packageId: d.packageId,
    packageVersion: p?.packageVersion,
    environmentId: d.environmentId,
    componentId: d.componentId,
    componentVersion: p?.componentVersion,
    componentType: p?.componentType,
    deployedDate: d.deployedDate,
    deployedBy: d.deployedBy,
    notes: d.notes ?? undefined,
    active: d.active,
    branchName: p?.branchName,
    listenerStatus: d.listenerStatus ?? undefined,
  };
}

function requireDeployment(account: AccountData, id: string): DeploymentRecord {
  const d = account.deployments[id];
  if (!d) throw badRequest(`Invalid deployment id: ${id}`);
  return d;
}

export const deployedPackageObject: ObjectDef = {
  name: 'DeployedPackage',
  get(ctx, id) {
    return { wire: deploymentWire(ctx.account, requireDeployment(ctx.account, id)) };
  },
  create(ctx) {
    const { account } = ctx;
    const environmentId = requiredStr(ctx.body, 'environmentId', 'DeployedPackage');
    const env = account.environments[environmentId];
    if (!env) throw badRequest(`Invalid environment id: ${environmentId}`);
    const packageId = str(ctx.body, 'packageId');
    const componentId = str(ctx.body, 'componentId');
    let pkg: PackageRecord;
    if (packageId) {
      pkg = requirePackage(account, packageId);
      if (pkg.deleted) throw badRequest(`Packaged component ${packageId} is deleted.`);
    } else if (componentId) {
      pkg = createPackage(account, { componentId, user: ctx.user.userName, now: ctx.now });
    } else {
      throw badRequest('DeployedPackage: packageId or componentId is required.');
    }
    const same = Object.values(account.deployments).filter(
      (d) => d.componentId === pkg.componentId && d.environmentId === environmentId,
    );
    if (same.some((d) => d.active && d.packageId === pkg.packageId)) {
      throw badRequest(
        `Packaged component ${pkg.packageVersion} of ${pkg.componentId} is already deployed to environment ${env.name}.`,
      );
    }
    for (const d of same) d.active = false;
    const listener = str(ctx.body, 'listenerStatus');
    const dep: DeploymentRecord = {
      deploymentId: newUuid(),
      version: same.length + 1,
      packageId: pkg.packageId,
      environmentId,
      componentId: pkg.componentId,
      deployedDate: isoSeconds(ctx.now),
      deployedBy: ctx.user.userName,
      notes: str(ctx.body, 'notes') ?? null,
      active: true,
      listenerStatus: listener ? oneOf(ctx.body, 'listenerStatus', ['RUNNING', 'PAUSED'] as const) : null,
    };
    account.deployments[dep.deploymentId] = dep;
    return { wire: deploymentWire(account, dep) };
  },
  delete(ctx, id) {
    requireDeployment(ctx.account, id).active = false;
    return { empty: true };
  },
  query: {
    properties: [
      'uid',
      'notes',
      'current',
      'packageNotes',
      'active',
      'componentId',
      'componentVersion',
      'componentName',
      'componentType',
      'deployedBy',
      'deployedDate',
      'deploymentId',
      'environmentId',
      'environmentName',
      'packageId',
      'packageVersion',
      'version',
      'accountId',
      'branch',
    ],
    rows(ctx) {
      const { account } = ctx;
      return Object.values(account.deployments).map((d) => {
        const wire = deploymentWire(account, d);
        const c = account.components[d.componentId];
        const fields = {
          ...wire,
          uid: d.deploymentId,
          current: d.active,
          packageNotes: account.packages[d.packageId]?.notes,
          componentName: c ? headOn(c, account.mainBranchId)?.name : undefined,
          environmentName: account.environments[d.environmentId]?.name,
          accountId: account.accountId,
          branch: wire['branchName'],
        };
        return { fields, wire };
      });
    },
  },
};
