import type { ChainLink } from './audit-chain.ts';

/** Filters of the list and the export; all optional, combined with AND. */
export interface AuditTrailFilter {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  promotionId?: string | undefined;
}

/** An audit event with its place on the chain, as the Audit page and the export show it. */
export interface TrailEvent {
  id: number;
  chainSeq: number | null;
  /** UTC at microsecond precision, exactly as hashed. */
  occurredAt: string;
  actor: string;
  action: string;
  promotionId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown>;
  prevHash: string | null;
  hash: string | null;
}

export interface AuditTrailStore {
  /** Newest first, sealed events only, before a chain position when given. */
  list(filter: AuditTrailFilter, page: { beforeSeq?: number | undefined; limit: number }): Promise<TrailEvent[]>;
  /** Oldest first, after a chain position: the export reads the trail in these. */
  after(filter: AuditTrailFilter, afterSeq: number, limit: number): Promise<TrailEvent[]>;
  /** Sealed events in chain order after a position, with the content as hashed. */
  links(afterSeq: number, limit: number): Promise<ChainLink[]>;
  /** The first event the chain never sealed, if any. */
  firstUnchained(): Promise<number | undefined>;
}
