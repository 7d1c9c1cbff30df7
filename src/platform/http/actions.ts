import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AcceptedResponse, type ActionContract } from '../../contracts/common.ts';
import { AppError } from '../errors.ts';
import { sendError, invalidRequest } from './envelope.ts';
import { checkIdentityFields } from './identity-fields.ts';
import { tierAtLeast, type AccessPolicy, type Caller, type NamedRecord } from './caller.ts';
import type { Authenticate } from './auth-hook.ts';

export const ACTION_PREFIX = '/fs/PromotionService/';

export interface ActionContext {
  caller: Caller;
  requestId: string;
  log: FastifyBaseLogger;
  /** The caller sent `Prefer: respond-async` (D3). */
  respondAsync: boolean;
}

/** A contract bound to its handler: what a feature's routes file exports. */
export interface ActionBinding<C extends ActionContract = ActionContract> {
  contract: C;
  handle: (
    req: z.output<C['request']>,
    ctx: ActionContext,
  ) => Promise<(z.input<C['response']> & { httpStatus?: 200 }) | Accepted>;
}

/** D3: the answer of a long-running action that is still running. */
export type Accepted = z.input<typeof AcceptedResponse> & { httpStatus: 202 };

export const bindAction = <C extends ActionContract>(b: ActionBinding<C>): ActionBinding<C> => b;

export interface ActionDeps {
  authenticate: Authenticate;
  access: AccessPolicy;
}

export function registerActions(app: FastifyInstance, bindings: ActionBinding[], deps: ActionDeps) {
  for (const binding of bindings) {
    const { contract } = binding;
    app.post(
      `${ACTION_PREFIX}${contract.name}`,
      { config: { action: contract.name } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const caller = await deps.authenticate(request);
        if (!caller)
          return sendError(
            reply,
            new AppError('UNAUTHENTICATED', 'Sign in, or send an API token as HTTP Basic (email:token)'),
          );
        if (!tierAtLeast(caller.tier, contract.minTier)) {
          return sendError(
            reply,
            new AppError(
              'INSUFFICIENT_TIER',
              `${contract.name} needs the ${contract.minTier} tier; your tier is ${caller.tier}. Ask to be added to the contributor or admin group.`,
            ),
          );
        }
        // No body at all (a bare `curl -X POST`) reads as {}; an explicit JSON null does not.
        const body = checkIdentityFields(request.body === undefined ? {} : request.body, caller);
        const parsed = contract.request.safeParse(body);
        if (!parsed.success) return sendError(reply, invalidRequest(parsed.error));
        const input = parsed.data as z.output<typeof contract.request>;

        // The one door: every record the request names is authorized through its owner (D5).
        const named = namedRecords(contract, input);
        if (named.length) await deps.access.authorize(caller, named);

        const ctx: ActionContext = {
          caller,
          requestId: request.id,
          log: request.log,
          respondAsync: /respond-async/i.test(String(request.headers.prefer ?? '')),
        };
        const { httpStatus, ...result } = await binding.handle(input, ctx);
        const out = (httpStatus === 202 ? AcceptedResponse : contract.response).safeParse(result);
        if (!out.success) {
          request.log.error(
            { issues: out.error.issues.slice(0, 5), action: contract.name },
            'response failed its schema',
          );
          throw new AppError(
            'INTERNAL_ERROR',
            'The response did not match its contract; the request id identifies it in the logs.',
          );
        }
        return reply.code(httpStatus ?? 200).send({ success: true, ...out.data });
      },
    );
  }
  // Unknown actions fall through to the not-found handler, which answers with the envelope.
}

/** The records a parsed request names, by its contract's `refs`; empty strings name nothing. */
export function namedRecords(contract: ActionContract, input: unknown): NamedRecord[] {
  const body = (input ?? {}) as Record<string, unknown>;
  const named: NamedRecord[] = [];
  for (const [field, ref] of Object.entries(contract.refs ?? {})) {
    const id = body[field];
    if (typeof id === 'string' && id !== '') named.push({ field, ref, id });
  }
  return named;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action name, for per-action metrics. */
    action?: string;
  }
}
