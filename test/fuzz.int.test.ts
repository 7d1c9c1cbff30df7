import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import {
  actionDocs,
  leafPaths,
  routeBodyDocs,
  sampleBody,
  withValue,
  type ActionDoc,
  type RouteBodyDoc,
} from './helpers/openapi-bodies.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 11 item 4: malformed bodies for every action and every documented body route, generated
// from /openapi.json. No answer may be a 5xx; NUL characters and unpaired surrogates anywhere are
// a 400 that names the field.

const NUL = 'before\u0000after';
const LONE_SURROGATE = 'before\ud800after';

/** Values that replace one leaf at a time; the text ones must be refused naming the field. */
const MUTATIONS: Array<{ label: string; value: unknown; namesField?: boolean }> = [
  { label: 'NUL character', value: NUL, namesField: true },
  { label: 'unpaired surrogate', value: LONE_SURROGATE, namesField: true },
  { label: 'low surrogate alone', value: '\udc00', namesField: true },
  { label: '100k characters', value: 'x'.repeat(100_000) },
  { label: 'huge number', value: 1e308 },
  { label: 'negative number', value: -1 },
  { label: 'fraction', value: 0.5 },
  { label: 'null', value: null },
  { label: 'boolean', value: true },
  { label: 'object', value: { nested: { deeper: [1, 'two', null] } } },
  { label: 'array', value: ['a', 1, {}] },
  { label: 'empty string', value: '' },
  { label: 'markup', value: '<script>alert(1)</script>]]>&lt;' },
  { label: 'date-like', value: '9999-99-99T99:99:99Z' },
];

/** Whole bodies that are not objects at all, sent as JSON. */
const WHOLE_BODIES: unknown[] = [null, [], 'text', 42, true, [{}], { '': '' }, { ['key\u0000']: 1 }];

/** Raw texts that are not what they claim to be. */
const RAW_BODIES = ['{', '{"a":', '{"a":"\\ud800"}', '\ufeff{}', '{"a":1}{"b":2}', 'null', '{"__proto__":{"x":1}}'];

describe('fuzz: malformed bodies for every action (generated from /openapi.json)', () => {
  let db: Db;
  let t: TestApp;
  let actions: ActionDoc[];
  let routes: RouteBodyDoc[];
  const seen = { cases: 0, fiveXx: 0 };
  const problems: string[] = [];

  before(async () => {
    db = await freshDb();
    // Long actions answer 202 at once, so a body that starts real work does not hold the run.
    t = await buildTestApp(db, { emulator: true, env: { SYNC_WAIT_SECONDS: '0' } });
    const doc = (await t.inject({ method: 'GET', url: '/openapi.json' })).json();
    actions = actionDocs(doc);
    routes = routeBodyDocs(doc);
  });
  after(async () => {
    await t?.app.close();
    await dropDb(db);
  });

  async function send(what: string, url: string, method: string, payload: string, expectField?: string) {
    const res = await t.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { 'content-type': 'application/json', authorization: demoAuth('carol') },
    });
    seen.cases++;
    const where = `${what}: ${res.statusCode} ${res.body.slice(0, 200)}`;
    if (res.statusCode >= 500) {
      seen.fiveXx++;
      problems.push(`5xx ${where}`);
    }
    if (expectField !== undefined) {
      const body = res.json() as { errorCode?: string; field?: string };
      if (res.statusCode !== 400 || body.errorCode !== 'INVALID_REQUEST' || body.field !== expectField) {
        problems.push(`expected 400 naming ${expectField}: ${where}`);
      }
    }
  }

  const targets = () => [
    ...actions.map((a) => ({ name: a.name, url: `/fs/PromotionService/${a.name}`, method: 'POST', schema: a.schema })),
    ...routes.map((r) => ({ name: `${r.method} ${r.path}`, url: r.path, method: r.method, schema: r.schema })),
  ];

  test('each leaf of each body replaced by hostile values: never a 5xx; bad text names its field', async () => {
    for (const target of targets()) {
      const body = sampleBody(target.schema, () => undefined, [], true);
      for (const path of leafPaths(body)) {
        for (const m of MUTATIONS) {
          await send(
            `${target.name} ${path.join('.')} = ${m.label}`,
            target.url,
            target.method,
            JSON.stringify(withValue(body, path, m.value)),
            m.namesField ? path.join('.') : undefined,
          );
        }
      }
      await send(
        `${target.name} unknown key with NUL`,
        target.url,
        target.method,
        JSON.stringify({ ...(body as object), ['odd\u0000key']: 1 }),
        'odd\\0key',
      );
    }
  });

  test('whole bodies that are not objects, and raw texts that are not JSON: never a 5xx', async () => {
    for (const target of targets()) {
      for (const whole of WHOLE_BODIES)
        await send(`${target.name} body ${JSON.stringify(whole)}`, target.url, target.method, JSON.stringify(whole));
      for (const raw of RAW_BODIES) await send(`${target.name} raw ${raw}`, target.url, target.method, raw);
    }
  });

  test('the figures', (ctx) => {
    ctx.diagnostic(
      `fuzz: ${seen.cases} cases over ${actions.length} actions and ${routes.length} routes, ${seen.fiveXx} answered 5xx`,
    );
    assert.ok(seen.cases > 1000, `only ${seen.cases} cases were generated`);
    assert.deepEqual(problems.slice(0, 20), []);
  });
});
