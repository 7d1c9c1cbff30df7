import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS_HASH, chainHash, createChainWalker, type ChainLink } from './audit-chain.ts';

/** A well-formed chain of `n` events with ids 10, 11, ... */
function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const canonical = `[${i}, ${i + 9}, "event ${i}"]`;
    const hash = chainHash(prev, canonical);
    links.push({ id: i + 9, chainSeq: i, prevHash: prev, hash, canonical });
    prev = hash;
  }
  return links;
}

const walk = (links: ChainLink[]) => {
  const w = createChainWalker();
  for (const l of links) {
    const failure = w.step(l);
    if (failure) return { failure, checked: w.checked(), head: w.head() };
  }
  return { failure: undefined, checked: w.checked(), head: w.head() };
};

test('a well-formed chain verifies and names its head', () => {
  const links = chain(5);
  const r = walk(links);
  assert.equal(r.failure, undefined);
  assert.equal(r.checked, 5);
  assert.deepEqual(r.head, { chainSeq: 5, eventId: 14, hash: links[4]!.hash });
});

test('the hash is sha256 over the previous hash and the content', () => {
  assert.equal(chainHash('', 'abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.notEqual(chainHash(GENESIS_HASH, 'a'), chainHash(GENESIS_HASH, 'b'));
});

test('changed content is named as the event that changed', () => {
  const links = chain(4);
  links[2] = { ...links[2]!, canonical: links[2]!.canonical.replace('event', 'EVENT') };
  const r = walk(links);
  assert.equal(r.failure?.reason, 'CONTENT_CHANGED');
  assert.equal(r.failure?.eventId, 12);
  assert.equal(r.checked, 2);
});

test('content changed and re-hashed breaks the next link', () => {
  const links = chain(4);
  const forged = `${links[1]!.canonical}!`;
  links[1] = { ...links[1]!, canonical: forged, hash: chainHash(links[1]!.prevHash!, forged) };
  const r = walk(links);
  assert.equal(r.failure?.reason, 'LINK_BROKEN');
  assert.equal(r.failure?.eventId, 12);
});

test('a deleted event is a hole named by the event after it', () => {
  const links = chain(6);
  links.splice(2, 2);
  const r = walk(links);
  assert.equal(r.failure?.reason, 'MISSING');
  assert.equal(r.failure?.eventId, 14);
  assert.match(r.failure!.message, /positions 3 to 4 are missing/);
});

test('a chain that starts anywhere but the genesis is refused', () => {
  assert.equal(walk(chain(3).slice(1)).failure?.reason, 'MISSING');
  const first = chain(1)[0]!;
  assert.equal(walk([{ ...first, prevHash: 'f'.repeat(64) }]).failure?.reason, 'LINK_BROKEN');
  assert.equal(walk([{ ...first, hash: null }]).failure?.reason, 'CONTENT_CHANGED');
});
