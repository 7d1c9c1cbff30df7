import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics } from '../platform/metrics.ts';
import { isAppError, type AppError } from '../platform/errors.ts';
import { FakeClock } from '../../test/boomi/helpers/fake-clock.ts';
import {
  boomiError,
  connectionRefused,
  connectionReset,
  json,
  scriptedFetch,
  type Step,
} from '../../test/boomi/helpers/scripted-fetch.ts';
import { createBoomiClient, type BoomiClientConfig } from './boomi-client.ts';
import type { BoomiRequestEvent } from './transport.ts';

const TOKEN = 'super-secret-token-value';
const config: BoomiClientConfig = {
  baseUrl: 'https://boomi.test',
  accountId: 'acme-PRIMARY',
  user: 'BOOMI_TOKEN.promo@acme.example',
  token: TOKEN,
};
const branch = { '@type': 'Branch', id: 'QjoyMDQ1', name: 'promo-1', ready: 'false', stage: 'CREATING' };

function setup(steps: Step[], extra: Partial<BoomiClientConfig> = {}) {
  const clock = new FakeClock(0, true);
  const metrics = createMetrics();
  const script = scriptedFetch(steps);
  const events: BoomiRequestEvent[] = [];
  const client = createBoomiClient(
    { ...config, ...extra },
    {
      clock,
      metrics,
      fetch: script.fetch,
      random: () => 0.5,
      rateLimiter: { acquire: async () => {} },
      onRequest: (e) => events.push(e),
    },
  );
  return { client, clock, metrics, script, events };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isAppError(e), `expected AppError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

const counter = async (metrics: ReturnType<typeof createMetrics>, name: string) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values.map((v) => ({ ...v.labels, value: v.value }));

describe('transport: retries with a fake clock', () => {
  it('gives API_RATE_LIMIT after four 429s, having waited 1 s, 2 s, 4 s', async () => {
    const { client, clock, script, metrics } = setup([
      boomiError(429, 'slow down'),
      boomiError(429, 'slow down'),
      boomiError(429, 'slow down'),
      boomiError(429, 'slow down'),
    ]);
    const e = await failure(client.branches.get('QjoyMDQ1'));
    assert.equal(e.code, 'API_RATE_LIMIT');
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
    assert.equal(script.requests.length, 4);
    assert.equal(e.details?.status, 429);
    assert.equal(e.details?.operation, 'Branch.get');
    assert.equal(e.details?.attempts, 4);
    assert.equal(e.details?.boomiMessage, 'slow down');
    assert.deepEqual(await counter(metrics, 'promo_boomi_retries_total'), [
      { operation: 'Branch.get', reason: '429', value: 3 },
    ]);
    assert.deepEqual(await counter(metrics, 'promo_boomi_calls_total'), [
      { operation: 'Branch.get', status: '429', value: 1 },
    ]);
  });

  it('recovers from 503s within the retry budget, with jitter around the schedule', async () => {
    const rate =
      "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.";
    const clock = new FakeClock(0, true);
    const script = scriptedFetch([boomiError(503, rate), boomiError(503, rate), json(200, branch)]);
    let n = 0;
    const randoms = [0, 1];
    const client = createBoomiClient(config, {
      clock,
      fetch: script.fetch,
      random: () => randoms[n++]!,
      rateLimiter: { acquire: async () => {} },
    });
    const b = await client.branches.get('QjoyMDQ1');
    assert.equal(b.id, 'QjoyMDQ1');
    assert.equal(b.ready, false, 'string boolean normalised');
    assert.deepEqual(clock.sleeps, [800, 2400], '±20 % jitter');
    assert.deepEqual(client.stats(), { requests: 3, retries: 2 });
  });

  it('honours Retry-After (seconds and HTTP date)', async () => {
    const { client, clock } = setup([
      boomiError(503, 'busy', { 'retry-after': '7' }),
      boomiError(429, 'busy', { 'retry-after': new Date(10_000 + 7_000).toUTCString() }),
      json(200, branch),
    ]);
    await client.branches.get('QjoyMDQ1');
    assert.equal(clock.sleeps[0], 7000);
    // the date is 17 s after the epoch; the clock is at 7 s by then
    assert.equal(clock.sleeps[1], 10_000);
  });

  it('gives up at once when Retry-After exceeds the limit', async () => {
    const { client, clock, script } = setup([boomiError(503, 'maintenance', { 'retry-after': '3600' })]);
    const e = await failure(client.branches.get('x'));
    assert.equal(e.code, 'API_RATE_LIMIT');
    assert.deepEqual(clock.sleeps, []);
    assert.equal(script.requests.length, 1);
  });

  it('stops when the retry time budget is spent', async () => {
    const { client, clock } = setup([boomiError(503, 'a'), boomiError(503, 'b'), boomiError(503, 'c')], {
      retry: { budgetMs: 2500 },
    });
    const e = await failure(client.branches.get('x'));
    assert.equal(e.code, 'API_RATE_LIMIT');
    assert.deepEqual(clock.sleeps, [1000], 'the 2 s retry would overrun 2.5 s in total');
  });

  it('never retries 401: AUTH_FAILED, one request, and no token in the error', async () => {
    const { client, clock, script } = setup([boomiError(401, 'Unauthorized')]);
    const e = await failure(
      client.environments.query({ operator: 'EQUALS', property: 'classification', argument: ['TEST'] }),
    );
    assert.equal(e.code, 'AUTH_FAILED');
    assert.equal(script.requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
    const everything = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
    assert.ok(!everything.includes(TOKEN), 'token not in the error');
    assert.ok(
      !everything.includes(Buffer.from(`${config.user}:${TOKEN}`).toString('base64')),
      'auth header not in the error',
    );
  });

  it('never retries 403; ACCOUNT_NOT_FOUND with overrideAccount or on account reads, AUTH_FAILED otherwise', async () => {
    const denied = () => boomiError(403, 'Access denied due to insufficient permissions.');
    const { client, script, clock } = setup([denied(), denied(), denied()]);
    assert.equal(
      (
        await failure(
          client.packagedComponents.query(
            { operator: 'EQUALS', property: 'componentType', argument: ['process'] },
            { overrideAccount: 'acme-DEVZ' },
          ),
        )
      ).code,
      'ACCOUNT_NOT_FOUND',
    );
    assert.equal((await failure(client.accounts.get('acme-DEVZ'))).code, 'ACCOUNT_NOT_FOUND');
    const plain = await failure(client.branches.create({ name: 'b', parentId: 'Qjox' }));
    assert.equal(plain.code, 'AUTH_FAILED');
    assert.equal(plain.details?.boomiMessage, 'Access denied due to insufficient permissions.');
    assert.equal(script.requests.length, 3);
    assert.deepEqual(clock.sleeps, []);
  });

  it('maps 404 on component reads to COMPONENT_NOT_FOUND, and other 4xx to API_ERROR without retry', async () => {
    const { client, script } = setup([
      new Response('<error><message>Component not found</message></error>', {
        status: 404,
        headers: { 'content-type': 'application/xml' },
      }),
      boomiError(400, 'No such component: abc'),
      boomiError(404, 'nope'),
      boomiError(400, 'Invalid filter property'),
    ]);
    const a = await failure(client.components.get('abc'));
    assert.equal(a.code, 'COMPONENT_NOT_FOUND');
    assert.equal(a.details?.boomiMessage, 'Component not found');
    assert.equal((await failure(client.componentMetadata.get('abc'))).code, 'COMPONENT_NOT_FOUND');
    assert.equal((await failure(client.branches.get('abc'))).code, 'API_ERROR');
    const bad = await failure(client.folders.query({ operator: 'EQUALS', property: 'name', argument: ['x'] }));
    assert.equal(bad.code, 'API_ERROR');
    assert.equal(bad.details?.status, 400);
    assert.equal(script.requests.length, 4);
  });

  it('retries 502/504 and reports BOOMI_UNAVAILABLE when they persist; a 500 is not retried', async () => {
    const { client, clock } = setup([
      boomiError(502, 'bad gateway'),
      boomiError(504, 'gateway timeout'),
      boomiError(502, 'x'),
      boomiError(504, 'y'),
      boomiError(500, 'boom'),
    ]);
    const e = await failure(client.branches.get('x'));
    assert.equal(e.code, 'BOOMI_UNAVAILABLE');
    assert.equal(e.details?.status, 504);
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
    const e500 = await failure(client.branches.get('x'));
    assert.equal(e500.code, 'BOOMI_UNAVAILABLE');
    assert.equal(e500.details?.attempts, 1);
  });

  it('retries network errors on reads; after the retries BOOMI_UNAVAILABLE', async () => {
    const { client, clock } = setup([
      connectionReset(),
      connectionRefused(),
      json(200, branch),
      connectionReset(),
      connectionReset(),
      connectionReset(),
      connectionReset(),
    ]);
    assert.equal((await client.branches.get('x')).id, 'QjoyMDQ1');
    const e = await failure(client.branches.get('x'));
    assert.equal(e.code, 'BOOMI_UNAVAILABLE');
    assert.match(e.message, /UND_ERR_SOCKET/);
    assert.equal(clock.sleeps.length, 2 + 3);
  });

  it('does not repeat a create after a dropped connection (it may have happened), but does when the connection never opened', async () => {
    const { client, script } = setup([connectionReset(), connectionRefused(), json(200, branch)]);
    const e = await failure(client.branches.create({ name: 'promo-1', parentId: 'Qjox' }));
    assert.equal(e.code, 'BOOMI_UNAVAILABLE');
    assert.equal(e.details?.outcomeUnknown, true);
    assert.equal(script.requests.length, 1);
    assert.equal((await client.branches.create({ name: 'promo-1', parentId: 'Qjox' })).id, 'QjoyMDQ1');
    assert.equal(script.requests.length, 3);
  });

  it('sends Basic auth, Accept, Content-Type and overrideAccount; reports every attempt to the hook', async () => {
    const { client, script, events } = setup([boomiError(503, 'x'), json(200, branch)]);
    await client.branches.create(
      { name: 'promo-1', parentId: 'Qjox', description: 'd' },
      { overrideAccount: 'acme-DEVA' },
    );
    const req = script.requests[1]!;
    assert.equal(req.url.pathname, '/partner/api/rest/v1/acme-PRIMARY/Branch');
    assert.equal(req.url.searchParams.get('overrideAccount'), 'acme-DEVA');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from(`${config.user}:${TOKEN}`).toString('base64')}`);
    assert.equal(req.headers.accept, 'application/json');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(req.body!), { name: 'promo-1', parentId: 'Qjox', description: 'd' });
    assert.deepEqual(
      events.map((e) => [e.operation, e.attempt, e.status, e.retryInMs]),
      [
        ['Branch.create', 1, 503, 1000],
        ['Branch.create', 2, 200, undefined],
      ],
    );
    assert.equal(client.callCount(), 2);
  });

  it('refuses an answer larger than the limit without buffering it', async () => {
    const { client } = setup(
      [new Response('x'.repeat(5000), { status: 200, headers: { 'content-type': 'application/xml' } })],
      { maxResponseBytes: 1000 },
    );
    const e = await failure(client.components.get('c1'));
    assert.equal(e.code, 'XML_PARSE_ERROR');
    assert.match(e.message, /larger than 1000 bytes/);
  });

  it('passes an abort through without retrying', async () => {
    const { client, script } = setup([boomiError(503, 'x'), json(200, branch)]);
    const ac = new AbortController();
    ac.abort(new Error('caller gave up'));
    await assert.rejects(client.branches.get('x', { signal: ac.signal }), /caller gave up/);
    assert.equal(script.requests.length, 0);
  });

  it('validates answers: a malformed body is API_ERROR naming the operation', async () => {
    const { client } = setup([json(200, { name: 'no id' }), new Response('not json', { status: 200 })]);
    const a = await failure(client.branches.get('x'));
    assert.equal(a.code, 'API_ERROR');
    assert.match(a.message, /Branch\.get returned an unexpected response \(id:/);
    assert.match((await failure(client.branches.get('x'))).message, /not JSON/);
  });
});
