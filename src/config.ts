import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The only reader of process.env. Values come from the environment, then from an optional JSON
 * config file (PROMO_CONFIG) for anything the environment leaves unset. Validated once, frozen.
 */

const DEMO = {
  accountId: 'acme-PRIMARY',
  user: 'BOOMI_TOKEN.promo@acme.example',
  token: 'demo-boomi-token',
} as const;

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z.object({
  PORT: intIn(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DASHBOARD_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'must be a lower-case SQL identifier')
    .optional(),
  JOB_HEARTBEAT_SECONDS: intIn(1, 300).default(15),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: intIn(1024, 50 * 1024 * 1024).default(1024 * 1024),
  HTTP_HEADERS_TIMEOUT_SECONDS: intIn(1, 300).default(10),
  HTTP_REQUEST_TIMEOUT_SECONDS: intIn(1, 600).default(30),
  DASHBOARD_SOURCE_MAPS: z.enum(['on', 'off']).default('off'),
  REQUEST_LOG: z.enum(['changes', 'all', 'errors']).default('changes'),
  SLOW_REQUEST_MS: intIn(1, 600_000).default(1000),

  BOOMI_BASE_URL: z.url().optional(),
  BOOMI_ACCOUNT_ID: z.string().min(1).optional(),
  BOOMI_USER: z
    .string()
    .regex(/^BOOMI_TOKEN\..+@.+/, 'must look like BOOMI_TOKEN.user@example.com')
    .optional(),
  BOOMI_TOKEN: z.string().min(1).optional(),
  BOOMI_RATE_LIMIT: z.coerce.number().positive().max(100).default(8),
  BOOMI_MAX_CONCURRENCY: intIn(1, 64).default(4),
  BOOMI_TIMEOUT_SECONDS: intIn(1, 600).default(120),
  BOOMI_BUDGET: z.enum(['auto', 'database', 'process']).default('auto'),

  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Promo <promo@localhost>'),
  DEV_LIST_EMAIL: z.email().default('boomi-developers@acme.example'),
  ADMIN_LIST_EMAIL: z.email().default('boomi-admins@acme.example'),

  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_GROUP_CLAIM: z.string().min(1).default('groups'),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),

  TIER_ADMIN_GROUP: z.string().min(1).default('ABC_BOOMI_FLOW_ADMIN'),
  TIER_CONTRIBUTOR_GROUP: z.string().min(1).default('ABC_BOOMI_FLOW_CONTRIBUTOR'),
  TEAM_GROUP_PREFIX: z.string().min(1).default('ABC_BOOMI_FLOW_DEVTEAM'),

  INTEGRATION_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  SESSION_TTL_HOURS: intIn(1, 24 * 30).default(12),
  BRANCH_THRESHOLD: intIn(1, 20).default(15),
  DRIFT_CHECK_CRON: z
    .string()
    .trim()
    .regex(/^(off|\S+(\s+\S+){4,5})$/, "must be a cron expression (5 or 6 fields) or 'off'")
    .default('0 * * * *'),
  BRANCH_STALE_DAYS: intIn(1, 365).default(30),
  BRANCH_ORPHAN_GRACE_SECONDS: intIn(0, 86_400).default(300),
  SYNC_WAIT_SECONDS: intIn(0, 600).default(110),
  TEST_RUN_TIMEOUT_SECONDS: intIn(1, 86_400).default(600),
  TEST_RUN_POLL_MS: intIn(50, 60_000).default(5000),
  GROOVY_JARS: z.string().optional(),
  JAVA_HOME: z.string().optional(),
  DEMO_MODE: z.enum(['auto', 'on', 'off']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

type Env = z.infer<typeof EnvSchema>;

/** Every variable the service reads (the README's configuration table documents each one). */
export const CONFIG_VARIABLES = ['PROMO_CONFIG', ...Object.keys(EnvSchema.shape)];

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** The built dashboard (index.html + assets/); web/dist of this package by default. */
  dashboardDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL schema for Promo's tables (its job tables go in `<schema>_boss`). */
  databaseSchema: string | undefined;
  /** How often a running job proves it is alive; four missed beats make it stale. */
  jobHeartbeatMs: number;
  logLevel: Env['LOG_LEVEL'];
  bodyLimitBytes: number;
  http: {
    /** A client must send its request headers within this, and its whole request within the next. */
    headersTimeoutMs: number;
    requestTimeoutMs: number;
    /** Serve the dashboard's source maps (off: they reveal the sources to anyone who asks). */
    sourceMaps: boolean;
    /** `changes`: errors, slow requests and state changes; `all`: every request; `errors`: only errors. */
    requestLog: 'changes' | 'all' | 'errors';
    slowRequestMs: number;
  };
  demo: boolean;
  boomi: {
    baseUrl: string;
    accountId: string;
    user: string;
    token: string;
    rateLimitPerSecond: number;
    maxConcurrency: number;
    timeoutMs: number;
    /** Where the request budget lives: `auto` = in the database on a PostgreSQL server (ADR 0016). */
    budget: 'auto' | 'database' | 'process';
  };
  mail: { smtpUrl: string | undefined; from: string; devList: string; adminList: string };
  oidc: { issuer: string; clientId: string; clientSecret: string; groupClaim: string; scopes: string } | undefined;
  groups: { admin: string; contributor: string; teamPrefix: string };
  integrationToken: string | undefined;
  sessionTtlMs: number;
  branchThreshold: number;
  /** Drift check and branch reconciliation: pg-boss cron schedule, or 'off'. */
  driftCheckCron: string;
  /** Branches older than this are reported as stale (P9). */
  branchStaleDays: number;
  /** A Promo-named branch younger than this is never deleted as an orphan. */
  branchOrphanGraceMs: number;
  syncWaitMs: number;
  /** Test processes run after a TEST deployment: how long Promo waits for one, and how often it reads its record. */
  testRuns: { timeoutMs: number; pollMs: number };
  trustProxy: boolean;
  /** Groovy script validation: the compiler's jars and the JDK (found on their own when unset). */
  scripts: { groovyJars: string | undefined; java: string | undefined };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function readConfigFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`PROMO_CONFIG: cannot read ${path} as JSON (${(e as Error).message})`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`PROMO_CONFIG: ${path} must hold one JSON object of NAME: value pairs`]);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

/** Builds the configuration; throws ConfigError listing every problem (never a secret's value). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const fromFile = env.PROMO_CONFIG ? readConfigFile(env.PROMO_CONFIG) : {};
  // Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all.
  const merged: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.shape)) {
    const v = env[key] !== undefined && env[key] !== '' ? env[key] : fromFile[key];
    if (v !== undefined && v !== '') merged[key] = v;
  }
  const parsed = EnvSchema.safeParse(merged);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  // Cross-field rules look only at which variables are set, so they are reported alongside
  // the per-variable problems: one start attempt shows everything to fix.
  const isSet = (k: string) => merged[k] !== undefined;
  const boomiKeys = ['BOOMI_ACCOUNT_ID', 'BOOMI_USER', 'BOOMI_TOKEN'];
  const demoMode = merged.DEMO_MODE ?? 'auto';
  const demo = demoMode === 'on' || (demoMode === 'auto' && !boomiKeys.some(isSet));
  if (!demo) {
    for (const k of boomiKeys)
      if (!isSet(k))
        problems.push(`${k}: required when Boomi credentials are configured (or unset all three for demo mode)`);
  }
  // Demo mode has demo users and demo tokens: it must never reach a real Boomi account.
  const realAccount = boomiKeys.filter(isSet);
  if (demo && realAccount.length) {
    problems.push(
      `DEMO_MODE: demo mode is on but ${realAccount.join(', ')} ${realAccount.length > 1 ? 'are' : 'is'} set; demo mode ` +
        'works only against the built-in Boomi emulator. Unset them for the demo, or set DEMO_MODE=off (or auto) to use that account',
    );
  }
  if (demo && merged.BOOMI_BASE_URL && /(^|\.)boomi\.com$/i.test(hostOf(merged.BOOMI_BASE_URL))) {
    problems.push(
      `BOOMI_BASE_URL: demo mode would send its demo credentials to ${hostOf(merged.BOOMI_BASE_URL)}; ` +
        'point it at an emulator, or configure the real account with DEMO_MODE=off',
    );
  }
  const headersSeconds = Number(merged.HTTP_HEADERS_TIMEOUT_SECONDS ?? 10);
  const requestSeconds = Number(merged.HTTP_REQUEST_TIMEOUT_SECONDS ?? 30);
  if (headersSeconds > requestSeconds) {
    problems.push(
      'HTTP_HEADERS_TIMEOUT_SECONDS: must not exceed HTTP_REQUEST_TIMEOUT_SECONDS (headers are part of the request)',
    );
  }
  const oidcKeys = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'];
  if (oidcKeys.some(isSet)) {
    for (const k of oidcKeys) if (!isSet(k)) problems.push(`${k}: required when single sign-on is configured`);
  }
  if (!demo && !oidcKeys.some(isSet) && !isSet('INTEGRATION_TOKEN')) {
    problems.push(
      'OIDC_ISSUER: outside demo mode configure single sign-on (OIDC_*) or INTEGRATION_TOKEN, or nobody can sign in',
    );
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir: resolve(e.DATA_DIR),
    dashboardDir: e.DASHBOARD_DIR ? resolve(e.DASHBOARD_DIR) : fileURLToPath(new URL('../web/dist', import.meta.url)),
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    jobHeartbeatMs: e.JOB_HEARTBEAT_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      sourceMaps: e.DASHBOARD_SOURCE_MAPS === 'on',
      requestLog: e.REQUEST_LOG,
      slowRequestMs: e.SLOW_REQUEST_MS,
    },
    demo,
    boomi: {
      baseUrl: (
        e.BOOMI_BASE_URL ?? (demo ? `http://127.0.0.1:${e.PORT}/boomi-emulator` : 'https://api.boomi.com')
      ).replace(/\/$/, ''),
      accountId: e.BOOMI_ACCOUNT_ID ?? DEMO.accountId,
      user: e.BOOMI_USER ?? DEMO.user,
      token: e.BOOMI_TOKEN ?? DEMO.token,
      rateLimitPerSecond: e.BOOMI_RATE_LIMIT,
      maxConcurrency: e.BOOMI_MAX_CONCURRENCY,
      timeoutMs: e.BOOMI_TIMEOUT_SECONDS * 1000,
      budget: e.BOOMI_BUDGET,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, devList: e.DEV_LIST_EMAIL, adminList: e.ADMIN_LIST_EMAIL },
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            groupClaim: e.OIDC_GROUP_CLAIM,
            scopes: e.OIDC_SCOPES,
          }
        : undefined,
    groups: { admin: e.TIER_ADMIN_GROUP, contributor: e.TIER_CONTRIBUTOR_GROUP, teamPrefix: e.TEAM_GROUP_PREFIX },
    integrationToken: e.INTEGRATION_TOKEN,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    branchThreshold: e.BRANCH_THRESHOLD,
    driftCheckCron: e.DRIFT_CHECK_CRON,
    branchStaleDays: e.BRANCH_STALE_DAYS,
    branchOrphanGraceMs: e.BRANCH_ORPHAN_GRACE_SECONDS * 1000,
    syncWaitMs: e.SYNC_WAIT_SECONDS * 1000,
    testRuns: { timeoutMs: e.TEST_RUN_TIMEOUT_SECONDS * 1000, pollMs: e.TEST_RUN_POLL_MS },
    scripts: { groovyJars: e.GROOVY_JARS, java: e.JAVA_HOME ? `${e.JAVA_HOME}/bin/java` : undefined },
    trustProxy: e.TRUST_PROXY === 'true',
  };
  return deepFreeze(config);
}

/** What may be printed or logged: secrets replaced by a marker. */
export function describeConfig(c: Config): Record<string, unknown> {
  return {
    port: c.port,
    dataDir: c.dataDir,
    database: c.databaseUrl ? redactUrl(c.databaseUrl) : 'embedded PGlite',
    demo: c.demo,
    boomi: {
      baseUrl: c.boomi.baseUrl,
      accountId: c.boomi.accountId,
      user: c.boomi.user,
      token: '[set]',
      rateLimitPerSecond: c.boomi.rateLimitPerSecond,
      budget: c.boomi.budget,
    },
    smtp: c.mail.smtpUrl ? redactUrl(c.mail.smtpUrl) : 'not configured (emails stay in the outbox)',
    oidc: c.oidc
      ? { issuer: c.oidc.issuer, clientId: c.oidc.clientId, groupClaim: c.oidc.groupClaim }
      : 'not configured',
    integrationToken: c.integrationToken ? '[set]' : 'not configured',
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
