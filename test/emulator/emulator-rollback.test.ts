import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Journal } from '../../emulator/core/journal.ts';
import { OBJECTS } from '../../emulator/domain/registry.ts';
import { DEMO, type Emulator } from '../../emulator/index.ts';
import {
  DEVA,
  PRIMARY,
  attr,
  client,
  componentXml,
  eq,
  profileObject,
  testEmulator,
  where,
  type Client,
} from './helpers.ts';

// A refused create, update, delete or execute changes nothing (issue 11 item 9): for every
// mutating operation of every object the emulator serves, an invalid request leaves the whole
// state as it was. Cases marked `late` fail after the handler already wrote part of its change,
// so they pass only because the dispatcher rolls the call back.

const PROCESS = '<process xmlns=""><shapes/></process>';
const MUTATING = ['create', 'update', 'delete', 'execute'] as const;

interface Setup {
  processId: string;
  packageId: string;
  packId: string;
  unpackagedId: string;
  mergeId: string;
  branchId: string;
  folderId: string;
  scheduleId: string;
}

interface Case {
  op: string;
  status: number;
  /** Fails after part of the change was written (needs the rollback, not just up-front checks). */
  late?: boolean;
  send(c: Client, s: Setup): Promise<{ status: number; body: string }>;
}

const CASES: Case[] = [
  {
    op: 'Component.create',
    status: 400,
    send: (c) => c.xml('POST', 'Component', componentXml({ name: 'X', type: 'process' }, '<Foo xmlns=""/>')),
  },
  {
    op: 'Component.update',
    status: 400,
    send: (c, s) =>
      c.xml('POST', `Component/${s.processId}`, componentXml({ name: 'Rollback Process', type: 'process' }, PROCESS)),
  },
  {
    op: 'ComponentMetadata.create',
    status: 400,
    send: (c, s) => c.post('ComponentMetadata', { componentId: s.processId }),
  },
  {
    op: 'ComponentMetadata.update',
    status: 400,
    send: (c, s) => c.post(`ComponentMetadata/${s.processId}`, { name: 'Renamed', folderId: 'RjoxMjM0NTY' }),
  },
  { op: 'ComponentMetadata.delete', status: 400, send: (c) => c.del('ComponentMetadata/no-such-component') },
  { op: 'Folder.create', status: 400, send: (c) => c.post('Folder', { name: 'Zero', parentId: '0' }) },
  { op: 'Folder.update', status: 400, send: (c) => c.post('Folder/RjoxMjM0NTY', { name: 'Nowhere' }) },
  { op: 'Folder.delete', status: 400, send: (c, s) => c.del(`Folder/${s.folderId}`) },
  {
    op: 'PackagedComponent.create',
    status: 400,
    send: (c, s) => c.post('PackagedComponent', { componentId: s.processId, componentType: 'webservice' }),
  },
  { op: 'PackagedComponent.delete', status: 409, send: (c, s) => c.del(`PackagedComponent/${s.packageId}`) },
  {
    op: 'DeployedPackage.create',
    status: 400,
    // The connection cannot be packaged: the package-and-deploy form fails while packaging.
    send: (c) =>
      c.post('DeployedPackage', {
        environmentId: DEMO.environments.test.id,
        componentId: DEMO.prodConnections[0]!.id,
        listenerStatus: 'PAUSED',
      }),
  },
  { op: 'DeployedPackage.delete', status: 400, send: (c) => c.del('DeployedPackage/no-such-deployment') },
  {
    op: 'Environment.create',
    status: 400,
    send: (c) => c.post('Environment', { name: 'Test', classification: 'TEST' }),
  },
  { op: 'Environment.update', status: 400, send: (c) => c.post('Environment/no-such-env', { name: 'X' }) },
  // Test has a runtime attached (and nothing deployed that would stop it first).
  { op: 'Environment.delete', status: 400, send: (c) => c.del(`Environment/${DEMO.environments.production.id}`) },
  {
    op: 'EnvironmentExtensions.update',
    status: 400,
    send: (c) =>
      c.post(`EnvironmentExtensions/${DEMO.environments.test.id}`, {
        environmentId: DEMO.environments.production.id,
        partial: true,
      }),
  },
  {
    op: 'EnvironmentMapExtension.update',
    status: 400,
    send: (c) =>
      c.post(`EnvironmentMapExtension/${DEMO.mapExtensions.test.id}`, {
        Map: {
          ExtendedFunctions: {
            Function: [{ id: 'F1', type: 'CustomScripting', Configuration: { Scripting: { language: 'COBOL' } } }],
          },
        },
      }),
  },
  {
    op: 'IntegrationPackInstance.create',
    status: 400,
    // Never released, so not installable.
    send: (c) =>
      c.post(
        'IntegrationPackInstance',
        { integrationPackId: DEMO.packs.orders.id },
        { account: DEMO.clientAccount.accountId },
      ),
  },
  {
    op: 'IntegrationPackInstance.delete',
    status: 400,
    send: (c) => c.del('IntegrationPackInstance/NO-SUCH-INSTANCE', { account: DEMO.clientAccount.accountId }),
  },
  {
    op: 'IntegrationPackEnvironmentAttachment.create',
    status: 400,
    send: (c) =>
      c.post(
        'IntegrationPackEnvironmentAttachment',
        { environmentId: DEMO.environments.test.id, integrationPackInstanceId: 'NO-SUCH-INSTANCE' },
        { account: DEMO.clientAccount.accountId },
      ),
  },
  {
    op: 'IntegrationPackEnvironmentAttachment.delete',
    status: 400,
    send: (c) => c.del('IntegrationPackEnvironmentAttachment/bm9wZQ', { account: DEMO.clientAccount.accountId }),
  },
  {
    op: 'PublisherIntegrationPack.create',
    status: 400,
    send: (c) => c.post('PublisherIntegrationPack', { name: 'P' }),
  },
  {
    op: 'PublisherIntegrationPack.update',
    status: 400,
    late: true,
    // The description and the first component are applied before the second one is refused.
    send: (c, s) =>
      c.post(`PublisherIntegrationPack/${s.packId}`, {
        id: s.packId,
        Description: 'changed on the way',
        operationType: 'ADD',
        PublisherPackagedComponents: {
          PublisherPackagedComponent: [{ componentId: s.processId }, { componentId: s.unpackagedId }],
        },
      }),
  },
  { op: 'PublisherIntegrationPack.delete', status: 400, send: (c) => c.del('PublisherIntegrationPack/nope') },
  {
    op: 'ReleaseIntegrationPack.create',
    status: 400,
    send: (c, s) =>
      c.post('ReleaseIntegrationPack', {
        id: s.packId,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: s.processId, version: '9.9' }] },
      }),
  },
  {
    op: 'ReleaseIntegrationPack.update',
    status: 400,
    late: true,
    // The schedule is changed before the component list is found wrong.
    send: (c, s) =>
      c.post(`ReleaseIntegrationPack/${s.packId}`, {
        id: s.packId,
        releaseSchedule: 'IMMEDIATELY',
        ReleasePackagedComponents: { ReleasePackagedComponent: [{ componentId: s.processId, version: '9.9' }] },
      }),
  },
  { op: 'Branch.create', status: 400, send: (c) => c.post('Branch', { name: 'main' }) },
  { op: 'Branch.update', status: 400, send: (c, s) => c.post(`Branch/${s.branchId}`, { name: 'main' }) },
  { op: 'Branch.delete', status: 400, send: (c) => c.del('Branch/Qjox') },
  {
    op: 'MergeRequest.create',
    status: 400,
    send: (c, s) => c.post('MergeRequest', { sourceBranchId: s.branchId, destinationBranchId: s.branchId }),
  },
  {
    op: 'MergeRequest.update',
    status: 400,
    late: true,
    // The note, the priority and the first detail change before the unknown detail is refused.
    send: async (c, s) => {
      const mr = await c.get<{ MergeRequestDetails: { MergeRequestDetail: { componentGuid: string }[] } }>(
        `MergeRequest/${s.mergeId}`,
      );
      const first = mr.json.MergeRequestDetails.MergeRequestDetail[0]!.componentGuid;
      return c.post(`MergeRequest/${s.mergeId}`, {
        id: s.mergeId,
        note: 'changed on the way',
        priorityBranch: 'DESTINATION',
        MergeRequestDetails: {
          MergeRequestDetail: [
            { componentGuid: first, excluded: true },
            { componentGuid: 'no-such-component', excluded: true },
          ],
        },
      });
    },
  },
  { op: 'MergeRequest.delete', status: 400, send: (c) => c.del('MergeRequest/TVI6OTk5') },
  {
    op: 'MergeRequest.execute',
    status: 400,
    send: (c, s) => c.post(`MergeRequest/execute/${s.mergeId}`, { id: s.mergeId, mergeRequestAction: 'SQUASH' }),
  },
  {
    op: 'Atom.update',
    status: 400,
    send: (c) =>
      c.post(`Atom/${DEMO.runtimes.test.id}`, { id: DEMO.runtimes.test.id, name: 'Renamed', purgeHistoryDays: 10000 }),
  },
  {
    op: 'EnvironmentAtomAttachment.create',
    status: 400,
    send: (c) => c.post('EnvironmentAtomAttachment', { atomId: DEMO.runtimes.test.id, environmentId: 'no-such-env' }),
  },
  { op: 'EnvironmentAtomAttachment.delete', status: 400, send: (c) => c.del('EnvironmentAtomAttachment/bm9wZQ') },
  {
    op: 'ProcessSchedules.update',
    status: 400,
    send: (c, s) =>
      c.post(`ProcessSchedules/${s.scheduleId}`, {
        id: s.scheduleId,
        atomId: DEMO.runtimes.test.id,
        processId: s.processId,
        Schedule: [
          { years: '*', months: '*', daysOfMonth: '*', daysOfWeek: '*', hours: '8', minutes: '0' },
          { years: '*', months: '*', daysOfMonth: '*', daysOfWeek: '9', hours: '8', minutes: '0' },
        ],
      }),
  },
  {
    op: 'ProcessScheduleStatus.update',
    status: 400,
    send: (c, s) =>
      c.post(`ProcessScheduleStatus/${s.scheduleId}`, { id: s.scheduleId, atomId: DEMO.runtimes.test.id }),
  },
  {
    op: 'changeListenerStatus.create',
    status: 400,
    send: (c, s) =>
      c.post('changeListenerStatus', { containerId: DEMO.runtimes.test.id, listenerId: s.processId, action: 'pause' }),
  },
  {
    op: 'ExecutionRequest.create',
    status: 400,
    send: (c, s) =>
      c.post('ExecutionRequest', {
        atomId: DEMO.runtimes.test.id,
        processId: s.processId,
        ProcessProperties: { ProcessProperty: [{ ProcessPropertyValue: [{ key: 'k', value: 'v' }] }] },
      }),
  },
];

async function setUp(c: Client, emu: Emulator): Promise<Setup> {
  const created = async (name: string) => {
    const res = await c.xml('POST', 'Component', componentXml({ name, type: 'process' }, PROCESS));
    assert.equal(res.status, 200, res.body);
    return attr(res.body, 'componentId')!;
  };
  const processId = await created('Rollback Process');
  const unpackagedId = await created('Never Packaged');
  const pkg = await c.post<{ packageId: string }>('PackagedComponent', { componentId: processId, shareable: true });
  const dep = await c.post('DeployedPackage', {
    environmentId: DEMO.environments.test.id,
    packageId: pkg.json.packageId,
  });
  assert.equal(dep.status, 200, dep.body);
  const pack = await c.post<{ id: string }>('PublisherIntegrationPack', {
    name: 'Rollback Pack',
    Description: 'before',
    installationType: 'MULTI',
  });
  const add = await c.post(`PublisherIntegrationPack/${pack.json.id}`, {
    id: pack.json.id,
    Description: 'before',
    operationType: 'ADD',
    PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: processId }] },
  });
  assert.equal(add.status, 200, add.body);
  const scheduled = await c.post('ReleaseIntegrationPack', {
    id: pack.json.id,
    releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
    releaseOnDate: '2099-01-01',
  });
  assert.equal(scheduled.status, 200, scheduled.body);
  const branch = await c.post<{ id: string }>('Branch', { name: 'rollback', parentId: 'Qjox' });
  await c.get(`Branch/${branch.json.id}`);
  const onBranch = componentXml(
    { name: 'Branch Profile', type: 'profile.json', branchId: branch.json.id },
    profileObject('B'),
  );
  assert.equal((await c.xml('POST', 'Component', onBranch)).status, 200);
  const mr = await c.post<{ id: string }>('MergeRequest', {
    sourceBranchId: branch.json.id,
    destinationBranchId: 'Qjox',
  });
  const reviewing = await c.get<{ stage: string }>(`MergeRequest/${mr.json.id}`);
  assert.equal(reviewing.json.stage, 'REVIEWING');
  const folders = await c.post<{ result: { id: string; parentId?: string }[] }>('Folder/query', {});
  const root = folders.json.result.find((f) => !f.parentId)!;
  const schedules = await c.post<{ result: { id: string; processId: string }[] }>(
    'ProcessSchedules/query',
    where(eq('processId', processId)),
  );
  emu.control.resetCounters();
  return {
    processId,
    packageId: pkg.json.packageId,
    packId: pack.json.id,
    unpackagedId,
    mergeId: mr.json.id,
    branchId: branch.json.id,
    folderId: root.id,
    scheduleId: schedules.json.result[0]!.id,
  };
}

describe('a refused mutating call changes nothing', () => {
  let emu: Emulator;
  let c: Client;
  let setup: Setup;
  before(async () => {
    emu = testEmulator();
    c = client(emu);
    setup = await setUp(c, emu);
  });
  after(() => emu.close());

  test('every mutating operation of every served object has a case', () => {
    const served = [...OBJECTS.values()].flatMap((def) =>
      MUTATING.filter((op) => def[op]).map((op) => `${def.name}.${op}`),
    );
    assert.deepEqual(CASES.map((k) => k.op).sort(), served.sort());
    assert.ok(CASES.filter((k) => k.late).length >= 3);
  });

  for (const k of CASES) {
    test(`${k.op}${k.late ? ' (fails after writing)' : ''}: ${k.status}, state unchanged`, async () => {
      await c.get(`Environment/${DEMO.environments.test.id}`); // timed stages due now advance here, not below
      const before = emu.control.state();
      const res = await k.send(c, setup);
      assert.equal(res.status, k.status, res.body);
      assert.deepEqual(emu.control.state(), before);
    });
  }

  test('the failed calls were counted like any other call', () => {
    const counters = emu.control.counters();
    for (const k of CASES) assert.ok((counters[k.op] ?? 0) >= 1, k.op);
  });

  test('after a refused call the same objects accept a valid one (the rollback leaves no stale proxies)', async () => {
    const ok = await c.post(`PublisherIntegrationPack/${setup.packId}`, {
      id: setup.packId,
      Description: 'after',
      operationType: 'ADD',
      PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: setup.processId }] },
    });
    assert.equal(ok.status, 200, ok.body);
    const state = emu.control.state();
    assert.equal(state.accounts[PRIMARY]!.packs[setup.packId]!.description, 'after');
    // The state is plain data again: it round-trips through JSON and structuredClone.
    assert.deepEqual(JSON.parse(JSON.stringify(state)), structuredClone(state));
    const dev = await c.post('Environment/query', {}, { account: DEVA });
    assert.equal(dev.status, 200);
  });
});

describe('the undo log', () => {
  test('records sets, pushes and deletes at any depth and replays them backwards', () => {
    const state = { a: { list: [1, 2], map: { x: 1 } as Record<string, number> }, n: 1 };
    const snapshot = structuredClone(state);
    const j = new Journal();
    const s = j.wrap(state);
    s.n = 2;
    s.a.list.push(3);
    s.a.list = s.a.list.filter((v) => v !== 1);
    delete s.a.map['x'];
    s.a.map['y'] = 2;
    assert.deepEqual(state, { a: { list: [2, 3], map: { y: 2 } }, n: 2 });
    assert.ok(j.size >= 5);
    j.rollback();
    assert.deepEqual(state, snapshot);
    assert.equal(j.size, 0);
  });

  test('keeps one proxy per object and never lets a proxy into the real state', () => {
    const inner = { v: 1 };
    const state = { items: [inner], copy: null as null | { wrapped: { v: number }; list: { v: number }[] } };
    const j = new Journal();
    const s = j.wrap(state);
    assert.equal(s.items[0], s.items[0]);
    assert.equal(j.wrap(s), s);
    // A fresh object built from values read through the proxies holds the raw objects once stored.
    s.copy = { wrapped: s.items[0]!, list: [...s.items] };
    assert.equal(state.copy!.wrapped, inner);
    assert.equal(state.copy!.list[0], inner);
    assert.deepEqual(structuredClone(state), { items: [{ v: 1 }], copy: { wrapped: { v: 1 }, list: [{ v: 1 }] } });
  });
});
