import type { z } from 'zod';
import { AppError } from '../platform/errors.ts';
import { send, type ApiContext, type CallOptions } from './api-context.ts';
import { queryConfigJson, type QueryExpression } from './query.ts';
import { decodeJson, encodeJson, QueryResultSchema, validate } from './wire-json.ts';

export interface QueryPage<T> {
  rows: T[];
  /** Present when another page exists. */
  queryToken: string | undefined;
}

/**
 * Every page of a query: `POST /{Object}/query`, then `POST /{Object}/queryMore` with the raw
 * token as a text/plain body while a token comes back (§2.4). Pages hold up to 100 rows;
 * `numberOfResults` counts the page, not the total (§2.3), so totals come from paging.
 */
export async function* queryPages<S extends z.ZodType>(
  ctx: ApiContext,
  object: string,
  expression: QueryExpression,
  rowSchema: S,
  opts: CallOptions = {},
): AsyncGenerator<QueryPage<z.output<S>>, void, undefined> {
  let res = await send(
    ctx,
    {
      operation: `${object}.query`,
      method: 'POST',
      path: `/${object}/query`,
      accept: 'json',
      idempotent: true,
      body: { kind: 'json', text: encodeJson(queryConfigJson(expression)) },
    },
    opts,
  );
  let operation = `${object}.query`;
  for (let page = 1; ; page++) {
    const result = decodeJson(res.text, QueryResultSchema, operation);
    const rows = result.result.map((r) => validate(r, rowSchema, operation));
    const token = result.queryToken || undefined;
    yield { rows, queryToken: token };
    if (!token) return;
    if (page >= ctx.maxPages) {
      throw new AppError('API_ERROR', `Boomi ${object} query returned more than ${ctx.maxPages} pages`, {
        details: { operation, maxPages: ctx.maxPages },
      });
    }
    operation = `${object}.queryMore`;
    // The same overrideAccount goes with every page (§1.3).
    res = await send(
      ctx,
      {
        operation,
        method: 'POST',
        path: `/${object}/queryMore`,
        accept: 'json',
        idempotent: true,
        body: { kind: 'text', text: token },
      },
      opts,
    );
  }
}

/** Query methods of one object type, restricted to that object's filterable properties. */
export interface QueryMethods<P extends string, T> {
  /** Every matching row, across all pages. */
  query(expression: QueryExpression<P>, opts?: CallOptions): Promise<T[]>;
  /** Page by page, for callers that stop early or stream. */
  queryPages(expression: QueryExpression<P>, opts?: CallOptions): AsyncIterable<QueryPage<T>>;
  /** Row by row across pages. */
  iterate(expression: QueryExpression<P>, opts?: CallOptions): AsyncIterable<T>;
}

export function queryMethods<P extends string, S extends z.ZodType>(
  ctx: ApiContext,
  object: string,
  rowSchema: S,
): QueryMethods<P, z.output<S>> {
  const pages = (expression: QueryExpression<P>, opts?: CallOptions) =>
    queryPages(ctx, object, expression, rowSchema, opts);
  return {
    async query(expression, opts) {
      const all: z.output<S>[] = [];
      for await (const p of pages(expression, opts)) all.push(...p.rows);
      return all;
    },
    queryPages: pages,
    async *iterate(expression, opts) {
      for await (const p of pages(expression, opts)) yield* p.rows;
    },
  };
}
