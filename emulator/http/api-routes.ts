import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorCore } from '../core/core.ts';
import type { Authenticator } from './auth.ts';
import { MESSAGES, renderError } from './boomi-error.ts';
import { handleApiRequest } from './dispatch.ts';
import { wantsJson } from './negotiate.ts';

// The Platform API's two URL shapes, `/partner/api/rest/v1/{accountId}/…` and
// `/api/rest/v1/{accountId}/…`, valid at the root or under any prefix the plugin is registered at.

const BASES = ['/partner/api/rest/v1/:accountId/*', '/api/rest/v1/:accountId/*'];

interface Params {
  accountId: string;
  '*': string;
}

function firstString(v: unknown): string | undefined {
  if (Array.isArray(v)) return firstString(v[0]);
  return typeof v === 'string' ? v : undefined;
}

function baseUrl(request: FastifyRequest, accountId: string): string {
  const path = request.url.split('?')[0] ?? '';
  const marker = `/rest/v1/${accountId}`;
  const at = path.indexOf(marker);
  const prefix = at < 0 ? path : path.slice(0, at + marker.length);
  return `${request.protocol}://${request.headers.host ?? 'localhost'}${prefix}`;
}

export function apiRoutes(core: EmulatorCore, auth: Authenticator, bodyLimit: number): FastifyPluginAsync {
  return async (app) => {
    // Bodies are read as text: XML, JSON and queryMore's bare token are told apart by the dispatcher.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const params = request.params as Params;
      const query = request.query as Record<string, unknown>;
      const res = await handleApiRequest(core, auth, {
        method: request.method === 'HEAD' ? 'GET' : request.method,
        accountId: params.accountId,
        path: params['*'],
        overrideAccount: firstString(query['overrideAccount']),
        accept: request.headers.accept,
        contentType: request.headers['content-type'],
        authorization: request.headers.authorization,
        body: typeof request.body === 'string' ? request.body : '',
        baseUrl: baseUrl(request, params.accountId),
      });
      if ('drop' in res) {
        // Injected fault: the connection dies without an answer.
        reply.hijack();
        request.raw.socket?.destroy();
        reply.raw.destroy();
        return;
      }
      reply.code(res.status);
      if (res.contentType) reply.header('content-type', res.contentType);
      for (const [k, v] of Object.entries(res.headers ?? {})) reply.header(k, v);
      return reply.send(res.body);
    };
    for (const url of BASES) app.route({ method: ['GET', 'POST', 'DELETE'], url, bodyLimit, handler });

    app.setNotFoundHandler((request, reply) => {
      const { contentType, body } = renderError(MESSAGES.notFound, wantsJson(request.headers.accept));
      return reply.code(404).header('content-type', contentType).send(body);
    });
    app.setErrorHandler((err: { statusCode?: number; message?: string }, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error(err, 'Boomi emulator error');
      const message =
        status === 413
          ? 'Request body too large.'
          : status === 500
            ? 'Internal error in the Boomi emulator.'
            : (err.message ?? MESSAGES.unreadable);
      const { contentType, body } = renderError(message, wantsJson(request.headers.accept));
      return reply.code(status).header('content-type', contentType).send(body);
    });
  };
}
