import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OperationName } from '../../emulator/domain/object-def.ts';
import { OBJECTS } from '../../emulator/domain/registry.ts';
import { BOOMI_OBJECTS } from '../../emulator/http/boomi-catalog.ts';
import { BOOMI_EMULATOR_MESSAGES as M, DEMO, type Emulator } from '../../emulator/index.ts';
import {
  AUTH,
  DEVA,
  PRIMARY,
  client,
  componentXml,
  eq,
  testEmulator,
  where,
  type CallResult,
  type Client,
} from './helpers.ts';

// Issue 11 items 8, 11 and 12: the `/update` URL form, credentials before content negotiation,
// and what an object Boomi has but the emulator does not serve answers.

const OPM = DEMO.packages.orderProcessingMain;
const PROCESS = '<process xmlns=""><shapes/></process>';
const SCHEDULE = {
  years: '*',
  months: '*',
  daysOfMonth: '*',
  daysOfWeek: '2,3,4,5,6',
  hours: '8-18',
  minutes: '0-59/15',
};

type Form = (path: string) => string;
interface Update {
  object: string;
  /** Builds what the update needs; runs identically on both emulators. */
  prepare?(c: Client, emu: Emulator): Promise<Record<string, string>>;
  send(c: Client, at: Form, p: Record<string, string>): Promise<{ status: number; body: string }>;
}

// Fixed ids, so the conceptual schedule ids (which embed the process id) match across emulators.
const SCHEDULED = {
  processId: '6f1c2d3e-4a5b-5c6d-8e7f-0a1b2c3d4e5f',
  packageId: '7a2b3c4d-5e6f-5a7b-9c8d-1e2f3a4b5c6d',
};

async function deployedProcess(c: Client, emu: Emulator): Promise<Record<string, string>> {
  const { processId, packageId } = SCHEDULED;
  emu.control.addFixture({
    components: [{ accountId: PRIMARY, id: processId, name: 'Scheduled', type: 'process', folder: 'Acme/Scheduled' }],
    packages: [{ accountId: PRIMARY, packageId, componentId: processId, packageVersion: '1.0' }],
  });
  await c.post('DeployedPackage', { environmentId: DEMO.environments.test.id, packageId });
  const rows = await c.post<{ result: { id: string }[] }>('ProcessSchedules/query', where(eq('processId', processId)));
  return { processId, scheduleId: rows.json.result[0]!.id, atomId: DEMO.runtimes.test.id };
}

const UPDATES: Update[] = [
  {
    object: 'Component',
    send: (c, at) =>
      c.xml(
        'POST',
        at(`Component/${OPM.componentId}`),
        componentXml({ componentId: OPM.componentId, name: 'Order Processing Main', type: 'process' }, PROCESS),
        DEVA,
      ),
  },
  {
    object: 'ComponentMetadata',
    send: (c, at) => c.post(at(`ComponentMetadata/${OPM.componentId}`), { name: 'Renamed Main' }, { account: DEVA }),
  },
  {
    object: 'Folder',
    prepare: async (c) => ({ id: (await c.post<{ id: string }>('Folder', { name: 'Before' })).json.id }),
    send: (c, at, p) => c.post(at(`Folder/${p.id}`), { name: 'After' }),
  },
  {
    object: 'Environment',
    send: (c, at) => c.post(at(`Environment/${DEMO.environments.test.id}`), { name: 'Test 2' }),
  },
  {
    // The form Boomi's CI/CD scripts use for extensions.
    object: 'EnvironmentExtensions',
    send: (c, at) =>
      c.post(at(`EnvironmentExtensions/${DEMO.environments.test.id}`), {
        id: DEMO.environments.test.id,
        environmentId: DEMO.environments.test.id,
        partial: true,
        properties: { property: [{ name: 'region', value: 'eu' }] },
      }),
  },
  {
    // A full replace: the map keeps only what is sent.
    object: 'EnvironmentMapExtension',
    send: (c, at) =>
      c.post(at(`EnvironmentMapExtension/${DEMO.mapExtensions.test.id}`), {
        id: DEMO.mapExtensions.test.id,
        Map: { ExtendedMappings: { Mapping: [{ fromXPath: 'Root/Object/orderId', toXPath: 'Order/OrderKey' }] } },
      }),
  },
  {
    object: 'PublisherIntegrationPack',
    send: (c, at) =>
      c.post(at(`PublisherIntegrationPack/${DEMO.packs.orders.id}`), {
        id: DEMO.packs.orders.id,
        Description: 'new words',
        operationType: 'DELETE',
      }),
  },
  {
    object: 'ReleaseIntegrationPack',
    prepare: async (c, emu) => {
      const { processId } = await deployedProcess(c, emu);
      const packId = DEMO.packs.ordersTest.id;
      await c.post(`PublisherIntegrationPack/${packId}`, {
        id: packId,
        Description: 'd',
        operationType: 'ADD',
        PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: processId }] },
      });
      await c.post('ReleaseIntegrationPack', {
        id: packId,
        releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
        releaseOnDate: '2099-01-01',
      });
      return { packId };
    },
    send: (c, at, p) =>
      c.post(at(`ReleaseIntegrationPack/${p.packId}`), {
        id: p.packId,
        releaseSchedule: 'RELEASE_ON_SPECIFIED_DATE',
        releaseOnDate: '2099-02-01',
      }),
  },
  {
    object: 'Branch',
    prepare: async (c) => ({ id: (await c.post<{ id: string }>('Branch', { name: 'b1', parentId: 'Qjox' })).json.id }),
    send: (c, at, p) => c.post(at(`Branch/${p.id}`), { id: p.id, name: 'b2', description: 'renamed' }),
  },
  {
    object: 'MergeRequest',
    prepare: async (c) => {
      const branch = (await c.post<{ id: string }>('Branch', { name: 'mr', parentId: 'Qjox' })).json.id;
      await c.get(`Branch/${branch}`);
      const mr = await c.post<{ id: string }>('MergeRequest', { sourceBranchId: branch, destinationBranchId: 'Qjox' });
      await c.get(`MergeRequest/${mr.json.id}`);
      return { id: mr.json.id };
    },
    send: (c, at, p) =>
      c.post(at(`MergeRequest/${p.id}`), { id: p.id, note: 'looked at', priorityBranch: 'DESTINATION' }),
  },
  {
    object: 'Atom',
    send: (c, at) =>
      c.post(at(`Atom/${DEMO.runtimes.test.id}`), {
        id: DEMO.runtimes.test.id,
        name: 'Test Atom 2',
        purgeHistoryDays: 7,
      }),
  },
  {
    object: 'ProcessSchedules',
    prepare: deployedProcess,
    send: (c, at, p) =>
      c.post(at(`ProcessSchedules/${p.scheduleId}`), {
        id: p.scheduleId,
        atomId: p.atomId,
        processId: p.processId,
        Schedule: [SCHEDULE],
        Retry: { maxRetry: 2, Schedule: [SCHEDULE] },
      }),
  },
  {
    object: 'ProcessScheduleStatus',
    prepare: deployedProcess,
    send: (c, at, p) =>
      c.post(at(`ProcessScheduleStatus/${p.scheduleId}`), {
        id: p.scheduleId,
        atomId: p.atomId,
        processId: p.processId,
        enabled: 'false',
      }),
  },
];

/** Random (v4) UUIDs differ between two emulators; number them in order of appearance. */
function normalize(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g, (u) => {
    if (!seen.has(u)) seen.set(u, `<uuid${seen.size + 1}>`);
    return seen.get(u)!;
  });
}

async function runForm(update: Update, at: Form) {
  const emu = testEmulator({ now: () => Date.parse('2025-06-02T12:00:00Z') });
  try {
    const c = client(emu);
    const p = (await update.prepare?.(c, emu)) ?? {};
    const res = await update.send(c, at, p);
    return {
      status: res.status,
      body: normalize(res.body),
      state: normalize(JSON.stringify(emu.control.state())),
      counters: emu.control.counters(),
    };
  } finally {
    await emu.close();
  }
}

describe('updates through POST /{Object}/{id}/update (item 8)', () => {
  test('every object that supports UPDATE is covered', () => {
    const served = [...OBJECTS.values()].filter((d) => d.update).map((d) => d.name);
    assert.deepEqual(UPDATES.map((u) => u.object).sort(), served.sort());
  });

  for (const update of UPDATES) {
    test(`${update.object}: both URL forms answer and change the state identically`, async () => {
      const plain = await runForm(update, (path) => path);
      const suffixed = await runForm(update, (path) => `${path}/update`);
      assert.equal(plain.status, 200, plain.body);
      assert.equal(suffixed.status, plain.status, suffixed.body);
      assert.equal(suffixed.body, plain.body);
      assert.equal(suffixed.state, plain.state);
      assert.equal(suffixed.counters[`${update.object}.update`], 1);
    });
  }

  test('a refused update is refused the same way in both forms', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const a = await c.post('Environment/no-such-env', { name: 'x' });
      const b = await c.post('Environment/no-such-env/update', { name: 'x' });
      assert.deepEqual([b.status, b.body], [a.status, a.body]);
      assert.equal(a.status, 400);
    } finally {
      await emu.close();
    }
  });
});

describe('credentials before content negotiation (item 11)', () => {
  test('Component: a bad or missing token is 401 whatever the Accept; with a good one JSON is 406', async () => {
    const emu = testEmulator();
    try {
      const url = `/partner/api/rest/v1/${PRIMARY}/Component/${OPM.componentId}?overrideAccount=${DEVA}`;
      const bad = `Basic ${Buffer.from(`${DEMO.apiUser.basicUser}:wrong`).toString('base64')}`;
      for (const accept of ['application/json', 'application/xml', undefined]) {
        for (const authorization of [undefined, bad]) {
          const headers: Record<string, string> = {};
          if (accept) headers.accept = accept;
          if (authorization) headers.authorization = authorization;
          const res = await emu.app.inject({ method: 'GET', url, headers });
          assert.equal(res.statusCode, 401, `${accept} ${authorization ?? 'no credentials'}`);
          if (accept === 'application/json')
            assert.deepEqual(JSON.parse(res.body), { '@type': 'Error', message: M.unauthorized });
          else assert.match(res.body, /<error><message>Unauthorized/);
        }
      }
      const json = await emu.app.inject({
        method: 'GET',
        url,
        headers: { authorization: AUTH, accept: 'application/json' },
      });
      assert.equal(json.statusCode, 406);
      const forbidden = await emu.app.inject({
        method: 'GET',
        url: url.replace(DEVA, 'not-below-primary'),
        headers: { authorization: AUTH, accept: 'application/json' },
      });
      assert.equal(forbidden.statusCode, 403);
    } finally {
      await emu.close();
    }
  });
});

/** A request for a documented operation of an object. */
function requestFor(object: string, op: OperationName): ['GET' | 'POST' | 'DELETE', string] {
  switch (op) {
    case 'get':
      return ['GET', `${object}/some-id`];
    case 'create':
      return ['POST', object];
    case 'update':
      return ['POST', `${object}/some-id`];
    case 'delete':
      return ['DELETE', `${object}/some-id`];
    case 'query':
      return ['POST', `${object}/query`];
    case 'queryMore':
      return ['POST', `${object}/queryMore`];
    case 'bulk':
      return ['POST', `${object}/bulk`];
    case 'execute':
      return ['POST', `${object}/execute/some-id`];
    case 'asyncGet':
      return ['GET', `async/${object}/some-id`];
    case 'asyncQuery':
      return ['POST', `async/${object}/query`];
    case 'asyncResponse':
      return ['GET', `async/${object}/response/some-token`];
  }
}

describe('objects Boomi has but the emulator does not serve (item 12)', () => {
  let emu: Emulator;
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string): Promise<CallResult<{ message: string }>> =>
    client(emu).call<{ message: string }>(method, path, method === 'POST' ? {} : undefined);

  test('every documented operation of an unserved object answers 501 naming the object', async () => {
    emu = testEmulator();
    try {
      const unserved = [...BOOMI_OBJECTS].filter(([name]) => !OBJECTS.has(name));
      assert.ok(unserved.length > 85, `${unserved.length} unserved objects`);
      for (const [name, ops] of unserved) {
        for (const op of ops) {
          const [method, path] = requestFor(name, op);
          const res = await call(method, path);
          assert.equal(res.status, 501, `${method} ${path}: ${res.body}`);
          assert.equal(res.json.message, `The Boomi emulator does not implement the ${name} object.`);
        }
      }
    } finally {
      await emu.close();
    }
  });

  test("an unserved operation is a 501 naming both; Boomi's unknown ones stay 400, unknown paths 404", async () => {
    emu = testEmulator();
    try {
      const create = await call('POST', 'Atom');
      assert.equal(create.status, 501);
      assert.equal(
        create.json.message,
        'The Boomi emulator does not implement the create operation of the Atom object.',
      );
      const del = await call('DELETE', `Component/${OPM.componentId}`);
      assert.deepEqual([del.status, del.json.message], [400, M.unknownOperation('delete', 'Component')]);
      const processCreate = await call('POST', 'Process');
      assert.deepEqual(
        [processCreate.status, processCreate.json.message],
        [400, M.unknownOperation('create', 'Process')],
      );
      for (const path of [
        'Foo/query',
        'component/query',
        'ChangeListenerStatus',
        'async/Environment/query',
        'Atom/a/b/c',
      ]) {
        const res = await call('POST', path);
        assert.equal(res.status, 404, path);
        assert.equal(res.json.message, M.notFound);
      }
      // XML clients get the same answer as an XML error body.
      const xml = await client(emu).call('POST', 'ExecutionArtifacts', '<x/>', { xml: true });
      assert.equal(xml.status, 501);
      assert.match(
        xml.body,
        /<error><message>The Boomi emulator does not implement the ExecutionArtifacts object.<\/message><\/error>/,
      );
    } finally {
      await emu.close();
    }
  });

  test("the catalog is Boomi's: every object and operation the emulator serves is one Boomi documents", () => {
    for (const def of OBJECTS.values()) {
      const documented = BOOMI_OBJECTS.get(def.name);
      assert.ok(documented, `${def.name} is not a Boomi object`);
      const served: OperationName[] = [
        ...(['get', 'create', 'update', 'delete', 'execute'] as const).filter((op) => def[op]),
        ...(def.query ? (['query', 'queryMore'] as const) : []),
        ...(def.get ? (['bulk'] as const) : []),
        ...(def.asyncQuery ? (['asyncQuery', 'asyncResponse'] as const) : []),
        ...(def.asyncGet ? (['asyncGet'] as const) : []),
      ];
      for (const op of served) assert.ok(documented.has(op), `${def.name}.${op} is not documented by Boomi`);
    }
  });
});
