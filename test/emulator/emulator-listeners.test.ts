import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { client, eq, queryAll, testEmulator, where } from './helpers.ts';
import { BNS, PROD_ATOM, TEST_ATOM, TEST_ENV, deploy, listenerStatus } from './runtime-helpers.ts';

// Issue 11 item 13: listeners. changeListenerStatus and the async ListenerStatus query, with the
// DeployedPackage `listenerStatus` kept consistent with them.

describe('listeners', () => {
  test('deployed PAUSED, a listener is paused; changeListenerStatus resumes it; DeployedPackage follows', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const listener = await deploy(c, 'Orders Listener', { listener: true, listenerStatus: 'PAUSED' });
      const plain = await deploy(c, 'Batch Job');
      assert.equal(listener.listenerStatus, 'PAUSED');
      assert.equal(plain.listenerStatus, undefined);
      assert.deepEqual(await listenerStatus(c, TEST_ATOM), [
        { '@type': 'ListenerStatus', listenerId: listener.processId, status: 'paused', connectorType: 'wss' },
      ]);
      const resume = await c.post('changeListenerStatus', {
        containerId: TEST_ATOM,
        listenerId: listener.processId,
        action: 'resume',
      });
      assert.deepEqual([resume.status, resume.body], [200, '']);
      assert.equal((await listenerStatus(c, TEST_ATOM, listener.processId))[0]!.status, 'listening');
      const dep = await c.get<{ listenerStatus: string }>(`DeployedPackage/${listener.deploymentId}`);
      assert.equal(dep.json.listenerStatus, 'RUNNING');
      // Boomi's JSON example wraps the request; the XML form uses attributes.
      const pauseAll = await c.post('changeListenerStatus', {
        ChangeListenerStatusRequest: { containerId: TEST_ATOM, action: 'pause_all' },
      });
      assert.equal(pauseAll.status, 200, pauseAll.body);
      assert.equal(
        (await c.get<{ listenerStatus: string }>(`DeployedPackage/${listener.deploymentId}`)).json.listenerStatus,
        'PAUSED',
      );
      const restart = await c.post(
        'changeListenerStatus',
        `<ChangeListenerStatusRequest xmlns="http://api.platform.boomi.com/" containerId="${TEST_ATOM}"` +
          ` listenerId="${listener.processId}" action="restart"/>`,
        { xml: true },
      );
      assert.equal(restart.status, 200, restart.body);
      assert.equal((await listenerStatus(c, TEST_ATOM))[0]!.status, 'listening');
    } finally {
      await emu.close();
    }
  });

  test("an invalid listenerStatus leaves the state as it is (Boomi's docs); the deployment goes ahead", async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const first = await deploy(c, 'Paused Listener', { listener: true, listenerStatus: 'PAUSED' });
      const pkg = await c.post<{ packageId: string }>('PackagedComponent', {
        componentId: first.processId,
        packageVersion: '2.0',
      });
      const second = await c.post<{ listenerStatus: string; active: boolean }>('DeployedPackage', {
        environmentId: TEST_ENV,
        packageId: pkg.json.packageId,
        listenerStatus: 'SLEEPING',
      });
      assert.equal(second.status, 200, second.body);
      assert.deepEqual([second.json.active, second.json.listenerStatus], [true, 'PAUSED']);
      assert.equal((await listenerStatus(c, TEST_ATOM))[0]!.status, 'paused');
      // The package-and-deploy form with an invalid value: one package, one deployment, running.
      const other = await deploy(c, 'New Listener', { listener: true, listenerStatus: 'bogus' });
      assert.equal(other.listenerStatus, 'RUNNING');
      const packages = await queryAll(c, 'PackagedComponent', where(eq('componentId', other.processId)));
      assert.equal(packages.length, 1);
    } finally {
      await emu.close();
    }
  });

  test('refusals: pause needs a listenerId, *_all none, unknown listener, no containerId; offline is 410', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'L', { listener: true });
      const { processId: batch } = await deploy(c, 'Not A Listener');
      const change = (body: Record<string, unknown>) => c.post('changeListenerStatus', body);
      assert.equal((await change({ containerId: TEST_ATOM, action: 'pause' })).status, 400);
      assert.equal((await change({ containerId: TEST_ATOM, listenerId: processId, action: 'pause_all' })).status, 400);
      assert.equal((await change({ containerId: TEST_ATOM, listenerId: batch, action: 'pause' })).status, 400);
      assert.equal((await change({ containerId: TEST_ATOM, listenerId: processId, action: 'stop' })).status, 400);
      assert.equal((await change({ containerId: PROD_ATOM, listenerId: processId, action: 'pause' })).status, 400);
      assert.equal((await c.post('async/ListenerStatus/query', where(eq('listenerId', processId)))).status, 400);
      assert.equal((await c.post('ChangeListenerStatus', { containerId: TEST_ATOM, action: 'pause_all' })).status, 404);
      emu.control.setAtomStatus(TEST_ATOM, 'OFFLINE');
      const offline = await change({ containerId: TEST_ATOM, listenerId: processId, action: 'pause' });
      assert.equal(offline.status, 410);
      assert.match(offline.body, /OFFLINE/);
      assert.equal((await c.post('async/ListenerStatus/query', where(eq('containerId', TEST_ATOM)))).status, 410);
    } finally {
      await emu.close();
    }
  });

  test('ListenerStatus: XML token and result, the legacy URL, a token reads once (then 204)', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Xml Listener', { listener: true });
      const expression =
        '<expression operator="EQUALS" property="containerId" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
        ` xsi:type="SimpleExpression"><argument>${TEST_ATOM}</argument></expression>`;
      const query = `<QueryConfig xmlns="${BNS}"><QueryFilter>${expression}</QueryFilter></QueryConfig>`;
      const token = await c.post('async/ListenerStatus/query', query, { xml: true });
      assert.match(
        token.body,
        /<bns:AsyncOperationTokenResult [^>]*responseStatusCode="202"><bns:asyncToken token="ListenerStatus-[\w-]{36}"/,
      );
      const value = /token="([^"]+)"/.exec(token.body)![1]!;
      const result = await c.get(`async/ListenerStatus/response/${value}`, { xml: true });
      assert.match(result.body, /<bns:AsyncOperationResult [^>]*numberOfResults="1" responseStatusCode="200">/);
      assert.match(
        result.body,
        new RegExp(
          `<bns:result xsi:type="ListenerStatus" listenerId="${processId}" status="listening" connectorType="wss"/>`,
        ),
      );
      const again = await c.get(`async/ListenerStatus/response/${value}`);
      assert.deepEqual([again.status, again.body], [204, '']);
      const legacy = await c.post<{ asyncToken: { token: string } }>(
        'ListenerStatus/query/async',
        where(eq('containerId', TEST_ATOM)),
      );
      assert.equal(legacy.status, 200, legacy.body);
      assert.ok(legacy.json.asyncToken.token.startsWith('ListenerStatus-'));
    } finally {
      await emu.close();
    }
  });
});
