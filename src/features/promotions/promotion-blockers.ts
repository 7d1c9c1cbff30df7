import { blockerAdvice } from '../../contracts/promotion-guide.ts';
import { AppError } from '../../platform/errors.ts';
import type { Promotion } from './promotion-store.ts';

/** An open promotion that refuses a new promotion of some components, and which of them it carries. */
export interface Blocker {
  promotion: Promotion;
  /** Empty for a running promotion: it blocks its whole account, and its results are not written yet. */
  sharedComponentIds: string[];
}

/**
 * The open promotions that make executePromotion of these components refuse: a running one (one
 * per dev account at a time), and any carrying one of them, which would otherwise be overwritten
 * by whichever merges last (§8 #35). P2's warning and the refusal read the same list, in order.
 */
export function blockersOf(
  open: ReadonlyArray<{ promotion: Promotion; devComponentIds: string[] }>,
  devComponentIds: readonly string[],
): Blocker[] {
  const wanted = new Set(devComponentIds);
  const out: Blocker[] = [];
  for (const o of open) {
    if (o.promotion.status === 'IN_PROGRESS') out.push({ promotion: o.promotion, sharedComponentIds: [] });
    else {
      const shared = o.devComponentIds.filter((id) => wanted.has(id));
      if (shared.length) out.push({ promotion: o.promotion, sharedComponentIds: shared });
    }
  }
  return out;
}

/**
 * The refusal a blocker causes. It names the blocker with its status and process, so the error
 * page links to it and advises what fits its status (not "withdraw it" for one only promoted).
 */
export function blockerError(b: Blocker, devAccountId: string): AppError {
  const p = b.promotion;
  const fields = {
    conflictingPromotionId: p.promotionId,
    conflictingStatus: p.status,
    conflictingProcessName: p.processName,
    conflictingInitiatedBy: p.initiatedBy,
  };
  if (p.status === 'IN_PROGRESS')
    return new AppError(
      'PROMOTION_IN_PROGRESS',
      `Another promotion (${p.promotionId}) is running for dev account '${devAccountId}'; ` +
        'try again when it has finished.',
      { fields },
    );
  const which = `${p.processName ?? 'unnamed process'}, ${p.status}, started by ${p.initiatedBy}`;
  return new AppError(
    'PROMOTION_CONFLICT',
    `Promotion ${p.promotionId} (${which}) already carries ${b.sharedComponentIds.length} of these components ` +
      `and has not reached production. ${blockerAdvice(p.status)}`,
    { fields: { ...fields, conflictingComponentIds: b.sharedComponentIds } },
  );
}
