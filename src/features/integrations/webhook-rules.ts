import { createHmac } from 'node:crypto';

export type WebhookCategory = 'TRANSITIONS' | 'DEPLOYMENTS' | 'ROLLBACKS' | 'DRIFT' | 'POLICY';

/** What the categories read of an audit event. */
export interface CategorizedEvent {
  action: string;
  fromStatus?: string | null | undefined;
  toStatus?: string | null | undefined;
}

/**
 * The filter categories an audit event falls in; empty means no endpoint hears of it (an admin's
 * change to a webhook is audited but never sent, so endpoints cannot feed each other).
 */
export function categoriesOf(e: CategorizedEvent): WebhookCategory[] {
  const out: WebhookCategory[] = [];
  // A state transition is any event that moves a record to a status.
  if (e.toStatus) out.push('TRANSITIONS');
  // A test process run is the outcome of a TEST deployment, so it travels with deployments.
  if (/DEPLOY/.test(e.action) || e.action.startsWith('TEST_RUN_')) out.push('DEPLOYMENTS');
  if (/ROLLBACK|ROLLED_BACK/.test(e.action)) out.push('ROLLBACKS');
  if (e.action.startsWith('DRIFT_')) out.push('DRIFT');
  if (e.action.startsWith('POLICY_')) out.push('POLICY');
  return out;
}

/** An address Promo itself answers on: its public URL, its listening host and port. */
export interface SelfAddress {
  host: string;
  port: number;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

/** Lower-case, brackets of an IPv6 literal removed, trailing dot gone: how hosts are compared. */
const normalHost = (h: string) =>
  h
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');

const isLoopback = (h: string) =>
  LOOPBACK_NAMES.has(h) || h === '::1' || h.startsWith('127.') || h === '::ffff:127.0.0.1' || h === '0.0.0.0';
const isWildcard = (h: string) => h === '0.0.0.0' || h === '::' || h === '';

const portOf = (u: URL) => (u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80);

export function selfAddressOf(url: string): SelfAddress | undefined {
  try {
    const u = new URL(url);
    return { host: normalHost(u.hostname), port: portOf(u) };
  } catch {
    return undefined;
  }
}

/**
 * Why an endpoint URL is refused, or undefined. Loopback stays allowed on other ports: a relay or a
 * test receiver may listen there. Only the service's own host and port are refused, because a
 * webhook that posts to Promo would let anyone who can add one call its actions from inside.
 */
export function webhookUrlProblem(raw: string, selves: readonly SelfAddress[]): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be http or https, not ${u.protocol.slice(0, -1)}`;
  if (u.username || u.password) return 'must not carry a user name or password; use the signing secret';
  const host = normalHost(u.hostname);
  const port = portOf(u);
  for (const self of selves) {
    if (self.port !== port) continue;
    const sameHost =
      self.host === host ||
      // A service listening on every interface, or on loopback, answers any loopback name too.
      ((isWildcard(self.host) || isLoopback(self.host)) && isLoopback(host));
    if (sameHost) return `points at Promo itself (${host}:${port}); webhooks are for other systems`;
  }
  return undefined;
}

/** `Promo-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** A receiver's answer or failure, as the delivery log keeps it (short, and never a body we did not expect). */
export function describeFailure(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = err?.cause?.code ?? err?.cause?.message;
  return (cause ? `${err?.message ?? 'request failed'} (${cause})` : (err?.message ?? String(e))).slice(0, 500);
}
