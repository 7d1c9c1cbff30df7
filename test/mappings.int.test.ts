import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';

type MappingWire = Record<string, unknown> & { id: string; lastPromotedAt: string };

for (const variant of dbVariants()) {
  describe(`manageMappings [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    before(async () => {
      db = await variant.open();
      // No demo seeding: §6.3 item 46 starts from an empty store.
      t = await buildTestApp(db, { seed: false });
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    const mapping = {
      devComponentId: 'test-dev-comp-001',
      devAccountId: 'TEST_DEV_ACCT',
      prodComponentId: 'test-prod-comp-001',
      componentName: 'Test Connection',
      componentType: 'connection',
      prodLatestVersion: 1,
    };

    test('list on an empty store, create, list again (§6.3 item 46)', async () => {
      const empty = await t.action('manageMappings', { operation: 'list' }, 'carol');
      assert.deepEqual(
        [empty.status, empty.body.success, empty.body.mappings, empty.body.totalCount],
        [200, true, [], 0],
      );
      const created = await t.action('manageMappings', { operation: 'create', mapping }, 'carol');
      assert.equal(created.body.success, true, JSON.stringify(created.body));
      assert.equal(created.body.totalCount, 1);
      const listed = await t.action('manageMappings', { operation: 'list' }, 'carol');
      assert.equal(listed.body.totalCount, 1);
      const m = (listed.body.mappings as MappingWire[])[0]!;
      assert.equal(m.devComponentId, mapping.devComponentId);
      assert.equal(m.mappingSource, 'ADMIN_SEEDING');
      assert.equal(m.lastPromotedBy, 'carol@acme.example');
      assert.equal(m.prodAccountId, 'acme-PRIMARY');
    });

    test('query by key, upsert without a duplicate, delete (§6.1 tests 1a-1d)', async () => {
      const key = { devComponentId: mapping.devComponentId, devAccountId: mapping.devAccountId };
      const first = await t.action('manageMappings', { operation: 'query', filters: key }, 'carol');
      assert.equal(first.body.totalCount, 1);
      const before1 = (first.body.mappings as MappingWire[])[0]!;

      // SPEC-style request (action + flat fields) updates the same row in place.
      const again = await t.action(
        'manageMappings',
        { action: 'update', ...mapping, prodComponentId: 'test-prod-comp-002', prodLatestVersion: 2 },
        'dan',
      );
      assert.equal(again.body.success, true, JSON.stringify(again.body));
      const second = await t.action('manageMappings', { operation: 'query', filters: key }, 'carol');
      assert.equal(second.body.totalCount, 1);
      const after1 = (second.body.mappings as MappingWire[])[0]!;
      assert.equal(after1.id, before1.id, 'same record id');
      assert.equal(after1.prodComponentId, 'test-prod-comp-002');
      assert.equal(after1.prodLatestVersion, 2);
      assert.equal(after1.lastPromotedBy, 'dan@acme.example');
      assert.ok(after1.lastPromotedAt >= before1.lastPromotedAt);
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from component_mapping');
      assert.equal(rows[0]!.n, 1);

      const del = await t.action('manageMappings', { operation: 'delete', mapping: key }, 'carol');
      assert.equal(del.body.totalCount, 1);
      const gone = await t.action('manageMappings', { operation: 'query', filters: key }, 'carol');
      assert.equal(gone.body.totalCount, 0);
      const delAgain = await t.action('manageMappings', { operation: 'delete', ...key }, 'carol');
      assert.deepEqual([delAgain.body.success, delAgain.body.totalCount], [true, 0]);
    });

    test('connection seeding: many dev accounts map onto one #Connections component', async () => {
      for (const acct of ['acme-DEVA', 'acme-DEVB']) {
        const r = await t.action(
          'manageMappings',
          {
            operation: 'create',
            mapping: {
              ...mapping,
              devComponentId: `conn-${acct}`,
              devAccountId: acct,
              prodComponentId: 'prod-conn-1',
              mappingSource: 'ADMIN_SEEDING',
            },
          },
          'carol',
        );
        assert.equal(r.body.success, true);
      }
      const byProd = await t.action(
        'manageMappings',
        { operation: 'list', filters: { prodComponentId: 'prod-conn-1' } },
        'carol',
      );
      assert.equal(byProd.body.totalCount, 2);
      const byName = await t.action(
        'manageMappings',
        { operation: 'list', filters: { componentName: 'test conn', componentType: 'CONNECTION' } },
        'carol',
      );
      assert.equal(byName.body.totalCount, 2, 'name filter is a case-insensitive substring, type case-insensitive');
      const wildcard = await t.action(
        'manageMappings',
        { operation: 'list', filters: { componentName: '%' } },
        'carol',
      );
      assert.equal(wildcard.body.totalCount, 0, 'LIKE wildcards in the filter are literal');
    });

    test('writes are audited with the acting admin', async () => {
      const { rows } = await db.query<{ action: string; actor: string }>(
        "select action, actor from audit_event where action like 'MAPPING_%' order by id",
      );
      assert.ok(rows.length >= 4);
      assert.ok(rows.some((r) => r.action === 'MAPPING_DELETED' && r.actor === 'carol@acme.example'));
    });

    test('bad requests name the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, 'operation'],
        [{ operation: 'purge' }, 'operation'],
        [{ operation: 'create', mapping: { ...mapping, prodComponentId: undefined } }, 'mapping.prodComponentId'],
        [{ operation: 'delete', mapping: { devAccountId: 'x' } }, 'mapping.devComponentId'],
        [{ operation: 'list', action: 'delete' }, 'action'],
        [{ operation: 'create', mapping: { ...mapping, prodAccountId: 'someone-else' } }, 'mapping.prodAccountId'],
      ];
      for (const [body, field] of cases) {
        const r = await t.action('manageMappings', body, 'carol');
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.body.errorCode, 'INVALID_REQUEST');
        assert.equal(r.body.field, field, `${JSON.stringify(body)} -> ${r.body.errorMessage}`);
      }
    });

    test('contributors cannot read or write mappings', async () => {
      const r = await t.action('manageMappings', { operation: 'list' }, 'bob');
      assert.equal(r.status, 403);
      assert.equal(r.body.errorCode, 'INSUFFICIENT_TIER');
    });
  });
}
