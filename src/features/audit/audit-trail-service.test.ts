import { test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../platform/clock.ts';
import { GENESIS_HASH, chainHash, type ChainLink } from './audit-chain.ts';
import { createAuditTrailService } from './audit-trail-service.ts';
import type { AuditTrailStore, TrailEvent } from './audit-trail-store.ts';

/** An in-memory trail of `n` sealed events, read the way the PostgreSQL store reads it. */
function fakeStore(n: number, unchained?: number): AuditTrailStore & { reads: number } {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const canonical = `[${seq}, "e${seq}"]`;
    const hash = chainHash(prev, canonical);
    links.push({ id: seq + 100, chainSeq: seq, prevHash: prev, hash, canonical });
    prev = hash;
  }
  const event = (l: ChainLink): TrailEvent => ({
    id: l.id,
    chainSeq: l.chainSeq,
    occurredAt: '2026-01-01T00:00:00.000000Z',
    actor: l.chainSeq === 1 ? '@SUM(A1)' : 'a@x.example',
    action: 'X',
    promotionId: null,
    fromStatus: null,
    toStatus: null,
    details: { seq: l.chainSeq },
    prevHash: l.prevHash,
    hash: l.hash,
  });
  const store = {
    reads: 0,
    list: async () => [],
    async after(_f, afterSeq, limit) {
      store.reads++;
      return links
        .filter((l) => l.chainSeq > afterSeq)
        .slice(0, limit)
        .map(event);
    },
    async links(afterSeq, limit) {
      store.reads++;
      return links.filter((l) => l.chainSeq > afterSeq).slice(0, limit);
    },
    firstUnchained: async () => unchained,
  } satisfies AuditTrailStore & { reads: number };
  return store;
}

const collect = async (lines: AsyncGenerator<string>) => {
  const out: string[] = [];
  for await (const l of lines) out.push(l);
  return out;
};

test('verify walks every batch, batch boundaries included', async () => {
  const store = fakeStore(12);
  const v = await createAuditTrailService({ store, clock: systemClock, batchSize: 5 }).verify();
  assert.equal(v.ok, true);
  assert.equal(v.checked, 12);
  assert.equal(v.head?.eventId, 112);
  assert.equal(store.reads, 3);
});

test('an event off the chain fails a chain that otherwise verifies', async () => {
  const v = await createAuditTrailService({ store: fakeStore(3, 999), clock: systemClock }).verify();
  assert.equal(v.ok, false);
  assert.equal(v.firstFailure?.reason, 'UNCHAINED');
  assert.equal(v.firstFailure?.eventId, 999);
});

test('the export reads in batches, in chain order, one CSV header, formulas defused', async () => {
  const service = createAuditTrailService({ store: fakeStore(12), clock: systemClock, batchSize: 5 });
  const csv = await collect(service.exportLines({}, 'csv'));
  assert.equal(csv.length, 13);
  assert.match(csv[0]!, /^chainSeq,id,occurredAt,/);
  assert.match(csv[1]!, /^1,101,2026-01-01T00:00:00.000000Z,'@SUM\(A1\),X,,,,"{""seq"":1}",0{64},[0-9a-f]{64}\r\n$/);
  const jsonl = await collect(service.exportLines({}, 'jsonl'));
  assert.deepEqual(
    jsonl.map((l) => (JSON.parse(l) as TrailEvent).chainSeq),
    Array.from({ length: 12 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    await collect(createAuditTrailService({ store: fakeStore(0), clock: systemClock }).exportLines({}, 'jsonl')),
    [],
  );
});
