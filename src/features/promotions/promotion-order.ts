/** Boomi's component types folded into the logical kinds the engine reasons about. */
export type ComponentKind =
  'profile' | 'connection' | 'operation' | 'script' | 'map' | 'process' | 'processroute' | 'other';

export function componentKind(type: string): ComponentKind {
  const t = type.trim().toLowerCase();
  if (t.startsWith('profile')) return 'profile';
  if (t === 'connector-settings' || t === 'connection') return 'connection';
  if (t === 'connector-action' || t === 'operation') return 'operation';
  if (t.startsWith('script') || t === 'scripting') return 'script';
  if (t === 'transform.map' || t === 'map' || t === 'transform.function') return 'map';
  if (t === 'processroute') return 'processroute';
  if (t === 'process') return 'process';
  return 'other';
}

const RANK: Record<ComponentKind, number> = {
  profile: 1,
  connection: 2,
  operation: 3,
  script: 3,
  other: 3,
  map: 4,
  process: 5,
  processroute: 6,
};

export interface OrderItem {
  id: string;
  type: string;
  /** Ids of components this one refers to (only those in the same tree matter). */
  references: readonly string[];
}

/**
 * Bottom-up promotion order: every component after everything it refers to, so its references
 * can be rewritten to production ids (10-backend.md §3.2, §8.E #57). Among components that are
 * free to go, type rank decides (profiles, connections, operations, maps, sub-processes), then
 * the input order; the root process always goes last. A reference cycle cannot be ordered: its
 * members go by rank and are reported.
 */
export function promotionOrder<T extends OrderItem>(
  items: readonly T[],
  rootId: string,
): { ordered: T[]; cycles: string[] } {
  const byId = new Map(items.map((it) => [it.id, it]));
  const position = new Map(items.map((it, i) => [it.id, i]));
  const rank = (it: T) => (it.id === rootId ? 99 : RANK[componentKind(it.type)]);
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const it of items) {
    const deps = new Set(it.references.filter((r) => r !== it.id && byId.has(r)));
    waitingOn.set(it.id, deps);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), it.id]);
  }
  const better = (a: T, b: T) => rank(a) - rank(b) || position.get(a.id)! - position.get(b.id)!;
  const ready = items.filter((it) => waitingOn.get(it.id)!.size === 0);
  const ordered: T[] = [];
  const cycles: string[] = [];
  const done = new Set<string>();
  while (ordered.length < items.length) {
    if (ready.length === 0) {
      // Only cycles remain: release the best-ranked waiting component and report it.
      const stuck = items.filter((it) => !done.has(it.id)).sort(better)[0]!;
      cycles.push(stuck.id);
      waitingOn.get(stuck.id)!.clear();
      ready.push(stuck);
    }
    ready.sort(better);
    const next = ready.shift()!;
    if (done.has(next.id)) continue;
    done.add(next.id);
    ordered.push(next);
    for (const d of dependents.get(next.id) ?? []) {
      const w = waitingOn.get(d)!;
      w.delete(next.id);
      if (w.size === 0 && !done.has(d)) ready.push(byId.get(d)!);
    }
  }
  return { ordered, cycles };
}
