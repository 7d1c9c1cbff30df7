import { resolve } from 'node:path';
import { createEmulator } from '../../emulator/emulator.ts';
import { DEMO } from '../../emulator/fixture/demo-ids.ts';

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0`);
  return n;
};

/** `promo emulator`: the Boomi Platform API emulator on its own port, answering at the root. */
export async function runEmulatorCommand(flags: Record<string, string | boolean | undefined>): Promise<void> {
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const port = num(str('port'), 'port') ?? 8081;
  const host = str('host') ?? '127.0.0.1';
  const dataDir = resolve(str('data-dir') ?? './data/emulator');
  const rateLimit = num(str('rate-limit'), 'rate-limit');
  const emulator = createEmulator({
    dataDir,
    controlRoutes: true,
    latencyMs: num(str('latency-ms'), 'latency-ms') ?? 0,
    jitterMs: num(str('jitter-ms'), 'jitter-ms') ?? 0,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  });
  await emulator.app.listen({ port, host });
  const base = `http://${host}:${port}`;
  console.log([
    `Boomi Platform API emulator at ${base} (state in ${dataDir})`,
    `  primary account ${DEMO.primaryAccountId}; dev sub-accounts ${DEMO.devAccounts.map((a) => a.accountId).join(', ')}`,
    `  Basic auth: ${DEMO.apiUser.basicUser} / ${DEMO.apiUser.token}`,
    '',
    'Try:',
    `  curl -s -u ${DEMO.apiUser.basicUser}:${DEMO.apiUser.token} -H 'Accept: application/json' -H 'Content-Type: application/json' \\`,
    `    -d '{"QueryFilter":{"expression":{"operator":"EQUALS","property":"name","argument":["main"]}}}' ${base}/partner/api/rest/v1/${DEMO.primaryAccountId}/Branch/query`,
  ].join('\n'));
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
