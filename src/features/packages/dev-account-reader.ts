import {
  q,
  type BoomiClient,
  type ComponentMetadata,
  type ComponentReferenceRow,
  type PackagedComponent,
  type QueryExpression,
} from '../../boomi/index.ts';
import type { ErrorCode } from '../../contracts/errors.ts';
import { isAppError } from '../../platform/errors.ts';

// The reads listDevPackages and resolveDependencies make in a dev account (30-boomi-platform-api.md
// §4 A and B), batched: many ids go in one query as an OR group, so a level of the reference tree
// costs one call instead of one per component. Every call runs against the dev account through
// overrideAccount.

/**
 * Ids per OR group. Boomi documents no limit on a filter's size; 50 keeps a group's answer within
 * one 100-row page even when a component shows a second row, and the request body small.
 */
export const GROUP_SIZE = 50;

// Failures that say nothing about one component: the walk stops and the caller gets the code.
const FATAL: readonly ErrorCode[] = ['AUTH_FAILED', 'ACCOUNT_NOT_FOUND', 'API_RATE_LIMIT', 'BOOMI_UNAVAILABLE'];

export const endsTheWalk = (e: unknown) => !isAppError(e) || FATAL.includes(e.code);

export interface DevAccountReader {
  /** Every PackagedComponent of a process, all pages. */
  processPackages(): Promise<PackagedComponent[]>;
  /** Current revisions by id; an id absent from the answer does not exist. */
  currentMetadata(ids: readonly string[]): Promise<Map<string, ComponentMetadata | Error>>;
  /** One revision of one component, or undefined when there is no such revision. */
  metadataAt(id: string, version: number): Promise<ComponentMetadata | undefined>;
  /** Direct references of each (component, revision), by parent id. */
  children(parents: readonly { id: string; version: number }[]): Promise<Map<string, ComponentReferenceRow[] | Error>>;
  /** Folder full paths by folder id. */
  folderPaths(folderIds: readonly string[]): Promise<Map<string, string | Error>>;
}

/** One reader per request: it remembers whether Boomi refused grouped reference queries. */
export function devAccountReader(boomi: BoomiClient, devAccountId: string): DevAccountReader {
  const opts = { overrideAccount: devAccountId };
  // The children query needs parentComponentId and parentVersion together (§3.3); whether Boomi
  // takes several such pairs OR-ed in one filter is not documented. The emulator does; if Boomi
  // answers 400, this request falls back to one query per parent (run concurrently, within the
  // client's shared rate limit and concurrency bound).
  let groupedChildrenRefused = false;

  const metadataRows = async (group: readonly string[]) => {
    const rows = await boomi.componentMetadata.query(
      q.and(anyOf(group.map((id) => q.eq('componentId', id))), q.eq('currentVersion', true)),
      opts,
    );
    return pickCurrent(rows);
  };

  const childRows = async (group: readonly { id: string; version: number }[]) => {
    const expr = anyOf(group.map((p) => q.and(q.eq('parentComponentId', p.id), q.eq('parentVersion', p.version))));
    const rows = (await boomi.componentReferences.query(expr, opts)).flatMap((r) => r.references);
    const byParent = new Map<string, ComponentReferenceRow[]>(group.map((p) => [p.id, []]));
    const wanted = new Map(group.map((p) => [p.id, p.version]));
    for (const r of rows) {
      if (r.parentVersion !== undefined && r.parentVersion !== wanted.get(r.parentComponentId)) continue;
      byParent.get(r.parentComponentId)?.push(r);
    }
    return byParent;
  };

  return {
    processPackages: () => boomi.packagedComponents.query(q.eq('componentType', 'process'), opts),

    currentMetadata: (ids) =>
      inGroups(ids, GROUP_SIZE, metadataRows, async (id) => {
        try {
          return await boomi.componentMetadata.get(id, opts);
        } catch (e) {
          if (isAppError(e) && e.code === 'COMPONENT_NOT_FOUND') return undefined;
          throw e;
        }
      }),

    async metadataAt(id, version) {
      const rows = await boomi.componentMetadata.query(q.and(q.eq('componentId', id), q.eq('version', version)), opts);
      return rows.find((r) => r.componentId === id);
    },

    async children(parents) {
      const single = (p: { id: string; version: number }) => boomi.componentReferences.children(p.id, p.version, opts);
      if (groupedChildrenRefused) return eachAlone(parents, (p) => p.id, single);
      return inGroups(
        parents,
        GROUP_SIZE,
        childRows,
        single,
        (p) => p.id,
        (group, e) => {
          if (isAppError(e) && e.code === 'API_ERROR') groupedChildrenRefused = true;
        },
      );
    },

    folderPaths: (folderIds) =>
      inGroups(
        folderIds,
        GROUP_SIZE,
        async (group) =>
          new Map(
            (await boomi.folders.query(anyOf(group.map((id) => q.eq('id', id))), opts)).map((f) => [
              f.id,
              f.fullPath ?? '',
            ]),
          ),
        async (id) => (await boomi.folders.get(id, opts)).fullPath ?? '',
      ),
  };
}

const anyOf = <P extends string>(exprs: QueryExpression<P>[]): QueryExpression<P> =>
  exprs.length === 1 ? exprs[0]! : q.or(...exprs);

/**
 * One row per component. Without a branch filter the query should see the default branch only
 * (§3.2, unverified); should several rows come back anyway, the main branch's wins.
 */
function pickCurrent(rows: readonly ComponentMetadata[]): Map<string, ComponentMetadata> {
  const out = new Map<string, ComponentMetadata>();
  for (const r of rows) {
    const held = out.get(r.componentId);
    if (!held || (held.branchName && held.branchName !== 'main' && (!r.branchName || r.branchName === 'main')))
      out.set(r.componentId, r);
  }
  return out;
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * Runs each group as one call. A group that fails for a reason other than a fatal one is asked
 * again item by item, so one bad component cannot take its neighbours' answers with it.
 */
async function inGroups<K, V>(
  items: readonly K[],
  size: number,
  batch: (group: readonly K[]) => Promise<Map<string, V>>,
  single: (item: K) => Promise<V | undefined>,
  keyOf: (item: K) => string = (k) => String(k),
  onGroupFailure?: (group: readonly K[], e: unknown) => void,
): Promise<Map<string, V | Error>> {
  const out = new Map<string, V | Error>();
  const groups: K[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  await Promise.all(
    groups.map(async (group) => {
      try {
        for (const [k, v] of await batch(group)) out.set(k, v);
      } catch (e) {
        if (endsTheWalk(e)) throw e;
        // A group of one already was that item's own question.
        if (group.length === 1) {
          out.set(keyOf(group[0]!), asError(e));
          return;
        }
        onGroupFailure?.(group, e);
        for (const [k, v] of await eachAlone(group, keyOf, single)) out.set(k, v);
      }
    }),
  );
  return out;
}

async function eachAlone<K, V>(
  items: readonly K[],
  keyOf: (item: K) => string,
  single: (item: K) => Promise<V | undefined>,
): Promise<Map<string, V | Error>> {
  const out = new Map<string, V | Error>();
  await Promise.all(
    items.map(async (item) => {
      try {
        const v = await single(item);
        if (v !== undefined) out.set(keyOf(item), v);
      } catch (e) {
        if (endsTheWalk(e)) throw e;
        out.set(keyOf(item), asError(e));
      }
    }),
  );
  return out;
}
