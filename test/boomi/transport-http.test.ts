import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createBoomiClient, type BoomiClientConfig } from '../../src/boomi/boomi-client.ts';
import { q } from '../../src/boomi/query.ts';
import { isAppError } from '../../src/platform/errors.ts';
import { jsonReply, startScriptServer, type Handler } from './helpers/script-server.ts';

const RATE_MSG =
  "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.";
const servers: Array<() => Promise<void>> = [];
after(async () => {
  await Promise.all(servers.map((c) => c()));
});

async function clientFor(handler: Handler, extra: Partial<BoomiClientConfig> = {}) {
  const srv = await startScriptServer(handler);
  servers.push(srv.close);
  const client = createBoomiClient({
    baseUrl: srv.url,
    accountId: 'acme-PRIMARY',
    user: 'BOOMI_TOKEN.promo@acme.example',
    token: 'demo-boomi-token',
    rateLimitPerSecond: 1000,
    burst: 50,
    timeoutMs: 2000,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
    ...extra,
  });
  return { client, seen: srv.seen };
}

const env = (i: number) => ({
  '@type': 'Environment',
  id: `env-${i}`,
  name: `Env ${i}`,
  classification: i % 2 ? 'TEST' : 'PROD',
});

describe('transport against a real loopback HTTP server', () => {
  it('recovers from a 503 storm within the retry budget', async () => {
    const { client, seen } = await clientFor((_r, i) =>
      i < 3 ? jsonReply(503, { '@type': 'Error', message: RATE_MSG }) : jsonReply(200, env(1)),
    );
    const e = await client.environments.get('env-1');
    assert.equal(e.id, 'env-1');
    assert.equal(seen.length, 4);
    assert.deepEqual(client.stats(), { requests: 4, retries: 3 });
  });

  it('survives a storm hitting many concurrent callers', async () => {
    // Every request in the first 80 ms gets a 503; backoff (20, 40, 80 ms ±20 %) outlasts it.
    let stormStart: number | undefined;
    const { client, seen } = await clientFor(
      () => {
        stormStart ??= Date.now();
        return Date.now() - stormStart < 80 ? jsonReply(503, { message: RATE_MSG }) : jsonReply(200, env(2));
      },
      { maxConcurrency: 4 },
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => client.environments.get('env-2')));
    assert.equal(results.length, 20);
    assert.ok(seen.length > 20, 'some calls were retried');
  });

  it('gives API_RATE_LIMIT when the storm outlasts the retries', async () => {
    const { client, seen } = await clientFor(() => jsonReply(503, { message: RATE_MSG }));
    await assert.rejects(
      client.environments.get('env-1'),
      (e) => isAppError(e) && e.code === 'API_RATE_LIMIT' && e.details?.attempts === 4,
    );
    assert.equal(seen.length, 4);
  });

  it('retries a timed-out read', async () => {
    const { client, seen } = await clientFor(
      (_r, i) => (i === 0 ? { ...jsonReply(200, env(3)), delayMs: 1500 } : jsonReply(200, env(3))),
      { timeoutMs: 300 },
    );
    assert.equal((await client.environments.get('env-3')).id, 'env-3');
    assert.equal(seen.length, 2);
  });

  it('reports BOOMI_UNAVAILABLE when every attempt times out', async () => {
    const { client } = await clientFor(() => ({ ...jsonReply(200, env(3)), delayMs: 1000 }), {
      timeoutMs: 100,
      retry: { baseDelayMs: 10, maxRetries: 2 },
    });
    await assert.rejects(
      client.environments.get('env-3'),
      (e) => isAppError(e) && e.code === 'BOOMI_UNAVAILABLE' && e.details?.reason === 'timeout',
    );
  });

  it('retries a dropped connection', async () => {
    const { client, seen } = await clientFor((_r, i) => (i < 2 ? 'drop' : jsonReply(200, env(4))));
    assert.equal((await client.environments.get('env-4')).id, 'env-4');
    assert.equal(seen.length, 3);
  });

  it('retries when nothing listens yet (connection refused) and then fails cleanly', async () => {
    const client = createBoomiClient({
      baseUrl: 'http://127.0.0.1:1',
      accountId: 'acme-PRIMARY',
      user: 'BOOMI_TOKEN.x@y.z',
      token: 't',
      retry: { baseDelayMs: 5 },
    });
    await assert.rejects(
      client.environments.get('e'),
      (e) => isAppError(e) && e.code === 'BOOMI_UNAVAILABLE' && e.details?.attempts === 4,
    );
  });

  it('does not retry 401', async () => {
    const { client, seen } = await clientFor(() => ({
      status: 401,
      body: '',
      headers: { 'content-type': 'text/html' },
    }));
    await assert.rejects(
      client.environments.get('env-1'),
      (e) => isAppError(e) && e.code === 'AUTH_FAILED' && e.details?.status === 401,
    );
    assert.equal(seen.length, 1);
  });

  it('pages through queryMore with the raw token and the same overrideAccount', async () => {
    const all = Array.from({ length: 250 }, (_, i) => env(i));
    const tokens = ['tok/en+1==', 'tok/en+2=='];
    const { client, seen } = await clientFor((r) => {
      if (r.url.pathname.endsWith('/Environment/query'))
        return jsonReply(200, {
          '@type': 'QueryResult',
          numberOfResults: 100,
          queryToken: tokens[0],
          result: all.slice(0, 100),
        });
      if (r.body === tokens[0])
        return jsonReply(200, {
          '@type': 'QueryResult',
          numberOfResults: '100',
          queryToken: tokens[1],
          result: all.slice(100, 200),
        });
      if (r.body === tokens[1])
        return jsonReply(200, { '@type': 'QueryResult', numberOfResults: 50, result: all.slice(200) });
      return jsonReply(400, { message: 'unknown token' });
    });
    const rows = await client.environments.query(q.isNotNull('id'), { overrideAccount: 'acme-DEVA' });
    assert.equal(rows.length, 250);
    assert.deepEqual(
      rows.map((r) => r.id),
      all.map((r) => r.id),
    );
    assert.deepEqual(
      seen.map((s) => [
        s.url.pathname.split('/').pop(),
        s.url.searchParams.get('overrideAccount'),
        s.headers['content-type'],
      ]),
      [
        ['query', 'acme-DEVA', 'application/json'],
        ['queryMore', 'acme-DEVA', 'text/plain'],
        ['queryMore', 'acme-DEVA', 'text/plain'],
      ],
    );
    assert.deepEqual(JSON.parse(seen[0]!.body), {
      QueryFilter: { expression: { operator: 'IS_NOT_NULL', property: 'id' } },
    });

    // The iterator stops fetching when the caller stops reading.
    const before = seen.length;
    let read = 0;
    for await (const row of client.environments.iterate(q.isNotNull('id'))) {
      read++;
      if (row.id === 'env-5') break;
    }
    assert.equal(read, 6);
    assert.equal(seen.length - before, 1);
  });

  it('accepts an empty result with no result key, and a single object instead of a list', async () => {
    const { client } = await clientFor((_r, i) =>
      i === 0
        ? jsonReply(200, { '@type': 'QueryResult', numberOfResults: 0 })
        : jsonReply(200, { '@type': 'QueryResult', numberOfResults: 1, result: env(9) }),
    );
    assert.deepEqual(await client.environments.query(q.eq('name', 'none')), []);
    assert.deepEqual(
      (await client.environments.query(q.eq('name', 'Env 9'))).map((e) => e.id),
      ['env-9'],
    );
  });

  it('retries a dropped queryMore page without losing rows', async () => {
    const { client } = await clientFor((r, i) => {
      if (r.url.pathname.endsWith('/query'))
        return jsonReply(200, { numberOfResults: 1, queryToken: 't1', result: [env(1)] });
      if (i === 1) return 'drop';
      return jsonReply(200, { numberOfResults: 1, result: [env(2)] });
    });
    assert.deepEqual(
      (await client.environments.query(q.isNotNull('id'))).map((e) => e.id),
      ['env-1', 'env-2'],
    );
  });
});
