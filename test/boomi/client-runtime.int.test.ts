import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator, DEMO, type Emulator } from '../../emulator/index.ts';
import { createBoomiClient, type BoomiClient } from '../../src/boomi/boomi-client.ts';
import { q } from '../../src/boomi/query.ts';
import { isAppError } from '../../src/platform/errors.ts';

// The runtime calls of the client against the emulator on a loopback port: the demo's runtimes,
// attachments, schedules of a deployed process, and a listener paused at deployment, read,
// resumed and reported consistently by its DeployedPackage.

const TEST_ENV = DEMO.environments.test.id;
const PROD_ENV = DEMO.environments.production.id;
const TEST_ATOM = DEMO.runtimes.test.id;
const TIMES = { years: '*', months: '*', daysOfMonth: '*', daysOfWeek: '1', hours: '2', minutes: '30' };

const processXml = (name: string, listener: boolean) => {
  const start = listener ? '<connectoraction actionType="Listen" connectorType="wss"/>' : '<noaction/>';
  const shape = `<shape name="shape1" shapetype="start"><configuration>${start}</configuration></shape>`;
  return (
    `<bns:Component xmlns:bns="http://api.platform.boomi.com/" name="${name}" type="process">` +
    `<bns:object><process xmlns=""><shapes>${shape}</shapes></process></bns:object></bns:Component>`
  );
};

describe('client runtime calls against the emulator', () => {
  let emulator: Emulator;
  let client: BoomiClient;

  const deploy = async (name: string, listener: boolean, listenerStatus?: 'PAUSED') => {
    const created = await client.components.create(processXml(name, listener));
    const componentId = created.attributes.componentId!;
    const pkg = await client.packagedComponents.create({ componentId, packageVersion: '1.0', shareable: true });
    const dep = await client.deployedPackages.create({
      environmentId: TEST_ENV,
      packageId: pkg.packageId,
      listenerStatus,
    });
    return { componentId, deploymentId: dep.deploymentId, listenerStatus: dep.listenerStatus };
  };

  before(async () => {
    emulator = createEmulator({ rateLimit: null });
    const url = await emulator.app.listen({ port: 0, host: '127.0.0.1' });
    client = createBoomiClient({
      baseUrl: url,
      accountId: DEMO.primaryAccountId,
      user: DEMO.apiUser.basicUser,
      token: DEMO.apiUser.token,
      rateLimitPerSecond: 200,
      burst: 20,
      polling: { async: { intervalMs: 20, timeoutMs: 2000 } },
    });
  });
  after(() => emulator.close());

  it('finds the ONLINE runtime of each demo environment', async () => {
    const online = await client.atoms.query(q.eq('status', 'ONLINE'));
    assert.deepEqual(online.map((a) => a.id).sort(), [TEST_ATOM, DEMO.runtimes.production.id].sort());
    const [attachment] = await client.environmentAtomAttachments.query(q.eq('environmentId', TEST_ENV));
    assert.equal(attachment?.atomId, TEST_ATOM);
    const atom = await client.atoms.get(attachment!.atomId);
    assert.deepEqual([atom.name, atom.type, atom.status], [DEMO.runtimes.test.name, 'ATOM', 'ONLINE']);
  });

  it('reads and replaces the schedules of a deployed process, then stops them', async () => {
    const { componentId } = await deploy('Client Nightly', false);
    const schedules = await client.processSchedules.find(TEST_ATOM, componentId);
    assert.ok(schedules);
    assert.deepEqual(schedules.Schedule, []);
    const key = { id: schedules.id, atomId: TEST_ATOM, processId: componentId };
    await client.processSchedules.update({ ...key, schedules: [TIMES], retry: { maxRetry: 3, schedules: [TIMES] } });
    const read = await client.processSchedules.get(schedules.id);
    assert.deepEqual(
      read.Schedule.map((s) => s.hours),
      ['2'],
    );
    assert.equal(read.Retry?.maxRetry, 3);
    const status = await client.processScheduleStatus.find(TEST_ATOM, componentId);
    assert.equal(status?.enabled, true);
    await client.processScheduleStatus.update({ ...key, enabled: false });
    assert.equal((await client.processScheduleStatus.get(schedules.id)).enabled, false);
    assert.equal(await client.processSchedules.find(DEMO.runtimes.production.id, componentId), undefined);
    await assert.rejects(
      client.processSchedules.update({ ...key, schedules: [{ ...TIMES, hours: '25' }] }),
      (e) => isAppError(e) && e.code === 'API_ERROR' && /hours/.test(e.message),
    );
  });

  it('a listener deployed PAUSED reads paused, resumes, and its deployment reports RUNNING', async () => {
    const listener = await deploy('Client Listener', true, 'PAUSED');
    assert.equal(listener.listenerStatus, 'PAUSED');
    const before = await client.listeners.status({ containerId: TEST_ATOM });
    assert.deepEqual(
      before.map((l) => [l.listenerId, l.status, l.connectorType]),
      [[listener.componentId, 'paused', 'wss']],
    );
    await client.listeners.changeStatus({ containerId: TEST_ATOM, listenerId: listener.componentId, action: 'resume' });
    const [one] = await client.listeners.status({ containerId: TEST_ATOM, listenerId: listener.componentId });
    assert.equal(one?.status, 'listening');
    assert.equal((await client.deployedPackages.get(listener.deploymentId)).listenerStatus, 'RUNNING');
    await client.listeners.changeStatus({ containerId: TEST_ATOM, action: 'pause' });
    assert.equal((await client.deployedPackages.get(listener.deploymentId)).listenerStatus, 'PAUSED');
  });

  it('an OFFLINE runtime refuses listener calls; an environment without runtimes has no attachment', async () => {
    emulator.control.setAtomStatus(TEST_ATOM, 'OFFLINE');
    try {
      await assert.rejects(
        client.listeners.status({ containerId: TEST_ATOM }),
        (e) => isAppError(e) && e.code === 'API_ERROR' && /410/.test(e.message),
      );
      const [offline] = await client.atoms.query(q.and(q.eq('status', 'OFFLINE'), q.eq('id', TEST_ATOM)));
      assert.equal(offline?.id, TEST_ATOM);
    } finally {
      emulator.control.setAtomStatus(TEST_ATOM, 'ONLINE');
    }
    const [prod] = await client.environmentAtomAttachments.query(q.eq('environmentId', PROD_ENV));
    assert.ok(prod);
    assert.equal(await client.environmentAtomAttachments.detach(prod.id), true);
    assert.deepEqual(await client.environmentAtomAttachments.query(q.eq('environmentId', PROD_ENV)), []);
    const back = await client.environmentAtomAttachments.attach(prod.atomId, PROD_ENV);
    assert.deepEqual([back.atomId, back.environmentId, back.id], [prod.atomId, PROD_ENV, prod.id]);
  });
});
