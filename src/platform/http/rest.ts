import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { invalidRequest, sendError } from './envelope.ts';
import type { Authenticate } from './auth-hook.ts';
import { tierAtLeast, type Caller } from './caller.ts';
import type { Tier } from '../../contracts/common.ts';

/** A documented non-action route (sign-in, tokens, jobs); listed in /openapi.json. */
export interface RouteDoc {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  auth: boolean;
  request?: z.ZodType;
  response?: z.ZodType;
}

export const routeDocs: RouteDoc[] = [];

export function documented(doc: RouteDoc): RouteDoc {
  if (!routeDocs.some((d) => d.method === doc.method && d.path === doc.path)) routeDocs.push(doc);
  return doc;
}

/** Parses a JSON body (or a query string) with its schema, or answers 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, prefix?: string): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw invalidRequest(r.error, prefix);
  return r.data;
}

export async function requireCaller(
  authenticate: Authenticate,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Caller | undefined> {
  const caller = await authenticate(request);
  if (!caller) {
    await sendError(
      reply,
      new AppError('UNAUTHENTICATED', 'Sign in, or send an API token as HTTP Basic (email:token)'),
    );
    return undefined;
  }
  return caller;
}

/** For a non-action route: refuses a caller below `minTier` with the envelope's 403, as actions do. */
export function requireTier(caller: Caller, minTier: Tier, what: string): void {
  if (!tierAtLeast(caller.tier, minTier))
    throw new AppError('INSUFFICIENT_TIER', `${what} needs the ${minTier} tier; your tier is ${caller.tier}.`);
}

/** A file the browser saves rather than shows; never cached, since it holds records. */
export const asAttachment = (reply: FastifyReply, contentType: string, filename: string) =>
  reply
    .type(contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store');

export type App = FastifyInstance;
