import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

export { TIERS, LIMITS, type Tier } from './limits.ts';
import { LIMITS, type Tier } from './limits.ts';

export const Id = z.string().trim().min(1).max(LIMITS.id);
export const Email = z.email().max(LIMITS.email);
export const Groups = z.array(z.string().min(1).max(LIMITS.groupName)).max(LIMITS.groups);

/** Fields every response carries (D2). Business failures: success=false with code and message. */
export const ErrorEnvelope = z.object({
  success: z.literal(false),
  errorCode: z.enum(ERROR_CODES),
  errorMessage: z.string(),
  requestId: z.string().optional(),
  field: z.string().optional(),
});

/** D3: a long-running action answered at once (HTTP 202); poll GET /api/jobs/{jobId}. */
export const AcceptedResponse = z.object({
  jobId: z.string(),
  status: z.string(),
  promotionId: z.string().optional(),
});

/**
 * An action of `POST /fs/PromotionService/{name}`: its minimum tier and its request and response
 * bodies. `response` describes the success fields; `success: true` is added by the HTTP layer.
 */
/**
 * What an id field of a request names. The HTTP layer authorizes every such field through the
 * record that owns it before the action runs (one door): a dev account the caller may see, a
 * promotion of such an account, a branch of such a promotion, a component of such a promotion, a
 * client account one of the caller's teams may see (or the primary account), a rollback of a dev
 * account the caller may see.
 */
export type RecordRef = 'devAccount' | 'promotion' | 'branch' | 'component' | 'clientAccount' | 'rollback';

export interface ActionContract<Req extends z.ZodType = z.ZodType, Res extends z.ZodObject = z.ZodObject> {
  name: string;
  summary: string;
  minTier: Tier;
  /** Top-level request fields that name records, and what they name (see RecordRef). */
  refs?: Readonly<Record<string, RecordRef>>;
  /** Long-running actions that may answer 202 with a job handle (D3). */
  async?: boolean;
  request: Req;
  response: Res;
}

export const defineContract = <Req extends z.ZodType, Res extends z.ZodObject>(c: ActionContract<Req, Res>) => c;

/**
 * Accepts the original contracts' alternative field names (10-backend.md §8.A): an alias is
 * renamed to its canonical field. Sent together with a different value, the alias is kept and
 * refused as an unknown field, so a disagreement is never silently resolved.
 */
export function withAliases<T extends z.ZodType>(aliases: Record<string, string>, schema: T) {
  const note = Object.entries(aliases)
    .map(([a, c]) => `${a} -> ${c}`)
    .join(', ');
  return z
    .preprocess((v: unknown) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
      const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const [alias, canonical] of Object.entries(aliases)) {
        if (!(alias in out)) continue;
        if (!(canonical in out)) out[canonical] = out[alias];
        if (JSON.stringify(out[canonical]) === JSON.stringify(out[alias])) delete out[alias];
      }
      return out;
    }, schema)
    .describe(`Accepted aliases: ${note}`);
}
