import type { BoomiClient } from '../../boomi/index.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { readMainVersions } from './main-versions.ts';
import type { MappingService } from './mapping-service.ts';

export interface RecordedVersionsDeps {
  boomi: BoomiClient;
  mappings: Pick<MappingService, 'recordVersions'>;
  db: Transactor;
  audit: AuditLog;
}

export interface RefreshOutcome {
  refreshed: number;
  /** Set when Boomi could not be read: the record keeps its old versions, the caller goes on. */
  warning?: string;
}

/**
 * After a merge, main holds each merged component at a version of its own (an OVERRIDE merge
 * writes new revisions), not the branch version the promotion recorded. Reads main's versions
 * back in batched metadata queries and records them as the versions Promo last merged, the
 * baseline drift is measured against. Never throws: a merge or deployment that succeeded must
 * not fail for it; a failure is audited and answered as a warning.
 */
export async function refreshRecordedVersions(
  deps: RecordedVersionsDeps,
  prodComponentIds: readonly string[],
  context: { actor: string; promotionId?: string | undefined } = { actor: 'system' },
): Promise<RefreshOutcome> {
  if (prodComponentIds.length === 0) return { refreshed: 0 };
  try {
    const current = await readMainVersions(deps.boomi, prodComponentIds);
    const versions = new Map<string, number>();
    for (const [id, m] of current) if (m.version !== undefined && m.deleted !== true) versions.set(id, m.version);
    const refreshed = await deps.db.transaction((tx) => deps.mappings.recordVersions(tx, versions));
    return { refreshed };
  } catch (e) {
    const warning = `Main's versions of the merged components could not be read back: ${(e as Error).message}`;
    await deps.db
      .transaction((tx) =>
        deps.audit.record(tx, {
          actor: context.actor,
          action: 'RECORDED_VERSIONS_NOT_REFRESHED',
          promotionId: context.promotionId,
          details: { components: prodComponentIds.length, reason: (e as Error).message.slice(0, 500) },
        }),
      )
      .catch(() => undefined);
    return { refreshed: 0, warning };
  }
}
