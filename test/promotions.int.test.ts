import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import { demoAuth, type TestApp } from './helpers/test-app.ts';
import {
  DEVA,
  SECRETS,
  allValues,
  assertBottomUp,
  branchNames,
  emulatorSuite,
  count,
  environmentValues,
  executeBody,
  getAs,
  primaryClient,
  promote,
  secretsFixture,
  sseEvents,
  treeOf,
  until,
  verifyOnBranch,
  type Answer,
  type WireResult,
} from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { q, type BoomiClient } from '../src/boomi/index.ts';
import { componentKind } from '../src/features/promotions/promotion-order.ts';
import { referencedIds } from '../src/features/promotions/xml/rewrite-references.ts';
import type { Db } from '../src/platform/db.ts';

const { orderProcessingMain: OPM, customerMasterSync: CMS, invoiceSync: INVOICE } = DEMO.packages;
const isConnection = (r: { type: string }) => r.type === 'connector-settings';
const TYPE_RANK: Record<string, number> = { profile: 0, operation: 1, map: 2, process: 3 };

for (const variant of dbVariants()) {
  describe(`executePromotion [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let boomi: BoomiClient;
    const promotionRows = () => count(db, 'select 1 from promotion_log');
    const promoBranches = async () => (await branchNames(boomi)).filter((n) => n.startsWith('promo-'));

    emulatorSuite(variant, { env: { BOOMI_RATE_LIMIT: '100' } }, (s) => {
      ({ db, t } = s);
      boomi = primaryClient(t);
    });

    test('Order Processing Main: COMPLETED on its own branch, bottom-up, references rewritten, nothing committed', async () => {
      const tree = await treeOf(t, OPM.componentId);
      const res = await promote(t, OPM, 'alice', tree);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const body = res.body;
      const results = body.results!;
      const promotionId = body.promotionId as string;
      assert.equal(body.success, true);
      assert.equal(body.status, 'COMPLETED');
      assert.equal(body.branchName, `promo-${promotionId}`);
      const branch = await boomi.branches.findByName(`promo-${promotionId}`);
      assert.equal(branch?.id, body.branchId, 'the branch exists in Boomi');
      assert.ok((await boomi.branches.query(q.isNotNull('id'))).some((b) => b.id === body.branchId));

      const connections = tree.filter(isConnection);
      assert.equal(connections.length, 2);
      assert.equal(body.componentsCreated, tree.length - connections.length);
      assert.equal(body.connectionsSkipped, connections.length);
      assert.equal(body.componentsFailed, 0);
      for (const c of connections) {
        const row = results.find((r) => r.devComponentId === c.devComponentId);
        const mapping = DEMO.connectionMappings.find((m) => m.devComponentId === c.devComponentId);
        assert.deepEqual([row?.action, row?.prodComponentId], ['PRE_MAPPED', mapping?.prodComponentId], c.name);
      }
      const promoted = results.filter((r) => !isConnection(r));
      assert.ok(promoted.every((r) => r.action === 'CREATED' && r.status === 'SUCCESS'));
      // Bottom-up: profiles, operations, maps, the sub-process, the root last.
      const ranks = promoted.map((r) => TYPE_RANK[componentKind(r.type)]);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a! - b!),
        `order: ${promoted.map((r) => r.type).join(', ')}`,
      );
      assert.equal(promoted.at(-1)?.devComponentId, OPM.componentId);
      assert.equal(promoted.at(-2)?.type, 'process', 'the sub-process just before the root');

      const readBack = await verifyOnBranch(boomi, body, tree);
      assert.equal(readBack.promoted.length, promoted.length);
      assertBottomUp(results, readBack.promoted);

      // Mappings wait for the merge: pending rows only; component_mapping holds the seeded connections.
      const pending = await db.query<{ dev_component_id: string; prod_component_id: string }>(
        'select dev_component_id, prod_component_id from pending_component_mapping where promotion_id = $1',
        [promotionId],
      );
      assert.deepEqual(
        new Map(pending.rows.map((r) => [r.dev_component_id, r.prod_component_id])),
        new Map(promoted.map((r) => [r.devComponentId, r.prodComponentId])),
      );
      const committed = await db.query<{ dev_component_id: string; mapping_source: string }>(
        'select dev_component_id, mapping_source from component_mapping',
      );
      assert.deepEqual(
        committed.rows.map((r) => r.dev_component_id).sort(),
        DEMO.connectionMappings.map((m) => m.devComponentId).sort(),
      );
      assert.ok(committed.rows.every((r) => r.mapping_source === 'ADMIN_SEEDING'));
      const audit = await db.query<{ action: string; actor: string }>(
        'select action, actor from audit_event where promotion_id = $1 order by id',
        [promotionId],
      );
      assert.deepEqual(
        audit.rows.map((r) => r.action),
        ['PROMOTION_STARTED', 'PROMOTION_COMPLETED'],
      );
      assert.equal(audit.rows[0]!.actor, 'alice@acme.example');
    });

    test('Customer Master Sync (>= 40 components, depth >= 4): every reference rewritten', async () => {
      const tree = await treeOf(t, CMS.componentId);
      assert.ok(tree.length >= 40, `${tree.length} components`);
      const res = await promote(t, CMS, 'alice', tree);
      assert.equal(res.body.status, 'COMPLETED', JSON.stringify({ ...res.body, results: undefined }));
      const connections = tree.filter(isConnection).length;
      assert.equal(res.body.componentsCreated, tree.length - connections);
      assert.equal(res.body.connectionsSkipped, connections);
      const readBack = await verifyOnBranch(boomi, res.body, tree);
      assert.equal(readBack.promoted.length, tree.length - connections);
      assertBottomUp(res.body.results!, readBack.promoted);
      // Depth: process -> sub-process chains at least four deep, all rewritten to promoted ids.
      const byProd = new Map(readBack.promoted.map((p) => [p.result.prodComponentId!, p]));
      const depth = (prodId: string): number => {
        const p = byProd.get(prodId);
        if (!p) return 0;
        return (
          1 +
          Math.max(
            0,
            ...referencedIds(p.branch.doc)
              .filter((id) => byProd.get(id)?.result.type === 'process')
              .map(depth),
          )
        );
      };
      assert.ok(depth(readBack.devToProd.get(CMS.componentId)!) >= 4);
    });

    test('environment values are stripped from elements, attributes and fields, and reported', async () => {
      t.emulator!.control.addFixture(secretsFixture());
      for (const [pkg, root] of [
        [OPM, OPM.componentId],
        [{ packageId: SECRETS.packageId, componentId: SECRETS.rootId }, SECRETS.rootId],
      ] as const) {
        const tree = await treeOf(t, root);
        const res = await promote(t, pkg, 'alice', tree);
        assert.equal(res.body.status, 'COMPLETED', JSON.stringify(res.body));
        const readBack = await verifyOnBranch(boomi, res.body, tree);
        // Values visible in the dev XML of the whole tree, connections included.
        const devDocs = await Promise.all(
          tree.map((c) => boomi.components.get(c.devComponentId, { overrideAccount: DEVA })),
        );
        const secrets = new Set(devDocs.flatMap(environmentValues));
        assert.ok(secrets.size >= 3, `environment values found in the dev XML: ${[...secrets].join(', ')}`);
        for (const { result, branch, dev } of readBack.promoted) {
          const left = [...allValues(branch)].filter(
            (v) => secrets.has(v) || [...secrets].some((s) => s.length >= 8 && v.includes(s)),
          );
          assert.deepEqual(left, [], `${result.name} still carries environment values`);
          assert.equal(result.configStripped, result.strippedElements.length > 0, result.name);
          if (environmentValues(dev).length > 0)
            assert.ok(result.strippedElements.length > 0, `${result.name} reports what was stripped`);
        }
      }
      // The operation built with values everywhere: each kind is reported and gone; other settings stay.
      const query = await t.action(
        'queryStatus',
        { devAccountId: DEVA, processName: 'Secret Sync', includeResults: true },
        'alice',
      );
      const secretRun = (query.body.promotions as { results: WireResult[]; branchId: string }[])[0]!;
      const op = secretRun.results.find((r) => r.devComponentId === SECRETS.operationId)!;
      for (const what of ['@url', '@password', 'host', 'port', 'field[host]', 'field[password]'])
        assert.ok(op.strippedElements.includes(what), `${what} in ${op.strippedElements.join(', ')}`);
      const promotedOp = await boomi.components.get(op.prodComponentId!, { branchId: secretRun.branchId });
      const text = promotedOp.toXml();
      // Long values anywhere in the text; short ones (the port) as whole values, since an id may contain the digits.
      for (const secret of SECRETS.values)
        assert.ok(
          secret.length >= 8 ? !text.includes(secret) : !allValues(promotedOp).has(secret),
          `${secret} left in the promoted operation`,
        );
      assert.match(text, /methodType="POST"/);
      assert.match(text, /value="\/outbound"/);
    });

    test('fail-fast: a component write fails mid-tree -> FAILED, dependents SKIPPED, branch gone, nothing pending; a rerun completes', async () => {
      const tree = await treeOf(t, OPM.componentId);
      const devRefs = new Map(
        await Promise.all(
          tree.map(
            async (c) =>
              [
                c.devComponentId,
                referencedIds((await boomi.components.get(c.devComponentId, { overrideAccount: DEVA })).doc),
              ] as const,
          ),
        ),
      );
      t.emulator!.control.addFault({
        operation: 'Component.create',
        status: 400,
        times: 1,
        message: 'Injected write failure',
      });
      const res = await promote(t, OPM, 'alice', tree);
      const body = res.body;
      assert.equal(res.status, 200);
      assert.deepEqual(
        [body.success, body.errorCode, body.status],
        [false, 'PROMOTION_FAILED', 'FAILED'],
        JSON.stringify({ ...body, results: undefined }),
      );
      assert.ok((body.componentsFailed as number) >= 1);
      assert.ok(body.errorMessage, 'errorMessage set');
      const results = body.results!;
      const failed = results.filter((r) => r.action === 'FAILED');
      assert.equal(failed.length, 1);
      assert.match(failed[0]!.errorMessage ?? '', /Injected write failure|400/);
      // Everything that refers to the failed component, directly or not, is SKIPPED.
      const dependents = new Set<string>([failed[0]!.devComponentId]);
      for (let grew = true; grew;) {
        grew = false;
        for (const [id, refs] of devRefs)
          if (!dependents.has(id) && refs.some((r) => dependents.has(r))) {
            dependents.add(id);
            grew = true;
          }
      }
      dependents.delete(failed[0]!.devComponentId);
      assert.ok(dependents.size >= 1 && dependents.has(OPM.componentId));
      for (const id of dependents)
        assert.equal(results.find((r) => r.devComponentId === id)?.action, 'SKIPPED', `dependent ${id}`);

      const promotionId = body.promotionId as string;
      assert.equal(await boomi.branches.findByName(`promo-${promotionId}`), undefined, 'the branch is deleted');
      assert.deepEqual(await promoBranches(), []);
      const { body: status } = await t.action('queryStatus', { promotionId }, 'alice');
      const record = (status.promotions as Record<string, unknown>[])[0]!;
      assert.deepEqual([record.status, record.branchId], ['FAILED', null]);
      assert.ok((record.componentsFailed as number) >= 1 && record.errorMessage);
      assert.equal(
        (record.results as WireResult[]).filter((r) => r.action === 'SKIPPED').length,
        results.filter((r) => r.action === 'SKIPPED').length,
      );
      assert.equal(await count(db, 'select 1 from pending_component_mapping'), 0);
      assert.equal(await count(db, "select 1 from component_mapping where mapping_source = 'PROMOTION_ENGINE'"), 0);

      const again = await promote(t, OPM, 'alice', tree);
      assert.equal(again.body.status, 'COMPLETED', JSON.stringify({ ...again.body, results: undefined }));
      assert.equal(again.body.componentsCreated, tree.filter((c) => !isConnection(c)).length);
    });

    test('client disconnect: respond-async, the job finishes server-side, status and SSE tell the outcome', async () => {
      const tree = await treeOf(t, OPM.componentId);
      const started = await t.inject({
        method: 'POST',
        url: '/fs/PromotionService/executePromotion',
        payload: JSON.stringify(executeBody(OPM, tree)),
        headers: { authorization: demoAuth('alice'), 'content-type': 'application/json', prefer: 'respond-async' },
      });
      assert.equal(started.statusCode, 202, started.body);
      const { jobId, promotionId, status } = started.json() as { jobId: string; promotionId: string; status: string };
      assert.equal(status, 'IN_PROGRESS');
      assert.ok(jobId && promotionId);

      const job = await until('the job to finish', async () => {
        const res = await getAs(t, `/api/jobs/${jobId}`, 'alice');
        assert.equal(res.statusCode, 200, res.body);
        const view = res.json() as { state: string; promotionId: string; response: Record<string, unknown> | null };
        assert.notEqual(view.state, 'FAILED', res.body);
        return view.state === 'SUCCEEDED' ? view : undefined;
      });
      assert.equal(job.promotionId, promotionId);
      assert.equal(job.response?.status, 'COMPLETED');

      const query = await t.action('queryStatus', { promotionId }, 'alice');
      const record = (query.body.promotions as { status: string; results: WireResult[] }[])[0]!;
      assert.equal(record.status, 'COMPLETED');
      assert.equal(record.results.length, tree.length);

      assert.equal(
        (await getAs(t, `/api/jobs/${jobId}`, 'erin')).statusCode,
        404,
        'erin (team B) may not see a team A job',
      );
      assert.equal((await getAs(t, `/api/jobs/${jobId}/events`, 'erin')).statusCode, 404);
      const sse = await sseEvents(t, `/api/jobs/${jobId}/events`, 'alice');
      assert.equal(sse.status, 200);
      assert.equal(sse.events.length, 1);
      assert.deepEqual(
        [sse.events[0]!.event, sse.events[0]!.data.state, sse.events[0]!.data.jobId],
        ['job', 'SUCCEEDED', jobId],
      );
    });

    test('branch threshold: 15 branches -> BRANCH_LIMIT_REACHED with no record and no branch; 14 -> it proceeds', async () => {
      const main = (await boomi.branches.findByName('main'))!;
      const made = await Promise.all(
        Array.from({ length: 14 }, async (_, i) => {
          const b = await boomi.branches.create({ name: `feature-${i}`, parentId: main.id });
          return boomi.branches.waitUntilReady(b.id);
        }),
      );
      assert.equal((await branchNames(boomi)).length, 15);
      const tree = await treeOf(t, OPM.componentId);
      t.emulator!.control.resetCounters();
      const refused = await promote(t, OPM, 'alice', tree);
      assert.deepEqual(
        [refused.status, refused.body.success, refused.body.errorCode],
        [200, false, 'BRANCH_LIMIT_REACHED'],
        JSON.stringify(refused.body),
      );
      assert.equal(await promotionRows(), 0, 'no PromotionLog row');
      assert.equal((await branchNames(boomi)).length, 15);
      assert.equal(t.emulator!.control.counters()['Branch.create'] ?? 0, 0);

      await boomi.branches.delete(made[0]!.id);
      await until('the branch to be gone', async () => ((await branchNames(boomi)).length === 14 ? true : undefined));
      const ok = await promote(t, OPM, 'alice', tree);
      assert.equal(ok.body.status, 'COMPLETED', JSON.stringify({ ...ok.body, results: undefined }));
      assert.equal((await branchNames(boomi)).length, 15);
    });

    test('READONLY caller -> 403 INSUFFICIENT_TIER; another team -> 403 ACCOUNT_NOT_AUTHORIZED; nothing written', async () => {
      const tree = await treeOf(t, OPM.componentId);
      t.emulator!.control.resetCounters();
      const olga = await promote(t, OPM, 'olga', tree);
      assert.deepEqual([olga.status, olga.body.success, olga.body.errorCode], [403, false, 'INSUFFICIENT_TIER']);
      const erin = await promote(t, OPM, 'erin', tree);
      assert.deepEqual([erin.status, erin.body.success, erin.body.errorCode], [403, false, 'ACCOUNT_NOT_AUTHORIZED']);
      assert.equal(await promotionRows(), 0);
      assert.deepEqual(await promoBranches(), []);
      assert.equal(t.emulator!.control.counters()['Branch.create'] ?? 0, 0);
    });

    test('Invoice Sync: MISSING_CONNECTION_MAPPINGS lists the unmapped connection; FAILED record; Boomi untouched', async () => {
      const tree = await treeOf(t, INVOICE.componentId);
      t.emulator!.control.resetCounters();
      const res = await promote(t, INVOICE, 'alice', tree);
      assert.deepEqual(
        [res.status, res.body.success, res.body.errorCode],
        [200, false, 'MISSING_CONNECTION_MAPPINGS'],
        JSON.stringify(res.body),
      );
      const expected = DEMO.unmappedConnections.filter((c) => tree.some((x) => x.devComponentId === c.devComponentId));
      assert.ok(expected.length >= 1);
      const missing = res.body.missingConnectionMappings as {
        devComponentId: string;
        name: string;
        type: string;
        devAccountId: string;
      }[];
      assert.deepEqual(missing.map((m) => m.devComponentId).sort(), expected.map((c) => c.devComponentId).sort());
      assert.ok(missing.every((m) => m.type === 'connector-settings' && m.devAccountId === DEVA && m.name));
      const promotionId = res.body.promotionId as string;
      const record = await db.query<{ status: string; branch_id: string | null }>(
        'select status, branch_id from promotion_log where promotion_id = $1',
        [promotionId],
      );
      assert.deepEqual(record.rows, [{ status: 'FAILED', branch_id: null }]);
      const counters = t.emulator!.control.counters();
      assert.deepEqual(
        [counters['Branch.create'] ?? 0, counters['Component.create'] ?? 0, counters['Component.update'] ?? 0],
        [0, 0, 0],
      );
      assert.deepEqual(await promoBranches(), []);
    });

    test('a 401 from Boomi -> AUTH_FAILED, not retried', async () => {
      const tree = await treeOf(t, OPM.componentId);
      t.emulator!.control.resetCounters();
      t.emulator!.control.addFault({ operation: 'Branch.query', status: 401, times: 1 });
      const res = await promote(t, OPM, 'alice', tree);
      assert.deepEqual([res.body.success, res.body.errorCode], [false, 'AUTH_FAILED'], JSON.stringify(res.body));
      assert.equal(t.emulator!.control.counters()['Branch.query'], 1, 'one call, no retry');
      assert.equal(t.emulator!.control.counters()['Branch.create'] ?? 0, 0);
      assert.equal(await promotionRows(), 0);
      assert.deepEqual(await promoBranches(), []);
    });

    test('two concurrent promotions for one account: one runs, the other PROMOTION_IN_PROGRESS; then PROMOTION_CONFLICT', async () => {
      const tree = await treeOf(t, OPM.componentId);
      const answers = await Promise.all([promote(t, OPM, 'alice', tree), promote(t, OPM, 'bob', tree)]);
      const winner = answers.find((a) => a.body.success === true);
      const loser = answers.find((a) => a.body.success !== true);
      assert.ok(winner && loser, JSON.stringify(answers.map((a) => ({ ...a.body, results: undefined }))));
      assert.equal(winner.body.status, 'COMPLETED');
      assert.deepEqual([loser.status, loser.body.errorCode], [200, 'PROMOTION_IN_PROGRESS']);
      assert.equal(await promotionRows(), 1, 'the refused call left no record');
      assert.deepEqual(await promoBranches(), [`promo-${winner.body.promotionId as string}`]);

      const conflict: Answer = await promote(t, OPM, 'bob', tree);
      assert.deepEqual([conflict.body.success, conflict.body.errorCode], [false, 'PROMOTION_CONFLICT']);
      assert.equal(conflict.body.conflictingPromotionId, winner.body.promotionId);
      assert.ok(String(conflict.body.errorMessage).includes(winner.body.promotionId as string));
      assert.equal(await promotionRows(), 1);
    });

    test('a promotion that ran to completion while another waited for a slow Branch query still refuses the other', async () => {
      const tree = await treeOf(t, OPM.componentId);
      // The first slot reservation answers at once; the second waits long enough for the first to finish.
      t.emulator!.control.addFault({ operation: 'Branch.query', delayMs: 0, times: 1 });
      t.emulator!.control.addFault({ operation: 'Branch.query', delayMs: 1500, times: 1 });
      const answers = await Promise.all([promote(t, OPM, 'alice', tree), promote(t, OPM, 'bob', tree)]);
      const outcomes = answers.map((a) => a.body.status ?? a.body.errorCode).sort();
      assert.equal(outcomes[0], 'COMPLETED', JSON.stringify(outcomes));
      assert.match(String(outcomes[1]), /^PROMOTION_(CONFLICT|IN_PROGRESS)$/, JSON.stringify(outcomes));
      assert.equal(await promotionRows(), 1);
    });

    test('validation: the root must be listed, and no component twice', async () => {
      const tree = await treeOf(t, OPM.componentId);
      const withoutRoot = tree.filter((c) => c.devComponentId !== OPM.componentId);
      const a = await t.action('executePromotion', executeBody(OPM, withoutRoot), 'alice');
      assert.deepEqual([a.status, a.body.errorCode, a.body.field], [400, 'INVALID_REQUEST', 'rootComponentId']);
      const b = await t.action('executePromotion', executeBody(OPM, [...tree, tree[1]!]), 'alice');
      assert.deepEqual([b.status, b.body.errorCode], [400, 'INVALID_REQUEST']);
      assert.equal(await promotionRows(), 0);
    });
  });
}
