import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './outcome.ts';

/** Where the command line finds the service and who it is there. */
export interface ClientSettings {
  url: string;
  user: string;
  token: string;
}

/** The service's own default address (config.ts: PORT 8080, PUBLIC_URL http://localhost:PORT). */
export const DEFAULT_URL = 'http://localhost:8080';

// Not PROMO_CONFIG: that names the service's own settings file, whose format is another.
export function configPath(env: Record<string, string | undefined>, home = homedir()): string {
  return env.PROMO_CLI_CONFIG || join(home, '.config', 'promo', 'config.json');
}

interface FileSettings {
  url?: string;
  user?: string;
  token?: string;
}

function readConfigFile(path: string, named: boolean): FileSettings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!named && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UsageError(`Cannot read the config file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the file, and the file holds a secret: say only where.
    throw new UsageError(`The config file ${path} is not valid JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError(`The config file ${path} must hold a JSON object: {"url", "user", "token"}`);
  const out: FileSettings = {};
  for (const key of ['url', 'user', 'token'] as const) {
    const v = (parsed as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new UsageError(`The config file ${path}: "${key}" must be a string`);
    out[key] = v;
  }
  // Like ssh with a private key: a token others can read is as good as published.
  if (out.token && process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw new UsageError(
      `The config file ${path} holds a token and other users can read it: run chmod 600 ${JSON.stringify(path)}`,
    );
  return out;
}

/**
 * The environment wins over the config file, so a pipeline's secrets override a developer's file.
 * The token never comes from the command line: arguments land in shell history and `ps`.
 */
export function loadSettings(env: Record<string, string | undefined>, home = homedir()): ClientSettings {
  const path = configPath(env, home);
  const file = readConfigFile(path, !!env.PROMO_CLI_CONFIG);
  const url = (env.PROMO_URL || file.url || DEFAULT_URL).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`PROMO_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`PROMO_URL must be http or https, not ${parsed.protocol}`);
  const token = env.PROMO_TOKEN || file.token;
  if (!token)
    throw new UsageError(
      `No API token: set PROMO_TOKEN (from your CI's secrets) or "token" in ${path}. ` +
        'Create a personal API token in the dashboard or with POST /api/tokens.',
    );
  const user = env.PROMO_USER || file.user;
  if (!user) throw new UsageError(`No user: set PROMO_USER (the email the token belongs to) or "user" in ${path}.`);
  return { url, user: user.trim(), token };
}
