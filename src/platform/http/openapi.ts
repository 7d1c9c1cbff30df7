import { z } from 'zod';
import { AcceptedResponse, ErrorEnvelope, type ActionContract } from '../../contracts/common.ts';
import { ACTION_PREFIX } from './actions.ts';
import type { RouteDoc } from './rest.ts';

const toSchema = (s: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as Record<string, unknown>;

const REF_MEANING = {
  devAccount: 'a dev account you may see',
  promotion: "a promotion of such an account (another team's is answered as PROMOTION_NOT_FOUND)",
  branch: 'the branch of that promotion',
  component: 'a component that promotion wrote',
  clientAccount: "the primary account or a client account of your teams (another team's is CLIENT_ACCOUNT_NOT_FOUND)",
  rollback: "a rollback of a promotion of such an account (another team's is answered as ROLLBACK_NOT_FOUND)",
} as const;

const refsNote = (refs: ActionContract['refs']) =>
  refs && Object.keys(refs).length
    ? ` Names records: ${Object.entries(refs)
        .map(([field, ref]) => `\`${field}\` (${REF_MEANING[ref]})`)
        .join(', ')}.`
    : '';

const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });

/**
 * The OpenAPI document is generated from the same schemas that validate requests and responses,
 * so it cannot drift from what the service enforces.
 */
export function buildOpenApi(contracts: readonly ActionContract[], routes: readonly RouteDoc[], version: string) {
  const errors = toSchema(ErrorEnvelope, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const c of contracts) {
    const ok = toSchema(c.response.extend({ success: z.literal(true) }), 'output');
    paths[`${ACTION_PREFIX}${c.name}`] = {
      post: {
        operationId: c.name,
        summary: c.summary,
        // Machine-readable for clients and for the generated authorization and fuzz tests.
        'x-promo-min-tier': c.minTier,
        'x-promo-refs': c.refs ?? {},
        description:
          `Minimum tier: ${c.minTier}.${c.async ? ' Long-running: send `Prefer: respond-async` for 202 with a job handle (GET /api/jobs/{jobId}).' : ''}` +
          ' Identity fields of the original contract (requesterEmail, reviewerEmail, userSsoGroups, ...) are optional and must match the caller.' +
          refsNote(c.refs),
        tags: ['PromotionService'],
        requestBody: { required: true, content: json(toSchema(c.request, 'input')) },
        responses: {
          200: {
            description: 'success=true with the fields below, or a handled business failure (success=false)',
            content: json({ oneOf: [ok, errors] }),
          },
          ...(c.async
            ? {
                202: {
                  description: 'Accepted: the job runs on; poll /api/jobs/{jobId}',
                  content: json(toSchema(AcceptedResponse.extend({ success: z.literal(true) }), 'output')),
                },
              }
            : {}),
          400: {
            description: 'INVALID_REQUEST: malformed JSON or a schema violation; `field` names it',
            content: json(errors),
          },
          401: { description: 'UNAUTHENTICATED', content: json(errors) },
          403: {
            description: 'INSUFFICIENT_TIER, ACCOUNT_NOT_AUTHORIZED, IDENTITY_MISMATCH or CSRF_TOKEN_INVALID',
            content: json(errors),
          },
          503: { description: 'DATAHUB_ERROR: the database is unavailable', content: json(errors) },
        },
      },
    };
  }
  for (const r of routes) {
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.auth ? {} : { security: [] }),
      responses: {
        200: { description: 'OK', ...(r.response ? { content: json(toSchema(r.response, 'output')) } : {}) },
        400: { description: 'INVALID_REQUEST', content: json(errors) },
      },
    };
    if (r.request) op.requestBody = { required: true, content: json(toSchema(r.request, 'input')) };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Promo API',
      version,
      description:
        'Promote Boomi components from dev sub-accounts to Test and Production with reviews. Every action is POST /fs/PromotionService/{action} with a JSON body; every response carries `success`.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiToken: {
          type: 'http',
          scheme: 'basic',
          description: 'email:token with a personal API token (demo mode: demo-<first name>)',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'promo_session',
          description: 'Browser session; state-changing requests also need the x-csrf-token header',
        },
      },
    },
    security: [{ apiToken: [] }, { session: [] }],
    paths,
  };
}
