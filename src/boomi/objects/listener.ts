import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { send, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { pollUntil, type PollOptions } from '../polling.ts';
import { q, queryConfigJson } from '../query.ts';
import { decodeJson, encodeJson, zInt, zList } from '../wire-json.ts';

// Listener processes on a runtime: pause, resume or restart them (`POST /changeListenerStatus`,
// note the lower-case path) and read their state, which Boomi serves asynchronously: a QUERY on
// `/async/ListenerStatus/query` answers with a token, `GET /async/ListenerStatus/response/{token}`
// with the result once it is ready (202 until then, 204 when the result is gone).

export type ListenerAction = 'pause' | 'resume' | 'restart';

export const ListenerStatusSchema = z.looseObject({
  /** The listener process's component id. */
  listenerId: z.string(),
  /** `listening`, `paused` or `errored`. */
  status: z.string(),
  connectorType: z.string().optional(),
});
export type ListenerStatus = z.output<typeof ListenerStatusSchema>;

const TokenResultSchema = z.looseObject({
  asyncToken: z.looseObject({ token: z.string() }),
  responseStatusCode: zInt.optional(),
});

const AsyncResultSchema = z.looseObject({
  responseStatusCode: zInt.optional(),
  numberOfResults: zInt.optional(),
  result: zList(ListenerStatusSchema),
});
type AsyncResult = z.output<typeof AsyncResultSchema>;

export interface ChangeListenerStatus {
  /** The runtime (atom, molecule or cloud) the listeners are deployed to. */
  containerId: string;
  action: ListenerAction;
  /** One listener; without it the action applies to every listener of the runtime (`pause_all`, ...). */
  listenerId?: string | undefined;
}

export interface ListenerApi {
  /** Boomi answers with an empty acceptance; read the state afterwards to see it took effect. */
  changeStatus(input: ChangeListenerStatus, opts?: CallOptions): Promise<void>;
  /** The listeners of a runtime (or one of them) with their state. */
  status(
    input: { containerId: string; listenerId?: string | undefined },
    opts?: CallOptions & PollOptions,
  ): Promise<ListenerStatus[]>;
}

export function listenerApi(ctx: ApiContext): ListenerApi {
  const readResult = async (token: string, opts: CallOptions): Promise<AsyncResult> => {
    const res = await send(
      ctx,
      {
        operation: 'ListenerStatus.response',
        method: 'GET',
        path: `/async/ListenerStatus/response${seg(token)}`,
        accept: 'json',
        idempotent: true,
        okStatuses: [200, 202, 204],
      },
      opts,
    );
    if (res.status === 204) {
      throw new AppError('API_ERROR', `Boomi no longer holds the listener status result ${token}`, {
        details: { operation: 'ListenerStatus.response', token },
      });
    }
    if (res.status === 202 && !res.text.trim()) return { responseStatusCode: 202, result: [] };
    return decodeJson(res.text, AsyncResultSchema, 'ListenerStatus.response');
  };
  return {
    async changeStatus(input, opts) {
      const all = input.listenerId === undefined;
      const body = all
        ? { containerId: input.containerId, action: `${input.action}_all` }
        : { containerId: input.containerId, listenerId: input.listenerId, action: input.action };
      await send(
        ctx,
        {
          operation: 'changeListenerStatus.create',
          method: 'POST',
          path: '/changeListenerStatus',
          accept: 'json',
          body: { kind: 'json', text: encodeJson(body) },
          // Pausing or resuming twice ends in the same state; a second restart would restart again.
          idempotent: input.action !== 'restart',
          okStatuses: [200, 204],
        },
        opts,
      );
    },
    async status(input, opts = {}) {
      const filter =
        input.listenerId === undefined
          ? q.eq('containerId', input.containerId)
          : q.and(q.eq('containerId', input.containerId), q.eq('listenerId', input.listenerId));
      const res = await send(
        ctx,
        {
          operation: 'ListenerStatus.query',
          method: 'POST',
          path: '/async/ListenerStatus/query',
          accept: 'json',
          idempotent: true,
          body: { kind: 'json', text: encodeJson(queryConfigJson(filter)) },
        },
        opts,
      );
      const { token } = decodeJson(res.text, TokenResultSchema, 'ListenerStatus.query').asyncToken;
      const done = await pollUntil(
        ctx.clock,
        () => readResult(token, opts),
        (r) => r.responseStatusCode !== 202,
        {
          ...opts,
          defaults: ctx.polling.async,
          onTimeout: (_last, waited) =>
            new AppError('API_ERROR', `Listener status of ${input.containerId} not ready after ${waited} ms`, {
              details: { operation: 'ListenerStatus.response', token, waitedMs: waited },
            }),
        },
      );
      return done.result;
    },
  };
}
