import { badRequest } from '../http/boomi-error.ts';
import { isoSeconds, newUuid } from '../state/ids.ts';
import type { AccountData, DeploymentRecord, PackageRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { requiredStr, str } from './body.ts';
import { headOn } from './model.ts';
import type { ObjectDef } from './object-def.ts';
import { createPackage, requirePackage } from './package-objects.ts';
import { atomIdsIn, deploymentListenerStatus, setListenerState } from './runtime-model.ts';

// DeployedPackage: a package deployed to an environment; a new deployment of the same component
// to the same environment supersedes (deactivates) the earlier ones. `listenerStatus` (RUNNING or
// PAUSED) sets the state of a listener process on the environment's runtimes; Boomi documents
// that without it, or with an invalid value, the current state stays as it is. Responses report
// the listeners' actual state, which changeListenerStatus may have changed since.

const LISTENER_STATUSES = ['RUNNING', 'PAUSED'] as const;
type ListenerStatus = (typeof LISTENER_STATUSES)[number];

function deploymentWire(account: AccountData, d: DeploymentRecord): WireObject {
  const p = account.packages[d.packageId];
  // A deployment made by an installed integration pack: its package is in the publisher's account.
  const x = d.fromPack;
  return {
    '@type': 'DeployedPackage',
    deploymentId: d.deploymentId,
    version: d.version,
    packageId: d.packageId,
    packageVersion: x?.packageVersion ?? p?.packageVersion,
    environmentId: d.environmentId,
    componentId: d.componentId,
    componentVersion: x?.componentVersion ?? p?.componentVersion,
    componentType: x?.componentType ?? p?.componentType,
    deployedDate: d.deployedDate,
    deployedBy: d.deployedBy,
    notes: d.notes ?? undefined,
    active: d.active,
    branchName: p?.branchName,
    listenerStatus: deploymentListenerStatus(account, d),
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
      const what = `Packaged component ${pkg.packageVersion} of ${pkg.componentId}`;
      throw badRequest(`${what} is already deployed to environment ${env.name}.`);
    }
    const requested = str(ctx.body, 'listenerStatus');
    const listenerStatus = LISTENER_STATUSES.find((s) => s === requested);
    const previous = same.find((d) => d.active);
    for (const d of same) d.active = false;
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
      listenerStatus: listenerStatus ?? previous?.listenerStatus ?? null,
    };
    account.deployments[dep.deploymentId] = dep;
    if (listenerStatus) applyListenerStatus(account, dep, listenerStatus);
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
          componentName: d.fromPack?.componentName ?? (c ? headOn(c, account.mainBranchId)?.name : undefined),
          environmentName: account.environments[d.environmentId]?.name,
          accountId: account.accountId,
          branch: wire['branchName'],
        };
        return { fields, wire };
      });
    },
  },
};

function applyListenerStatus(account: AccountData, d: DeploymentRecord, status: ListenerStatus): void {
  for (const atomId of atomIdsIn(account, d.environmentId))
    setListenerState(account, atomId, d.componentId, status === 'PAUSED' ? 'paused' : 'listening');
}
