import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, foldRanges, lineDiff } from './diff-model.ts';

const xml = (n: number, change?: number) =>
  Array.from({ length: n }, (_, i) => `<line n="${i}"${i === change ? ' changed="yes"' : ''}/>`).join('\n');

test('counts additions, deletions and unchanged lines', () => {
  assert.deepEqual(lineDiff('', '').stats, { additions: 0, deletions: 0, unchanged: 0 });
  assert.deepEqual(lineDiff('', 'a\nb\n').stats, { additions: 2, deletions: 0, unchanged: 0 });
  assert.deepEqual(lineDiff('a\nb', '').stats, { additions: 0, deletions: 2, unchanged: 0 });
  assert.deepEqual(lineDiff('a\nb\nc', 'a\nB\nc\nd').stats, { additions: 2, deletions: 1, unchanged: 2 });
});

test('line numbers follow each side', () => {
  const { lines } = lineDiff('a\nb\nc', 'a\nx\nb\nc');
  assert.deepEqual(
    lines.map((l) => [l.kind, 'oldNo' in l ? l.oldNo : null, 'newNo' in l ? l.newNo : null]),
    [
      ['same', 1, 1],
      ['add', null, 2],
      ['same', 2, 3],
      ['same', 3, 4],
    ],
  );
});

test('unchanged runs fold with three lines of context, and expand one by one or all', () => {
  const { lines } = lineDiff(xml(100, -1), xml(100, 50));
  const folds = foldRanges(lines, 3);
  assert.equal(folds.length, 2);
  const rows = buildRows(lines, { split: true, expandAll: false, expanded: new Set() });
  assert.deepEqual(
    rows.filter((r) => r.kind === 'fold').map((r) => r.kind === 'fold' && r.hidden),
    [47, 46],
  );
  // The changed line pairs the removed main line with the added branch line.
  const pair = rows.find((r) => r.kind === 'pair' && r.left?.kind === 'del');
  assert.ok(pair && pair.kind === 'pair' && pair.right?.kind === 'add');
  const one = buildRows(lines, { split: false, expandAll: false, expanded: new Set([folds[0]!.id]) });
  assert.equal(one.filter((r) => r.kind === 'fold').length, 1);
  assert.equal(buildRows(lines, { split: false, expandAll: true, expanded: new Set() }).length, 101);
});

test('a 1 MB component with a few changes diffs quickly', () => {
  const big = xml(60_000);
  assert.ok(big.length > 1_000_000);
  const edited = big.replace('<line n="100"/>', '<line n="100" x="1"/>').replace('<line n="20000"/>\n', '');
  const t0 = performance.now();
  const { stats } = lineDiff(big, edited);
  const ms = performance.now() - t0;
  assert.deepEqual(stats, { additions: 1, deletions: 2, unchanged: 59_998 });
  assert.ok(ms < 2000, `took ${ms} ms`);
});
