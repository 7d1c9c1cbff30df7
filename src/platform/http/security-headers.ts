import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Browser-facing hardening (issue 11 item 5). The dashboard is built by Vite into files under
 * /assets, so a strict policy fits it: scripts, styles, fonts and calls from this origin only, no
 * inline script, no plugins. Nothing may frame the pages (an approval button under someone
 * else's overlay is clickjacking). HSTS only when the public URL is https: on plain http it would
 * be ignored, and on localhost it would outlive the demo.
 */
export const DASHBOARD_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Answers of the API (JSON, event streams) load nothing and are framed by nobody. */
const API_CSP = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };
const API_PATHS = /^\/(fs|api|auth|healthz|readyz|metrics|openapi\.json)(\/|\?|$)/;

export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  // Helmet itself, configured once: @fastify/helmet rebuilds its middleware on every request,
  // which cost a quarter of a small request's time.
  const common = {
    frameguard: { action: 'deny' as const },
    noSniff: true,
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : (false as const),
  };
  const pageHeaders = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP },
    // The dashboard embeds nothing cross-origin; COEP would only break the API docs' assets.
    crossOriginEmbedderPolicy: false,
  });
  // A JSON answer needs no browser isolation headers beyond these: fewer bytes on every call.
  const apiHeaders = helmet({
    ...common,
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    const apply = API_PATHS.test(request.url) ? apiHeaders : pageHeaders;
    apply(request.raw, reply.raw, (err?: unknown) => done(err as Error | undefined));
  });
}

/**
 * The API docs page (/docs, Swagger UI) has a policy of its own: its scripts by hash (from
 * @fastify/swagger-ui), and inline styles, which Swagger UI sets on the elements it draws. It
 * keeps the dashboard's no-framing rule.
 */
export const docsCsp = (https: boolean) => (header: string) =>
  header
    .replace(/frame-ancestors [^;]*;?/, "frame-ancestors 'none';")
    .replace(/style-src [^;]*;?/, "style-src 'self' 'unsafe-inline';")
    .replace(https ? /$^/ : /\s*upgrade-insecure-requests;?/, '')
    .trim();
