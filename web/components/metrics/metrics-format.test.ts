import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketLabel, formatDuration, formatPerDay, formatRate, presetPeriod } from './metrics-format.ts';

test('durations, rates and frequencies read as people say them', () => {
  assert.equal(formatDuration(null), '—');
  assert.equal(formatDuration(45 * 60), '45 min');
  assert.equal(formatDuration(17.5 * 3600), '17.5 h');
  assert.equal(formatDuration(3.25 * 86_400), '3.3 days');
  assert.equal(formatRate(0.5), '50%');
  assert.equal(formatRate(null), '—');
  assert.equal(formatPerDay(2.25), '2.3 per day');
  assert.equal(formatPerDay(0.2), '1.4 per week');
});

test('a preset ends with today (UTC) and picks its bucket', () => {
  const p = presetPeriod('90d', Date.parse('2026-03-10T15:00:00Z'));
  assert.deepEqual(p, { from: '2025-12-11T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z', bucket: 'week' });
  assert.equal(bucketLabel('2026-03-01T00:00:00.000Z', 'month'), 'Mar 2026');
  assert.equal(bucketLabel('2026-03-02T00:00:00.000Z', 'week'), '2 Mar');
});
