import type { BoomiClient, ComponentXml } from '../../boomi/index.ts';
import { toWriteXml } from '../../boomi/index.ts';
import { isAppError } from '../../platform/errors.ts';
import type { ComponentResultRecord } from './promotion-store.ts';
import { promotionOrder } from './promotion-order.ts';
import { readStripped } from './stripping-rule.ts';
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
  known: ReadonlyMap<string, { prodComponentId: string; prodVersion: number | null }>;
  folderIdOf(devFolderFullPath: string): string;
}

export interface ComponentWork {
  component: TreeComponent;
  source: ComponentXml;
  stripped: string[];
  references: string[];
}

const message = (e: unknown) => (isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message);

/** Reads every component of the tree from the dev account and strips its environment values. */
export async function readTree(
  boomi: BoomiClient,
  devAccountId: string,
  tree: readonly TreeComponent[],
): Promise<{ read: ComponentWork[]; failed: ComponentResultRecord[] }> {
  const outcomes = await Promise.all(
    tree.map(async (component) => {
      try {
        const { source, stripped } = await readStripped(boomi, devAccountId, component.devComponentId);
        const references = referencedIds(source.doc).filter((id) => id !== component.devComponentId);
        // The fetched component knows its folder better than a tree listed minutes ago (§5.5).
        const folderFullPath = source.attributes.folderFullPath ?? component.folderFullPath;
        return {
          ok: true as const,
          work: { component: { ...component, folderFullPath }, source, stripped, references },
        };
      } catch (e) {
        return {
          ok: false as const,
          component,
          error: `Could not read the component from the dev account: ${message(e)}`,
        };
      }
    }),
  );
  return {
    read: outcomes.flatMap((o) => (o.ok ? [o.work] : [])),
    failed: outcomes.flatMap((o) =>
      o.ok ? [] : [result(o.component, { action: 'FAILED', status: 'FAILED', errorMessage: o.error })],
    ),
  };
}

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
      if (!known) {
        const created = await boomi.components.create(
          toWriteXml(w.source, { name: c.name, folderId, branchId: target.branchId }),
        );
        const prodId = created.attributes.componentId!;
        prodIds.set(c.devComponentId, prodId);
        return result(c, {
          ...base,
          action: 'CREATED',
          status: 'SUCCESS',
          prodComponentId: prodId,
          prodVersion: created.attributes.version ?? 1,
        });
      }
      // Skip the write when the branch already holds exactly this content (no empty versions, D9).
      const current = await boomi.components.get(known.prodComponentId, { branchId: target.branchId });
      const same =
        objectText(current.doc) === objectText(w.source.doc) &&
        current.attributes.name === c.name &&
        current.attributes.folderId === folderId;
      const baseVersion = current.attributes.version ?? null;
      if (same)
        return result(c, {
          ...base,
          action: 'UNCHANGED',
          status: 'SUCCESS',
          prodComponentId: known.prodComponentId,
          prodVersion: baseVersion ?? known.prodVersion,
          baseVersion,
        });
      const updated = await boomi.components.update(
        known.prodComponentId,
        toWriteXml(w.source, { componentId: known.prodComponentId, name: c.name, folderId, branchId: target.branchId }),
      );
      if (updated.status === 'unchanged')
        return result(c, {
          ...base,
          action: 'UNCHANGED',
          status: 'SUCCESS',
          prodComponentId: known.prodComponentId,
          prodVersion: baseVersion ?? known.prodVersion,
          baseVersion,
        });
      return result(c, {
        ...base,
        action: 'UPDATED',
        status: 'SUCCESS',
        prodComponentId: known.prodComponentId,
        prodVersion: updated.component.attributes.version ?? null,
        baseVersion,
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
