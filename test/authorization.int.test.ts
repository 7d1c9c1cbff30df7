import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { promote, getAs, executeBody, DEVA, type TreeComponent } from './helpers/promotion-helpers.ts';
import { actionDocs, propertyPaths, sampleBody, type ActionDoc } from './helpers/openapi-bodies.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 11 item 1: every action is authorized through the record it names. The matrix is
// generated from /openapi.json, so an action added later is covered without editing this file,
// and an id field that no ref declares fails the first test below until someone decides.

const OPM = DEMO.packages.orderProcessingMain;
const DEVB = 'acme-DEVB';

/** Id fields that name no team's record, and why that is safe. */
const SHARED_IDS: Record<string, string> = {
  existingPackId: 'a pack of the primary account, shared by every team',
  'targetEnvironments.*.environmentId': 'an environment of the primary account, shared by every team',
  rootComponentId: 'a dev component, read only through devAccountId (checked)',
  devPackageId: 'a dev package, read only through devAccountId (checked), and compared with the record',
  'components.*.devComponentId': 'dev components, read only through devAccountId (checked)',
  devComponentIds: 'dev components, compared with the open promotions of devAccountId (checked)',
  prodAccountId: 'the primary account; must equal the configured one',
  componentId: 'a queryStatus filter over the promotions the caller may see',
  environmentId:
    'an environment of the primary account (checked against where the named promotion was deployed) or of the named client account (checked against it)',
  promotionId: 'declared as a promotion ref where it names one; an outbox filter for admins (listNotifications)',
  ssoGroupId: 'an access-row key; admins only',
  'filters.devAccountId': 'a mapping filter; admins only',
  'filters.devComponentId': 'a mapping filter; admins only',
  'filters.prodComponentId': 'a mapping filter; admins only',
  'mapping.devAccountId': 'a mapping key; admins only',
  'mapping.devComponentId': 'a mapping key; admins only',
  'mapping.prodComponentId': 'a mapping value; admins only',
  'mapping.prodAccountId': 'the primary account; admins only',
  devComponentId: 'a mapping key; admins only (manageMappings)',
  prodComponentId: 'declared as a component ref where it names one; a mapping value for admins otherwise',
  devAccountId: 'declared as a devAccount ref where it names one; an access-row key for admins otherwise',
  testEnvironmentId: 'an environment of the named client account (checked against it), or a key admins set',
  prodEnvironmentId: 'an environment of the named client account (checked against it), or a key admins set',
  leftEnvironmentId: 'an environment of the named client account (checked against it)',
  rightEnvironmentId: 'an environment of the named client account (checked against it)',
  'teams.*.ssoGroupId': 'a team that may see a client account; admins only',
  mapExtensionId: 'read in the named environment of the named client account; another environment is not found',
  'changes.*.componentId': 'an extension of the named environment, checked against its access cache',
  'changes.*.fieldId': 'a field of that extension',
  integrationPackId: 'a production pack of the primary account, shared by every team; admins only here',
  integrationPackInstanceId: 'a pack installed in the named client account (looked up there); admins only',
  processId:
    "a production process (listReleases): only the releases of the caller's dev accounts are listed; the key of an installation-wide test-process setting (setTestProcess)",
  windowId: 'a freeze window: installation-wide, readable by everyone signed in, changed by admins only',
  webhookId: 'a webhook endpoint: installation-wide, admins only',
  deliveryId: 'a delivery of a webhook endpoint: installation-wide, admins only',
  testProcessId:
    'a Boomi process of the primary account named as the test of processId (setTestProcess): an installation-wide setting, audited',
  ruleId: 'a policy rule: installation-wide, readable by everyone signed in, changed by admins only',
};

describe('authorization: one door for every action (generated from /openapi.json)', () => {
  let db: Db;
  let t: TestApp;
  let actions: ActionDoc[];
  // Team A's work (alice): a test deployment and the production request made from it.
  const a = {} as { testId: string; prodId: string; branchId: string; prodComponentId: string; jobId: string };
  let erinsPromotion: string;
  let secrets: string[];

  before(async () => {
    db = await freshDb();
    t = await buildTestApp(db, { emulator: true });
    actions = actionDocs((await t.inject({ method: 'GET', url: '/openapi.json' })).json());
    const promoted = await promote(t, OPM, 'alice');
    assert.equal(promoted.body.success, true, JSON.stringify(promoted.body));
    a.testId = promoted.body.promotionId as string;
    a.jobId = promoted.body.jobId as string;
    a.prodComponentId = promoted.body.results!.find((r) => r.prodComponentId)!.prodComponentId!;
    const deployed = await t.action('packageAndDeploy', {
      promotionId: a.testId,
      deploymentTarget: 'TEST',
      packageVersion: '1.0.0-test',
      existingPackId: DEMO.packs.ordersTest.id,
    });
    assert.equal(deployed.body.success, true, JSON.stringify(deployed.body));
    const submitted = await t.action('submitForPeerReview', {
      promotionId: a.testId,
      packageVersion: '1.0.0',
      existingPackId: DEMO.packs.orders.id,
    });
    assert.equal(submitted.body.success, true, JSON.stringify(submitted.body));
    a.prodId = submitted.body.promotionId as string;
    const { rows } = await db.query<{ branch_id: string }>(
      'select branch_id from promotion_log where promotion_id = $1',
      [a.testId],
    );
    a.branchId = rows[0]!.branch_id;
    const tracker = DEMO.packages.shipmentTracker;
    const tree = await t.action(
      'resolveDependencies',
      { devAccountId: DEVB, rootComponentId: tracker.componentId },
      'erin',
    );
    const erins = await t.action(
      'executePromotion',
      executeBody(
        tracker,
        (tree.body.components as TreeComponent[]).map(({ devComponentId, name, type, folderFullPath }) => ({
          devComponentId,
          name,
          type,
          folderFullPath,
        })),
        DEVB,
      ),
      'erin',
    );
    assert.equal(erins.body.success, true, JSON.stringify(erins.body));
    erinsPromotion = erins.body.promotionId as string;
    const components = promoted.body.results!.flatMap((r) => [r.devComponentId, r.prodComponentId ?? '', r.name]);
    secrets = [
      a.testId,
      a.prodId,
      a.branchId,
      `promo-${a.testId}`,
      'alice@acme.example',
      OPM.packageId,
      ...components,
    ].filter((s) => s.length > 3);
  });
  after(async () => {
    await t?.app.close();
    await dropDb(db);
  });

  test('every id field of every action is declared as a record ref, or is a shared id with a reason', () => {
    assert.ok(actions.length >= 21, `the OpenAPI document lists ${actions.length} actions`);
    const undeclared: string[] = [];
    for (const action of actions) {
      for (const path of propertyPaths(action.schema)) {
        const key = path.split('.').at(-1)!;
        if (!/Id$|Ids$/.test(key)) continue;
        if (!path.includes('.') && action.refs[key]) continue;
        if (!SHARED_IDS[path]) undeclared.push(`${action.name}: ${path}`);
      }
    }
    assert.deepEqual(undeclared, [], 'declare these in the contract refs, or list them above with a reason');
  });

  const teamA = (): Record<string, unknown> => ({
    promotionId: a.prodId,
    testPromotionId: a.testId,
    branchId: a.branchId,
    prodComponentId: a.prodComponentId,
    devAccountId: DEVA,
    devPackageId: OPM.packageId,
    rootComponentId: OPM.componentId,
    processName: 'Order Processing Main',
    suggestForProcess: 'Order Processing Main',
    components: [{ devComponentId: OPM.componentId, name: 'Order Processing Main', type: 'process' }],
  });
  const madeUp = (ref: string) => (ref === 'devAccount' ? `acme-MADEUP-${randomUUID().slice(0, 8)}` : randomUUID());
  const bodyWith = (action: ActionDoc, values: Record<string, unknown>) =>
    sampleBody(action.schema, (key, path) => (path.length === 0 ? values[key] : undefined)) as Record<string, unknown>;

  /** The variants of one action's body: all of A's ids, each ref made up in turn, and A's ids among made-up ones. */
  function variants(action: ActionDoc): Array<{ label: string; body: Record<string, unknown>; namesA: boolean }> {
    const refs = Object.entries(action.refs);
    const out = [{ label: "team A's ids", body: bodyWith(action, teamA()), namesA: refs.length > 0 }];
    for (const [field, ref] of refs) {
      out.push({
        label: `${field} made up`,
        body: bodyWith(action, { ...teamA(), [field]: madeUp(ref) }),
        namesA: true,
      });
      const others = Object.fromEntries(refs.map(([f, r]) => [f, madeUp(r)]));
      out.push({
        label: `only ${field} is team A's`,
        body: bodyWith(action, { ...teamA(), ...others, [field]: teamA()[field]! }),
        namesA: true,
      });
    }
    if (action.refs.promotionId && refs.length > 1) {
      // erin's own promotion, with team A's branch or components: a mismatch, never a way in.
      out.push({
        label: "erin's promotion, team A's others",
        body: bodyWith(action, { ...teamA(), promotionId: erinsPromotion }),
        namesA: true,
      });
    }
    return out;
  }

  test("another team's user, with this team's ids and made-up ones, learns nothing from any action", async (ctx) => {
    let calls = 0;
    const problems: string[] = [];
    for (const action of actions) {
      for (const v of variants(action)) {
        for (const who of ['erin', 'olga']) {
          const res = await t.action(action.name, v.body, who);
          calls++;
          const where = `${action.name} (${v.label}) as ${who}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          if (res.status >= 500) problems.push(`5xx: ${where}`);
          if (v.namesA && res.body.success !== false) problems.push(`not refused: ${where}`);
          // A valid body must be refused by the door itself, not by its schema.
          if (v.label === "team A's ids" && res.body.errorCode === 'INVALID_REQUEST')
            problems.push(`invalid sample: ${where}`);
          const sent = JSON.stringify(v.body);
          const text = JSON.stringify(res.body);
          const leaked = secrets.filter((s) => !sent.includes(s) && text.includes(s));
          if (leaked.length) problems.push(`leaked ${leaked.join(', ')}: ${where}`);
        }
      }
    }
    ctx.diagnostic(`authorization matrix: ${calls} calls over ${actions.length} actions`);
    assert.deepEqual(problems, []);
  });

  test("the same calls leave team A's records as they were", async () => {
    const { rows } = await db.query<{ promotion_id: string; status: string }>(
      'select promotion_id, status from promotion_log where promotion_id = any($1::uuid[]) order by status',
      [[a.testId, a.prodId]],
    );
    assert.deepEqual(
      rows.map((r) => r.status),
      ['PENDING_PEER_REVIEW', 'TEST_DEPLOYED'],
    );
    const events = await db.query<{ n: number }>(
      "select count(*)::int as n from audit_event where actor in ('erin@acme.example', 'olga@acme.example') and promotion_id = any($1::uuid[])",
      [[a.testId, a.prodId]],
    );
    assert.equal(events.rows[0]!.n, 0);
  });

  test("team A's own members get past the door with the same generated bodies", async () => {
    // The positive control: the bodies above are valid, so the refusals came from the door.
    for (const action of actions.filter((x) => x.minTier !== 'ADMIN' && Object.keys(x.refs).length)) {
      const res = await t.action(action.name, bodyWith(action, teamA()), 'bob');
      assert.ok(
        !['ACCOUNT_NOT_AUTHORIZED', 'INVALID_REQUEST'].includes(String(res.body.errorCode)) && res.status < 500,
        `${action.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
  });

  test("a job of team A is absent for another team, whatever the id's shape", async () => {
    for (const id of [a.jobId, randomUUID(), 'not-a-job', '%00']) {
      for (const url of [`/api/jobs/${id}`, `/api/jobs/${id}/events`]) {
        const res = await getAs(t, url, 'erin');
        assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
        assert.ok(!res.body.includes('alice@acme.example'));
      }
    }
    assert.equal(
      (await getAs(t, `/api/jobs/${a.jobId}`, 'bob')).statusCode,
      200,
      'the same job is visible to its team',
    );
  });

  test('a branch or component of another promotion is refused even with a promotion the caller may see', async () => {
    const diff = await t.action(
      'generateComponentDiff',
      { promotionId: erinsPromotion, branchId: a.branchId, prodComponentId: a.prodComponentId },
      'erin',
    );
    assert.deepEqual([diff.body.errorCode, diff.body.field], ['PROMOTION_NOT_FOUND', 'branchId']);
    const byBranch = await t.action(
      'generateComponentDiff',
      { branchId: a.branchId, prodComponentId: a.prodComponentId },
      'erin',
    );
    assert.equal(byBranch.body.errorCode, 'PROMOTION_NOT_FOUND');
    const otherComponent = await t.action(
      'generateComponentDiff',
      { branchId: a.branchId, prodComponentId: randomUUID() },
      'alice',
    );
    assert.deepEqual(
      [otherComponent.body.errorCode, otherComponent.body.field],
      ['COMPONENT_NOT_FOUND', 'prodComponentId'],
    );
    const own = await t.action(
      'generateComponentDiff',
      { branchId: a.branchId, prodComponentId: a.prodComponentId },
      'bob',
    );
    assert.equal(own.body.success, true, JSON.stringify(own.body).slice(0, 300));
  });
});
