import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

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

export async function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DASHBOARD_CSP },
    frameguard: { action: 'deny' },
    noSniff: true,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The dashboard embeds nothing cross-origin; COEP would only break the API docs' assets.
    crossOriginEmbedderPolicy: false,
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
