import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { BOOMI_EMULATOR_MESSAGES as M, DEMO, type Emulator } from '../../emulator/index.ts';
import { AUTH, DEVA, PRIMARY, client, eq, testEmulator, where, type Client } from './helpers.ts';

const OPM = DEMO.packages.orderProcessingMain;

describe('emulator transport: auth, accounts, negotiation, errors', () => {
  let emu: Emulator;
  let c: Client;
  before(() => {
    emu = testEmulator();
    c = client(emu);
  });
  after(() => emu.close());

  const raw = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', payload?: string) =>
    emu.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  test('missing, wrong and non-token credentials answer 401 with an error body', async () => {
    const url = `/partner/api/rest/v1/${PRIMARY}/Environment/query`;
    for (const authorization of [
      undefined,
      'Basic ' + Buffer.from(`${DEMO.apiUser.basicUser}:wrong`).toString('base64'),
      'Basic ' + Buffer.from(`${DEMO.apiUser.userName}:${DEMO.apiUser.token}`).toString('base64'),
    ]) {
      const res = await raw(
        url,
        { accept: 'application/json', ...(authorization ? { authorization } : {}) },
        'POST',
        '{}',
      );
      assert.equal(res.statusCode, 401);
      assert.deepEqual(JSON.parse(res.body), { '@type': 'Error', message: M.unauthorized });
    }
    const xml = await raw(url, {}, 'POST', '{}');
    assert.equal(xml.statusCode, 401);
    assert.match(xml.body, /<error><message>Unauthorized/);
  });

  test("a path account other than the user's, or an override outside the hierarchy, is 403", async () => {
    const other = await raw(
      `/partner/api/rest/v1/${DEVA}/Environment/query`,
      { authorization: AUTH, accept: 'application/json' },
      'POST',
      '{}',
    );
    assert.equal(other.statusCode, 403);
    assert.equal(JSON.parse(other.body).message, 'Access denied due to insufficient permissions.');
    emu.control.addFixture({ accounts: [{ accountId: 'other-ROOT', name: 'Other', rootFolderName: 'Other' }] });
    const res = await c.post('Environment/query', {}, { account: 'other-ROOT' });
    assert.equal(res.status, 403);
    const child = await c.post('Environment/query', {}, { account: DEVA });
    assert.equal(child.status, 200);
  });

  test('overrideAccount makes the sub-account the effective account', async () => {
    const primary = await c.post<{ numberOfResults: number }>('PackagedComponent/query', {});
    const deva = await c.post<{ numberOfResults: number; result: { componentId: string }[] }>(
      'PackagedComponent/query',
      {},
      { account: DEVA },
    );
    assert.equal(primary.json.numberOfResults, 0);
    assert.ok(deva.json.result.some((p) => p.componentId === OPM.componentId));
  });

  test('Component answers only XML: JSON Accept is 406', async () => {
    const res = await c.get(`Component/${OPM.componentId}`, { account: DEVA });
    assert.equal(res.status, 406);
    const ok = await c.xml('GET', `Component/${OPM.componentId}`, undefined, DEVA);
    assert.equal(ok.status, 200);
    assert.match(
      ok.body,
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?><bns:Component xmlns:bns="http:\/\/api.platform.boomi.com\/"/,
    );
  });

  test('both URL shapes work, with and without /partner', async () => {
    const a = await c.post('Environment/query', {}, { partner: false });
    const b = await c.post('Environment/query', {});
    assert.equal(a.status, 200);
    assert.equal(a.body, b.body);
  });

  test("unknown operations are 400 with Boomi's message; unknown objects are 404", async () => {
    const del = await c.del(`Component/${OPM.componentId}`, { account: DEVA });
    assert.equal(del.status, 400);
    assert.equal((del.json as { message: string }).message, 'Unknown objectType for delete operation: Component');
    const q = await c.post('Component/query', where(eq('name', 'x')), { xml: true });
    assert.equal(q.status, 400);
    assert.match(q.body, /Unknown objectType for query operation: Component/);
    const wrongCase = await c.post('component/query', {});
    assert.equal(wrongCase.status, 404);
  });

  test('XML query roots: QueryFilter is "expected QueryConfig", a foreign namespace is unreadable', async () => {
    const bad = await c.post(
      'Environment/query',
      '<QueryFilter xmlns="http://api.platform.boomi.com/"><expression operator="EQUALS" property="name"><argument>Test</argument></expression></QueryFilter>',
      { xml: true },
    );
    assert.equal(bad.status, 400);
    assert.match(bad.body, /expected QueryConfig/);
    const noNs = await c.post('Environment/query', '<QueryConfig><QueryFilter/></QueryConfig>', { xml: true });
    assert.equal(noNs.status, 400);
    assert.match(noNs.body, /Unable to read message body/);
    const broken = await c.post('Environment/query', '{"QueryFilter": ', {});
    assert.equal(broken.status, 400);
  });

  test("rate limit: above N requests/second per account the answer is 503 with Boomi's message", async () => {
    emu.control.setRateLimit(3);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await c.post('Environment/query', {})).status);
      assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
      assert.ok(statuses.slice(3).includes(503));
      const res = await c.post('Environment/query', {});
      assert.equal(res.status, 503);
      assert.equal((res.json as { message: string }).message, M.rateLimited);
      // Another account has its own bucket.
      assert.equal((await c.post('Environment/query', {}, { account: DEVA })).status, 200);
    } finally {
      emu.control.setRateLimit(null);
    }
  });

  test('a fault injected N times fails exactly N calls, and the calls are counted', async () => {
    emu.control.resetCounters();
    emu.control.addFault({ operation: 'ComponentMetadata.get', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await c.get(`ComponentMetadata/${OPM.componentId}`, { account: DEVA })).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.equal(emu.control.counters()['ComponentMetadata.get'], 3);
    assert.equal(emu.control.faults().length, 0);
    emu.control.addFault({ operation: 'Branch.*', status: 500, message: 'boom' });
    const res = await c.post('Branch/query', {});
    assert.equal(res.status, 500);
    assert.equal((res.json as { message: string }).message, 'boom');
    emu.control.clearFaults();
    assert.equal((await c.post('Branch/query', {})).status, 200);
  });

  test('latency and slow-response faults delay the answer', async () => {
    emu.control.setLatency(40);
    let t = Date.now();
    await c.post('Environment/query', {});
    assert.ok(Date.now() - t >= 35);
    emu.control.setLatency(0);
    emu.control.addFault({ operation: 'Environment.query', delayMs: 60, times: 1 });
    t = Date.now();
    assert.equal((await c.post('Environment/query', {})).status, 200);
    assert.ok(Date.now() - t >= 55);
  });

  test('a dropped-connection fault destroys the socket', async () => {
    const { url, close } = await listen(emu);
    try {
      emu.control.addFault({ operation: 'Environment.query', drop: true, times: 1 });
      const call = () =>
        fetch(`${url}/partner/api/rest/v1/${PRIMARY}/Environment/query`, {
          method: 'POST',
          headers: { authorization: AUTH, 'content-type': 'application/json' },
          body: '{}',
        });
      await assert.rejects(call());
      assert.equal((await call()).status, 200);
    } finally {
      await close();
    }
  });

  test('the plugin serves the same API under a prefix on another server', async () => {
    const host = Fastify();
    await host.register(emu.plugin, { prefix: '/boomi-emulator' });
    const res = await host.inject({
      method: 'POST',
      url: `/boomi-emulator/api/rest/v1/${PRIMARY}/Environment/query`,
      headers: { authorization: AUTH, accept: 'application/json' },
      payload: where(eq('classification', 'PROD')),
    });
    assert.equal(res.statusCode, 200);
    assert.equal(JSON.parse(res.body).result[0].name, 'Production');
    const missing = await host.inject({ method: 'GET', url: '/boomi-emulator/nothing' });
    assert.equal(missing.statusCode, 404);
    await host.close();
  });
});

async function listen(emu: Emulator): Promise<{ url: string; close(): Promise<void> }> {
  const server = Fastify();
  await server.register(emu.plugin);
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => server.close() };
}
