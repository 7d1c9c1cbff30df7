import { startDashboard } from '../test/e2e/harness.ts';
import { DEMO } from '../emulator/index.ts';
import { printTable } from './load.ts';

const RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The Extension Manager (P10) in headless Chromium with `size` extension components in the
 * environment: time from navigation to the first component group, to every group open, and the
 * time one keystroke takes to show in a value box (the edit model keeps one Map of changes).
 */
export async function runExtensionsPageBench(size: number) {
  const d = await startDashboard();
  const rows: Array<Record<string, string | number>> = [];
  try {
    const env = DEMO.environments.production;
    const connections = Math.round(size * 0.6);
    d.service.emulator!.addFixture({
      environmentExtensions: [
        {
          accountId: DEMO.primaryAccountId,
          environmentId: env.id,
          generate: { seed: 'page-bench', connections, processProperties: size - connections },
        },
      ],
    });
    const page = await d.as('carol');
    const url = `/extensions?account=${DEMO.primaryAccountId}&env=${env.id}`;
    const loads: number[] = [];
    const opens: number[] = [];
    const keys: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await page.goto(url);
      const groups = page.locator('button.disclosure');
      await groups.first().waitFor();
      loads.push(performance.now() - t0);
      const t1 = performance.now();
      await page.evaluate(() => {
        for (const b of Array.from(document.querySelectorAll('button.disclosure[aria-expanded="false"]')))
          (b as HTMLButtonElement).click();
      });
      await page
        .locator('input[aria-label^="Value of"]')
        .nth(size > 100 ? 100 : 0)
        .waitFor();
      opens.push(performance.now() - t1);
      const box = page.locator('input[aria-label^="Value of"]:not([disabled])').first();
      await box.click();
      const t2 = performance.now();
      await page.keyboard.type('abcdefghij');
      await page.waitForFunction(() =>
        (document.activeElement as HTMLInputElement | null)?.value.endsWith('abcdefghij'),
      );
      keys.push((performance.now() - t2) / 10);
    }
    const count = await page.locator('input[aria-label^="Value of"]').count();
    rows.push({
      components: size,
      'value boxes drawn': count,
      'load to first group ms (median)': median(loads).toFixed(0),
      'open every group ms (median)': median(opens).toFixed(0),
      'per keystroke ms (median)': median(keys).toFixed(1),
    });
    console.log(`Extension Manager page, ${RUNS} runs, emulator latency as in demo mode`);
    printTable(rows);
  } finally {
    await d.close();
  }
}
