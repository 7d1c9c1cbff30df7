import { AppError } from '../platform/errors.ts';
import type { Clock } from '../platform/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import { httpError, networkError, type FailedCall } from './errors.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { backoffDelay, parseRetryAfter, retryReason, type AttemptOutcome, type RetryOptions } from './retry-policy.ts';
import type { Semaphore } from './semaphore.ts';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export type RequestBody =
  { kind: 'json'; text: string } | { kind: 'xml'; text: string } | { kind: 'text'; text: string };

export interface BoomiRequest {
  /** Metrics and error label, `Object.verb` (e.g. `Branch.query`). */
  operation: string;
  method: HttpMethod;
  /** Path below `/partner/api/rest/v1/{accountId}`, segments already encoded. */
  path: string;
  /** Run the call against this sub-account (30-boomi-platform-api.md §1.3). */
  overrideAccount?: string | undefined;
  body?: RequestBody;
  accept: 'json' | 'xml';
  /** Safe to repeat after a timeout or dropped connection (reads, full-replace updates, deletes). */
  idempotent: boolean;
  accountScoped?: boolean;
  componentRead?: boolean;
  /** Statuses that count as an answer rather than a failure; default [200]. */
  okStatuses?: readonly number[];
  signal?: AbortSignal | undefined;
}

export interface BoomiResponse {
  status: number;
  contentType: string;
  text: string;
}

/** One HTTP attempt, for benchmarks and logs; never carries credentials or bodies. */
export interface BoomiRequestEvent {
  operation: string;
  method: HttpMethod;
  path: string;
  attempt: number;
  status: number | 'timeout' | 'network' | 'aborted' | 'oversize';
  durationMs: number;
  retryInMs?: number;
}

export interface TransportOptions {
  baseUrl: string;
  /** `/partner/api/rest/v1` (default) or `/api/rest/v1`. */
  apiRoot: string;
  accountId: string;
  user: string;
  token: string;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: RetryOptions;
}

export interface TransportDeps {
  clock: Clock;
  rateLimiter: RateLimiter;
  semaphore: Semaphore;
  metrics?: Metrics | undefined;
  fetch?: typeof fetch | undefined;
  random?: (() => number) | undefined;
  onRequest?: ((e: BoomiRequestEvent) => void) | undefined;
}

export interface Transport {
  send(req: BoomiRequest): Promise<BoomiResponse>;
  /** HTTP requests sent so far (every attempt counts), and how many of them were retries. */
  readonly stats: { readonly requests: number; readonly retries: number };
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const MEDIA: Record<RequestBody['kind'] | 'json' | 'xml', string> = {
  json: 'application/json',
  xml: 'application/xml',
  text: 'text/plain',
};

type Attempt =
  | { outcome: Extract<AttemptOutcome, { kind: 'response' }>; response: BoomiResponse }
  | { outcome: Exclude<AttemptOutcome, { kind: 'response' }>; error: unknown };

export function createTransport(opts: TransportOptions, deps: TransportDeps): Transport {
  const doFetch = deps.fetch ?? fetch;
  const random = deps.random ?? Math.random;
  const { clock } = deps;
  // Built once; the token lives only in this closure and in the header of outgoing requests.
  const authorization = `Basic ${Buffer.from(`${opts.user}:${opts.token}`, 'utf8').toString('base64')}`;
  const accountRoot = `${opts.baseUrl.replace(/\/+$/, '')}${opts.apiRoot}/${encodeURIComponent(opts.accountId)}`;
  const stats = { requests: 0, retries: 0 };

  async function attemptOnce(req: BoomiRequest): Promise<Attempt> {
    const release = await deps.semaphore.acquire(req.signal);
    try {
      await deps.rateLimiter.acquire(req.signal);
      const timeout = AbortSignal.timeout(opts.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      const headers: Record<string, string> = {
        authorization,
        accept: MEDIA[req.accept],
        'user-agent': 'promo-boomi-client',
      };
      if (req.body) headers['content-type'] = MEDIA[req.body.kind];
      const url = `${accountRoot}${req.path}${req.overrideAccount ? `?overrideAccount=${encodeURIComponent(req.overrideAccount)}` : ''}`;
      stats.requests++;
      try {
        const res = await doFetch(url, {
          method: req.method,
          headers,
          body: req.body?.text,
          signal,
          redirect: 'error',
        });
        const contentType = res.headers.get('content-type') ?? '';
        const text = await readCapped(res, opts.maxResponseBytes, req);
        return {
          outcome: { kind: 'response', status: res.status, retryAfter: res.headers.get('retry-after') },
          response: { status: res.status, contentType, text },
        };
      } catch (error) {
        if (req.signal?.aborted) throw req.signal.reason;
        if (error instanceof AppError) throw error;
        if (timeout.aborted) return { outcome: { kind: 'timeout' }, error };
        const code = causeCode(error);
        return { outcome: { kind: 'network', connectPhase: code !== undefined && CONNECT_CODES.has(code) }, error };
      }
    } finally {
      release();
    }
  }

  async function send(req: BoomiRequest): Promise<BoomiResponse> {
    const ok = req.okStatuses ?? [200];
    const started = clock.now();
    let slept = 0;
    let label = 'aborted';
    try {
      for (let attempt = 1; ; attempt++) {
        const t0 = clock.now();
        let result: Attempt;
        try {
          result = await attemptOnce(req);
        } catch (e) {
          const status = e instanceof AppError ? 'oversize' : 'aborted';
          label = status;
          emit(req, attempt, status, t0);
          throw e;
        }
        const { outcome } = result;
        label = outcome.kind === 'response' ? String(outcome.status) : outcome.kind;
        if ('response' in result && ok.includes(result.response.status)) {
          emit(req, attempt, result.response.status, t0);
          return result.response;
        }
        const reason = retryReason(outcome, req.idempotent);
        let delay: number | undefined;
        if (reason && attempt <= opts.retry.maxRetries) {
          const retryAfter = outcome.kind === 'response' ? parseRetryAfter(outcome.retryAfter, clock.now()) : undefined;
          const candidate = retryAfter ?? backoffDelay(attempt, opts.retry, random);
          const withinBudget =
            slept + candidate <= opts.retry.budgetMs &&
            (retryAfter === undefined || retryAfter <= opts.retry.maxRetryAfterMs);
          if (withinBudget) delay = candidate;
        }
        emit(req, attempt, outcome.kind === 'response' ? outcome.status : outcome.kind, t0, delay);
        if (delay === undefined) throw failure(req, result, attempt);
        stats.retries++;
        deps.metrics?.boomiRetries.inc({ operation: req.operation, reason: reason! });
        slept += delay;
        await clock.sleep(delay, req.signal);
      }
    } finally {
      deps.metrics?.boomiCalls.inc({ operation: req.operation, status: label });
      deps.metrics?.boomiDuration.observe({ operation: req.operation }, (clock.now() - started) / 1000);
    }
  }

  function failure(req: BoomiRequest, result: Attempt, attempts: number): AppError {
    const call: FailedCall = {
      operation: req.operation,
      method: req.method,
      path: req.path,
      overrideAccount: req.overrideAccount,
      accountScoped: req.accountScoped,
      componentRead: req.componentRead,
      attempts,
    };
    if ('response' in result)
      return httpError(result.response.status, result.response.text, result.response.contentType, call);
    const o = result.outcome;
    const outcomeUnknown = !req.idempotent && !(o.kind === 'network' && o.connectPhase);
    return networkError(call, o.kind, result.error, outcomeUnknown);
  }

  function emit(
    req: BoomiRequest,
    attempt: number,
    status: BoomiRequestEvent['status'],
    t0: number,
    retryInMs?: number,
  ) {
    if (!deps.onRequest) return;
    const e: BoomiRequestEvent = {
      operation: req.operation,
      method: req.method,
      path: req.path,
      attempt,
      status,
      durationMs: clock.now() - t0,
    };
    if (retryInMs !== undefined) e.retryInMs = retryInMs;
    try {
      deps.onRequest(e);
    } catch {
      // an observer must not break the call it observes
    }
  }

  return { send, stats };
}

/** Reads the body up to `cap` bytes; a bigger answer is refused before it is buffered. */
async function readCapped(res: Response, cap: number, req: BoomiRequest): Promise<string> {
  const tooLarge = () => {
    const code = req.accept === 'xml' ? 'XML_PARSE_ERROR' : 'API_ERROR';
    return new AppError(code, `Boomi ${req.operation} answer is larger than ${cap} bytes`, {
      details: { operation: req.operation, maxBytes: cap },
    });
  };
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function causeCode(e: unknown): string | undefined {
  const c = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  if (c && typeof c.code === 'string') return c.code;
  const own = (e as { code?: unknown } | undefined)?.code;
  return typeof own === 'string' ? own : undefined;
}
