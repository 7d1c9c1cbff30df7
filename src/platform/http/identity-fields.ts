import { AppError } from '../errors.ts';
import type { Caller } from './caller.ts';

/** Body fields that carried identity in the original contracts (D4). */
const EMAIL_FIELDS = [
  'requesterEmail',
  'reviewerEmail',
  'initiatedBy',
  'requestedBy',
  'adminEmail',
  'approvedBy',
] as const;

/**
 * Identity fields are optional; when present they must agree with the authenticated caller.
 * Returns the body without them, so action schemas describe only what the action needs.
 */
export function checkIdentityFields(body: unknown, caller: Caller): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const rest: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of EMAIL_FIELDS) {
    if (!(field in rest)) continue;
    const v = rest[field];
    if (v !== null && v !== '' && (typeof v !== 'string' || v.trim().toLowerCase() !== caller.email)) {
      throw new AppError('IDENTITY_MISMATCH', `${field} does not match the signed-in user`, { details: { field } });
    }
    delete rest[field];
  }
  if ('reviewerName' in rest) {
    const v = rest.reviewerName;
    if (
      v !== null &&
      v !== '' &&
      (typeof v !== 'string' || v.trim().toLowerCase() !== caller.name.trim().toLowerCase())
    ) {
      throw new AppError('IDENTITY_MISMATCH', 'reviewerName does not match the signed-in user', {
        details: { field: 'reviewerName' },
      });
    }
    delete rest.reviewerName;
  }
  if ('userSsoGroups' in rest) {
    const v = rest.userSsoGroups;
    if (v !== null && v !== undefined) {
      if (!Array.isArray(v) || !v.every((g) => typeof g === 'string')) {
        throw new AppError('INVALID_REQUEST', 'userSsoGroups: expected an array of strings', {
          details: { field: 'userSsoGroups' },
        });
      }
      const have = new Set(caller.groups.map((g) => g.toLowerCase()));
      const sent = new Set((v as string[]).map((g) => g.toLowerCase()));
      if (have.size !== sent.size || [...sent].some((g) => !have.has(g))) {
        throw new AppError('IDENTITY_MISMATCH', "userSsoGroups does not match the signed-in user's groups", {
          details: { field: 'userSsoGroups' },
        });
      }
    }
    delete rest.userSsoGroups;
  }
  return rest;
}

/** For a trusted integration: the identity it asserts through the same body fields. */
export function assertedEmail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  for (const f of EMAIL_FIELDS) if (typeof b[f] === 'string' && b[f]) return (b[f] as string).trim().toLowerCase();
  return undefined;
}

export function assertedGroups(body: unknown): string[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const g = (body as Record<string, unknown>).userSsoGroups;
  return Array.isArray(g) && g.every((x) => typeof x === 'string') ? (g as string[]) : undefined;
}
