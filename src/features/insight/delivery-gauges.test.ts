import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { systemClock } from '../../platform/clock.ts';
import { registerDeliveryGauges } from './delivery-gauges.ts';
import { assemble } from './delivery-rules.ts';

const figures = { deployments: 3, failures: 1, leadTime: { count: 3, median: 7200, p90: 9000 } };
const restore = { count: 1, median: 600, p90: 600 };

test('one query per cache period feeds all four gauges; a failing query leaves them out of the scrape', async () => {
  let now = Date.parse('2026-03-31T00:00:00Z');
  let calls = 0;
  let failing = false;
  const registry = new Registry();
  const warnings: string[] = [];
  registerDeliveryGauges(registry, {
    clock: { ...systemClock, now: () => now },
    log: { warn: (_o, msg) => warnings.push(msg) },
    service: {
      async forGauges(from, to, failureWindowHours) {
        calls++;
        if (failing) throw new Error('database down');
        const group = { key: 'TEAM_A', name: 'Team A', bucket: null, ...figures, restore };
        return assemble(
          [
            { ...group, scope: 'ALL' },
            { ...group, scope: 'TEAM' },
          ],
          {
            from,
            to,
            bucket: 'month',
            failureWindowHours,
          },
        );
      },
    },
  });
  const text = await registry.metrics();
  assert.equal(calls, 1, 'four gauges, one query');
  assert.match(text, /promo_deployment_frequency\{team="all"\} 0\.1\n/);
  assert.match(text, /promo_lead_time_seconds\{team="Team A",quantile="0\.9"\} 9000\n/);
  assert.match(text, /promo_change_failure_rate\{team="Team A"\} 0\.3333\n/);
  assert.match(text, /promo_time_to_restore_seconds\{team="all",quantile="0\.5"\} 600\n/);
  now += 30_000;
  await registry.metrics();
  assert.equal(calls, 1, 'cached for a minute');
  now += 30_000;
  failing = true;
  const down = await registry.metrics();
  assert.equal(calls, 2);
  assert.doesNotMatch(down, /promo_deployment_frequency\{/);
  assert.deepEqual(warnings, ['delivery metrics for /metrics failed']);
});
