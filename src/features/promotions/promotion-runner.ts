import { createHash } from 'node:crypto';
import type { BoomiClient, ComponentXml } from '../../boomi/index.ts';
import { COMPONENT_BULK_LIMIT, toWriteXml } from '../../boomi/index.ts';
import { isAppError } from '../../platform/errors.ts';
import type { ComponentResultRecord } from './promotion-store.ts';
import { promotionOrder } from './promotion-order.ts';
import { explain, type ChangeStep } from './change-plan.ts';
import { stripEnvironmentValues } from './xml/strip-environment-values.ts';
import { referencedIds, rewriteReferences } from './xml/rewrite-references.ts';
import { normalizeXml } from './xml/normalize-xml.ts';
import { componentObject } from './xml/dom.ts';

export interface TreeComponent {
  devComponentId: string;
  name: string;
  type: string;
  folderFullPath: string;
}

export interface WriteTarget {
  branchId: string;
  /** Production ids already known: committed mappings and the seeded connection mappings. */
  known: ReadonlyMap<string, { prodComponentId: string; prodVersion: number | null; contentHash?: string | null }>;
  folderIdOf(devFolderFullPath: string): string;
  /** How to write each component (change-plan.ts); a mapped component not in it is compared with the branch. */
  plan?: ReadonlyMap<string, ChangeStep>;
}

export interface ComponentWork {
  component: TreeComponent;
  source: ComponentXml;
  stripped: string[];
  references: string[];
  /** The dev revision read, recorded on the mapping so the next promotion can skip it. */
  devVersion: number | null;
}

const message = (e: unknown) => (isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message);

const readFailure = (component: TreeComponent, e: unknown) =>
  result(component, {
    action: 'FAILED',
    status: 'FAILED',
    errorMessage: `Could not read the component from the dev account: ${message(e)}`,
  });

/**
 * Reads the components from the dev account five to a call (Boomi's bulk GET of Component) and
 * strips their environment values. A component Boomi refuses in the bulk answer, or a call that
 * failed as a whole, is that component's failure.
 */
export async function readTree(
  boomi: BoomiClient,
  devAccountId: string,
  tree: readonly TreeComponent[],
  /** Sees each component as read, before stripping (the policy checks look for typed-in values). */
  inspect?: (component: TreeComponent, doc: ComponentXml['doc'], devVersion: number | null) => void,
): Promise<{ read: ComponentWork[]; failed: ComponentResultRecord[] }> {
  const groups = Array.from({ length: Math.ceil(tree.length / COMPONENT_BULK_LIMIT) }, (_, i) =>
    tree.slice(i * COMPONENT_BULK_LIMIT, (i + 1) * COMPONENT_BULK_LIMIT),
  );
  const read: ComponentWork[] = [];
  const failed: ComponentResultRecord[] = [];
  await Promise.all(
    groups.map(async (group) => {
      let items;
      try {
        items = await boomi.components.bulkGet(
          group.map((c) => c.devComponentId),
          { overrideAccount: devAccountId },
        );
      } catch (e) {
        failed.push(...group.map((c) => readFailure(c, e)));
        return;
      }
      group.forEach((component, i) => {
        const item = items[i]!;
        if ('error' in item) {
          failed.push(readFailure(component, item.error));
          return;
        }
        const source = item.component;
        inspect?.(component, source.doc, source.attributes.version ?? null);
        const stripped = stripEnvironmentValues(source.doc).stripped;
        const references = referencedIds(source.doc).filter((id) => id !== component.devComponentId);
        // The fetched component knows its folder better than a tree listed minutes ago (§5.5).
        const folderFullPath = source.attributes.folderFullPath ?? component.folderFullPath;
        read.push({
          component: { ...component, folderFullPath },
          source,
          stripped,
          references,
          devVersion: source.attributes.version ?? null,
        });
      });
    }),
  );
  // In the tree's order, whatever order the calls came back in.
  const order = new Map(tree.map((c, i) => [c.devComponentId, i]));
  const byTree = (a: { devComponentId: string }, b: { devComponentId: string }) =>
    order.get(a.devComponentId)! - order.get(b.devComponentId)!;
  read.sort((a, b) => byTree(a.component, b.component));
  failed.sort(byTree);
  return { read, failed };
}

/** What a component becomes on the branch, as Promo writes it (its branch aside): the mapping's hash. */
export const contentHash = (xml: string) => createHash('sha256').update(xml).digest('hex');

export function result(
  c: TreeComponent,
  r: Partial<ComponentResultRecord> & Pick<ComponentResultRecord, 'action' | 'status'>,
): ComponentResultRecord {
  return {
    seq: 0,
    devComponentId: c.devComponentId,
    name: c.name,
    type: c.type,
    prodComponentId: null,
    prodVersion: null,
    configStripped: false,
    strippedElements: [],
    errorMessage: null,
    ...r,
  };
}

const objectText = (doc: ComponentXml['doc']) => {
  const object = componentObject(doc);
  return object ? normalizeXml(object as unknown as Parameters<typeof normalizeXml>[0]) : '';
};

/**
 * Writes the tree onto the branch, bottom-up, as concurrently as its references allow: a
 * component starts once everything it refers to has a production id. The client's shared rate
 * limiter and in-flight bound pace the calls. After the first failure nothing new is started
 * (the branch is going to be deleted); dependents of a failure are SKIPPED, transitively.
 */
export async function writeTree(
  boomi: BoomiClient,
  work: readonly ComponentWork[],
  rootId: string,
  target: WriteTarget,
  onDone: (r: ComponentResultRecord) => Promise<void> | void,
): Promise<ComponentResultRecord[]> {
  const inTree = new Map(work.map((w) => [w.component.devComponentId, w]));
  const { ordered } = promotionOrder(
    work.map((w) => ({ id: w.component.devComponentId, type: w.component.type, references: w.references, w })),
    rootId,
  );
  const prodIds = new Map<string, string>([...target.known].map(([dev, m]) => [dev, m.prodComponentId]));
  const settled = new Map<string, Promise<ComponentResultRecord>>();
  let stopped = false;

  const promote = async (w: ComponentWork): Promise<ComponentResultRecord> => {
    const c = w.component;
    const deps = w.references.filter((id) => inTree.has(id) && id !== c.devComponentId);
    const depResults = await Promise.all(deps.map((id) => settled.get(id) ?? Promise.resolve(undefined)));
    const broken = depResults.find((r) => r && r.status !== 'SUCCESS');
    const base = { configStripped: w.stripped.length > 0, strippedElements: w.stripped };
    if (broken)
      return result(c, {
        ...base,
        action: 'SKIPPED',
        status: 'SKIPPED',
        errorMessage: `dependency ${broken.name} (${broken.devComponentId}) was not promoted`,
      });
    if (stopped)
      return result(c, {
        ...base,
        action: 'SKIPPED',
        status: 'SKIPPED',
        errorMessage: 'not attempted: the promotion stopped at an earlier failure',
      });
    try {
      const { unmapped } = rewriteReferences(w.source.doc, prodIds);
      if (unmapped.length)
        throw new Error(
          `refers to ${unmapped.join(', ')}, which is neither in this promotion nor mapped to a production component`,
        );
      const known = target.known.get(c.devComponentId);
      const folderId = target.folderIdOf(c.folderFullPath);
      const recorded = {
        ...base,
        devVersion: w.devVersion,
        contentHash: contentHash(toWriteXml(w.source, { name: c.name, folderId })),
      };
      if (!known) {
        const created = await boomi.components.create(
          toWriteXml(w.source, { name: c.name, folderId, branchId: target.branchId }),
        );
        const prodId = created.attributes.componentId!;
        prodIds.set(c.devComponentId, prodId);
        return result(c, {
          ...recorded,
          action: 'CREATED',
          status: 'SUCCESS',
          prodComponentId: prodId,
          prodVersion: created.attributes.version ?? 1,
        });
      }
      const step = target.plan?.get(c.devComponentId) ?? { kind: 'read', compare: 'branch', reason: null };
      const unchanged = (baseVersion: number | null, outcome: string | null) =>
        result(c, {
          ...recorded,
          action: 'UNCHANGED',
          status: 'SUCCESS',
          prodComponentId: known.prodComponentId,
          prodVersion: baseVersion ?? known.prodVersion,
          baseVersion,
          reason: explain(step, outcome),
        });
      let baseVersion = known.prodVersion;
      if (step.kind === 'read' && step.compare === 'hash') {
        // Main still holds what Promo wrote (the plan checked its version): same hash, same content.
        if (recorded.contentHash === known.contentHash)
          return unchanged(baseVersion, 'the dev component changed, but not what Promo writes from it');
      } else {
        // Main may hold something Promo did not write: compare with the branch's copy (no empty versions, D9).
        const current = await boomi.components.get(known.prodComponentId, { branchId: target.branchId });
        baseVersion = current.attributes.version ?? null;
        const same =
          objectText(current.doc) === objectText(w.source.doc) &&
          current.attributes.name === c.name &&
          current.attributes.folderId === folderId;
        if (same) return unchanged(baseVersion, step.reason ? 'main matches the dev component' : null);
      }
      const updated = await boomi.components.update(
        known.prodComponentId,
        toWriteXml(w.source, { componentId: known.prodComponentId, name: c.name, folderId, branchId: target.branchId }),
      );
      if (updated.status === 'unchanged') return unchanged(baseVersion, null);
      return result(c, {
        ...recorded,
        action: 'UPDATED',
        status: 'SUCCESS',
        prodComponentId: known.prodComponentId,
        prodVersion: updated.component.attributes.version ?? null,
        baseVersion,
        reason: explain(step, step.reason ? 'this promotion writes the dev component over it' : null),
      });
    } catch (e) {
      stopped = true;
      return result(c, { ...base, action: 'FAILED', status: 'FAILED', errorMessage: message(e) });
    }
  };

  for (const { w } of ordered) {
    const p = promote(w).then(async (r) => {
      await onDone(r);
      return r;
    });
    settled.set(w.component.devComponentId, p);
  }
  const results = await Promise.all(ordered.map(({ w }) => settled.get(w.component.devComponentId)!));
  return results.map((r, i) => ({ ...r, seq: i }));
}
