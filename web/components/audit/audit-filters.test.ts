import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_FILTERS, exportUrl, toAuditFilter } from './audit-filters.ts';

test('the form becomes filters over whole local days, blanks left out', () => {
  assert.deepEqual(toAuditFilter(EMPTY_FILTERS), {});
  const f = toAuditFilter({
    ...EMPTY_FILTERS,
    fromDate: '2026-03-01',
    toDate: '2026-03-01',
    action: ' peer_approved ',
  });
  assert.equal(f.action, 'PEER_APPROVED');
  assert.equal(new Date(f.from!).getTime(), new Date(2026, 2, 1).getTime());
  assert.equal(new Date(f.to!).getTime() - new Date(f.from!).getTime() > 22 * 3_600_000, true);
});

test('the export link carries the format and the filters', () => {
  assert.equal(
    exportUrl({ actor: 'a+b@x.example', action: 'X' }, 'csv'),
    '/api/audit/export?format=csv&actor=a%2Bb%40x.example&action=X',
  );
});
