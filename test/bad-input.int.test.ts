import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

/**
 * Every action, tried with bad input generated from its own published schema (/openapi.json),
 * answers 400 INVALID_REQUEST naming the field, and never 500.
 */
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  maxLength?: number;
  minLength?: number;
  format?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  additionalProperties?: unknown;
  maxItems?: number;
  minItems?: number;
};

function example(s: Schema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return example(branches[0]!);
  switch (s.type) {
    case 'string':
      if (s.format === 'date-time') return '2030-01-01T00:00:00Z';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return s.format === 'email' ? 'someone@acme.example' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => example(s.items ?? {}));
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, example(s.properties![k]!)]));
    default:
      return 'x';
  }
}

function wrongType(s: Schema): unknown {
  const t = s.type ?? (s.enum ? typeof s.enum[0] : s.const !== undefined ? typeof s.const : undefined);
  return t === 'string' ? 12345 : t === 'array' || t === 'object' ? 'not-a-' + t : { unexpected: true };
}

interface Case {
  name: string;
  body: unknown;
  field?: string;
}

function casesFor(request: Schema): Case[] {
  const bases = (request.anyOf ?? request.oneOf ?? [request]).filter((b) => b.type === 'object');
  const out: Case[] = [
    { name: 'a JSON array', body: [] },
    { name: 'a JSON string', body: 'hello' },
    { name: 'null', body: null },
  ];
  for (const base of bases) {
    const valid = example(base) as Record<string, unknown>;
    const tag = Object.entries(base.properties ?? {}).find(([, p]) => p.const !== undefined)?.[0];
    const label = tag ? `${tag}=${String(valid[tag])}: ` : '';
    if (base.additionalProperties === false)
      out.push({ name: `${label}an extra field`, body: { ...valid, sneaky: 1 }, field: 'sneaky' });
    for (const key of base.required ?? []) {
      if (key === tag) continue;
      const { [key]: _gone, ...rest } = valid;
      out.push({ name: `${label}missing ${key}`, body: rest, field: key });
    }
    for (const [key, prop] of Object.entries(base.properties ?? {})) {
      if (key === tag) continue;
      const p = (prop.anyOf ?? prop.oneOf)?.find((b) => b.type !== 'null') ?? prop;
      out.push({ name: `${label}${key} of the wrong type`, body: { ...valid, [key]: wrongType(p) }, field: key });
      if (p.maxLength)
        out.push({
          name: `${label}${key} too long`,
          body: { ...valid, [key]: 'y'.repeat(p.maxLength + 1) },
          field: key,
        });
      if (p.enum)
        out.push({
          name: `${label}${key} not one of its values`,
          body: { ...valid, [key]: 'NOT_A_VALUE' },
          field: key,
        });
      if (p.type === 'array' && p.items)
        out.push({
          name: `${label}${key} with a bad item`,
          body: { ...valid, [key]: [wrongType(p.items)] },
          field: key,
        });
    }
  }
  return out;
}

describe('bad input to every action', () => {
  let db: Db;
  let t: TestApp;
  let paths: Record<string, { post: { requestBody: { content: { 'application/json': { schema: Schema } } } } }>;
  before(async () => {
    db = await freshDb();
    t = await buildTestApp(db);
    paths = (await t.inject({ method: 'GET', url: '/openapi.json' })).json().paths;
  });
  after(async () => {
    await t.app.close();
    await dropDb(db);
  });

  const post = (action: string, payload: string | undefined, contentType: string | undefined) =>
    t.inject({
      method: 'POST',
      url: `/fs/PromotionService/${action}`,
      headers: { authorization: demoAuth('carol'), ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload === undefined ? {} : { payload }),
    });

  test('every action: generated bad bodies answer 400 INVALID_REQUEST with the field named', async () => {
    const actions = Object.keys(paths).filter((p) => p.startsWith('/fs/PromotionService/'));
    assert.ok(actions.length >= 3);
    let checked = 0;
    for (const path of actions) {
      const action = path.split('/').pop()!;
      const schema = paths[path]!.post.requestBody.content['application/json'].schema;
      for (const c of casesFor(schema)) {
        const res = await post(action, JSON.stringify(c.body), 'application/json');
        const body = res.json();
        const where = `${action}: ${c.name} -> ${res.statusCode} ${JSON.stringify(body)}`;
        assert.equal(res.statusCode, 400, where);
        assert.equal(body.success, false, where);
        assert.equal(body.errorCode, 'INVALID_REQUEST', where);
        assert.ok(typeof body.errorMessage === 'string' && body.errorMessage.length > 0, where);
        if (c.field) assert.ok(String(body.field).split('.').includes(c.field), where);
        checked++;
      }
      for (const [name, payload, type] of [
        ['invalid JSON', '{"operation": ', 'application/json'],
        ['an empty body', '', 'application/json'],
        ['a wrong content type', 'operation=list', 'application/x-www-form-urlencoded'],
        ['text/plain', '{}', 'text/plain'],
      ] as const) {
        const res = await post(action, payload, type);
        const body = res.json();
        assert.equal(res.statusCode, 400, `${action}: ${name} -> ${res.statusCode} ${res.body}`);
        assert.equal(body.errorCode, 'INVALID_REQUEST', `${action}: ${name}`);
        assert.equal(body.field, 'body', `${action}: ${name}`);
        checked++;
      }
    }
    assert.ok(checked > 30, `only ${checked} cases`);
  });

  test('a body over the size limit is refused with the envelope, not a crash', async () => {
    const big = JSON.stringify({ operation: 'list', filters: { componentName: 'z'.repeat(t.config.bodyLimitBytes) } });
    const res = await post('manageMappings', big, 'application/json');
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().errorCode, 'INVALID_REQUEST');
  });

  test('unknown actions and wrong methods answer 404 with the envelope', async () => {
    const res = await post('deleteEverything', '{}', 'application/json');
    assert.equal(res.statusCode, 404);
    assert.deepEqual([res.json().success, res.json().errorCode], [false, 'UNKNOWN_ACTION']);
    const get = await t.inject({ method: 'GET', url: '/fs/PromotionService/getDevAccounts' });
    assert.equal(get.statusCode, 404);
    assert.equal(get.json().errorCode, 'UNKNOWN_ACTION');
  });
});
