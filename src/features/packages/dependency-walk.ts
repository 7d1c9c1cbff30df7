// The breadth-first walk of a component's reference tree (10-backend.md §2.3, §3.1), by levels:
// each level costs one metadata lookup and one reference lookup however many components it holds,
// which is what keeps the number of Platform API calls low. The walk knows nothing of Boomi; a
// LevelSource answers its two questions (dev-account-reader.ts in the service, fakes in tests).

/** What the walk needs to know about one component (its current revision). */
export interface WalkComponent {
  id: string;
  name: string;
  type: string;
  version: number;
  folderId: string | undefined;
  deleted: boolean;
}

export interface WalkReference {
  childId: string;
  /** DEPENDENT | INDEPENDENT as Boomi reports it. */
  type: string | undefined;
}

export interface LevelSource {
  /**
   * The components of one level. An id missing from the answer does not exist; an Error is a
   * failure of that id alone. Failures that must end the walk (authentication...) are thrown.
   */
  components(ids: readonly string[], depth: number): Promise<Map<string, WalkComponent | Error>>;
  /** The direct references of one level's components, by parent id; same failure rules. */
  references(parents: readonly WalkComponent[]): Promise<Map<string, WalkReference[] | Error>>;
}

export type WalkFailure = { reason: 'not-found' } | { reason: 'deleted' } | { reason: 'error'; error: Error };

export interface WalkNode {
  id: string;
  /** BFS distance from the root (root 0), fixed when the node is first found. */
  depth: number;
  /** The type of the reference that first found the node; null for the root. */
  dependencyType: string | null;
  component: WalkComponent | undefined;
  failure: WalkFailure | undefined;
  /** Ids of its direct children, in Boomi's order, each once. */
  references: string[];
}

export interface WalkResult {
  /** Every component once, in discovery order (the root first). */
  nodes: WalkNode[];
  /** Each reference cycle as the ids along it; the walk itself never loops. */
  cycles: string[][];
  /** The component limit was reached: some references were not followed. */
  partial: boolean;
}

export async function walkReferences(
  rootId: string,
  source: LevelSource,
  opts: { maxComponents: number },
): Promise<WalkResult> {
  const nodes = new Map<string, WalkNode>([
    [rootId, { id: rootId, depth: 0, dependencyType: null, component: undefined, failure: undefined, references: [] }],
  ]);
  let partial = false;
  let level = [rootId];
  for (let depth = 0; level.length > 0; depth++) {
    const found = await source.components(level, depth);
    const expandable: WalkComponent[] = [];
    for (const id of level) {
      const node = nodes.get(id)!;
      const got = found.get(id);
      if (got === undefined) node.failure = { reason: 'not-found' };
      else if (got instanceof Error) node.failure = { reason: 'error', error: got };
      else {
        node.component = got;
        // Boomi still returns references to deleted components (§3.3); we list them, not expand them.
        if (got.deleted) node.failure = { reason: 'deleted' };
        else expandable.push(got);
      }
    }
    if (expandable.length === 0) break;
    const refs = await source.references(expandable);
    const next: string[] = [];
    for (const parent of expandable) {
      const node = nodes.get(parent.id)!;
      const rows = refs.get(parent.id) ?? [];
      if (rows instanceof Error) {
        node.failure = { reason: 'error', error: rows };
        continue;
      }
      for (const ref of rows) {
        if (!node.references.includes(ref.childId)) node.references.push(ref.childId);
        // Already seen (visited or queued for the next level): a shared child, a diamond or a cycle.
        if (nodes.has(ref.childId)) continue;
        if (nodes.size >= opts.maxComponents) {
          partial = true;
          continue;
        }
        nodes.set(ref.childId, {
          id: ref.childId,
          depth: depth + 1,
          dependencyType: ref.type ?? null,
          component: undefined,
          failure: undefined,
          references: [],
        });
        next.push(ref.childId);
      }
    }
    level = next;
  }
  const list = [...nodes.values()];
  return { nodes: list, cycles: findCycles(rootId, new Map(list.map((n) => [n.id, n.references]))), partial };
}

/**
 * The cycles reachable from the root: one per back edge of a depth-first search, as the ids from
 * the re-entered component to the one that closes the loop. Iterative, so a deep chain cannot
 * overflow the stack; references to ids outside the graph are ignored.
 */
export function findCycles(rootId: string, graph: ReadonlyMap<string, readonly string[]>): string[][] {
  if (!graph.has(rootId)) return [];
  const finished = new Set<string>();
  const onPath = new Map<string, number>([[rootId, 0]]);
  const path = [rootId];
  const cursor = [0];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  while (path.length > 0) {
    const top = path.length - 1;
    const id = path[top]!;
    const children = graph.get(id) ?? [];
    const i = cursor[top]!;
    if (i >= children.length) {
      finished.add(id);
      onPath.delete(id);
      path.pop();
      cursor.pop();
      continue;
    }
    cursor[top] = i + 1;
    const child = children[i]!;
    if (!graph.has(child) || finished.has(child)) continue;
    const at = onPath.get(child);
    if (at !== undefined) {
      const cycle = path.slice(at);
      const key = canonical(cycle);
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push(cycle);
      }
      continue;
    }
    onPath.set(child, path.length);
    path.push(child);
    cursor.push(0);
  }
  return cycles;
}

/** The same loop entered at another member is the same cycle. */
function canonical(cycle: readonly string[]): string {
  let start = 0;
  for (let i = 1; i < cycle.length; i++) if (cycle[i]! < cycle[start]!) start = i;
  return [...cycle.slice(start), ...cycle.slice(0, start)].join('>');
}
