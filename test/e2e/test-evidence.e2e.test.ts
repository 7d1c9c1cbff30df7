import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { DEMO } from '../../emulator/index.ts';
import { demoApi } from './demo-api.ts';

/**
 * Issue 16 part 2 in the browser: P9 shows a test deployment's test evidence and runs the test
 * process again; the reviewer sees the run's outcome on P6. The promoted process is its own test
 * process here: the TEST deployment put it in the Test environment, where the emulator runs it.
 */
describe('test evidence (P9, P6)', { timeout: 180_000 }, () => {
  let d: Dashboard;
  before(async () => {
    d = await startDashboard();
  });
  after(async () => d?.close());

  test('alice names a test process and runs it on P9; bob reads the passing run on P6', async () => {
    const api = demoApi(d.url);
    const testId = await api.promote(DEMO.packages.orderProcessingMain);
    await api.deployToTest(testId, { existingPackId: DEMO.packs.ordersTest.id });
    const runs = await api.call('getTestRuns', { promotionId: testId }, 'alice');
    const processId = runs.processId as string;
    assert.ok(processId, JSON.stringify(runs));
    const set = await api.call('setTestProcess', { processId, testProcessId: processId }, 'alice');
    assert.equal(set.success, true, JSON.stringify(set));

    const alice = await d.as('alice');
    await alice.goto('/production-readiness');
    await alice.getByRole('row', { name: /Order Processing Main/ }).click();
    const panel = alice.getByRole('region', { name: 'Test Evidence' });
    await panel.getByText('No test run yet.').waitFor();
    await panel.getByRole('button', { name: 'Run test process again' }).click();
    await panel.getByText('PASSED').waitFor({ timeout: 30_000 });
    await panel.getByText('Boomi COMPLETE').waitFor();
    await screenshot(alice, 'test-evidence-p9');

    const prodId = await api.submitProduction(testId);
    const bob = await d.as('bob');
    await bob.goto(`/reviews/peer/${prodId}`);
    const onP6 = bob.getByRole('region', { name: 'Test Evidence' });
    await onP6.getByText('PASSED').waitFor();
    assert.equal(await onP6.getByRole('button', { name: 'Run test process again' }).count(), 0);
  });
});
