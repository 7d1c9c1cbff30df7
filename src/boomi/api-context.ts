import type { z } from 'zod';
import type { Clock } from '../platform/clock.ts';
import type { BoomiRequest, BoomiResponse, Transport } from './transport.ts';
import { decodeJson, encodeJson } from './wire-json.ts';
import type { XmlLimits } from './wire-xml.ts';

/** Options every call takes. */
export interface CallOptions {
  /** Run against this sub-account instead of the client's account (30-boomi-platform-api.md §1.3). */
  overrideAccount?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface PollDefaults {
  intervalMs: number;
  timeoutMs: number;
}

/** What the object modules share: the transport plus the limits and defaults of this client. */
export interface ApiContext {
  transport: Transport;
  clock: Clock;
  xmlLimits: XmlLimits;
  /** Stop following queryMore after this many pages (a guard against a server that never ends). */
  maxPages: number;
  /** `async` covers Boomi's token-then-result reads (ListenerStatus). */
  polling: { branch: PollDefaults; merge: PollDefaults; release: PollDefaults; async: PollDefaults };
}

/** Encodes one path segment; a `~` joins an id to its version or branch (§1.8). */
export const seg = (...parts: Array<string | number>) =>
  `/${parts.map((p) => encodeURIComponent(String(p))).join('~')}`;

type Flags = Pick<BoomiRequest, 'accountScoped' | 'componentRead' | 'okStatuses'> & { idempotent?: boolean };

export function send(
  ctx: ApiContext,
  req: Omit<BoomiRequest, 'overrideAccount' | 'signal'>,
  opts: CallOptions = {},
): Promise<BoomiResponse> {
  return ctx.transport.send({ ...req, overrideAccount: opts.overrideAccount, signal: opts.signal });
}

export async function getJson<S extends z.ZodType>(
  ctx: ApiContext,
  operation: string,
  path: string,
  schema: S,
  opts?: CallOptions,
  flags: Flags = {},
): Promise<z.output<S>> {
  const res = await send(ctx, { operation, method: 'GET', path, accept: 'json', idempotent: true, ...flags }, opts);
  return decodeJson(res.text, schema, operation);
}

export async function postJson<S extends z.ZodType>(
  ctx: ApiContext,
  operation: string,
  path: string,
  body: unknown,
  schema: S,
  opts: CallOptions | undefined,
  flags: Flags & { idempotent: boolean },
): Promise<z.output<S>> {
  const res = await send(
    ctx,
    { operation, method: 'POST', path, accept: 'json', body: { kind: 'json', text: encodeJson(body) }, ...flags },
    opts,
  );
  return decodeJson(res.text, schema, operation);
}

/** DELETE; answers whether the object was there (a 404 means it was already gone). */
export async function deleteObject(
  ctx: ApiContext,
  operation: string,
  path: string,
  opts?: CallOptions,
): Promise<boolean> {
  const res = await send(
    ctx,
    { operation, method: 'DELETE', path, accept: 'json', idempotent: true, okStatuses: [200, 204, 404] },
    opts,
  );
  return res.status !== 404;
}
