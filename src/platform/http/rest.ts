import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { invalidRequest, sendError } from './envelope.ts';
import type { Authenticate } from './auth-hook.ts';
import type { Caller } from './caller.ts';

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

/** Parses a JSON body with its schema, or answers 400 naming the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw invalidRequest(r.error);
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

export type App = FastifyInstance;
