import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants } from './helpers/test-db.ts';
import type { TestApp } from './helpers/test-app.ts';
import { takeToMain } from './helpers/production-shortcut.ts';
import { SECRETS, count, emulatorSuite, promote, secretsFixture, treeOf } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import { createBoomiClient } from '../src/boomi/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 16 item 1: policy rules run at the end of every promotion and again before a production
// submission; a BLOCK finding stops the submission, naming the rule.

const CREDENTIALS = 'boomi.connector.credentials-typed-in';

interface Finding {
  devComponentId: string;
  componentName: string;
  ruleId: string;
  severity: string;
  elementPath: string;
}
interface Check {
  blockCount: number;
  warnCount: number;
  carriedForward: number;
  componentsChecked: number;
  stale: boolean;
  findings: Finding[];
}

for (const variant of dbVariants()) {
  describe(`policy checks [${variant.name}]`, () => {
    const s = {} as { db: Db; t: TestApp };
    emulatorSuite(variant, {}, (ready) => {
      Object.assign(s, ready);
    });
    // Each test starts from the default rules and nothing remembered.
    beforeEach(() => s.db.exec('delete from policy_rule; delete from policy_component_check'));
    const rule = (body: Record<string, unknown>, as = 'carol') => s.t.action('setPolicyRule', body, as);
    const findings = async (promotionId: string) => {
      const r = await s.t.action('getPolicyFindings', { promotionId }, 'alice');
      assert.equal(r.body.success, true, JSON.stringify(r.body));
      return r.body.check as Check;
    };
    const hotfix = (promotionId: string) =>
      s.t.action(
        'submitForPeerReview',
        {
          promotionId,
          isHotfix: true,
          hotfixJustification: 'Orders are failing in production',
          packageVersion: '1.0.1',
          existingPackId: DEMO.packs.orders.id,
          targetEnvironments: [{ environmentId: DEMO.environments.production.id }],
        },
        'alice',
      );

    test('an XPath that cannot run is refused when saved; only admins change rules; defaults keep their check', async () => {
      const listed = await s.t.action('listPolicyRules', {}, 'bob');
      const ids = (listed.body.rules as Array<{ ruleId: string }>).map((r) => r.ruleId);
      assert.ok(ids.includes(CREDENTIALS) && ids.includes('boomi.process.description'), ids.join(', '));
      const custom = { ruleId: 'acme.bad', title: 'Bad', message: 'Bad rule' };
      for (const [xpath, why] of [
        ['//shape[', /does not parse/],
        ['//shape[frobnicate(@x)]', /unknown function frobnicate/],
        ['count(//shape)', /select nodes/],
      ] as const) {
        const r = await rule({ ...custom, xpath });
        assert.deepEqual([r.status, r.body.errorCode, r.body.field], [400, 'INVALID_REQUEST', 'xpath'], xpath);
        assert.match(String(r.body.errorMessage), why);
      }
      assert.equal(await count(s.db, "select * from policy_rule where rule_id = 'acme.bad'"), 0);
      const builtIn = await rule({ ruleId: CREDENTIALS, xpath: '//x' });
      assert.equal(builtIn.body.errorCode, 'INVALID_REQUEST');
      const notAdmin = await rule({ ruleId: CREDENTIALS, enabled: false }, 'bob');
      assert.equal(notAdmin.body.errorCode, 'INSUFFICIENT_TIER');
      const unknown = await rule({ ruleId: 'acme.unknown', enabled: false });
      assert.equal(unknown.body.errorCode, 'POLICY_RULE_NOT_FOUND');
    });

    test('a BLOCK finding stops a production submission naming the rule; re-graded or disabled, it passes', async () => {
      const { t, db } = s;
      t.emulator!.control.addFixture(secretsFixture());
      const pkg = { packageId: SECRETS.packageId, componentId: SECRETS.rootId };
      const promoted = await promote(t, pkg, 'alice', await treeOf(t, SECRETS.rootId));
      assert.equal(promoted.body.status, 'COMPLETED', JSON.stringify(promoted.body));
      const id = promoted.body.promotionId as string;

      const check = await findings(id);
      const credentials = check.findings.filter((f) => f.ruleId === CREDENTIALS);
      assert.ok(credentials.every((f) => f.severity === 'BLOCK' && f.devComponentId === SECRETS.operationId));
      const paths = credentials.map((f) => f.elementPath);
      assert.ok(
        paths.some((p) => p.endsWith('/AuthOverride/@password')),
        paths.join(', '),
      );
      assert.ok(
        paths.some((p) => p.endsWith('/HttpSendAction/@url')),
        paths.join(', '),
      );
      assert.ok(
        check.findings.some((f) => f.ruleId === 'boomi.process.description' && f.severity === 'WARN'),
        'the process without a description is a warning',
      );
      const text = JSON.stringify(check);
      for (const secret of SECRETS.values.filter((v) => v.length >= 8)) assert.ok(!text.includes(secret), secret);
      assert.equal(
        await count(db, "select * from audit_event where action = 'POLICY_CHECK_FAILED' and promotion_id = $1", [id]),
        1,
      );

      const refused = await hotfix(id);
      assert.equal(refused.body.errorCode, 'POLICY_CHECK_FAILED', JSON.stringify(refused.body));
      assert.match(String(refused.body.errorMessage), new RegExp(CREDENTIALS.replace(/\./g, '\\.')));

      // Re-graded to WARN it no longer blocks; a rule added after the promotion is checked at submission.
      assert.equal((await rule({ ruleId: CREDENTIALS, severity: 'WARN' })).body.success, true);
      const added = await rule({
        ruleId: 'acme.no-post',
        title: 'No POST operations',
        message: 'POST operations need a review by the API team',
        severity: 'BLOCK',
        componentTypes: ['connector-action'],
        xpath: "//HttpSendAction[@methodType = 'POST']",
      });
      assert.equal(added.body.success, true, JSON.stringify(added.body));
      assert.equal((await findings(id)).stale, true);
      const again = await hotfix(id);
      assert.equal(again.body.errorCode, 'POLICY_CHECK_FAILED', JSON.stringify(again.body));
      assert.match(String(again.body.errorMessage), /acme\.no-post/);
      assert.doesNotMatch(String(again.body.errorMessage), /credentials-typed-in/);
      const rechecked = await findings(id);
      assert.equal(rechecked.stale, false);
      assert.ok(rechecked.findings.some((f) => f.ruleId === 'acme.no-post' && f.severity === 'BLOCK'));

      assert.equal((await rule({ ruleId: 'acme.no-post', enabled: false })).body.success, true);
      const passed = await hotfix(id);
      assert.equal(passed.body.success, true, JSON.stringify(passed.body));
      assert.equal(
        await count(db, "select * from audit_event where action = 'POLICY_RULE_SET' and actor like 'carol@%'"),
        3,
      );
    });

    test('a production request from a test deployment is checked too; its record shows the test promotion’s check', async () => {
      const { t } = s;
      t.emulator!.control.addFixture(secretsFixture());
      const pkg = { packageId: SECRETS.packageId, componentId: SECRETS.rootId };
      const testId = (await promote(t, pkg, 'alice', await treeOf(t, SECRETS.rootId))).body.promotionId as string;
      const tested = await t.action(
        'packageAndDeploy',
        {
          promotionId: testId,
          deploymentTarget: 'TEST',
          packageVersion: '1.0.0-test',
          existingPackId: DEMO.packs.ordersTest.id,
        },
        'alice',
      );
      assert.equal(tested.body.status, 'TEST_DEPLOYED', JSON.stringify(tested.body));
      const request = { promotionId: testId, packageVersion: '1.0.0', existingPackId: DEMO.packs.orders.id };
      const refused = await t.action('submitForPeerReview', request, 'alice');
      assert.equal(refused.body.errorCode, 'POLICY_CHECK_FAILED', JSON.stringify(refused.body));
      assert.equal(await count(s.db, 'select * from promotion_log where test_promotion_id = $1', [testId]), 0);

      assert.equal((await rule({ ruleId: CREDENTIALS, enabled: false })).body.success, true);
      const submitted = await t.action('submitForPeerReview', request, 'alice');
      assert.equal(submitted.body.success, true, JSON.stringify(submitted.body));
      const production = await t.action('getPolicyFindings', { promotionId: submitted.body.promotionId }, 'bob');
      const check = production.body.check as Check & { checkedPromotionId: string };
      assert.equal(check.checkedPromotionId, testId);
      assert.equal(check.blockCount, 0);
      assert.ok(
        check.findings.every((f) => f.ruleId !== CREDENTIALS),
        'a disabled rule shows nothing',
      );
    });

    test('components a re-promotion does not read carry their findings forward', async () => {
      const { t } = s;
      const pkg = DEMO.packages.orderProcessingMain;
      const first = await promote(t, pkg);
      assert.equal(first.body.status, 'COMPLETED', JSON.stringify(first.body));
      const before = await findings(first.body.promotionId as string);
      assert.equal(before.carriedForward, 0);
      await takeToMain(
        s.db,
        createBoomiClient({ ...t.config.boomi, rateLimitPerSecond: 50 }),
        first.body.promotionId as string,
      );
      const reads = () => t.emulator!.control.counters()['Component.bulk'] ?? 0;
      const tree = await treeOf(t, pkg.componentId);
      const readsBefore = reads();
      const second = await promote(t, pkg, 'alice', tree);
      assert.equal(second.body.status, 'COMPLETED', JSON.stringify(second.body));
      assert.equal(reads(), readsBefore, 'nothing read: every component unchanged, its findings carried forward');
      const after = await findings(second.body.promotionId as string);
      assert.equal(after.carriedForward, before.componentsChecked);
      const key = (f: Finding) => `${f.devComponentId} ${f.ruleId} ${f.elementPath}`;
      assert.deepEqual(after.findings.map(key), before.findings.map(key));
    });
  });
}
