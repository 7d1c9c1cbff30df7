import type { EmulatorCore } from '../core/core.ts';
import { isoSeconds, newUuid } from '../state/ids.ts';
import type {
  AccountData,
  DeploymentRecord,
  PackInstanceRecord,
  PackRecord,
  PropagationState,
} from '../state/state-types.ts';
import { headOn } from './model.ts';

// How a released integration pack reaches its consumers: every installed instance of the pack (in
// any account) moves to the new release, and each environment attached to an instance then runs
// the released packaged components. Boomi takes up to an hour; here `propagationMs` (first half
// PENDING, second half IN_PROGRESS). The new deployments exist from the start, inactive, with the
// state in `notes`; at COMPLETE they become the active ones. A consumer reads this through
// DeployedPackage in its own account (overrideAccount).

const PACK_USER = 'integration-pack@boomi.example';

function notes(packName: string, release: number, state: PropagationState): string {
  return `Integration pack ${packName} release ${release}: ${state}`;
}

/** The publisher account and pack behind an instance, if both still exist. */
export function instancePack(
  core: EmulatorCore,
  instance: PackInstanceRecord,
): { publisher: AccountData; pack: PackRecord } | undefined {
  const publisher = core.state.accounts[instance.publisherAccountId];
  const pack = publisher?.packs[instance.integrationPackId];
  return publisher && pack ? { publisher, pack } : undefined;
}

export function attachedEnvironments(account: AccountData, instanceId: string): string[] {
  return Object.values(account.packAttachments)
    .filter((a) => a.integrationPackInstanceId === instanceId)
    .map((a) => a.environmentId);
}

/** Deploys what the pack has released now to one environment, active at once or as a pending rollout. */
export function deployRelease(
  core: EmulatorCore,
  account: AccountData,
  instance: PackInstanceRecord,
  environmentId: string,
  state: PropagationState,
  now: number,
): void {
  const found = instancePack(core, instance);
  if (!found) return;
  const { publisher, pack } = found;
  for (const pc of pack.components) {
    if (!pc.currentVersion || pc.deleted) continue;
    const pkg = Object.values(publisher.packages).find(
      (p) => p.componentId === pc.componentId && p.packageVersion === pc.currentVersion && !p.deleted,
    );
    if (!pkg) continue;
    const component = publisher.components[pc.componentId];
    const same = Object.values(account.deployments).filter(
      (d) => d.componentId === pc.componentId && d.environmentId === environmentId,
    );
    const dep: DeploymentRecord = {
      deploymentId: newUuid(),
      version: same.length + 1,
      packageId: pkg.packageId,
      environmentId,
      componentId: pc.componentId,
      deployedDate: isoSeconds(now),
      deployedBy: PACK_USER,
      notes: notes(pack.name, pack.releasedCount, state),
      active: state === 'COMPLETE',
      listenerStatus: null,
      fromPack: {
        instanceId: instance.id,
        packName: pack.name,
        release: pack.releasedCount,
        state,
        packageVersion: pkg.packageVersion,
        componentVersion: pkg.componentVersion,
        componentType: pkg.componentType,
        componentName: (component && headOn(component, publisher.mainBranchId)?.name) ?? '',
      },
    };
    if (dep.active) for (const d of same) d.active = false;
    account.deployments[dep.deploymentId] = dep;
  }
}

/** Takes the instance's deployments in an environment out of service (detach, uninstall). */
export function undeployInstance(account: AccountData, instanceId: string, environmentId?: string): void {
  for (const [id, d] of Object.entries(account.deployments)) {
    if (d.fromPack?.instanceId !== instanceId) continue;
    if (environmentId !== undefined && d.environmentId !== environmentId) continue;
    if (d.fromPack.state === 'COMPLETE') d.active = false;
    else delete account.deployments[id];
  }
}

/** Called when a release of `pack` succeeds: every installed instance starts moving to it. */
export function startPropagation(core: EmulatorCore, publisher: AccountData, pack: PackRecord, now: number): void {
  const ms = core.settings.stageTimings.propagationMs;
  for (const account of Object.values(core.state.accounts)) {
    for (const instance of Object.values(account.packInstances)) {
      if (instance.integrationPackId !== pack.id || instance.publisherAccountId !== publisher.accountId) continue;
      // An earlier rollout still under way is overtaken by this one.
      for (const [id, d] of Object.entries(account.deployments))
        if (d.fromPack?.instanceId === instance.id && d.fromPack.state !== 'COMPLETE') delete account.deployments[id];
      instance.propagation = { release: pack.releasedCount, state: 'PENDING', startAt: now + ms / 2, dueAt: now + ms };
      for (const envId of attachedEnvironments(account, instance.id))
        deployRelease(core, account, instance, envId, 'PENDING', now);
      core.state.pending.push({ kind: 'propagation', accountId: account.accountId, id: instance.id });
    }
  }
}

function setState(account: AccountData, instance: PackInstanceRecord, release: number, state: PropagationState): void {
  for (const d of Object.values(account.deployments)) {
    if (d.fromPack?.instanceId !== instance.id || d.fromPack.release !== release || d.fromPack.state === 'COMPLETE')
      continue;
    d.fromPack.state = state;
    d.notes = notes(d.fromPack.packName, release, state);
    if (state !== 'COMPLETE') continue;
    for (const other of Object.values(account.deployments))
      if (other !== d && other.componentId === d.componentId && other.environmentId === d.environmentId)
        other.active = false;
    d.active = true;
  }
}

/** Advances one instance's rollout; true when it is over (or gone). */
export function advancePropagation(account: AccountData, instanceId: string, now: number): boolean {
  const instance = account.packInstances[instanceId];
  const p = instance?.propagation;
  if (!instance || !p) return true;
  if (now < p.startAt) return false;
  if (now < p.dueAt) {
    if (p.state === 'PENDING') {
      p.state = 'IN_PROGRESS';
      setState(account, instance, p.release, 'IN_PROGRESS');
    }
    return false;
  }
  // Components the release dropped stop running where this instance deployed them.
  const released = new Set(
    Object.values(account.deployments)
      .filter((d) => d.fromPack?.instanceId === instanceId && d.fromPack.release === p.release)
      .map((d) => `${d.environmentId}:${d.componentId}`),
  );
  for (const d of Object.values(account.deployments))
    if (d.fromPack?.instanceId === instanceId && d.active && !released.has(`${d.environmentId}:${d.componentId}`))
      d.active = false;
  setState(account, instance, p.release, 'COMPLETE');
  instance.deployedRelease = p.release;
  instance.propagation = null;
  return true;
}
