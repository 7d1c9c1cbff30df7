import { pathToFileURL } from 'node:url';
import { DEMO } from '../emulator/fixture/demo-ids.ts';
import { createEmulator } from '../emulator/emulator.ts';
import { load, printTable, type LoadResult } from './load.ts';

// Throughput of the Boomi emulator itself (latency and rate limit off), on a loopback port:
// Component GET (XML) and ComponentMetadata query (JSON). Target: >= 1,000 req/s for Component GET.

export interface EmulatorBenchOptions {
  seconds?: number;
  connections?: number;
}

export async function runEmulatorBench(opts: EmulatorBenchOptions = {}): Promise<LoadResult[]> {
  const emulator = createEmulator({ latencyMs: 0, jitterMs: 0, rateLimit: null });
  try {
    const base = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    const api = `${base}/partner/api/rest/v1/${DEMO.primaryAccountId}`;
    const authorization = `Basic ${Buffer.from(`${DEMO.apiUser.basicUser}:${DEMO.apiUser.token}`).toString('base64')}`;
    const pkg = DEMO.packages.orderProcessingMain;
    const common = { connections: opts.connections ?? 50, seconds: opts.seconds ?? 10 };
    const results: LoadResult[] = [];
    results.push(
      await load('Component GET (XML)', {
        ...common,
        url: `${api}/Component/${pkg.componentId}?overrideAccount=${pkg.accountId}`,
        method: 'GET',
        headers: { authorization, accept: 'application/xml' },
      }),
    );
    results.push(
      await load('ComponentMetadata query (JSON)', {
        ...common,
        url: `${api}/ComponentMetadata/query?overrideAccount=${pkg.accountId}`,
        method: 'POST',
        headers: { authorization, accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({
          QueryFilter: {
            expression: {
              operator: 'and',
              nestedExpression: [
                { property: 'componentId', operator: 'EQUALS', argument: [pkg.componentId] },
                { property: 'currentVersion', operator: 'EQUALS', argument: ['true'] },
              ],
            },
          },
        }),
      }),
    );
    printTable(
      results.map((r) => ({
        call: r.label,
        'req/s': Math.round(r.requestsPerSecond),
        'p50 ms': r.p50Ms,
        'p99 ms': r.p99Ms,
        errors: r.errors,
        non2xx: r.non2xx,
      })),
    );
    console.log(`Boomi calls counted by the emulator: ${emulator.control.totalCalls()}`);
    return results;
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runEmulatorBench();
}
