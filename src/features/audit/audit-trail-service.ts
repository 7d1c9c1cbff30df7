import type { z } from 'zod';
import type { AuditVerification } from '../../contracts/audit.ts';
import { csvLine } from '../../contracts/csv.ts';
import type { Clock } from '../../platform/clock.ts';
import { createChainWalker, unchainedFailure, type ChainFailure } from './audit-chain.ts';
import type { AuditTrailFilter, AuditTrailStore, TrailEvent } from './audit-trail-store.ts';

export type Verification = z.input<typeof AuditVerification>;
export type ExportFormat = 'csv' | 'jsonl';

export interface AuditTrailService {
  list(
    filter: AuditTrailFilter,
    page: { beforeSeq?: number | undefined; limit: number },
  ): Promise<{ events: TrailEvent[]; nextBeforeSeq: number | null }>;
  verify(): Promise<Verification>;
  /** The export, a line at a time (CSV with a header first, or JSON lines), read in batches. */
  exportLines(filter: AuditTrailFilter, format: ExportFormat): AsyncGenerator<string>;
}

export interface AuditTrailDeps {
  store: AuditTrailStore;
  clock: Clock;
  /** Events read per query while verifying or exporting. */
  batchSize?: number;
}

export const EXPORT_COLUMNS = [
  'chainSeq',
  'id',
  'occurredAt',
  'actor',
  'action',
  'promotionId',
  'fromStatus',
  'toStatus',
  'details',
  'prevHash',
  'hash',
] as const;

const csvRow = (e: TrailEvent) =>
  csvLine([
    e.chainSeq,
    e.id,
    e.occurredAt,
    e.actor,
    e.action,
    e.promotionId,
    e.fromStatus,
    e.toStatus,
    JSON.stringify(e.details),
    e.prevHash,
    e.hash,
  ]);

export function createAuditTrailService(deps: AuditTrailDeps): AuditTrailService {
  const { store, clock } = deps;
  const batch = deps.batchSize ?? 5000;
  return {
    async list(filter, page) {
      const events = await store.list(filter, page);
      const last = events.at(-1);
      return { events, nextBeforeSeq: events.length === page.limit && last ? last.chainSeq : null };
    },

    async verify() {
      const started = clock.now();
      const walker = createChainWalker();
      let failure: ChainFailure | undefined;
      let after = 0;
      // Keyset batches: memory stays flat however long the trail is. Events committed while the
      // walk runs join the end of the chain, so they are walked too or simply come after the head.
      walk: for (;;) {
        const links = await store.links(after, batch);
        for (const link of links) {
          failure = walker.step(link);
          if (failure) break walk;
        }
        if (links.length < batch) break;
        after = links.at(-1)!.chainSeq;
      }
      if (!failure) {
        const unchained = await store.firstUnchained();
        if (unchained !== undefined) failure = unchainedFailure(unchained);
      }
      const now = clock.now();
      return {
        ok: !failure,
        checked: walker.checked(),
        head: walker.head(),
        firstFailure: failure ?? null,
        verifiedAt: new Date(now).toISOString(),
        durationMs: Math.max(0, Math.round(now - started)),
      };
    },

    async *exportLines(filter, format) {
      // The first batch is read before the header goes out: a database that is down answers as
      // an error envelope, not as a 200 with a truncated file.
      let events = await store.after(filter, 0, batch);
      if (format === 'csv') yield csvLine(EXPORT_COLUMNS);
      for (;;) {
        for (const e of events) yield format === 'csv' ? csvRow(e) : `${JSON.stringify(e)}\n`;
        if (events.length < batch) return;
        events = await store.after(filter, events.at(-1)!.chainSeq!, batch);
      }
    },
  };
}
