import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

// The service serves the built dashboard: deep links get index.html, the API keeps its JSON 404s.
describe('dashboard serving', () => {
  let db: Db;
  let t: TestApp;
  let unbuilt: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'promo-dist-'));
  before(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>Component Promotion Dashboard</title>' +
        '<link rel="icon" type="image/svg+xml" href="/assets/favicon-abc.svg" />' +
        '<script src="/assets/index-abc.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'favicon-abc.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    db = await freshDb();
    t = await buildTestApp(db, { env: { DASHBOARD_DIR: dir } });
    unbuilt = await buildTestApp(db, { env: { DASHBOARD_DIR: join(dir, 'missing') }, seed: false });
  });
  after(async () => {
    await t.app.close();
    await unbuilt.app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const html = { accept: 'text/html,application/xhtml+xml' };

  test('a deep link that asks for HTML gets the app, never cached', async () => {
    for (const url of [
      '/',
      '/packages',
      '/reviews/peer/4a1e0d1c-0000-4000-8000-000000000000',
      '/admin/approvals?selected=x',
    ]) {
      const res = await t.inject({ method: 'GET', url, headers: html });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /Component Promotion Dashboard/);
    }
  });

  test('hashed assets are served with a long cache lifetime', async () => {
    const res = await t.inject({ method: 'GET', url: '/assets/index-abc.js' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['cache-control']), /max-age=31536000.*immutable/);
    assert.equal((await t.inject({ method: 'GET', url: '/assets/nope.js', headers: html })).statusCode, 404);
  });

  test("the page's icon is an asset, and /favicon.ico leads to it", async () => {
    const icon = await t.inject({ method: 'GET', url: '/assets/favicon-abc.svg' });
    assert.equal(icon.statusCode, 200);
    assert.match(String(icon.headers['content-type']), /image\/svg\+xml/);
    const ico = await t.inject({ method: 'GET', url: '/favicon.ico', headers: { accept: 'image/*' } });
    assert.equal(ico.statusCode, 302);
    assert.equal(ico.headers.location, '/assets/favicon-abc.svg');
    assert.equal((await unbuilt.inject({ method: 'GET', url: '/favicon.ico' })).statusCode, 404);
  });

  test('API paths and non-HTML requests keep the JSON 404 of the envelope', async () => {
    for (const [url, headers] of [
      ['/api/nothing', html],
      ['/fs/nothing', html],
      ['/packages', { accept: 'application/json' }],
    ] as const) {
      const res = await t.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().errorCode, 'NOT_FOUND');
    }
    const post = await t.inject({ method: 'POST', url: '/packages', headers: html });
    assert.equal(post.statusCode, 404);
  });

  test('without a build the service says how to build the dashboard, and the API still works', async () => {
    const res = await unbuilt.inject({ method: 'GET', url: '/packages', headers: html });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build/);
    assert.equal((await unbuilt.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  });
});
