import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import type { Config } from '../../config.ts';
import type { Metrics } from '../metrics.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { installTextGuard } from './text-guard.ts';

const REQUEST_ID = /^[\w.-]{1,64}$/;

/**
 * The Fastify instance every route hangs on, with what applies to all of them: slow-client
 * timeouts, security headers, the request id, the text guard, metrics and the request log.
 * Never listens by itself, so tests drive it with `app.inject`.
 */
export async function createHttpApp(opts: {
  config: Config;
  metrics: Metrics;
  logger: boolean | Record<string, unknown>;
}): Promise<FastifyInstance> {
  const { config, metrics } = opts;
  const { headersTimeoutMs, requestTimeoutMs } = config.http;
  const app = Fastify({
    logger: opts.logger,
    // Our own request log below decides what is worth a line.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // A client that trickles its headers or body cannot hold a connection: Node answers 408 and
    // closes it. Node looks for such connections every `connectionsCheckingInterval`.
    serverFactory: (handler) =>
      createServer(
        {
          headersTimeout: headersTimeoutMs,
          requestTimeout: requestTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
        },
        handler,
      ),
  });
  await app.register(cookie);
  registerSecurityHeaders(app, { https: config.publicUrl.startsWith('https:') });
  installTextGuard(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const action = request.routeOptions.config?.action ?? request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ action, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ action }, reply.elapsedTime / 1000);
    logRequest(config.http, request, reply.statusCode, reply.elapsedTime, action);
  });
  return app;
}

/**
 * One line per request only when asked (`REQUEST_LOG=all`). By default (`changes`) an operator
 * gets server errors, refusals, slow requests and, from the audit log, every state change, but
 * no line per read; `errors` keeps server errors and slow requests only.
 */
function logRequest(
  http: Config['http'],
  request: { id: string; method: string; url: string; log: FastifyInstance['log'] },
  status: number,
  ms: number,
  action: string,
) {
  const level =
    status >= 500
      ? 'error'
      : ms >= http.slowRequestMs
        ? 'warn'
        : http.requestLog === 'all' || (http.requestLog === 'changes' && status >= 400)
          ? 'info'
          : undefined;
  // The common case (a fast, successful request) costs one comparison chain and nothing else.
  if (!level) return;
  const fields = { reqId: request.id, method: request.method, url: request.url.split('?')[0], action, status, ms };
  const message =
    level === 'error'
      ? 'request answered with a server error'
      : level === 'warn'
        ? 'slow request'
        : status >= 400
          ? 'request refused'
          : 'request';
  request.log[level](fields, message);
}
