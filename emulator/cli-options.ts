import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FaultSchema } from './core/faults.ts';
import type { StageTimings } from './core/settings.ts';
import type { Fixture } from './fixture/fixture-schema.ts';
import type { EmulatorServerOptions } from './server.ts';

// Options of `promo emulator`: flags first, then EMULATOR_* environment variables (the CLI passes
// the environment in; nothing here reads process.env).

export const EMULATOR_USAGE = `promo emulator [options]   Boomi Platform API emulator (standalone)

  --port <n>              listen port (EMULATOR_PORT, default 8081)
  --host <addr>           listen address (EMULATOR_HOST, default 127.0.0.1)
  --data-dir <dir>        state directory: <dir>/emulator-state.json (EMULATOR_DATA_DIR, default ./data/emulator)
  --fixture <f>           demo | empty | path to a fixture JSON, used when no state file exists (EMULATOR_FIXTURE)
  --latency-ms <n>        fixed added latency per call (EMULATOR_LATENCY_MS, default 0)
  --jitter-ms <n>         random extra latency 0..n (EMULATOR_JITTER_MS, default 0)
  --rate-limit <n>        requests/second per account, 0 = off; over it: 503 (EMULATOR_RATE_LIMIT, default 10)
  --retry-after           add Retry-After: 1 to rate-limit 503s (EMULATOR_RETRY_AFTER=true)
  --branch-limit <n>      branches per account (EMULATOR_BRANCH_LIMIT, default 20)
  --stage-ms <k=v,...>    stage timings, keys branchCreateMs, branchDeleteMs, mergeDraftMs, mergeReviewMs,
                          mergeExecuteMs, releaseMs, propagationMs, executionRecordMs; e.g. --stage-ms releaseMs=0,mergeDraftMs=200 (EMULATOR_STAGE_MS)
  --fault <json>          inject a fault, repeatable, e.g. '{"operation":"Component.get","status":503,"times":3}'
                          (EMULATOR_FAULTS = JSON array)
  --no-control            do not serve the /__emulator/ control endpoints (EMULATOR_CONTROL=false)
`;

type Env = Record<string, string | undefined>;

const num = (name: string, v: string | undefined, fallback?: number): number | undefined => {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${v}`);
  return n;
};

const STAGE_KEYS = [
  'branchCreateMs',
  'branchDeleteMs',
  'mergeDraftMs',
  'mergeReviewMs',
  'mergeExecuteMs',
  'releaseMs',
  'propagationMs',
  'executionRecordMs',
] as const;

function parseStages(v: string | undefined): Partial<StageTimings> | undefined {
  if (!v) return undefined;
  const out: Partial<StageTimings> = {};
  for (const pair of v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [k = '', val] = pair.split('=');
    if (!(STAGE_KEYS as readonly string[]).includes(k))
      throw new Error(`unknown stage timing ${k}; expected one of ${STAGE_KEYS.join(', ')}`);
    out[k as (typeof STAGE_KEYS)[number]] = num(k, val) ?? 0;
  }
  return out;
}

function parseFixture(v: string | undefined): 'demo' | 'empty' | Fixture | undefined {
  if (!v || v === 'demo' || v === 'empty') return v as 'demo' | 'empty' | undefined;
  return JSON.parse(readFileSync(v, 'utf8')) as Fixture;
}

export function parseEmulatorArgs(argv: string[], env: Env = {}): EmulatorServerOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      fixture: { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'retry-after': { type: 'boolean' },
      'branch-limit': { type: 'string' },
      'stage-ms': { type: 'string' },
      fault: { type: 'string', multiple: true },
      'no-control': { type: 'boolean' },
    },
    strict: true,
  });
  const faultsJson =
    values.fault?.map((f) => JSON.parse(f) as unknown) ??
    (env['EMULATOR_FAULTS'] ? (JSON.parse(env['EMULATOR_FAULTS']) as unknown[]) : []);
  const rate = num('rate-limit', values['rate-limit'] ?? env['EMULATOR_RATE_LIMIT']);
  return {
    port: num('port', values.port ?? env['EMULATOR_PORT'], 8081),
    host: values.host ?? env['EMULATOR_HOST'] ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? env['EMULATOR_DATA_DIR'] ?? './data/emulator',
    fixture: parseFixture(values.fixture ?? env['EMULATOR_FIXTURE']),
    latencyMs: num('latency-ms', values['latency-ms'] ?? env['EMULATOR_LATENCY_MS'], 0),
    jitterMs: num('jitter-ms', values['jitter-ms'] ?? env['EMULATOR_JITTER_MS'], 0),
    rateLimit: rate === undefined ? undefined : rate || null,
    retryAfter: values['retry-after'] ?? env['EMULATOR_RETRY_AFTER'] === 'true',
    branchLimit: num('branch-limit', values['branch-limit'] ?? env['EMULATOR_BRANCH_LIMIT']),
    stageTimings: parseStages(values['stage-ms'] ?? env['EMULATOR_STAGE_MS']),
    faults: z.array(FaultSchema).parse(faultsJson),
    controlRoutes: !(values['no-control'] ?? env['EMULATOR_CONTROL'] === 'false'),
  };
}
