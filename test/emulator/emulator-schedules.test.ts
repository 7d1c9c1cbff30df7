import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO } from '../../emulator/index.ts';
import { client, eq, queryAll, testEmulator, where } from './helpers.ts';
import { PROD_ATOM, SCHEDULE, TEST_ATOM, TEST_ENV, deploy, type Schedules } from './runtime-helpers.ts';

// Issue 11 item 13: ProcessSchedules and ProcessScheduleStatus, one per process deployed to an
// environment a runtime serves, under a conceptual id made of the runtime and process ids.

describe('process schedules', () => {
  test('one per deployed process and runtime; GET, QUERY and UPDATE (clear and replace) in JSON and XML', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Nightly');
      await deploy(c, 'Nightly Prod', { env: DEMO.environments.production.id });
      const rows = await queryAll<Schedules>(
        c,
        'ProcessSchedules',
        where(eq('atomId', TEST_ATOM), eq('processId', processId)),
      );
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.deepEqual([row.atomId, row.processId, row.Schedule], [TEST_ATOM, processId, []]);
      assert.equal(Buffer.from(row.id, 'base64').toString(), `CPS:${TEST_ATOM}:${processId}`);
      assert.equal((await queryAll(c, 'ProcessSchedules', where(eq('atomId', PROD_ATOM)))).length, 1);
      const update = await c.post<Schedules>(`ProcessSchedules/${row.id}`, {
        id: row.id,
        atomId: TEST_ATOM,
        processId,
        Schedule: [SCHEDULE, { ...SCHEDULE, daysOfWeek: '1', hours: '19-23' }],
        Retry: { maxRetry: 2, Schedule: [{ ...SCHEDULE, minutes: '0-10/5' }] },
      });
      assert.equal(update.status, 200, update.body);
      assert.equal(update.json.Schedule.length, 2);
      assert.equal(update.json.Retry?.maxRetry, 2);
      const xml = await c.get(`ProcessSchedules/${row.id}`, { xml: true });
      assert.match(xml.body, /<bns:ProcessSchedules [^>]*atomId="[^"]+"[^>]*><bns:Schedule years="\*" months="\*"/);
      assert.match(xml.body, /<bns:Retry maxRetry="2"><bns:Schedule [^>]*minutes="0-10\/5"\/><\/bns:Retry>/);
      // An UPDATE replaces everything: without Retry and with one schedule, that is what remains.
      const replaced = await c.post<Schedules>(
        `ProcessSchedules/${row.id}`,
        `<bns:ProcessSchedules xmlns:bns="http://api.platform.boomi.com/" id="${row.id}" atomId="${TEST_ATOM}"` +
          ` processId="${processId}"><bns:Schedule years="*" months="*" daysOfMonth="*" daysOfWeek="*" hours="2"` +
          ' minutes="30"/></bns:ProcessSchedules>',
        { xml: true },
      );
      assert.equal(replaced.status, 200, replaced.body);
      const after = await c.get<Schedules>(`ProcessSchedules/${row.id}`);
      assert.deepEqual(
        [after.json.Schedule.length, after.json.Schedule[0]?.hours, after.json.Retry],
        [1, '2', undefined],
      );
    } finally {
      await emu.close();
    }
  });

  test('UPDATE refuses bad cron values or maxRetry, missing or mismatched ids, schedules on listeners', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Hourly');
      const { processId: listenerId } = await deploy(c, 'Web Listener', { listener: true });
      const [row] = await queryAll<Schedules>(c, 'ProcessSchedules', where(eq('processId', processId)));
      const body = { id: row!.id, atomId: TEST_ATOM, processId };
      const refused = async (patch: Record<string, unknown>, message: RegExp, id = row!.id) => {
        const res = await c.post(`ProcessSchedules/${id}`, { ...body, ...patch });
        assert.equal(res.status, 400, JSON.stringify(patch));
        assert.match(res.body, message);
      };
      await refused({ Schedule: [{ ...SCHEDULE, hours: '24' }] }, /hours/);
      await refused({ Schedule: [{ ...SCHEDULE, minutes: '0-59/0' }] }, /minutes/);
      await refused({ Schedule: [{ ...SCHEDULE, daysOfWeek: '0' }] }, /daysOfWeek/);
      const { minutes: _omitted, ...noMinutes } = SCHEDULE;
      await refused({ Schedule: [noMinutes] }, /minutes is required/);
      await refused({ Schedule: [SCHEDULE], Retry: { maxRetry: 6, Schedule: [SCHEDULE] } }, /maxRetry/);
      await refused({ atomId: PROD_ATOM }, /atomId/);
      await refused({ processId: undefined }, /processId is required/);
      const [listener] = await queryAll<Schedules>(c, 'ProcessSchedules', where(eq('processId', listenerId)));
      const onListener = await c.post(`ProcessSchedules/${listener!.id}`, {
        id: listener!.id,
        atomId: TEST_ATOM,
        processId: listenerId,
        Schedule: [SCHEDULE],
      });
      assert.equal(onListener.status, 400);
      assert.match(onListener.body, /listener/);
      assert.equal((await c.get('ProcessSchedules/bm90LWFuLWlk')).status, 400);
    } finally {
      await emu.close();
    }
  });

  test('ProcessScheduleStatus: enabled by default, UPDATE stops them; they outlive a redeployment', async () => {
    const emu = testEmulator();
    try {
      const c = client(emu);
      const { processId } = await deploy(c, 'Weekly');
      const [row] = await queryAll<{ id: string; enabled: boolean }>(
        c,
        'ProcessScheduleStatus',
        where(eq('atomId', TEST_ATOM), eq('processId', processId)),
      );
      assert.equal(row!.enabled, true);
      const stop = await c.post<{ enabled: boolean }>(`ProcessScheduleStatus/${row!.id}`, {
        id: row!.id,
        atomId: TEST_ATOM,
        processId,
        enabled: false,
      });
      assert.equal(stop.json.enabled, false);
      const xml = await c.get(`ProcessScheduleStatus/${row!.id}`, { xml: true });
      assert.match(xml.body, /<bns:ProcessScheduleStatus [^>]*enabled="false"/);
      assert.equal(
        (await c.post(`ProcessScheduleStatus/${row!.id}`, { id: row!.id, atomId: TEST_ATOM, processId })).status,
        400,
      );
      // A new package version deployed over the old one keeps the schedule's state.
      const pkg = await c.post<{ packageId: string }>('PackagedComponent', {
        componentId: processId,
        packageVersion: '2.0',
      });
      await c.post('DeployedPackage', { environmentId: TEST_ENV, packageId: pkg.json.packageId });
      assert.equal((await c.get<{ enabled: boolean }>(`ProcessScheduleStatus/${row!.id}`)).json.enabled, false);
      // Detached from its runtime, the process has no schedule objects there any more.
      emu.control.detachAtoms(TEST_ENV);
      assert.equal((await c.get(`ProcessScheduleStatus/${row!.id}`)).status, 400);
      assert.equal((await queryAll(c, 'ProcessScheduleStatus', where(eq('processId', processId)))).length, 0);
    } finally {
      await emu.close();
    }
  });
});
