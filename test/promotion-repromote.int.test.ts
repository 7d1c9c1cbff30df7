import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { takeToMain } from './helpers/production-shortcut.ts';
import { executeBody, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { createBoomiClient, toWriteXml, type BoomiClient } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';

type Row = Record<string, unknown> & {
  devComponentId: string;
  name: string;
  type: string;
  action: string;
  prodComponentId: string | null;
  prodVersion: number | null;
};

for (const variant of dbVariants()) {
  describe(`re-promotion after a promotion reached main [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let boomi: BoomiClient;
    let request: Record<string, unknown>;
    let first: Record<string, unknown>;
    const pkg = DEMO.packages.orderProcessingMain;

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db, { emulator: true });
      boomi = createBoomiClient({ ...t.config.boomi, rateLimitPerSecond: 50 });
      const components = await treeOf(t, pkg.componentId);
      request = executeBody(pkg, components);
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const writes = () => {
      const c = t.emulator!.control.counters();
      return (c['Component.create'] ?? 0) + (c['Component.update'] ?? 0);
    };
    const diff = (body: Record<string, unknown>) => t.action('generateComponentDiff', body, 'bob');

    test('first promotion: every component CREATED; the diff of a new component has an empty main side', async () => {
      const r = await t.action('executePromotion', request, 'alice');
      assert.equal(r.body.status, 'COMPLETED', JSON.stringify(r.body));
      first = r.body;
      const created = (r.body.results as Row[]).filter((x) => x.action === 'CREATED');
      assert.ok(created.length >= 8);
      const d = await diff({
        branchId: r.body.branchId,
        prodComponentId: created[0]!.prodComponentId,
        componentName: created[0]!.name,
        componentAction: 'CREATE',
      });
      assert.equal(d.body.success, true, JSON.stringify(d.body));
      assert.deepEqual(
        [d.body.componentAction, d.body.mainXml, d.body.mainVersion, d.body.branchVersion],
        ['CREATE', '', 0, 1],
      );
      assert.match(String(d.body.branchXml), /^<bns:Component /);
      assert.doesNotMatch(String(d.body.branchXml), /\bversion="/, 'volatile attributes are left out');
    });

    test('unknown components and missing main copies are COMPONENT_NOT_FOUND (§6.4 item 65)', async () => {
      const unknown = await diff({
        branchId: first.branchId,
        prodComponentId: '00000000-0000-4000-8000-000000000000',
        componentAction: 'UPDATE',
      });
      assert.deepEqual([unknown.body.success, unknown.body.errorCode], [false, 'COMPONENT_NOT_FOUND']);
      assert.match(String(unknown.body.errorMessage), /has no component/, 'refused at the door: not a component of it');
      const created = (first.results as Row[]).find((x) => x.action === 'CREATED')!;
      const noMain = await diff({
        branchId: first.branchId,
        prodComponentId: created.prodComponentId,
        componentAction: 'UPDATE',
      });
      assert.equal(noMain.body.errorCode, 'COMPONENT_NOT_FOUND');
      assert.match(String(noMain.body.errorMessage), /not found in main/);
    });

    test('after reaching main, the tree resolves as UPDATE and an unchanged re-promotion writes nothing', async () => {
      await takeToMain(db, boomi, first.promotionId as string);
      const tree = await t.action(
        'resolveDependencies',
        { devAccountId: 'acme-DEVA', rootComponentId: pkg.componentId },
        'alice',
      );
      const nonConnections = (tree.body.components as Row[]).filter((c) => c.type !== 'connector-settings');
      assert.ok(
        nonConnections.every((c) => c.prodStatus === 'UPDATE' && c.prodComponentId),
        JSON.stringify(nonConnections.map((c) => c.prodStatus)),
      );

      t.emulator!.control.resetCounters();
      const again = await t.action('executePromotion', request, 'alice');
      assert.equal(again.body.status, 'COMPLETED', JSON.stringify(again.body));
      assert.deepEqual([again.body.componentsCreated, again.body.componentsUpdated], [0, 0]);
      assert.equal(writes(), 0, 'no component write reached Boomi');
      const firstIds = new Map((first.results as Row[]).map((r) => [r.devComponentId, r.prodComponentId]));
      for (const r of again.body.results as Row[]) {
        assert.ok(['UNCHANGED', 'PRE_MAPPED'].includes(r.action), `${r.name}: ${r.action}`);
        assert.equal(r.prodComponentId, firstIds.get(r.devComponentId), 'the same production component');
      }
      const { rows } = await db.query<{ n: number; d: number }>(
        "select count(*)::int as n, count(distinct dev_component_id)::int as d from component_mapping where dev_account_id = 'acme-DEVA'",
      );
      assert.equal(rows[0]!.n, rows[0]!.d, 'no duplicate mapping');
      await takeToMain(db, boomi, again.body.promotionId as string);
    });

    test('a changed dev component is UPDATED in place with a higher version; the diff shows the change (§6.1 test 3)', async () => {
      const profile = (first.results as Row[]).find((r) => r.type === 'profile.json')!;
      const dev = await boomi.components.get(profile.devComponentId, { overrideAccount: 'acme-DEVA' });
      dev.configuration!.setAttribute('strict', 'true');
      await boomi.components.update(profile.devComponentId, toWriteXml(dev, { componentId: profile.devComponentId }), {
        overrideAccount: 'acme-DEVA',
      });

      t.emulator!.control.resetCounters();
      const third = await t.action('executePromotion', request, 'alice');
      assert.equal(third.body.status, 'COMPLETED', JSON.stringify(third.body));
      const rows = third.body.results as Row[];
      const updated = rows.find((r) => r.devComponentId === profile.devComponentId)!;
      assert.equal(updated.action, 'UPDATED');
      assert.equal(updated.prodComponentId, profile.prodComponentId);
      assert.ok(updated.prodVersion! > 1);
      assert.equal(rows.filter((r) => r.action === 'UPDATED').length, 1, 'only the changed component is written');
      assert.equal(writes(), 1);

      const d = await diff({
        branchId: third.body.branchId,
        prodComponentId: profile.prodComponentId,
        componentAction: 'UPDATE',
        promotionId: third.body.promotionId,
      });
      assert.equal(d.body.componentAction, 'UPDATE');
      assert.ok((d.body.branchVersion as number) > (d.body.mainVersion as number));
      const summary = d.body.summary as {
        attributesAdded: number;
        attributesChanged: number;
        changes: Array<{ path: string }>;
      };
      assert.equal(summary.attributesAdded + summary.attributesChanged, 1);
      assert.ok(summary.changes.some((c) => c.path.endsWith('/@strict')));
      assert.equal(d.body.mainChangedSinceBranch, false);

      // Someone changes main after the branch was taken: the reviewer is warned.
      const main = await boomi.components.get(profile.prodComponentId!);
      main.configuration!.setAttribute('editedOnMain', 'yes');
      await boomi.components.update(
        profile.prodComponentId!,
        toWriteXml(main, { componentId: profile.prodComponentId! }),
      );
      const warned = await diff({
        branchId: third.body.branchId,
        prodComponentId: profile.prodComponentId,
        componentAction: 'UPDATE',
      });
      assert.equal(warned.body.mainChangedSinceBranch, true);
      assert.match(String(warned.body.mainChangedWarning), /OVERRIDE/);
    });
  });
}
