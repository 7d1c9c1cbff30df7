import { createHash } from 'node:crypto';

/**
 * The tamper-evident chain of audit events (ADR 0022). Each event's hash is
 * sha256(previous hash + canonical content), from a genesis of 64 zeros; the database seals an
 * event at commit (migration 0022) and renders the canonical content, so it re-reads identically.
 */
export const GENESIS_HASH = '0'.repeat(64);

export const chainHash = (prevHash: string, canonical: string) =>
  createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');

/** One sealed event as the verifier reads it, in chain order. */
export interface ChainLink {
  id: number;
  chainSeq: number;
  prevHash: string | null;
  hash: string | null;
  /** The content as the database renders it for hashing (`audit_event_canonical`). */
  canonical: string;
}

export type ChainFailureReason = 'CONTENT_CHANGED' | 'LINK_BROKEN' | 'MISSING' | 'UNCHAINED';

export interface ChainFailure {
  reason: ChainFailureReason;
  /** The first event that does not verify (for MISSING: the one after the gap). */
  eventId: number | null;
  chainSeq: number | null;
  message: string;
}

export interface ChainHead {
  chainSeq: number;
  eventId: number;
  hash: string;
}

const short = (h: string | null) => (h ? `${h.slice(0, 12)}...` : 'none');

/**
 * Walks the chain one event at a time, so a caller can stream it in batches. `step` answers the
 * first failure and nothing after it matters: once a link is broken, every later one is suspect.
 */
export function createChainWalker() {
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let head: ChainHead | null = null;
  return {
    step(link: ChainLink): ChainFailure | undefined {
      const at = `Event #${link.id} (chain position ${link.chainSeq})`;
      if (link.chainSeq !== expectedSeq) {
        const gap =
          link.chainSeq - 1 === expectedSeq
            ? `position ${expectedSeq} is`
            : `positions ${expectedSeq} to ${link.chainSeq - 1} are`;
        return {
          reason: 'MISSING',
          eventId: link.id,
          chainSeq: link.chainSeq,
          message: `The chain has a hole before event #${link.id}: ${gap} missing (deleted events).`,
        };
      }
      if (link.prevHash !== prev)
        return {
          reason: 'LINK_BROKEN',
          eventId: link.id,
          chainSeq: link.chainSeq,
          message: `${at} does not link to the event before it: it names ${short(link.prevHash)}, the chain has ${short(prev)}.`,
        };
      if (!link.hash || chainHash(link.prevHash, link.canonical) !== link.hash)
        return {
          reason: 'CONTENT_CHANGED',
          eventId: link.id,
          chainSeq: link.chainSeq,
          message: `${at} was changed after it was recorded: its content no longer matches its hash.`,
        };
      prev = link.hash;
      expectedSeq += 1;
      head = { chainSeq: link.chainSeq, eventId: link.id, hash: link.hash };
      return undefined;
    },
    /** The last event that verified; worth writing down elsewhere, as it also proves the tail. */
    head: () => head,
    checked: () => expectedSeq - 1,
  };
}

/** An event the chain never sealed: recorded with the chain trigger switched off. */
export const unchainedFailure = (eventId: number): ChainFailure => ({
  reason: 'UNCHAINED',
  eventId,
  chainSeq: null,
  message: `Event #${eventId} is not on the chain: it was written while the chain trigger was off.`,
});
