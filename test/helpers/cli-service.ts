import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '../../src/main.ts';
import { hashSecret } from '../../src/features/identity/secrets.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Short Boomi stage timings: a whole Dev -> Test -> review path in seconds, with real polling. */
const QUICK_STAGES = {
  branchCreateMs: 100,
  branchDeleteMs: 50,
  mergeDraftMs: 100,
  mergeReviewMs: 50,
  mergeExecuteMs: 100,
  releaseMs: 200,
};

export interface CliService {
  service: RunningService;
  url: string;
  /** A non-demo contributor of team A, with a personal API token made through the service. */
  user: string;
  token: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}

/**
 * The service in demo mode on a loopback port (its Boomi client calls the in-process emulator on
 * that same port, so the port is chosen first), and a personal API token created over HTTP by a
 * signed-in user, as a developer would before putting it in a CI secret.
 */
export async function startCliService(): Promise<CliService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'promo-cli-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const service = await startService(
    { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, LOG_LEVEL: 'silent' },
    { emulator: { stageTimings: QUICK_STAGES } },
  );
  const user = 'pat@acme.example';
  const groups = '{ABC_BOOMI_FLOW_CONTRIBUTOR,ABC_BOOMI_FLOW_DEVTEAMA}';
  // Pat signed in through single sign-on once (a user and a session, as the OIDC callback leaves them).
  await service.db.query(`insert into app_user (email, display_name, groups, source) values ($1, 'Pat', $2, 'OIDC')`, [
    user,
    groups,
  ]);
  const sid = 's'.repeat(43);
  await service.db.query(
    `insert into web_session (id_hash, user_email, display_name, groups, csrf_token, source, expires_at)
     values ($1, $2, 'Pat', $3, 'csrf-pat', 'OIDC', now() + interval '1 hour')`,
    [hashSecret(sid), user, groups],
  );
  const res = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { cookie: `promo_session=${sid}`, 'x-csrf-token': 'csrf-pat', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ci pipeline' }),
  });
  if (res.status !== 201) throw new Error(`token creation answered ${res.status}: ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return {
    service,
    url,
    user,
    token,
    async stop() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * An environment with nothing of the developer's: no PROMO_* variables and a HOME without a
 * config file, so each test says exactly what the command line gets.
 */
const EMPTY_HOME = mkdtempSync(join(tmpdir(), 'promo-home-'));

export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PROMO_')) env[k] = v;
  return { ...env, HOME: EMPTY_HOME, ...extra };
}

/** Runs a command without blocking: the service answering it lives in this very process. */
export function runCommand(file: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { env, cwd, timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The real bin, as a pipeline runs it. */
export const promo = (args: string[], env: Record<string, string>) =>
  runCommand(process.execPath, [join(ROOT, 'bin', 'promo.mjs'), ...args], env);
