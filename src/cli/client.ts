import type { ClientSettings } from './settings.ts';
import { EXIT, ServiceError } from './outcome.ts';

/** GET /api/jobs/{id} (platform/http/job-routes.ts). */
export interface JobView {
  jobId: string;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  promotionId: string | null;
  progress: { done: number; total: number; step: string | null };
  response: Record<string, unknown> | null;
  startAfter: string | null;
}

/** A long-running action answered at once (HTTP 202, D3). */
export interface Accepted {
  jobId: string;
  promotionId?: string;
  status?: string;
}

export type Body = Record<string, unknown>;

export interface Client {
  /** The service's address without credentials, for messages. */
  readonly origin: string;
  /** An action's success fields; a refusal throws ServiceError. A 202 comes back as `accepted`. */
  call(action: string, body: Body, opts?: { async?: boolean }): Promise<{ accepted?: Accepted; body: Body }>;
  job(jobId: string): Promise<JobView>;
}

// Synchronous actions may hold the request up to SYNC_WAIT_SECONDS (110 s by default).
const REQUEST_TIMEOUT_MS = 150_000;

export function createClient(s: ClientSettings, fetchImpl: typeof fetch = fetch): Client {
  const origin = new URL(s.url).origin;
  const authorization = `Basic ${Buffer.from(`${s.user}:${s.token}`).toString('base64')}`;

  async function send(method: 'GET' | 'POST', path: string, body?: Body, prefer?: string) {
    let res: Response;
    try {
      res = await fetchImpl(`${s.url}${path}`, {
        method,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': 'promo-cli',
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(prefer ? { prefer } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      const why = err.name === 'TimeoutError' ? 'no answer in time' : (err.cause?.code ?? err.message);
      throw new ServiceError('SERVICE_UNREACHABLE', `Cannot reach the Promo service at ${origin} (${why})`);
    }
    const json = (await res.json().catch(() => undefined)) as Body | undefined;
    if (!json || typeof json !== 'object')
      throw new ServiceError(
        'UNEXPECTED_RESPONSE',
        `HTTP ${res.status} from ${origin}${path} is not a Promo answer: is PROMO_URL right?`,
      );
    if (res.status === 401)
      throw new ServiceError(
        String(json.errorCode ?? 'UNAUTHENTICATED'),
        `The service refused the credentials of ${s.user}: check PROMO_USER and PROMO_TOKEN (revoked or mistyped?)`,
        EXIT.USAGE,
      );
    if (!res.ok || json.success === false)
      throw new ServiceError(
        String(json.errorCode ?? `HTTP_${res.status}`),
        String(json.errorMessage ?? `HTTP ${res.status}`),
        EXIT.FAILED,
        typeof json.field === 'string' ? json.field : undefined,
      );
    return { status: res.status, json };
  }

  return {
    origin,
    async call(action, body, opts = {}) {
      const { status, json } = await send(
        'POST',
        `/fs/PromotionService/${action}`,
        body,
        opts.async ? 'respond-async' : undefined,
      );
      return status === 202 ? { accepted: json as unknown as Accepted, body: json } : { body: json };
    },
    async job(jobId) {
      return (await send('GET', `/api/jobs/${encodeURIComponent(jobId)}`)).json as unknown as JobView;
    },
  };
}
