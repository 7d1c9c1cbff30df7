import type { BoomiClient, ComponentMetadata } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Transactor } from '../../platform/transactor.ts';
import { RESOLVE_JOB } from './package-jobs-contract.ts';
import type { MappingService } from '../mappings/mapping-service.ts';
import { buildDependencyReport, type DependencyReport, type ProdTarget } from './dependency-report.ts';
import { walkReferences, type LevelSource, type WalkComponent } from './dependency-walk.ts';
import { devAccountReader, endsTheWalk, type DevAccountReader } from './dev-account-reader.ts';
import { forecastStripping } from '../promotions/stripping-rule.ts';
import type { ComponentDriftView } from './dependency-report.ts';

/** One packaged process of a dev account, as the selection grid lists it (10-backend.md §2.2). */
export interface DevPackage {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentName: string;
  componentType: string;
  createdDate: string;
  createdBy: string;
  notes: string;
}

export interface ResolveInput {
  devAccountId: string;
  rootComponentId: string;
  /** Walk the root at this revision (e.g. the one a package holds) instead of its current one. */
  rootVersion?: number | undefined;
}

export interface PackageService {
  listDevPackages(devAccountId: string): Promise<DevPackage[]>;
  resolveDependencies(input: ResolveInput): Promise<DependencyReport>;
  /** Queues the walk as a durable job; answers its id. */
  resolveLater(requestedBy: string, input: ResolveInput): Promise<string>;
}

export interface PackageServiceDeps {
  boomi: BoomiClient;
  /** Committed mappings only: pending ones of an unmerged promotion do not make a component UPDATE. */
  mappings: Pick<MappingService, 'forComponents'>;
  /** Walk bound (10-backend.md §8.E #58); executePromotion takes at most 5000 components. */
  maxComponents?: number;
  db: Transactor;
  jobs: Pick<Jobs, 'enqueue'>;
  /** Open drift by production component id: P2 warns before a promotion overwrites it. */
  driftOf?: ((prodComponentIds: readonly string[]) => Promise<ReadonlyMap<string, ComponentDriftView>>) | undefined;
}

export function createPackageService(deps: PackageServiceDeps): PackageService {
  const { boomi, mappings } = deps;
  const maxComponents = deps.maxComponents ?? 5000;

  return {
    async listDevPackages(devAccountId) {
      const reader = devAccountReader(boomi, devAccountId);
      const packages = (await reader.processPackages()).filter((p) => !p.deleted);
      // Several versions of one process share one lookup (§2.2 step 3).
      const ids = [...new Set(packages.flatMap((p) => (p.componentId ? [p.componentId] : [])))];
      const meta = await reader.currentMetadata(ids);
      return packages
        .map((p): DevPackage => {
          const m = p.componentId ? meta.get(p.componentId) : undefined;
          const found = m instanceof Error ? undefined : m;
          return {
            packageId: p.packageId,
            packageVersion: p.packageVersion ?? '',
            componentId: p.componentId ?? '',
            componentName: found?.name ?? '',
            componentType: found?.type ?? p.componentType ?? 'process',
            createdDate: p.createdDate ?? '',
            createdBy: p.createdBy ?? '',
            notes: p.notes ?? '',
          };
        })
        .sort(newestFirst);
    },

    resolveLater: (requestedBy, input) =>
      deps.db.transaction((tx) => deps.jobs.enqueue(tx, RESOLVE_JOB, { ...input }, { requestedBy })),

    async resolveDependencies({ devAccountId, rootComponentId, rootVersion }) {
      const reader = devAccountReader(boomi, devAccountId);
      const walk = await walkReferences(rootComponentId, levelSource(reader, rootComponentId, rootVersion), {
        maxComponents,
      });
      const root = walk.nodes[0]!;
      if (root.failure?.reason === 'error') throw root.failure.error;
      if (root.failure) {
        const at = rootVersion === undefined ? '' : ` at version ${rootVersion}`;
        throw new AppError(
          'COMPONENT_NOT_FOUND',
          `Component ${rootComponentId}${at} not found in dev account ${devAccountId}${root.failure.reason === 'deleted' ? ' (deleted)' : ''}`,
        );
      }
      const ids = walk.nodes.map((n) => n.id);
      const folderIds = [...new Set(walk.nodes.flatMap((n) => (n.component?.folderId ? [n.component.folderId] : [])))];
      // The database lookup, the one folder query and the stripping forecast run side by side.
      const [committed, folders, stripped] = await Promise.all([
        mappings.forComponents(devAccountId, ids),
        reader.folderPaths(folderIds),
        strippingForecast(boomi, devAccountId, walk.nodes),
      ]);
      const byDevId = new Map<string, ProdTarget>(committed.map((m) => [m.devComponentId, m]));
      const report = buildDependencyReport({ walk, devAccountId, mappings: byDevId, folders, stripped });
      const drift = deps.driftOf ? await deps.driftOf(committed.map((m) => m.prodComponentId)) : new Map();
      for (const c of report.components) {
        const d = drift.get(c.prodComponentId);
        if (d && c.prodStatus === 'UPDATE') c.drift = d;
      }
      return report;
    },
  };
}

function levelSource(reader: DevAccountReader, rootId: string, rootVersion: number | undefined): LevelSource {
  return {
    async components(ids, depth) {
      if (depth === 0 && rootVersion !== undefined) {
        const m = await reader.metadataAt(rootId, rootVersion);
        return new Map(m ? [[rootId, toWalk(m)]] : []);
      }
      const found = await reader.currentMetadata(ids);
      return new Map([...found].map(([id, m]) => [id, m instanceof Error ? m : toWalk(m)]));
    },
    async references(parents) {
      const found = await reader.children(parents.map((p) => ({ id: p.id, version: p.version })));
      return new Map(
        [...found].map(([id, rows]) => [
          id,
          rows instanceof Error ? rows : rows.map((r) => ({ childId: r.componentId, type: r.type })),
        ]),
      );
    },
  };
}

/** What the promotion will strip from each component that was found (connections are not read). */
function strippingForecast(
  boomi: BoomiClient,
  devAccountId: string,
  nodes: readonly { id: string; component: WalkComponent | undefined; failure: unknown }[],
): Promise<Map<string, string[] | Error>> {
  const found = nodes.flatMap((n) => (n.component && !n.failure ? [n.component] : []));
  return forecastStripping(boomi, devAccountId, found, (e) => isAppError(e) && endsTheWalk(e));
}

const toWalk = (m: ComponentMetadata): WalkComponent => ({
  id: m.componentId,
  name: m.name ?? '',
  type: m.type ?? '',
  version: m.version ?? 0,
  folderId: m.folderId || undefined,
  deleted: m.deleted ?? false,
});

/** createdDate descending; Boomi's ISO timestamps compare as instants, ties by package id. */
function newestFirst(a: DevPackage, b: DevPackage): number {
  const ta = Date.parse(a.createdDate);
  const tb = Date.parse(b.createdDate);
  const diff = (Number.isNaN(tb) ? 0 : tb) - (Number.isNaN(ta) ? 0 : ta);
  return diff || a.packageId.localeCompare(b.packageId);
}
