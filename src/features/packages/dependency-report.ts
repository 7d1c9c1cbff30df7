import type { z } from 'zod';
import type { ComponentDrift } from '../../contracts/drift.ts';
import { isConnection as isConnectionType } from '../promotions/stripping-rule.ts';
import type { WalkFailure, WalkNode, WalkResult } from './dependency-walk.ts';

// Turns a finished walk into the resolveDependencies answer (10-backend.md §2.3, §8.A item 2):
// NEW/UPDATE from committed mappings, MAPPED/UNMAPPED for connections, ERROR for what could not
// be read, and the counts the selection page shows.

export type ProdStatus = 'NEW' | 'UPDATE' | 'MAPPED' | 'UNMAPPED' | 'ERROR';

/** What P2 shows of a component's drift (contracts/drift.ts ComponentDrift). */
export type ComponentDriftView = z.input<typeof ComponentDrift>;

export interface DependencyComponent {
  devComponentId: string;
  name: string;
  type: string;
  devVersion: number;
  folderFullPath: string;
  depth: number;
  dependencyType: 'DEPENDENT' | 'INDEPENDENT' | null;
  prodStatus: ProdStatus;
  prodComponentId: string;
  prodCurrentVersion: number;
  /** The promotion will strip environment values from it: `strippedFields` is not empty. */
  hasEnvConfig: boolean;
  /** What the promotion will strip (names and paths, never values), by the promotion's own rule. */
  strippedFields: string[];
  isSharedConnection: boolean;
  references: string[];
  errorMessage?: string;
  /** Open drift on the production component: the promotion would overwrite a change made outside Promo. */
  drift?: ComponentDriftView;
}

export interface DependencyReport {
  rootProcessName: string;
  totalComponents: number;
  components: DependencyComponent[];
  newCount: number;
  updateCount: number;
  envConfigCount: number;
  sharedConnectionCount: number;
  unmappedConnectionCount: number;
  cycles: string[][];
  traversalPartial: boolean;
}

/** The production side of a committed mapping. */
export interface ProdTarget {
  prodComponentId: string;
  prodLatestVersion: number;
}

export interface ReportInputs {
  walk: WalkResult;
  devAccountId: string;
  /** Committed mappings by dev component id. */
  mappings: ReadonlyMap<string, ProdTarget>;
  /** Folder full paths by folder id; an Error when that folder could not be read. */
  folders: ReadonlyMap<string, string | Error>;
  /** What the promotion will strip, by dev component id; an Error when the component could not be read. */
  stripped: ReadonlyMap<string, readonly string[] | Error>;
}

export function buildDependencyReport({
  walk,
  devAccountId,
  mappings,
  folders,
  stripped,
}: ReportInputs): DependencyReport {
  const components = walk.nodes.map((node) =>
    describe(node, devAccountId, mappings.get(node.id), folders, stripped.get(node.id)),
  );
  const count = (p: (c: DependencyComponent) => boolean) => components.filter(p).length;
  return {
    rootProcessName: walk.nodes[0]?.component?.name ?? '',
    totalComponents: components.length,
    components,
    newCount: count((c) => c.prodStatus === 'NEW'),
    updateCount: count((c) => c.prodStatus === 'UPDATE'),
    envConfigCount: count((c) => c.hasEnvConfig),
    sharedConnectionCount: count((c) => c.isSharedConnection),
    unmappedConnectionCount: count((c) => c.prodStatus === 'UNMAPPED'),
    cycles: walk.cycles,
    traversalPartial: walk.partial,
  };
}

function describe(
  node: WalkNode,
  devAccountId: string,
  target: ProdTarget | undefined,
  folders: ReadonlyMap<string, string | Error>,
  stripped: readonly string[] | Error | undefined,
): DependencyComponent {
  const c = node.component;
  const type = c?.type ?? '';
  const isConnection = isConnectionType({ type });
  const folder = c?.folderId ? folders.get(c.folderId) : undefined;
  const problem = node.failure
    ? failureMessage(node.failure, devAccountId)
    : folder instanceof Error
      ? `Folder ${c?.folderId} could not be read: ${folder.message}`
      : stripped instanceof Error
        ? `Component could not be read from dev account ${devAccountId}: ${stripped.message}`
        : undefined;
  const fields = stripped instanceof Error || !stripped ? [] : [...stripped];
  const status: ProdStatus = problem
    ? 'ERROR'
    : isConnection
      ? target
        ? 'MAPPED'
        : 'UNMAPPED'
      : target
        ? 'UPDATE'
        : 'NEW';
  return {
    devComponentId: node.id,
    name: c?.name ?? '',
    type,
    devVersion: c?.version ?? 0,
    folderFullPath: typeof folder === 'string' ? folder : '',
    depth: node.depth,
    dependencyType:
      node.dependencyType === 'DEPENDENT' || node.dependencyType === 'INDEPENDENT' ? node.dependencyType : null,
    prodStatus: status,
    prodComponentId: target?.prodComponentId ?? '',
    prodCurrentVersion: target?.prodLatestVersion ?? 0,
    hasEnvConfig: fields.length > 0,
    strippedFields: fields,
    // Connections are never promoted: they map onto the primary account's shared ones (D9).
    isSharedConnection: isConnection,
    references: node.references,
    ...(problem ? { errorMessage: problem } : {}),
  };
}

function failureMessage(f: WalkFailure, devAccountId: string): string {
  switch (f.reason) {
    case 'not-found':
      return `Component not found in dev account ${devAccountId}`;
    case 'deleted':
      return `Component is deleted in dev account ${devAccountId}`;
    case 'error':
      return f.error.message;
  }
}
