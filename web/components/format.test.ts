import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentCounts, dateWithAge, formatDate, formatTime, plural } from './format.ts';

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

test('counts agree with their nouns: one connection, two connections, no connections', () => {
  assert.equal(plural(1, 'connection'), '1 connection');
  assert.equal(plural(2, 'connection'), '2 connections');
  assert.equal(plural(0, 'connection'), '0 connections');
  assert.equal(plural(1, 'component with credentials', 'components with credentials'), '1 component with credentials');
  assert.equal(plural(4, 'component with credentials', 'components with credentials'), '4 components with credentials');
});

test('a live list says the time of its last read to the second', () => {
  const at = new Date(2026, 1, 14, 9, 5, 7).getTime();
  assert.equal(formatTime(at), '09:05:07');
});
