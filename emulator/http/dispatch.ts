import { count, type EmulatorCore } from '../core/core.ts';
import { Journal } from '../core/journal.ts';
import { advanceTimeline } from '../core/timeline.ts';
import { isDescendant } from '../domain/model.ts';
import type { ObjectDef, OperationName, OpContext, OpResult } from '../domain/object-def.ts';
import { runAsyncQuery, readAsyncResult } from '../query/async-query.ts';
import { runQuery, runQueryMore } from '../query/query-run.ts';
import type { ApiUser } from '../state/state-types.ts';
import { wireToXml, type WireObject, type WireValue } from '../wire/xml-write.ts';
import type { Authenticator } from './auth.ts';
import { BoomiError, MESSAGES, renderError } from './boomi-error.ts';
import { resolveRoute, type Route } from './resolve-route.ts';
import {
  JSON_CONTENT_TYPE,
  XML_CONTENT_TYPE,
  parseBody,
  parseQueryBody,
  readQueryToken,
  wantsJson,
} from './negotiate.ts';

// One Platform API call, independent of Fastify: route -> count -> latency -> auth -> account
// hierarchy -> content negotiation -> rate limit -> injected faults -> timed stages -> handler ->
// Boomi's wire format. Mutating handlers run inside an undo log: a refused call changes nothing.

export interface ApiRequest {
  method: string;
  accountId: string;
  /** Path after `/{accountId}/`, e.g. `Component/abc~Qjox`. */
  path: string;
  overrideAccount: string | undefined;
  accept: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: string;
  baseUrl: string;
}

export type ApiResponse =
  { status: number; contentType?: string; body: string; headers?: Record<string, string> } | { drop: true };

const MUTATING = new Set<OperationName>(['create', 'update', 'delete', 'execute']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function errorResponse(err: unknown, json: boolean): ApiResponse {
  const status = err instanceof BoomiError ? err.status : 500;
  const message = err instanceof BoomiError ? err.message : 'Internal error in the Boomi emulator.';
  const { contentType, body } = renderError(message, json);
  return { status, contentType, body };
}

function stringifyBooleans(v: WireValue): WireValue {
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(stringifyBooleans);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stringifyBooleans(x)]));
  return v;
}

function render(core: EmulatorCore, def: ObjectDef, result: OpResult, json: boolean): ApiResponse {
  const status = result.status ?? 200;
  if ('empty' in result) return { status, body: '' };
  if ('bool' in result)
    return json
      ? { status, contentType: JSON_CONTENT_TYPE, body: String(result.bool) }
      : { status, contentType: XML_CONTENT_TYPE, body: `<${String(result.bool)}/>` };
  if ('xml' in result) return { status, contentType: XML_CONTENT_TYPE, body: result.xml };
  if (!json) return { status, contentType: XML_CONTENT_TYPE, body: wireToXml(result.wire) };
  const stringy = core.settings.stringBooleans && (def.name === 'Branch' || def.name === 'MergeRequest');
  const wire = stringy ? (stringifyBooleans(result.wire) as WireObject) : result.wire;
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(wire) };
}

function bulkGet(ctx: OpContext, def: ObjectDef): OpResult {
  if (def.name === 'Component') return { xml: (def as ObjectDef & { bulkXml(c: OpContext): string }).bulkXml(ctx) };
  const request = ctx.body['request'];
  const ids = (Array.isArray(request) ? request : request ? [request] : []).map((r) =>
    String((r as Record<string, unknown>)['id'] ?? ''),
  );
  if (ids.length > (def.bulkLimit ?? 100))
    throw new BoomiError(400, `A bulk request accepts at most ${def.bulkLimit ?? 100} ids.`);
  const response = ids.map((id, index): WireObject => {
    try {
      const r = (def.get as NonNullable<ObjectDef['get']>)(ctx, id);
      return { '@type': 'BulkResponse', index, id, statusCode: 200, Result: 'wire' in r ? r.wire : undefined };
    } catch (err) {
      return {
        '@type': 'BulkResponse',
        index,
        id,
        statusCode: err instanceof BoomiError ? err.status : 500,
        errorMessage: err instanceof Error ? err.message : String(err),
      };
    }
  });
  return { wire: { '@type': 'BulkResult', response } };
}

function execute(ctx: OpContext, route: Route, req: ApiRequest): OpResult {
  const { def, op, id } = route;
  if (op === 'query') return { wire: runQuery(ctx, def, parseQueryBody(req.body, req.contentType)) };
  if (op === 'queryMore') return { wire: runQueryMore(ctx, def, readQueryToken(req.body)) };
  if (op === 'asyncQuery') return { wire: runAsyncQuery(ctx, def, parseQueryBody(req.body, req.contentType)) };
  if (op === 'asyncResponse') return readAsyncResult(ctx, def, id);
  if (op === 'asyncGet') return (def.asyncGet as NonNullable<ObjectDef['asyncGet']>)(ctx, id);
  if (!def.rawBody && (op === 'create' || op === 'update' || op === 'execute' || op === 'bulk'))
    ctx.body = parseBody(req.body, req.contentType);
  if (def.rawBody && op === 'bulk') ctx.body = parseBody(req.body, req.contentType);
  switch (op) {
    case 'get':
      return (def.get as NonNullable<ObjectDef['get']>)(ctx, id);
    case 'create':
      return (def.create as NonNullable<ObjectDef['create']>)(ctx, route.objectSuffix);
    case 'update':
      return (def.update as NonNullable<ObjectDef['update']>)(ctx, id);
    case 'delete':
      return (def.delete as NonNullable<ObjectDef['delete']>)(ctx, id);
    case 'execute':
      return (def.execute as NonNullable<ObjectDef['execute']>)(ctx, id);
    case 'bulk':
      return bulkGet(ctx, def);
    default:
      throw new BoomiError(501, MESSAGES.notImplementedOperation(op, def.name));
  }
}

/** Runs the handler; a mutating one sees the state through an undo log that a failure replays. */
function run(ctx: OpContext, route: Route, req: ApiRequest): OpResult {
  if (!MUTATING.has(route.op)) return execute(ctx, route, req);
  const journal = new Journal();
  const core = { ...ctx.core, state: journal.wrap(ctx.core.state) };
  try {
    return execute({ ...ctx, core, account: journal.wrap(ctx.account) }, route, req);
  } catch (err) {
    journal.rollback();
    throw err;
  }
}

function authorize(core: EmulatorCore, auth: Authenticator, req: ApiRequest): { user: ApiUser; accountId: string } {
  const user = auth.authenticate(req.authorization);
  if (!user) throw new BoomiError(401, MESSAGES.unauthorized);
  const accounts = core.state.accounts;
  if (user.accountId !== req.accountId || !accounts[req.accountId]) throw new BoomiError(403, MESSAGES.forbidden);
  const override = req.overrideAccount;
  if (override === undefined || override === '') return { user, accountId: req.accountId };
  // The override must be the path account or below it in the account hierarchy.
  if (!accounts[override] || !isDescendant(accounts, override, req.accountId))
    throw new BoomiError(403, MESSAGES.forbidden);
  return { user, accountId: override };
}

export async function handleApiRequest(core: EmulatorCore, auth: Authenticator, req: ApiRequest): Promise<ApiResponse> {
  let json = wantsJson(req.accept);
  let route: Route;
  try {
    route = resolveRoute(req.method, req.path);
  } catch (err) {
    return errorResponse(err, json);
  }
  const operation = `${route.def.name}.${route.op}`;
  count(core, operation);
  const { latencyMs, jitterMs } = core.settings;
  if (latencyMs > 0 || jitterMs > 0) await sleep(latencyMs + Math.random() * jitterMs);
  try {
    // Credentials first: a bad token is a 401 whatever the Accept header asks for.
    const { user, accountId } = authorize(core, auth, req);
    if (route.def.xmlOnly && json) {
      // Component is XML-only: JSON is not acceptable, and the error itself comes back as XML.
      const { contentType, body } = renderError(MESSAGES.notAcceptable, false);
      return { status: 406, contentType, body };
    }
    if (route.def.xmlOnly) json = false;
    if (!core.rateLimiter.take(accountId, core.settings.rateLimit, core.now())) {
      const res = errorResponse(new BoomiError(503, MESSAGES.rateLimited), json);
      if ('status' in res && core.settings.retryAfter) res.headers = { 'retry-after': '1' };
      return res;
    }
    const fault = core.faults.takeHttp(operation, accountId);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.drop) return { drop: true };
    if (fault?.status)
      throw new BoomiError(
        fault.status,
        fault.message ?? (fault.status === 503 ? MESSAGES.rateLimited : MESSAGES.injected),
      );
    advanceTimeline(core);
    const account = core.state.accounts[accountId];
    if (!account) throw new BoomiError(403, MESSAGES.forbidden);
    const ctx: OpContext = { core, account, user, now: core.now(), baseUrl: req.baseUrl, body: {}, rawBody: req.body };
    const result = run(ctx, route, req);
    if (MUTATING.has(route.op)) core.markDirty();
    return render(core, route.def, result, json);
  } catch (err) {
    if (!(err instanceof BoomiError)) core.logError(err);
    return errorResponse(err, json);
  }
}
