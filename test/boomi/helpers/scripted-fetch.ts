export interface RecordedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export type Step = Response | Error | ((req: RecordedRequest) => Response | Promise<Response>);

/** A fetch that answers from a script, one step per request, and records what was sent. */
export function scriptedFetch(steps: Step[]) {
  const requests: RecordedRequest[] = [];
  const queue = [...steps];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const req: RecordedRequest = {
      url: new URL(String(input)),
      method: init?.method ?? 'GET',
      headers,
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    requests.push(req);
    const step = queue.shift();
    if (!step) throw new Error(`unscripted request ${req.method} ${req.url}`);
    if (step instanceof Error) throw step;
    return typeof step === 'function' ? step(req) : step;
  };
  return { fetch: fn as typeof fetch, requests, remaining: () => queue.length };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const xml = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'application/xml; charset=UTF-8' } });

export const boomiError = (status: number, message: string, headers: Record<string, string> = {}) =>
  json(status, { '@type': 'Error', message }, headers);

/** What undici throws when a connection cannot be opened. */
export const connectionRefused = () =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
  });
/** …and when the server drops it after the request went out. */
export const connectionReset = () =>
  Object.assign(new TypeError('fetch failed'), {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
