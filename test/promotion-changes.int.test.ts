import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { takeToMain } from './helpers/production-shortcut.ts';
import { executeBody, treeOf, type WireResult } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { createBoomiClient, toWriteXml, type BoomiClient } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 15: a promotion's cost follows what changed. Reads go five to a call; a component whose
// dev and production versions are the ones Promo last promoted is neither read nor written.

type Row = WireResult;

const MALLORY = 'mallory@acme.example';

for (const variant of dbVariants()) {
  describe(`promotion cost follows what changed [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let boomi: BoomiClient;
    let request: Record<string, unknown>;
    let promotable: number;
    let profile: Row;
    const pkg = DEMO.packages.orderProcessingMain;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true });
      boomi = createBoomiClient({ ...t.config.boomi, rateLimitPerSecond: 50 });
      const components = await treeOf(t, pkg.componentId);
      promotable = components.filter((c) => c.type !== 'connector-settings').length;
      request = executeBody(pkg, components);
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const counter = (name: string) => t.emulator!.control.counters()[name] ?? 0;
    async function promote(extra: Record<string, unknown> = {}) {
      t.emulator!.control.resetCounters();
      const r = await t.action('executePromotion', { ...request, ...extra }, 'alice');
      return { body: r.body, rows: (r.body.results ?? []) as Row[] };
    }
    const editDev = async (id: string, edit: (c: Awaited<ReturnType<BoomiClient['components']['get']>>) => void) => {
      const dev = await boomi.components.get(id, { overrideAccount: 'acme-DEVA' });
      edit(dev);
      await boomi.components.update(id, toWriteXml(dev, { componentId: id }), { overrideAccount: 'acme-DEVA' });
    };

    test('a first promotion reads five components a call and writes each component once', async () => {
      const { body, rows } = await promote();
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      assert.equal(counter('Component.bulk'), Math.ceil(promotable / 5));
      assert.equal(counter('Component.get'), 0, 'no single reads');
      assert.equal(counter('Component.create'), promotable);
      profile = rows.find((r) => r.type === 'profile.json')!;
      await takeToMain(db, boomi, body.promotionId as string);
    });

    test('an unchanged re-promotion reads and writes nothing, says why, and its branch holds every component', async () => {
      const { body, rows } = await promote();
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      for (const name of ['Component.bulk', 'Component.get', 'Component.create', 'Component.update'])
        assert.equal(counter(name), 0, `${name} calls`);
      assert.ok(counter('ComponentMetadata.query') <= 4, `${counter('ComponentMetadata.query')} metadata queries`);
      const unchanged = rows.filter((r) => r.action === 'UNCHANGED');
      assert.equal(unchanged.length, promotable);
      for (const r of unchanged)
        assert.match(String(r.reason), /^dev version \d+ and production version \d+ are the ones Promo last promoted$/);
      // A branch is a copy of main: the reviewer's diff and the merge see main's revision.
      const onBranch = await boomi.components.get(profile.prodComponentId!, { branchId: body.branchId as string });
      const onMain = await boomi.components.get(profile.prodComponentId!);
      assert.equal(onBranch.attributes.version, onMain.attributes.version);
      await takeToMain(db, boomi, body.promotionId as string);
    });

    test('a changed dev component is the only one read and written, without a read of the branch', async () => {
      await editDev(profile.devComponentId, (c) => {
        c.configuration!.setAttribute('strict', 'true');
        c.configuration!.setAttribute('url', 'https://dev-a.example');
      });
      const { body, rows } = await promote();
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      assert.deepEqual(
        rows.filter((r) => r.action !== 'UNCHANGED' && r.action !== 'PRE_MAPPED').map((r) => [r.name, r.action]),
        [[profile.name, 'UPDATED']],
      );
      assert.deepEqual(
        ['Component.bulk', 'Component.get', 'Component.update'].map(counter),
        [1, 0, 1],
        'one bulk read of one id, one write',
      );
      await takeToMain(db, boomi, body.promotionId as string);
    });

    test('a dev change Promo strips anyway is read but not written', async () => {
      await editDev(profile.devComponentId, (c) => c.configuration!.setAttribute('url', 'https://dev-b.example'));
      const { body, rows } = await promote();
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      const r = rows.find((x) => x.devComponentId === profile.devComponentId)!;
      assert.equal(r.action, 'UNCHANGED');
      assert.match(String(r.reason), /the dev component changed, but not what Promo writes from it/);
      assert.deepEqual(['Component.bulk', 'Component.update'].map(counter), [1, 0]);
      await takeToMain(db, boomi, body.promotionId as string);
      // The new dev version is on record: the next promotion skips it.
      const next = await promote();
      assert.equal(next.body.status, 'COMPLETED');
      assert.equal(counter('Component.bulk'), 0);
      await takeToMain(db, boomi, next.body.promotionId as string);
    });

    test('a production component changed outside Promo is read, compared and reported, never skipped', async () => {
      t.emulator!.control.addFixture({
        users: [{ userName: MALLORY, token: 'mallory-token', accountId: DEMO.primaryAccountId }],
      });
      const mallory = createBoomiClient(
        {
          baseUrl: t.config.boomi.baseUrl,
          accountId: DEMO.primaryAccountId,
          user: `BOOMI_TOKEN.${MALLORY}`,
          token: 'mallory-token',
        },
        { rateLimiter: { acquire: async () => {} } },
      );
      const main = await mallory.components.get(profile.prodComponentId!);
      main.configuration!.setAttribute('editedOnMain', 'yes');
      await mallory.components.update(
        profile.prodComponentId!,
        toWriteXml(main, { componentId: profile.prodComponentId! }),
      );

      const { body, rows } = await promote();
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      const r = rows.find((x) => x.devComponentId === profile.devComponentId)!;
      assert.equal(r.action, 'UPDATED', 'the dev component is written over the outside edit');
      assert.match(
        String(r.reason),
        new RegExp(
          `^production changed outside Promo: main is at version \\d+ by ${MALLORY}, Promo last wrote version \\d+; this promotion writes the dev component over it$`,
        ),
      );
      assert.deepEqual(['Component.bulk', 'Component.get', 'Component.update'].map(counter), [1, 1, 1]);
      assert.equal(rows.filter((x) => x.action === 'UNCHANGED').length, promotable - 1);
      await takeToMain(db, boomi, body.promotionId as string);
    });

    test('force reads and compares every component', async () => {
      const { body, rows } = await promote({ force: true });
      assert.equal(body.status, 'COMPLETED', JSON.stringify(body));
      assert.deepEqual(['Component.bulk', 'Component.get', 'Component.create', 'Component.update'].map(counter), [
        Math.ceil(promotable / 5),
        promotable,
        0,
        0,
      ]);
      const unchanged = rows.filter((r) => r.action === 'UNCHANGED');
      assert.equal(unchanged.length, promotable);
      assert.ok(unchanged.every((r) => r.reason === 'forced: re-read and compared; main matches the dev component'));
      const started = await db.query<{ details: Record<string, unknown> }>(
        "select details from audit_event where promotion_id = $1 and action = 'PROMOTION_STARTED'",
        [body.promotionId],
      );
      assert.equal(started.rows[0]?.details.force, true);
      await takeToMain(db, boomi, body.promotionId as string);
    });

    test('a component Boomi refuses in the bulk answer fails the promotion with its message; no branch is left', async () => {
      const ghost = { devComponentId: 'no-such-component', name: 'Ghost', type: 'process', folderFullPath: '' };
      const { body, rows } = await promote({ components: [...(request.components as Row[]), ghost] });
      assert.equal(body.status, 'FAILED', JSON.stringify(body));
      const failed = rows.find((r) => r.devComponentId === ghost.devComponentId)!;
      assert.equal(failed.action, 'FAILED');
      assert.match(
        String(failed.errorMessage),
        /^Could not read the component from the dev account: API_ERROR: .*no-such-component/,
      );
      const record = await t.action('queryStatus', { promotionId: body.promotionId }, 'alice');
      const p = (record.body.promotions as Array<Record<string, unknown>>)[0]!;
      assert.equal(p.branchId, null);
      assert.equal(await boomi.branches.findByName(`promo-${String(body.promotionId)}`), undefined);
      const pending = await db.query('select 1 from pending_component_mapping where promotion_id = $1', [
        body.promotionId,
      ]);
      assert.equal(pending.rows.length, 0);
    });
  });
}
