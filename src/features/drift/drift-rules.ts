import type { PromotedComponent } from '../mappings/mapping-store.ts';
import type { DriftFinding, DriftKind, DriftResolution, ObservedDrift, RecordedDeployment } from './drift-store.ts';

// What counts as drift, as pure functions of what Promo recorded and what Boomi answered.

/** Main's current revision of a component, as ComponentMetadata reports it. */
export interface MainRevision {
  version?: number | undefined;
  deleted?: boolean | undefined;
  modifiedBy?: string | undefined;
  modifiedDate?: string | undefined;
  name?: string | undefined;
}

export interface CheckedEnvironment {
  id: string;
  name: string;
  classification: string;
}

/** An active deployment of an environment, as DeployedPackage reports it. */
export interface ActiveDeployment {
  componentId?: string | undefined;
  packageId?: string | undefined;
  packageVersion?: string | undefined;
  deployedBy?: string | undefined;
  deployedDate?: string | undefined;
}

const at = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : new Date(t);
};

const blank = {
  environmentId: null,
  environmentName: null,
  environmentClassification: null,
  recordedPackageId: null,
  actualPackageId: null,
  recordedPackageVersion: null,
  actualPackageVersion: null,
};

export interface ComponentComparison {
  drift: ObservedDrift[];
  /**
   * Versions to take as the record without calling them drift: mappings whose version was never
   * read back from main (recorded before that existed, or the read-back failed) and whose current
   * revision Promo's own API user wrote, which is the merge itself.
   */
  adopt: Map<string, number>;
}

/** A promoted component drifted when main moved past the version Promo last merged, or lost it. */
export function compareComponents(
  promoted: readonly PromotedComponent[],
  main: ReadonlyMap<string, MainRevision>,
  promoUser: string,
): ComponentComparison {
  const drift: ObservedDrift[] = [];
  const adopt = new Map<string, number>();
  for (const c of promoted) {
    const m = main.get(c.prodComponentId);
    const actual = m?.version ?? null;
    const change = !m ? 'MISSING' : m.deleted ? 'DELETED' : (actual ?? 0) > c.recordedVersion ? 'MODIFIED' : null;
    if (!change) continue;
    if (change === 'MODIFIED' && !c.versionRead && m?.modifiedBy?.toLowerCase() === promoUser.toLowerCase()) {
      adopt.set(c.prodComponentId, actual!);
      continue;
    }
    drift.push({
      ...blank,
      kind: 'COMPONENT',
      subject: c.prodComponentId,
      componentId: c.prodComponentId,
      componentName: m?.name ?? c.componentName,
      devAccountIds: c.devAccountIds,
      recordedVersion: c.recordedVersion,
      actualVersion: actual,
      change,
      changedBy: m?.modifiedBy ?? null,
      changedAt: at(m?.modifiedDate),
    });
  }
  return { drift, adopt };
}

export const deploymentSubject = (environmentId: string, componentId: string) => `${environmentId}/${componentId}`;

/**
 * Per environment and process: the package Promo deployed last against the one active now
 * (another package, or none), and Promo's components deployed there by someone else.
 */
export function compareDeployments(
  environments: readonly CheckedEnvironment[],
  active: ReadonlyMap<string, readonly ActiveDeployment[]>,
  recorded: readonly RecordedDeployment[],
  promoted: ReadonlyMap<string, PromotedComponent>,
): ObservedDrift[] {
  const drift: ObservedDrift[] = [];
  for (const env of environments) {
    const running = new Map<string, ActiveDeployment>();
    for (const d of active.get(env.id) ?? []) {
      if (!d.componentId) continue;
      const held = running.get(d.componentId);
      if (!held || (at(d.deployedDate)?.getTime() ?? 0) > (at(held.deployedDate)?.getTime() ?? 0))
        running.set(d.componentId, d);
    }
    const where = { environmentId: env.id, environmentName: env.name, environmentClassification: env.classification };
    const ours = recorded.filter((r) => r.environmentId === env.id);
    for (const r of ours) {
      const now = running.get(r.componentId);
      if (now?.packageId === r.packageId) continue;
      drift.push({
        ...blank,
        ...where,
        kind: 'DEPLOYMENT',
        subject: deploymentSubject(env.id, r.componentId),
        componentId: r.componentId,
        componentName: r.processName,
        devAccountIds: [r.devAccountId],
        recordedVersion: null,
        actualVersion: null,
        recordedPackageId: r.packageId,
        recordedPackageVersion: r.packageVersion,
        actualPackageId: now?.packageId ?? null,
        actualPackageVersion: now?.packageVersion ?? null,
        change: now ? 'REPLACED' : 'MISSING',
        changedBy: now?.deployedBy ?? null,
        changedAt: at(now?.deployedDate),
      });
    }
    const recordedHere = new Set(ours.map((r) => r.componentId));
    for (const [componentId, d] of running) {
      const mapped = promoted.get(componentId);
      if (!mapped || recordedHere.has(componentId)) continue;
      drift.push({
        ...blank,
        ...where,
        kind: 'DEPLOYMENT',
        subject: deploymentSubject(env.id, componentId),
        componentId,
        componentName: mapped.componentName,
        devAccountIds: mapped.devAccountIds,
        recordedVersion: null,
        actualVersion: null,
        actualPackageId: d.packageId ?? null,
        actualPackageVersion: d.packageVersion ?? null,
        change: 'UNRECORDED',
        changedBy: d.deployedBy ?? null,
        changedAt: at(d.deployedDate),
      });
    }
  }
  return drift;
}

/**
 * Open findings the check no longer sees are resolved: by Promo when its record moved (a merge
 * or deployment recorded the new state), otherwise because Boomi matches the record again.
 */
export function resolutions(
  open: readonly DriftFinding[],
  observed: readonly ObservedDrift[],
  promoted: ReadonlyMap<string, PromotedComponent>,
  recorded: readonly RecordedDeployment[],
): Array<{ kind: DriftKind; subject: string; resolution: DriftResolution }> {
  const seen = new Set(observed.map((o) => `${o.kind}|${o.subject}`));
  const packages = new Map(recorded.map((r) => [deploymentSubject(r.environmentId, r.componentId), r.packageId]));
  return open
    .filter((f) => !seen.has(`${f.kind}|${f.subject}`))
    .map((f) => {
      const moved =
        f.kind === 'COMPONENT'
          ? (promoted.get(f.subject)?.recordedVersion ?? f.recordedVersion) !== f.recordedVersion
          : (packages.get(f.subject) ?? f.recordedPackageId) !== f.recordedPackageId;
      return { kind: f.kind, subject: f.subject, resolution: moved ? 'RECORDED_BY_PROMO' : 'MATCHES_AGAIN' };
    });
}
