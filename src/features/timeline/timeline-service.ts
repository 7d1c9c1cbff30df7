import type { z } from 'zod';
import type { getPromotionTimeline } from '../../contracts/timeline.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Promotion, PromotionRecords } from '../promotions/promotion-service.ts';
import { toTimelineEvent, type KnownNames } from './timeline-event.ts';

export type TimelineResponse = z.input<typeof getPromotionTimeline.response>;

export interface TimelineService {
  /** The action's door has checked that the caller may see the promotion (and so its family). */
  timeline(promotionId: string): Promise<TimelineResponse>;
}

export interface TimelineDeps {
  audit: Pick<AuditLog, 'forPromotion'>;
  records: Pick<PromotionRecords, 'get' | 'productionRecordsOf'>;
  /** The pack and environment names a promotion's deployments recorded, by id. */
  deploymentNames(promotionId: string): Promise<KnownNames>;
}

const iso = (d: Date) => new Date(d).toISOString();

/**
 * A promotion's history as one story. A production request is a record of its own, made from a
 * tested promotion (`testPromotionId`); its history starts with the test record's (promoted,
 * deployed to Test), and a test record's goes on with the production requests made from it. All
 * share the dev account the door checked.
 */
export function createTimelineService(deps: TimelineDeps): TimelineService {
  const { audit, records } = deps;
  return {
    async timeline(promotionId) {
      const p = await records.get(promotionId);
      if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion '${promotionId}'`);
      const test = p.testPromotionId ? await records.get(p.testPromotionId) : undefined;
      const productions = (await records.productionRecordsOf(test?.promotionId ?? p.promotionId)).filter(
        (r) => r.promotionId !== p.promotionId,
      );
      const family: Promotion[] = [p, ...(test ? [test] : []), ...productions];
      const [histories, names] = await Promise.all([
        Promise.all(family.map((r) => audit.forPromotion(r.promotionId))),
        mergedNames(deps, family),
      ]);
      // Audit ids grow with every event, across records: their order is the order things happened.
      const events = histories
        .flat()
        .sort((a, b) => a.id - b.id)
        .map((e) => toTimelineEvent(e, names));
      return {
        promotionId: p.promotionId,
        related: [
          ...(test
            ? [
                {
                  promotionId: test.promotionId,
                  relation: 'TEST' as const,
                  status: test.status,
                  initiatedAt: iso(test.initiatedAt),
                },
              ]
            : []),
          ...productions.map((r) => ({
            promotionId: r.promotionId,
            relation: 'PRODUCTION' as const,
            status: r.status,
            initiatedAt: iso(r.initiatedAt),
          })),
        ],
        events,
      };
    },
  };
}

/** Pack names from the records themselves and from the releases; environment names from the deployments. */
async function mergedNames(deps: TimelineDeps, family: readonly Promotion[]): Promise<KnownNames> {
  const packs = new Map<string, string>();
  const environments = new Map<string, string>();
  for (const r of family) {
    if (r.integrationPackId && r.integrationPackName) packs.set(r.integrationPackId, r.integrationPackName);
    if (r.testIntegrationPackId && r.testIntegrationPackName)
      packs.set(r.testIntegrationPackId, r.testIntegrationPackName);
  }
  for (const known of await Promise.all(family.map((r) => deps.deploymentNames(r.promotionId)))) {
    for (const [id, name] of known.packs) packs.set(id, name);
    for (const [id, name] of known.environments) environments.set(id, name);
  }
  return { packs, environments };
}
