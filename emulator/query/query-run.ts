import type { ObjectDef, OpContext, QuerySpec } from '../domain/object-def.ts';
import { badRequest } from '../http/boomi-error.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { matches, validateQuery } from './query-eval.ts';
import type { Expr } from './query-parse.ts';

// QUERY and queryMore: filter, then page by `pageSize` (100 on Boomi). A queryToken appears only
// when more rows remain; numberOfResults counts the rows of this page unless configured otherwise.

function page(ctx: OpContext, object: string, rows: WireObject[], offset: number): WireObject {
  const { settings, cursors } = ctx.core;
  const slice = rows.slice(offset, offset + settings.pageSize);
  const next = offset + settings.pageSize;
  const token =
    next < rows.length
      ? cursors.put({ object, accountId: ctx.account.accountId, rows, offset: next }, ctx.now, settings.queryTokenTtlMs)
      : undefined;
  return {
    '@type': 'QueryResult',
    numberOfResults: settings.numberOfResults === 'total' ? rows.length : slice.length,
    queryToken: token,
    result: slice,
  };
}

/** The rows of `spec` that pass the filter, after the filter was checked against the spec's rules. */
export function selectRows(ctx: OpContext, spec: QuerySpec, parsed: Expr | null): WireObject[] {
  const expr = validateQuery(parsed, spec);
  spec.check?.(expr);
  const opts = {
    caseInsensitiveStrings: ctx.core.settings.caseInsensitiveStrings,
    caseInsensitiveProperties: new Set(spec.caseInsensitiveValues ?? []),
  };
  return spec
    .rows(ctx, expr)
    .filter((r) => matches(r.fields, expr, opts))
    .map((r) => r.wire);
}

export function runQuery(ctx: OpContext, def: ObjectDef, parsed: Expr | null): WireObject {
  const spec = def.query;
  if (!spec) throw badRequest(`Unknown objectType for query operation: ${def.name}`);
  return page(ctx, def.name, selectRows(ctx, spec, parsed), 0);
}

export function runQueryMore(ctx: OpContext, def: ObjectDef, token: string): WireObject {
  const cursor = token ? ctx.core.cursors.get(token, ctx.now) : undefined;
  if (!cursor || cursor.object !== def.name || cursor.accountId !== ctx.account.accountId) {
    throw badRequest('Invalid or expired queryToken.');
  }
  return page(ctx, def.name, cursor.rows, cursor.offset);
}
