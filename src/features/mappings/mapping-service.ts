import type { MappingInput } from '../../contracts/mappings.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Mapping, MappingQuery, MappingStore, NewMapping, PromotedComponent } from './mapping-store.ts';

export interface MappingService {
  query(q: MappingQuery): Promise<Mapping[]>;
  /** Committed mappings of the given dev components of one account. */
  forComponents(devAccountId: string, devComponentIds: readonly string[]): Promise<Mapping[]>;
  /** Admin write: create or update on (devComponentId, devAccountId). */
  upsert(caller: Caller, input: MappingInput): Promise<Mapping>;
  delete(caller: Caller, key: { devComponentId: string; devAccountId: string }): Promise<Mapping | undefined>;
  /** A promotion's component reached main: record (or move) its production id, in the caller's transaction. */
  recordPromoted(tx: Tx, m: Omit<NewMapping, 'lastPromotedAt' | 'mappingSource'>): Promise<Mapping>;
  /** Main's versions read back after a merge, in the caller's transaction. */
  recordVersions(tx: Tx, versions: ReadonlyMap<string, number>, opts?: { forgetContent?: boolean }): Promise<number>;
  promotedComponents(): Promise<PromotedComponent[]>;
}

export function createMappingService(deps: {
  store: MappingStore;
  db: Transactor;
  audit: AuditLog;
  clock: Clock;
  primaryAccountId: string;
}): MappingService {
  const { store, db, audit, clock, primaryAccountId } = deps;
  return {
    query: (q) => store.query(q),
    forComponents: (devAccountId, ids) => store.forComponents(devAccountId, ids),
    async upsert(caller, input) {
      // Every mapping points into the one primary account (10-backend.md §8 #69).
      if (input.prodAccountId && input.prodAccountId !== primaryAccountId) {
        throw new AppError(
          'INVALID_REQUEST',
          `mapping.prodAccountId: must be the primary account '${primaryAccountId}'`,
          { details: { field: 'mapping.prodAccountId' } },
        );
      }
      return db.transaction(async (tx) => {
        const saved = await store.upsert(
          {
            devComponentId: input.devComponentId,
            devAccountId: input.devAccountId,
            prodComponentId: input.prodComponentId,
            componentName: input.componentName,
            componentType: input.componentType,
            prodAccountId: primaryAccountId,
            prodLatestVersion: input.prodLatestVersion ?? 0,
            lastPromotedAt: new Date(clock.now()),
            lastPromotedBy: caller.email,
            // An admin's write is a seeding unless they say otherwise.
            mappingSource: input.mappingSource ?? 'ADMIN_SEEDING',
          },
          tx,
        );
        await audit.record(tx, { actor: caller.email, action: 'MAPPING_UPSERTED', details: { ...input } });
        return saved;
      });
    },
    recordVersions: (tx, versions, opts) => store.recordVersions(tx, versions, new Date(clock.now()), opts),
    promotedComponents: () => store.promotedComponents(),
    recordPromoted: (tx, m) =>
      store.upsert({ ...m, lastPromotedAt: new Date(clock.now()), mappingSource: 'PROMOTION_ENGINE' }, tx),
    delete: (caller, key) =>
      db.transaction(async (tx) => {
        const gone = await store.delete(key, tx);
        if (gone)
          await audit.record(tx, {
            actor: caller.email,
            action: 'MAPPING_DELETED',
            details: { ...key, prodComponentId: gone.prodComponentId },
          });
        return gone;
      }),
  };
}
