import type { FastifyInstance } from 'fastify';
import {
  ApiTokenInfo,
  AuthConfig,
  CreateTokenRequest,
  CreatedToken,
  DemoSignInRequest,
  Me,
  SessionState,
} from '../../contracts/identity.ts';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE, type Authenticate } from '../../platform/http/auth-hook.ts';
import { sendError } from '../../platform/http/envelope.ts';
import { documented, parseBody, requireCaller } from '../../platform/http/rest.ts';
import { resolveTier, type GroupNames } from '../accounts/tiers.ts';
import type { ApiToken } from './identity-store.ts';
import type { IdentityService } from './identity-service.ts';
import type { DemoUser } from './demo-users.ts';

export interface IdentityRouteOptions {
  service: IdentityService;
  authenticate: Authenticate;
  demoUsers: DemoUser[];
  groups: GroupNames;
  sso: boolean;
  publicUrl: string;
  secureCookies: boolean;
  sessionTtlMs: number;
}

const tokenToWire = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export function registerIdentityRoutes(app: FastifyInstance, o: IdentityRouteOptions) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: o.secureCookies,
    maxAge: Math.floor(o.sessionTtlMs / 1000),
  };

  documented({
    method: 'GET',
    path: '/auth/config',
    summary: 'How users can sign in here (public).',
    tag: 'sign-in',
    auth: false,
    response: AuthConfig,
  });
  app.get('/auth/config', async () => ({
    demo: o.demoUsers.length > 0,
    sso: o.sso,
    demoUsers: o.demoUsers.map((u) => ({ email: u.email, name: u.name, tier: resolveTier(u.groups, o.groups) })),
  }));

  documented({
    method: 'POST',
    path: '/auth/demo',
    summary: 'Demo mode only: sign in as one of the demo users.',
    tag: 'sign-in',
    auth: false,
    request: DemoSignInRequest,
    response: Me,
  });
  app.post('/auth/demo', async (request, reply) => {
    const { email } = parseBody(DemoSignInRequest, request.body);
    const user = o.service.demoUser(email);
    if (!user)
      return sendError(
        reply,
        new AppError(
          'UNAUTHENTICATED',
          o.demoUsers.length ? `${email} is not a demo user` : 'Demo sign-in is only available in demo mode',
        ),
      );
    const s = await o.service.startSession(user, 'DEMO');
    reply.setCookie(SESSION_COOKIE, s.sessionId, cookieOptions);
    return {
      email: user.email,
      name: user.name,
      groups: user.groups,
      tier: resolveTier(user.groups, o.groups),
      via: 'session',
      csrfToken: s.csrfToken,
    };
  });

  documented({
    method: 'GET',
    path: '/auth/login',
    summary: 'Single sign-on: redirects to the identity provider.',
    tag: 'sign-in',
    auth: false,
  });
  app.get<{ Querystring: { returnTo?: string } }>('/auth/login', async (request, reply) => {
    const url = await o.service.beginSignIn(typeof request.query.returnTo === 'string' ? request.query.returnTo : '/');
    return reply.redirect(url, 302);
  });

  documented({
    method: 'GET',
    path: '/auth/callback',
    summary: 'Single sign-on: the identity provider returns here.',
    tag: 'sign-in',
    auth: false,
  });
  app.get('/auth/callback', async (request, reply) => {
    const { user, returnTo } = await o.service.finishSignIn(new URL(request.url, o.publicUrl));
    const s = await o.service.startSession(user, 'OIDC');
    reply.setCookie(SESSION_COOKIE, s.sessionId, cookieOptions);
    return reply.redirect(returnTo, 302);
  });

  documented({
    method: 'POST',
    path: '/auth/logout',
    summary: 'Ends the browser session (needs the CSRF header).',
    tag: 'sign-in',
    auth: true,
  });
  app.post('/auth/logout', async (request, reply) => {
    const caller = await requireCaller(o.authenticate, request, reply);
    if (!caller) return reply;
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await o.service.endSession(sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { success: true };
  });

  documented({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user, their tier and (for sessions) the CSRF token.',
    tag: 'sign-in',
    auth: true,
    response: Me,
  });
  app.get('/api/me', async (request, reply) => {
    const c = await requireCaller(o.authenticate, request, reply);
    if (!c) return reply;
    return Me.parse(c);
  });

  documented({
    method: 'GET',
    path: '/auth/session',
    summary:
      'Who is signed in, if anyone (public): `signedIn: false`, or the same fields as /api/me with `signedIn: true`. Never 401.',
    tag: 'sign-in',
    auth: false,
    response: SessionState,
  });
  app.get('/auth/session', async (request) => {
    const c = await o.authenticate(request);
    return SessionState.parse(c ? { ...Me.parse(c), signedIn: true } : { signedIn: false });
  });

  documented({
    method: 'GET',
    path: '/api/tokens',
    summary: 'Your personal API tokens (never their secrets).',
    tag: 'tokens',
    auth: true,
  });
  app.get('/api/tokens', async (request, reply) => {
    const c = await requireCaller(o.authenticate, request, reply);
    if (!c) return reply;
    return { success: true, tokens: (await o.service.listTokens(c)).map((t) => ApiTokenInfo.parse(tokenToWire(t))) };
  });

  documented({
    method: 'POST',
    path: '/api/tokens',
    summary: 'Create a personal API token; the secret is shown once.',
    tag: 'tokens',
    auth: true,
    request: CreateTokenRequest,
    response: CreatedToken,
  });
  app.post('/api/tokens', async (request, reply) => {
    const c = await requireCaller(o.authenticate, request, reply);
    if (!c) return reply;
    const { name } = parseBody(CreateTokenRequest, request.body);
    const { token, record } = await o.service.createToken(c, name);
    return reply.code(201).send({ success: true, ...CreatedToken.parse({ ...tokenToWire(record), token }) });
  });

  documented({
    method: 'DELETE',
    path: '/api/tokens/{id}',
    summary: 'Revoke one of your tokens.',
    tag: 'tokens',
    auth: true,
  });
  app.delete<{ Params: { id: string } }>('/api/tokens/:id', async (request, reply) => {
    const c = await requireCaller(o.authenticate, request, reply);
    if (!c) return reply;
    if (!/^[0-9a-f-]{36}$/i.test(request.params.id))
      return sendError(reply, new AppError('NOT_FOUND', 'No live token with that id belongs to you'));
    const t = await o.service.revokeToken(c, request.params.id);
    return { success: true, token: tokenToWire(t) };
  });
}
