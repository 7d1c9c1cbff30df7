import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 14 item 5: freeze windows are set by admins, read by everyone signed in, checked when set.

interface Window {
  windowId: string;
  version: number;
  upcoming: Array<{ startsAt: string; endsAt: string }>;
  activeUntil: string | null;
}

for (const variant of dbVariants()) {
  describe(`freeze windows [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db);
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });
    beforeEach(() => db.exec('delete from freeze_window'));

    const weekly = {
      kind: 'RECURRING',
      name: 'Friday evening',
      reason: 'No releases before the weekend',
      cron: '0 18 * * 5',
      timeZone: 'Europe/Berlin',
      durationMinutes: 63 * 60,
    };
    const set = (body: Record<string, unknown>, as = 'carol') => t.action('setFreezeWindow', body, as);
    const refusal = async (body: Record<string, unknown>) => {
      const res = await set(body);
      return [res.status, res.body.errorCode, res.body.field, String(res.body.errorMessage)] as const;
    };

    test('admins set, change and delete windows; everyone signed in reads them; every change is audited', async () => {
      const created = await set(weekly);
      assert.equal(created.body.success, true, JSON.stringify(created.body));
      const w = created.body.window as Window;
      assert.equal(w.version, 1);
      assert.equal(w.upcoming.length, 3);
      for (const o of w.upcoming) {
        const start = new Date(o.startsAt);
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Europe/Berlin',
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
        }).format(start);
        assert.equal(local, 'Fri 18:00', `${o.startsAt} is Friday 18:00 in Berlin`);
        assert.equal(new Date(o.endsAt).getTime() - start.getTime(), 63 * 3_600_000);
      }

      const read = await t.action('listFreezeWindows', {}, 'olga');
      assert.equal(read.body.success, true, 'a read-only user may read them');
      assert.deepEqual(
        (read.body.windows as Window[]).map((x) => x.windowId),
        [w.windowId],
      );

      const changed = await set({ ...weekly, windowId: w.windowId, version: 1, durationMinutes: 120 }, 'dan');
      assert.equal((changed.body.window as Window).version, 2, JSON.stringify(changed.body));
      const stale = await set({ ...weekly, windowId: w.windowId, version: 1, name: 'Lost update' }, 'carol');
      assert.equal(stale.body.errorCode, 'FREEZE_WINDOW_CONFLICT');
      const staleDelete = await t.action('deleteFreezeWindow', { windowId: w.windowId, version: 1 }, 'carol');
      assert.equal(staleDelete.body.errorCode, 'FREEZE_WINDOW_CONFLICT');
      const deleted = await t.action('deleteFreezeWindow', { windowId: w.windowId, version: 2 }, 'carol');
      assert.equal(deleted.body.deleted, true, JSON.stringify(deleted.body));
      const gone = await t.action('deleteFreezeWindow', { windowId: w.windowId }, 'carol');
      assert.equal(gone.body.errorCode, 'FREEZE_WINDOW_NOT_FOUND');
      const unknown = await set({ ...weekly, windowId: crypto.randomUUID() });
      assert.equal(unknown.body.errorCode, 'FREEZE_WINDOW_NOT_FOUND');

      const { rows } = await db.query<{ actor: string; action: string }>(
        "select actor, action from audit_event where action like 'FREEZE_WINDOW_%' order by id",
      );
      assert.deepEqual(
        rows.map((r) => `${r.action} ${r.actor}`),
        [
          'FREEZE_WINDOW_SET carol@acme.example',
          'FREEZE_WINDOW_SET dan@acme.example',
          'FREEZE_WINDOW_DELETED carol@acme.example',
        ],
      );
    });

    test('contributors and read-only users cannot change windows', async () => {
      for (const who of ['alice', 'olga']) {
        assert.equal((await set(weekly, who)).body.errorCode, 'INSUFFICIENT_TIER');
        const del = await t.action('deleteFreezeWindow', { windowId: crypto.randomUUID() }, who);
        assert.equal(del.body.errorCode, 'INSUFFICIENT_TIER');
      }
    });

    test('invalid cron expressions, time zones, times, durations and names are refused, naming the field', async () => {
      const badCron = await refusal({ ...weekly, cron: '61 18 * * 5' });
      assert.deepEqual(badCron.slice(0, 3), [400, 'INVALID_REQUEST', 'cron']);
      assert.match(badCron[3], /minute/, "croner's reason");
      assert.deepEqual((await refusal({ ...weekly, cron: 'every friday' })).slice(0, 3), [
        400,
        'INVALID_REQUEST',
        'cron',
      ]);
      assert.match((await refusal({ ...weekly, cron: '0 0 30 2 *' }))[3], /never matches/);
      const badZone = await refusal({ ...weekly, timeZone: 'Europe/Atlantis' });
      assert.deepEqual(badZone.slice(0, 3), [400, 'INVALID_REQUEST', 'timeZone']);
      for (const durationMinutes of [0, 31 * 24 * 60 + 1, 1.5]) {
        const res = await refusal({ ...weekly, durationMinutes });
        assert.deepEqual(res.slice(0, 3), [400, 'INVALID_REQUEST', 'durationMinutes'], String(durationMinutes));
      }
      assert.equal((await set({ ...weekly, durationMinutes: 31 * 24 * 60 })).body.success, true, '31 days is allowed');
      const backwards = await refusal({
        kind: 'ONE_OFF',
        name: 'Backwards',
        startsAt: '2030-01-02T00:00:00Z',
        endsAt: '2030-01-01T00:00:00Z',
      });
      assert.deepEqual(backwards.slice(0, 3), [400, 'INVALID_REQUEST', 'endsAt']);
      const notAnInstant = await refusal({
        kind: 'ONE_OFF',
        name: 'x',
        startsAt: 'soon',
        endsAt: '2030-01-01T00:00:00Z',
      });
      assert.deepEqual(notAnInstant.slice(0, 3), [400, 'INVALID_REQUEST', 'startsAt']);
      assert.deepEqual((await refusal({ ...weekly, name: '  ' })).slice(0, 3), [400, 'INVALID_REQUEST', 'name']);
      assert.deepEqual((await refusal({ ...weekly, name: 'a\u0000b' })).slice(0, 3), [400, 'INVALID_REQUEST', 'name']);
      assert.deepEqual((await refusal({ ...weekly, kind: 'SOMETIMES' })).slice(0, 2), [400, 'INVALID_REQUEST']);
    });

    test('the list says which window freezes now and until when; an inactive window freezes nothing', async () => {
      const now = Date.now();
      const body = {
        kind: 'ONE_OFF',
        name: 'Now',
        startsAt: new Date(now - 60_000).toISOString(),
        endsAt: new Date(now + 3_600_000).toISOString(),
      };
      const w = (await set(body)).body.window as Window;
      assert.equal(w.activeUntil, body.endsAt);
      const list = await t.action('listFreezeWindows', {}, 'alice');
      assert.deepEqual(list.body.activeFreeze, {
        windowId: w.windowId,
        name: 'Now',
        endsAt: body.endsAt,
        timeZone: 'UTC',
      });
      await set({ ...body, windowId: w.windowId, active: false });
      const after = await t.action('listFreezeWindows', {}, 'alice');
      assert.equal(after.body.activeFreeze, null);
      const activeOnly = await t.action('listFreezeWindows', { includeInactive: false }, 'alice');
      assert.deepEqual(activeOnly.body.windows, []);
    });
  });
}
