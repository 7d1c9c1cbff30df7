import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentCounts, dateWithAge, formatDate, plural } from './format.ts';

test('a queue card says when, how long ago, and how many components changed how', () => {
  const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString();
  assert.equal(dateWithAge(threeDaysAgo), `${formatDate(threeDaysAgo)} (3 days ago)`);
  assert.match(dateWithAge(new Date().toISOString()), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(today\)$/);
  assert.equal(dateWithAge(null), '-');
  assert.equal(componentCounts(10, 8, 2), '10 (8 new, 2 updated)');
  assert.equal(componentCounts(3, null, undefined), '3 (0 new, 0 updated)');
});

test('a count takes its noun in the right number', () => {
  assert.equal(plural(1, 'component'), '1 component');
  assert.equal(plural(0, 'component'), '0 components');
  assert.equal(plural(2, 'component'), '2 components');
  assert.equal(plural(3, 'shared connection'), '3 shared connections');
  assert.equal(plural(2, 'entry', 'entries'), '2 entries');
});
