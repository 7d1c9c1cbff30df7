import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 11 items 5 and 7: security headers, no source maps unless asked, slow clients cut off,
// and a request log that keeps what an operator needs without a line per read.

/** A built dashboard of one page, one script and its source map. */
function fakeDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promo-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/app-1.js"></script>');
  writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)\n//# sourceMappingURL=app-1.js.map');
  writeFileSync(join(dir, 'assets', 'app-1.js.map'), '{"version":3,"sources":["secret.tsx"]}');
  return dir;
}

describe('HTTP hardening', () => {
  let db: Db;
  const dist = fakeDashboard();
  const apps: TestApp[] = [];
  const app = async (env: Record<string, string> = {}, logger?: Record<string, unknown>) => {
    const t = await buildTestApp(db, { env: { DASHBOARD_DIR: dist, ...env }, ...(logger ? { logger } : {}) });
    apps.push(t);
    return t;
  };
  before(async () => {
    db = await freshDb();
  });
  after(async () => {
    for (const t of apps) await t.app.close();
    await dropDb(db);
    rmSync(dist, { recursive: true, force: true });
  });

  test('pages and answers carry a Content-Security-Policy, no framing, nosniff and a Referrer-Policy', async () => {
    const t = await app();
    for (const res of [
      await t.inject({ method: 'GET', url: '/packages', headers: { accept: 'text/html' } }),
      await t.inject({ method: 'POST', url: '/fs/PromotionService/getDevAccounts', headers: { authorization: 'x' } }),
      await t.inject({ method: 'GET', url: '/docs' }),
    ]) {
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /default-src '(self|none)'/);
      assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/, 'no inline script anywhere');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS on plain http');
    }
    const page = await t.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    assert.match(String(page.headers['content-security-policy']), /script-src 'self';style-src 'self'/);
    // An API answer loads nothing at all.
    const api = await t.inject({ method: 'GET', url: '/healthz' });
    assert.equal(api.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'");
  });

  test('HSTS when the public URL is https', async () => {
    const t = await app({ PUBLIC_URL: 'https://promo.acme.example' });
    const res = await t.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
  });

  test('source maps are not served unless DASHBOARD_SOURCE_MAPS=on', async () => {
    const closed = await app();
    assert.equal((await closed.inject({ method: 'GET', url: '/assets/app-1.js' })).statusCode, 200);
    assert.equal((await closed.inject({ method: 'GET', url: '/assets/app-1.js.map' })).statusCode, 404);
    const open = await app({ DASHBOARD_SOURCE_MAPS: 'on' });
    const map = await open.inject({ method: 'GET', url: '/assets/app-1.js.map' });
    assert.deepEqual([map.statusCode, map.body.includes('secret.tsx')], [200, true]);
  });

  test('a client that trickles its headers or its body is cut off with 408', async () => {
    const t = await app({ HTTP_HEADERS_TIMEOUT_SECONDS: '1', HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const slow = (parts: string[]) =>
      new Promise<{ ms: number; answer: string }>((resolve) => {
        const started = Date.now();
        let answer = '';
        const socket = connect(Number(port), '127.0.0.1', () => {
          for (const p of parts) socket.write(p);
        });
        socket.on('data', (d) => (answer += String(d)));
        socket.on('close', () => resolve({ ms: Date.now() - started, answer }));
        socket.setTimeout(15_000, () => socket.destroy());
      });
    const headers = await slow(['POST /fs/PromotionService/getDevAccounts HTTP/1.1\r\nHost: x\r\n']);
    assert.match(headers.answer, /^HTTP\/1\.1 408/);
    assert.ok(headers.ms < 5000, `headers cut off after ${headers.ms} ms`);
    const body = await slow([
      'POST /fs/PromotionService/getDevAccounts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n',
      'Content-Length: 100\r\n\r\n{"a":',
    ]);
    assert.match(body.answer, /^HTTP\/1\.1 408/);
    assert.ok(body.ms < 6000, `body cut off after ${body.ms} ms`);
  });

  test('the default request log has errors, refusals, slow requests and state changes, not a line per read', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const t = await app({}, { level: 'info', stream });
    const read = await t.action('getDevAccounts', {}, 'alice');
    assert.equal(read.status, 200);
    assert.equal(lines.filter((l) => l.action === 'getDevAccounts').length, 0, 'a read leaves no line');
    await t.action('getDevAccounts', {}, 'olga');
    assert.ok(lines.some((l) => l.msg === 'request refused' && l.status === 403));
    await t.action(
      'manageMappings',
      {
        operation: 'create',
        mapping: {
          devComponentId: 'dev-1',
          devAccountId: 'acme-DEVA',
          prodComponentId: 'prod-1',
          componentName: 'Log Test',
          componentType: 'connector-settings',
        },
      },
      'carol',
    );
    assert.ok(
      lines.some((l) => l.msg === 'state change' && l.audit === 'MAPPING_UPSERTED' && l.actor === 'carol@acme.example'),
      JSON.stringify(lines.map((l) => l.msg)),
    );

    const slowLines: Array<Record<string, unknown>> = [];
    const all = await app(
      { SLOW_REQUEST_MS: '1', REQUEST_LOG: 'errors' },
      {
        level: 'info',
        stream: new Writable({
          write(chunk, _enc, done) {
            for (const l of String(chunk).split('\n').filter(Boolean)) slowLines.push(JSON.parse(l));
            done();
          },
        }),
      },
    );
    await all.action('queryStatus', {}, 'alice');
    assert.ok(slowLines.some((l) => l.msg === 'slow request' && l.action === 'queryStatus'));
  });
});
