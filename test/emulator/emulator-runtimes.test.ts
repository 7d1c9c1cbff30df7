import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadDemoFixture } from '../../emulator/fixture/demo-ids.ts';
import { DEMO, STATE_FILE_NAME, createEmulator, startEmulatorServer } from '../../emulator/index.ts';
import { PRIMARY, client, eq, queryAll, testEmulator, where, type QueryResult } from './helpers.ts';
import { PROD_ATOM, TEST_ATOM, TEST_ENV, type Atom } from './runtime-helpers.ts';

// Issue 11 item 13: runtimes (Atom) and the environments they serve (EnvironmentAtomAttachment),
// the demo fixture's runtimes, and the controls tests use to take a runtime away.

describe('runtimes', () => {
  test('the demo has an ONLINE runtime on Test and on Production; adding them changed no other id', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const attached = await queryAll<{ atomId: string; environmentId: string }>(c, 'EnvironmentAtomAttachment', {});
      assert.deepEqual(
        attached.map((a) => [a.environmentId, a.atomId]),
        [
          [TEST_ENV, TEST_ATOM],
          [DEMO.environments.production.id, PROD_ATOM],
        ],
      );
      for (const id of [TEST_ATOM, PROD_ATOM]) assert.equal((await c.get<Atom>(`Atom/${id}`)).json.status, 'ONLINE');
    } finally {
      await emu.close();
    }
    const { atoms, ...withoutRuntimes } = loadDemoFixture();
    assert.equal(atoms?.length, 2);
    const full = createEmulator({ fixture: loadDemoFixture() });
    const bare = createEmulator({ fixture: withoutRuntimes });
    try {
      const strip = (s: ReturnType<typeof full.control.state>) => {
        for (const a of Object.values(s.accounts)) Object.assign(a, { atoms: {}, atomAttachments: {} });
        return s;
      };
      assert.deepEqual(strip(full.control.state()), strip(bare.control.state()));
    } finally {
      await Promise.all([full.close(), bare.close()]);
    }
  });

  test('Atom GET and QUERY: documented fields, JSON and XML, filters, paging', async () => {
    const emu = testEmulator({ pageSize: 50 });
    try {
      const c = client(emu);
      const atom = await c.get<Atom>(`Atom/${TEST_ATOM}`);
      assert.deepEqual(
        { ...atom.json, dateInstalled: undefined },
        {
          '@type': 'Atom',
          id: TEST_ATOM,
          name: 'Acme Test Atom',
          status: 'ONLINE',
          type: 'ATOM',
          hostName: 'boomi-test-01.acme.example',
          dateInstalled: undefined,
          currentVersion: '25.01.0',
          createdBy: 'fixture@acme.example',
          purgeHistoryDays: 30,
          purgeImmediate: false,
          forceRestartTime: 0,
        },
      );
      const xml = await c.get(`Atom/${PROD_ATOM}`, { xml: true });
      assert.match(
        xml.body,
        /^<\?xml[^>]*\?><bns:Atom xmlns:bns="http:\/\/api.platform.boomi.com\/"[^>]* id="ac7a25ef-[^"]*"/,
      );
      assert.match(xml.body, / type="MOLECULE" /);
      assert.equal((await c.get(`Atom/not-a-runtime`)).status, 400);
      // Boomi's CI/CD scripts filter with lower-case values: status and type match case-insensitively.
      const online = await c.post<QueryResult<Atom>>(
        'Atom/query',
        where(eq('status', 'online'), eq('type', 'Molecule')),
      );
      assert.deepEqual(
        online.json.result.map((a) => a.id),
        [PROD_ATOM],
      );
      const byHost = await c.post<QueryResult<Atom>>('Atom/query', where(eq('hostname', 'boomi-test-01.acme.example')));
      assert.deepEqual(
        byHost.json.result.map((a) => a.id),
        [TEST_ATOM],
      );
      const bad = await c.post('Atom/query', where(eq('hostName', 'x')));
      assert.equal(bad.status, 400);
      assert.match(bad.body, /hostName/);
      emu.control.addFixture({
        atoms: Array.from({ length: 60 }, (_, i) => ({
          accountId: PRIMARY,
          id: `bulk-atom-${i}`,
          name: `Bulk ${i}`,
          status: 'OFFLINE' as const,
        })),
      });
      const first = await c.post<QueryResult<Atom>>('Atom/query', where(eq('status', 'OFFLINE')));
      assert.equal(first.json.numberOfResults, 50);
      assert.ok(first.json.queryToken);
      const all = await queryAll<Atom>(c, 'Atom', where(eq('status', 'OFFLINE')));
      assert.equal(all.length, 60);
    } finally {
      await emu.close();
    }
  });

  test('Atom UPDATE changes only name, purge settings and restart time', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const res = await c.post<Atom>(`Atom/${TEST_ATOM}`, {
        id: TEST_ATOM,
        name: 'Renamed',
        purgeHistoryDays: 90,
        status: 'OFFLINE',
        hostName: 'elsewhere',
      });
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(
        [res.json.name, res.json.purgeHistoryDays, res.json.status, res.json.hostName],
        ['Renamed', 90, 'ONLINE', 'boomi-test-01.acme.example'],
      );
      assert.equal((await c.post(`Atom/${TEST_ATOM}`, { id: PROD_ATOM, name: 'x' })).status, 400);
    } finally {
      await emu.close();
    }
  });

  test('EnvironmentAtomAttachment: query by environment or runtime, attaching moves, DELETE answers true', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const forTest = await c.post<QueryResult<{ id: string; atomId: string }>>(
        'EnvironmentAtomAttachment/query',
        where(eq('environmentId', TEST_ENV)),
      );
      assert.deepEqual(
        forTest.json.result.map((a) => a.atomId),
        [TEST_ATOM],
      );
      const byAtom = await c.post<QueryResult>('EnvironmentAtomAttachment/query', where(eq('atomId', PROD_ATOM)));
      assert.equal(byAtom.json.numberOfResults, 1);
      // The production runtime moves to Test: Production has none left.
      const moved = await c.post<{ id: string; atomId: string; environmentId: string }>('EnvironmentAtomAttachment', {
        atomId: PROD_ATOM,
        environmentId: TEST_ENV,
      });
      assert.equal(moved.status, 200, moved.body);
      assert.deepEqual([moved.json.atomId, moved.json.environmentId], [PROD_ATOM, TEST_ENV]);
      const prod = await c.post<QueryResult>(
        'EnvironmentAtomAttachment/query',
        where(eq('environmentId', DEMO.environments.production.id)),
      );
      assert.equal(prod.json.numberOfResults, 0);
      const xml = await c.del(`EnvironmentAtomAttachment/${moved.json.id}`, { xml: true });
      assert.deepEqual([xml.status, xml.body], [200, '<true/>']);
      const again = await c.del(`EnvironmentAtomAttachment/${forTest.json.result[0]!.id}`);
      assert.deepEqual([again.status, again.body], [200, 'true']);
      assert.equal((await c.del(`EnvironmentAtomAttachment/${moved.json.id}`)).status, 400);
      assert.equal(
        (await c.post('EnvironmentAtomAttachment', { atomId: 'nope', environmentId: TEST_ENV })).status,
        400,
      );
      // With no runtime left, Production can be deleted (Boomi refuses while one is attached).
      assert.equal((await c.del(`Environment/${DEMO.environments.production.id}`)).status, 200);
    } finally {
      await emu.close();
    }
  });
});

describe('runtime control for tests', () => {
  test('a runtime can go OFFLINE and an environment lose its runtimes, in process and over /__emulator/', async () => {
    const running = await startEmulatorServer({ port: 0, host: '127.0.0.1', rateLimit: null });
    try {
      const ctl = (method: string, path: string, body?: unknown) =>
        fetch(`${running.url}/__emulator${path}`, {
          method,
          headers: body ? { 'content-type': 'application/json' } : {},
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
      const patched = await ctl('PATCH', `/atoms/${TEST_ATOM}`, { status: 'OFFLINE' });
      assert.equal(patched.status, 200);
      assert.equal((await ctl('PATCH', '/atoms/nope', { status: 'OFFLINE' })).status, 404);
      assert.equal((await ctl('PATCH', `/atoms/${TEST_ATOM}`, { status: 'ASLEEP' })).status, 400);
      const detached = await ctl('DELETE', `/environments/${DEMO.environments.production.id}/atoms`);
      assert.deepEqual(await detached.json(), { detached: 1 });
      const state = (await (await ctl('GET', '/state')).json()) as ReturnType<typeof running.emulator.control.state>;
      const primary = state.accounts[PRIMARY]!;
      assert.equal(primary.atoms[TEST_ATOM]!.status, 'OFFLINE');
      assert.deepEqual(
        Object.values(primary.atomAttachments).map((a) => a.environmentId),
        [TEST_ENV],
      );
      assert.equal(running.emulator.control.setAtomStatus(TEST_ATOM, 'ONLINE'), true);
      assert.equal(running.emulator.control.state().accounts[PRIMARY]!.atoms[TEST_ATOM]!.status, 'ONLINE');
    } finally {
      await running.close();
    }
  });
});

test('a state file from before runtimes (format 1) loads with no runtimes; its data is kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-v1-'));
  try {
    const source = createEmulator();
    const state = source.control.state();
    await source.close();
    for (const a of Object.values(state.accounts) as unknown as Record<string, unknown>[]) {
      for (const key of ['atoms', 'atomAttachments', 'schedules', 'listeners']) delete a[key];
    }
    writeFileSync(join(dir, STATE_FILE_NAME), JSON.stringify({ ...state, formatVersion: 1 }));
    const emu = testEmulator({ dataDir: dir });
    try {
      const c = client(emu);
      assert.equal((await c.post<QueryResult>('Atom/query', {})).json.numberOfResults, 0);
      assert.equal((await c.post<QueryResult>('Environment/query', {})).json.numberOfResults, 2);
      assert.equal(emu.control.state().formatVersion, 3);
    } finally {
      await emu.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
