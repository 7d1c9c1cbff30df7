import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Authenticator, Caller } from './caller.ts';

export const SESSION_COOKIE = 'promo_session';
export const CSRF_HEADER = 'x-csrf-token';

export type Authenticate = (request: FastifyRequest) => Promise<Caller | null>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const resolved = new WeakMap<FastifyRequest, Promise<Caller | null>>();

export const constantTimeEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Resolves the caller once per request. Browser sessions must echo their CSRF token on every
 * state-changing request; the cookie alone is never enough (SameSite=Lax is a second fence).
 */
export function createAuthenticate(authenticator: Authenticator): Authenticate {
  return (request) => {
    let p = resolved.get(request);
    if (!p) {
      p = (async () => {
        const h = request.headers;
        const caller = await authenticator.authenticate({
          method: request.method,
          authorization: h.authorization,
          sessionCookie: request.cookies?.[SESSION_COOKIE],
          assertedUser: h['x-promo-user-email']
            ? {
                email: String(h['x-promo-user-email']),
                name: h['x-promo-user-name'] as string | undefined,
                groups: h['x-promo-user-groups'] as string | undefined,
              }
            : undefined,
          body: request.body,
        });
        if (caller?.via === 'session' && !SAFE_METHODS.has(request.method)) {
          const sent = h[CSRF_HEADER];
          if (typeof sent !== 'string' || !caller.csrfToken || !constantTimeEqual(sent, caller.csrfToken)) {
            throw new AppError('CSRF_TOKEN_INVALID', `Send the session's CSRF token in the ${CSRF_HEADER} header`);
          }
        }
        return caller;
      })();
      resolved.set(request, p);
    }
    return p;
  };
}
