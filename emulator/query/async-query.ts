import { randomUUID } from 'node:crypto';
import type { ObjectDef, OpContext, OpResult } from '../domain/object-def.ts';
import { badRequest } from '../http/boomi-error.ts';
import type { WireObject } from '../wire/xml-write.ts';
import type { Expr } from './query-parse.ts';
import { selectRows } from './query-run.ts';

// Boomi's asynchronous queries (ListenerStatus): `POST /async/{Object}/query` answers at once with
// a token (`responseStatusCode` 202 in the body), `GET /async/{Object}/response/{token}` hands out
// the result (200). Boomi documents a 204 once the content was retrieved or after 30 minutes, so a
// token reads once; a second read, an expired or an unknown token is a 204 without a body.

const ASYNC_TTL_MS = 30 * 60_000;

export function runAsyncQuery(ctx: OpContext, def: ObjectDef, parsed: Expr | null): WireObject {
  const spec = def.asyncQuery;
  if (!spec) throw badRequest(`Unknown objectType for query operation: ${def.name}`);
  const rows = selectRows(ctx, spec, parsed);
  const token = ctx.core.cursors.put(
    { object: def.name, accountId: ctx.account.accountId, rows, offset: 0 },
    ctx.now,
    ASYNC_TTL_MS,
    `${def.name}-${randomUUID()}`,
  );
  return {
    '@type': 'AsyncOperationTokenResult',
    asyncToken: { '@type': 'AsyncToken', token },
    responseStatusCode: 202,
  };
}

export function readAsyncResult(ctx: OpContext, def: ObjectDef, token: string): OpResult {
  const { cursors } = ctx.core;
  const cursor = cursors.get(token, ctx.now);
  if (!cursor || cursor.object !== def.name || cursor.accountId !== ctx.account.accountId) {
    return { status: 204, empty: true };
  }
  cursors.delete(token);
  return {
    wire: {
      '@type': 'AsyncOperationResult',
      result: cursor.rows,
      numberOfResults: cursor.rows.length,
      responseStatusCode: 200,
    },
  };
}
