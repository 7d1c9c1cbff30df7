import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Paths the single-page app never owns: the API, sign-in, docs and operations endpoints. */
const SERVER_PATHS = /^\/(api|fs|auth|docs|openapi\.json|healthz|readyz|metrics|boomi-emulator|assets)(\/|$|\?)/;

export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/**
 * The built dashboard (web/dist): hashed assets cached for a year, and index.html for any other
 * GET that asks for HTML, so deep links such as /reviews/peer/{id} survive a reload. Returns the
 * fallback for the one not-found handler.
 */
export async function registerDashboard(
  app: FastifyInstance,
  distDir: string,
  opts: { sourceMaps: boolean } = { sourceMaps: false },
): Promise<PageFallback> {
  const indexPath = join(distDir, 'index.html');
  const page = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;
  if (page) {
    await app.register(fastifyStatic, {
      root: join(distDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      // Source maps carry the dashboard's sources; served only when DASHBOARD_SOURCE_MAPS=on.
      allowedPath: (path) => opts.sourceMaps || !path.endsWith('.map'),
    });
    // The page names its icon (a hashed asset); browsers and tools that ask for /favicon.ico
    // without reading the page are sent there rather than to a 404.
    const icon = /<link[^>]*rel="icon"[^>]*href="(\/assets\/[^"]+)"/.exec(page)?.[1];
    if (icon) app.get('/favicon.ico', (_request, reply) => reply.redirect(icon, 302));
  }
  return (request, reply) => {
    const wantsHtml = String(request.headers.accept ?? '').includes('text/html');
    if (request.method !== 'GET' || !wantsHtml || SERVER_PATHS.test(request.url)) return undefined;
    if (!page)
      return reply
        .code(503)
        .type('text/plain')
        .send('The dashboard has not been built: run `npm run build` (npm start does it for you).');
    // Never cached: the next page load must pick up a new release's asset names.
    return reply.type('text/html').header('cache-control', 'no-cache').send(page);
  };
}
