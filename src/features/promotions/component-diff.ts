import type { z } from 'zod';
import type { generateComponentDiff } from '../../contracts/promotions.ts';
import type { BoomiClient, ComponentXml } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { PromotionStore } from './promotion-store.ts';
import { normalizeXml } from './xml/normalize-xml.ts';
import { summarizeChanges } from './xml/change-summary.ts';

export type DiffRequest = z.output<typeof generateComponentDiff.request>;
export type DiffResponse = z.input<typeof generateComponentDiff.response>;

const notFound = (e: unknown) => isAppError(e) && e.code === 'COMPONENT_NOT_FOUND';

/**
 * Branch vs main for one promoted component, both normalized (10-backend.md §2.10), with what a
 * reviewer needs beyond the seed: a change summary, and a warning when main moved on after the
 * branch was taken (the OVERRIDE merge would silently overwrite that change).
 */
export async function componentDiff(
  deps: { boomi: BoomiClient; store: PromotionStore },
  req: DiffRequest,
): Promise<DiffResponse> {
  const { boomi } = deps;
  let branch: ComponentXml;
  try {
    branch = await boomi.components.get(req.prodComponentId, { branchId: req.branchId });
  } catch (e) {
    if (notFound(e) || (isAppError(e) && e.code === 'API_ERROR'))
      throw new AppError('COMPONENT_NOT_FOUND', `Component ${req.prodComponentId} not found in branch ${req.branchId}`);
    throw e;
  }
  const wanted =
    req.componentAction === 'CREATE' || req.componentAction === 'CREATED'
      ? 'CREATE'
      : req.componentAction
        ? 'UPDATE'
        : undefined;
  let main: ComponentXml | undefined;
  if (wanted !== 'CREATE') {
    try {
      main = await boomi.components.get(req.prodComponentId);
    } catch (e) {
      if (!notFound(e)) throw e;
      if (wanted === 'UPDATE')
        throw new AppError('COMPONENT_NOT_FOUND', `Component ${req.prodComponentId} not found in main`);
    }
  }
  const action = main ? 'UPDATE' : 'CREATE';
  const mainVersion = main?.attributes.version ?? 0;

  const owner = req.promotionId ? await deps.store.get(req.promotionId) : await deps.store.findByBranch(req.branchId);
  const recorded = owner
    ? (await deps.store.results(owner.promotionId)).find((r) => r.prodComponentId === req.prodComponentId)
    : undefined;
  const baseVersion = recorded?.baseVersion ?? null;
  const mainChanged = action === 'UPDATE' && baseVersion !== null && mainVersion > baseVersion;

  return {
    prodComponentId: req.prodComponentId,
    componentName: req.componentName ?? branch.attributes.name ?? '',
    componentAction: action,
    branchXml: normalizeXml(branch.doc),
    mainXml: main ? normalizeXml(main.doc) : '',
    branchVersion: branch.attributes.version ?? 0,
    mainVersion,
    summary: summarizeChanges(main?.doc, branch.doc),
    mainChangedSinceBranch: mainChanged,
    mainChangedWarning: mainChanged
      ? `Main moved from version ${baseVersion} to ${mainVersion} after this branch was taken; approving merges with OVERRIDE and replaces that change.`
      : null,
  };
}
