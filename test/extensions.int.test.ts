import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { freshDb, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { addDemoClientAccount } from './helpers/client-accounts.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';

// Issue 13: environment extensions and client accounts against the emulator, as the dashboard
// and a pipeline call them.

const PRIMARY = 'acme-PRIMARY';
const CLIENT = DEMO.clientAccount;
const ORDERS_API = '08538b46-944d-5fa4-b23a-aa06298edf6e';
const SETTINGS = '6cbedf3d-d4e0-519d-9447-0f6b907f29db';
const BATCH = '6a3d4201-243e-54cd-a1fb-d6105d8cf853';
const SECRETS = ['stored-secret', 'test-api-key'];

type Component = {
  section: string;
  componentId: string;
  componentName: string;
  editable: boolean;
  readOnlyReason: string | null;
  isShared: boolean;
  fields: Array<{ fieldId: string; value: string | null; encrypted: boolean; encryptedValueSet: boolean }>;
};

describe('environment extensions and client accounts', () => {
  let db: Db;
  let t: TestApp;
  let testEnv: string;
  let prodEnv: string;

  const extensions = async (environmentId: string, as = 'alice', clientAccountId = PRIMARY) => {
    const r = await t.action('getExtensions', { clientAccountId, environmentId }, as);
    assert.equal(r.body.success, true, JSON.stringify(r.body));
    return r.body as { components: Component[]; counts: Record<string, number>; accessCacheBuiltAt: string | null };
  };
  const find = (cs: Component[], id: string) => cs.find((c) => c.componentId === id)!;
  const save = (changes: unknown[], as: string) =>
    t.action('updateExtensions', { clientAccountId: PRIMARY, environmentId: testEnv, changes }, as);

  before(async () => {
    db = await freshDb();
    t = await buildTestApp(db, { emulator: true });
    const accounts = await t.action('listClientAccounts', {});
    const primary = (
      accounts.body.clientAccounts as Array<{
        environments: Array<{ environmentId: string; role: string; environmentName: string }>;
      }>
    )[0]!;
    testEnv = primary.environments.find((e) => e.role === 'TEST' && e.environmentName === 'Test')!.environmentId;
    prodEnv = primary.environments.find((e) => e.role === 'PROD' && e.environmentName === 'Production')!.environmentId;
    // Team A's dev process property is mapped to the production one (as a promotion would).
    const seeded = await t.action(
      'manageMappings',
      {
        operation: 'create',
        mapping: {
          devComponentId: 'dev-order-settings',
          devAccountId: 'acme-DEVA',
          prodComponentId: SETTINGS,
          componentName: 'Order Processing Settings',
          componentType: 'processproperty',
        },
      },
      'carol',
    );
    assert.equal(seeded.body.success, true, JSON.stringify(seeded.body));
  });
  after(async () => {
    await t?.app.close();
    await dropDb(db);
  });

  test('before the access cache is built, nothing is editable (fail closed)', async () => {
    const ext = await extensions(testEnv, 'carol');
    assert.equal(ext.accessCacheBuiltAt, null);
    const settings = find(ext.components, SETTINGS);
    assert.equal(settings.editable, false);
    assert.match(settings.readOnlyReason!, /access cache/);
    const r = await save(
      [{ section: 'processProperties', componentId: SETTINGS, fieldId: BATCH, value: '75' }],
      'carol',
    );
    assert.equal(r.body.errorCode, 'EXTENSION_NOT_FOUND', JSON.stringify(r.body));
  });

  test('an admin rebuilds the cache; a contributor may not', async () => {
    const refused = await t.action(
      'syncExtensionAccess',
      { clientAccountId: PRIMARY, environmentId: testEnv },
      'alice',
    );
    assert.equal(refused.status, 403);
    const built = await t.action('syncExtensionAccess', { clientAccountId: PRIMARY, environmentId: testEnv }, 'carol');
    assert.equal(built.body.success, true, JSON.stringify(built.body));
    assert.ok((built.body.componentCount as number) >= 7);
    assert.ok((built.body.sharedCount as number) >= 1, 'connections mapped from both dev accounts are shared');
  });

  test('encrypted values never leave: not in getExtensions, diff or the copy preview', async () => {
    const texts = [
      JSON.stringify(await extensions(testEnv, 'carol')),
      JSON.stringify(
        (
          await t.action(
            'diffExtensions',
            { clientAccountId: PRIMARY, leftEnvironmentId: testEnv, rightEnvironmentId: prodEnv },
            'carol',
          )
        ).body,
      ),
      JSON.stringify(
        (
          await t.action(
            'copyExtensionsTestToProd',
            { clientAccountId: PRIMARY, testEnvironmentId: testEnv, prodEnvironmentId: prodEnv, preview: true },
            'carol',
          )
        ).body,
      ),
    ];
    for (const text of texts)
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `a response holds ${secret}`);
    const pw = find((await extensions(testEnv, 'carol')).components, ORDERS_API).fields.find(
      (f) => f.fieldId === 'password',
    )!;
    assert.deepEqual([pw.value, pw.encrypted, pw.encryptedValueSet], [null, true, true]);
  });

  test('team scoping: team A edits its process property, team B may not, connections are admin-only', async () => {
    const change = { section: 'processProperties', componentId: SETTINGS, fieldId: BATCH, value: '75' };
    const erin = await save([change], 'erin');
    assert.equal(erin.body.errorCode, 'UNAUTHORIZED_EXTENSION_EDIT', JSON.stringify(erin.body));
    const conn = await save(
      [{ section: 'connections', componentId: ORDERS_API, fieldId: 'url', value: 'https://x' }],
      'alice',
    );
    assert.equal(conn.body.errorCode, 'CONNECTION_EDIT_ADMIN_ONLY');
    const alice = await save([{ ...change, expected: { value: '50', useDefault: false } }], 'alice');
    assert.equal(alice.body.success, true, JSON.stringify(alice.body));
    assert.equal(alice.body.updatedFieldCount, 1);
    const settings = find((await extensions(testEnv)).components, SETTINGS);
    assert.equal(settings.fields.find((f) => f.fieldId === BATCH)!.value, '75');
    assert.equal(settings.editable, true);
    assert.equal(find((await extensions(testEnv, 'erin')).components, SETTINGS).editable, false);
  });

  test('a partial update changes one field and leaves every other section as it was', async () => {
    const before = await extensions(testEnv, 'carol');
    const r = await save(
      [
        {
          section: 'connections',
          componentId: ORDERS_API,
          fieldId: 'url',
          value: 'https://orders-api.test.acme.example/v3',
          expected: { value: 'https://orders-api.test.acme.example/v2', useDefault: false },
        },
      ],
      'carol',
    );
    assert.equal(r.body.success, true, JSON.stringify(r.body));
    assert.equal(r.body.updatedFieldCount, 1);
    const after = await extensions(testEnv, 'carol');
    const changed = (cs: Component[]) =>
      JSON.stringify(
        cs.map((c) =>
          c.componentId === ORDERS_API ? { ...c, fields: c.fields.filter((f) => f.fieldId !== 'url') } : c,
        ),
      );
    assert.equal(changed(after.components), changed(before.components));
    assert.equal(
      find(after.components, ORDERS_API).fields.find((f) => f.fieldId === 'url')!.value,
      'https://orders-api.test.acme.example/v3',
    );
    // The same save again, from the old screen: someone changed it in between.
    const stale = await save(
      [
        {
          section: 'connections',
          componentId: ORDERS_API,
          fieldId: 'url',
          value: 'https://other',
          expected: { value: 'https://orders-api.test.acme.example/v2', useDefault: false },
        },
      ],
      'dan',
    );
    assert.equal(stale.body.errorCode, 'EXTENSION_CONFLICT');
  });

  test('two admins saving different fields at once both land', async () => {
    const one = (as: string, fieldId: string, value: string) =>
      save([{ section: 'connections', componentId: ORDERS_API, fieldId, value }], as);
    const [a, b] = await Promise.all([
      one('carol', 'user', 'svc-orders-2'),
      one('dan', 'url', 'https://orders-api.test.acme.example/v4'),
    ]);
    assert.equal(a.body.success, true, JSON.stringify(a.body));
    assert.equal(b.body.success, true, JSON.stringify(b.body));
    const fields = find((await extensions(testEnv, 'carol')).components, ORDERS_API).fields;
    assert.equal(fields.find((f) => f.fieldId === 'user')!.value, 'svc-orders-2');
    assert.equal(fields.find((f) => f.fieldId === 'url')!.value, 'https://orders-api.test.acme.example/v4');
  });

  test('bad input is refused whole, naming the component and field, nothing written', async () => {
    const before = JSON.stringify(await extensions(testEnv, 'carol'));
    const r = await save(
      [
        { section: 'connections', componentId: ORDERS_API, fieldId: 'user', value: 'fine' },
        { section: 'connections', componentId: 'made-up', fieldId: 'url', value: 'x' },
      ],
      'carol',
    );
    assert.equal(r.body.errorCode, 'EXTENSION_NOT_FOUND');
    assert.match(String(r.body.errorMessage), /made-up/);
    const wrongType = await save(
      [{ section: 'connections', componentId: ORDERS_API, fieldId: 'user', value: 42 }],
      'carol',
    );
    assert.equal(wrongType.status, 400);
    const tooLong = await save(
      [{ section: 'connections', componentId: ORDERS_API, fieldId: 'user', value: 'x'.repeat(5000) }],
      'carol',
    );
    assert.equal(tooLong.status, 400);
    const noEnv = await t.action('getExtensions', { clientAccountId: PRIMARY, environmentId: 'made-up-env' }, 'carol');
    assert.equal(noEnv.body.errorCode, 'EXTENSION_NOT_FOUND');
    assert.equal(JSON.stringify(await extensions(testEnv, 'carol')), before);
  });

  test('Test -> Production copy: the preview is what the copy does; connections and secrets stay', async () => {
    const body = { clientAccountId: PRIMARY, testEnvironmentId: testEnv, prodEnvironmentId: prodEnv };
    const refused = await t.action('copyExtensionsTestToProd', { ...body, preview: true }, 'alice');
    assert.equal(refused.status, 403);
    const preview = await t.action('copyExtensionsTestToProd', { ...body, preview: true }, 'carol');
    assert.equal(preview.body.success, true, JSON.stringify(preview.body));
    assert.equal(preview.body.applied, false);
    type Item = { section: string; componentId: string; fieldId: string; action: string; testValue: string | null };
    const items = preview.body.items as Item[];
    assert.ok(items.filter((i) => i.section === 'connections').every((i) => i.action === 'EXCLUDED'));
    const toCopy = items.filter((i) => i.action === 'COPY');
    assert.ok(toCopy.length > 0);
    const prodBefore = await extensions(prodEnv, 'carol');
    const copy = await t.action('copyExtensionsTestToProd', body, 'carol');
    assert.equal(copy.body.applied, true);
    assert.equal(copy.body.fieldsCopied, toCopy.length);
    const prodAfter = await extensions(prodEnv, 'carol');
    for (const i of toCopy) {
      const f = find(prodAfter.components, i.componentId)?.fields.find((x) => x.fieldId === i.fieldId);
      if (i.section !== 'crossReferences') assert.equal(f?.value ?? null, i.testValue, `${i.componentId}/${i.fieldId}`);
    }
    assert.deepEqual(find(prodAfter.components, ORDERS_API), find(prodBefore.components, ORDERS_API));
    const again = await t.action('copyExtensionsTestToProd', { ...body, preview: true }, 'carol');
    assert.equal(again.body.fieldsCopied, 0, 'a second preview has nothing left to copy');
  });

  test('client accounts: admin adds one for team A; alice sees it, erin does not', async () => {
    await addDemoClientAccount(t);
    const wrongEnv = await t.action(
      'manageClientAccounts',
      {
        operation: 'upsert',
        clientAccountId: CLIENT.accountId,
        clientAccountName: 'x',
        testEnvironmentId: testEnv,
        prodEnvironmentId: CLIENT.environments.production.id,
        teams: [],
      },
      'carol',
    );
    assert.equal(wrongEnv.status, 400);
    const ids = async (as: string) =>
      ((await t.action('listClientAccounts', {}, as)).body.clientAccounts as Array<{ clientAccountId: string }>).map(
        (a) => a.clientAccountId,
      );
    assert.deepEqual(await ids('alice'), [PRIMARY, CLIENT.accountId]);
    assert.deepEqual(await ids('erin'), [PRIMARY]);
    const erin = await t.action(
      'getExtensions',
      { clientAccountId: CLIENT.accountId, environmentId: CLIENT.environments.test.id },
      'erin',
    );
    assert.equal(erin.body.errorCode, 'CLIENT_ACCOUNT_NOT_FOUND');
    const alice = await extensions(CLIENT.environments.test.id, 'alice', CLIENT.accountId);
    assert.ok(alice.components.length > 0);
    const off = await t.action(
      'manageClientAccounts',
      { operation: 'deactivate', clientAccountId: CLIENT.accountId },
      'carol',
    );
    assert.equal(off.body.success, true);
    assert.deepEqual(await ids('alice'), [PRIMARY]);
    await t.action('manageClientAccounts', { operation: 'reactivate', clientAccountId: CLIENT.accountId }, 'carol');
  });

  test('map extension: read, change a script, and a stale fingerprint is a conflict', async () => {
    const m = DEMO.mapExtensions.test;
    const read = await t.action(
      'getMapExtension',
      { clientAccountId: PRIMARY, environmentId: testEnv, mapExtensionId: m.id },
      'carol',
    );
    assert.equal(read.body.success, true, JSON.stringify(read.body));
    const scripts = read.body.scripts as Array<{ functionKey: string; language: string; script: string }>;
    assert.ok(scripts.length > 0);
    const s = scripts[0]!;
    const bad = await t.action(
      'updateMapExtension',
      {
        clientAccountId: PRIMARY,
        environmentId: testEnv,
        mapExtensionId: m.id,
        fingerprint: read.body.fingerprint,
        scripts: [{ functionKey: s.functionKey, script: s.language === 'JAVASCRIPT' ? 'var x = ;' : 'def x = ' }],
      },
      'carol',
    );
    assert.equal(bad.body.errorCode, 'SCRIPT_INVALID', JSON.stringify(bad.body));
    const good = s.language === 'JAVASCRIPT' ? `${s.script}\nvar promoEdited = 1;` : `${s.script}\ndef promoEdited = 1`;
    const saved = await t.action(
      'updateMapExtension',
      {
        clientAccountId: PRIMARY,
        environmentId: testEnv,
        mapExtensionId: m.id,
        fingerprint: read.body.fingerprint,
        scripts: [{ functionKey: s.functionKey, script: good }],
      },
      'carol',
    );
    assert.equal(saved.body.success, true, JSON.stringify(saved.body));
    assert.equal((saved.body.scripts as typeof scripts)[0]!.script, good);
    const stale = await t.action(
      'updateMapExtension',
      {
        clientAccountId: PRIMARY,
        environmentId: testEnv,
        mapExtensionId: m.id,
        fingerprint: read.body.fingerprint,
        scripts: [{ functionKey: s.functionKey, script: s.script }],
      },
      'dan',
    );
    assert.equal(stale.body.errorCode, 'MAP_EXTENSION_CONFLICT');
    const contributor = await t.action(
      'updateMapExtension',
      {
        clientAccountId: PRIMARY,
        environmentId: testEnv,
        mapExtensionId: m.id,
        fingerprint: 'x',
        scripts: [{ functionKey: 'a', script: 'x' }],
      },
      'alice',
    );
    assert.equal(contributor.status, 403);
  });

  test('Boomi refusing the update: its message is surfaced and nothing is recorded as changed', async () => {
    const events = async () =>
      (await db.query("select 1 from audit_event where action = 'EXTENSIONS_UPDATED'")).rows.length;
    const before = await events();
    t.emulator!.control.addFault({
      operation: 'EnvironmentExtensions.update',
      status: 400,
      message: 'Field value rejected by the atom',
      times: 1,
    });
    const r = await save(
      [{ section: 'connections', componentId: ORDERS_API, fieldId: 'user', value: 'refused' }],
      'carol',
    );
    assert.equal(r.body.success, false);
    assert.match(String(r.body.errorMessage), /Field value rejected by the atom/);
    assert.equal(await events(), before);
    const user = find((await extensions(testEnv, 'carol')).components, ORDERS_API).fields.find(
      (f) => f.fieldId === 'user',
    );
    assert.notEqual(user!.value, 'refused');
  });

  test('validateScript: Groovy is compiled under the security policy, never run', async () => {
    const r = await t.action('validateScript', {
      language: 'groovy',
      scriptContent: 'def p = Runtime.getRuntime().exec("ls")',
    });
    if (r.body.errorCode === 'GROOVY_VALIDATOR_UNAVAILABLE' && !process.env.CI) return;
    assert.equal(r.body.errorCode, 'GROOVY_SECURITY_VIOLATION', JSON.stringify(r.body));
    assert.equal((r.body.errors as Array<{ type: string }>)[0]!.type, 'SECURITY');
    const ok = await t.action('validateScript', {
      language: 'GROOVY',
      scriptContent: 'def total = 1 + 2\nreturn total',
    });
    assert.equal(ok.body.isValid, true, JSON.stringify(ok.body));
  });

  test('validateScript: JavaScript errors with line and column; oversize and unknown language', async () => {
    const js = await t.action('validateScript', { language: 'javascript', scriptContent: 'var a = 1;\nvar b = ;' });
    assert.equal(js.body.isValid, false);
    assert.equal(js.body.errorCode, 'JAVASCRIPT_SYNTAX_ERROR');
    assert.equal((js.body.errors as Array<{ line: number }>)[0]!.line, 2);
    const big = await t.action('validateScript', {
      language: 'JAVASCRIPT',
      scriptContent: `var a = '${'x'.repeat(10_300)}';`,
    });
    assert.equal(big.body.errorCode, 'SCRIPT_TOO_LARGE');
    const lang = await t.action('validateScript', { language: 'python', scriptContent: 'x = 1' });
    assert.equal(lang.body.errorCode, 'INVALID_LANGUAGE');
  });

  test('every change is audited without secret values', async () => {
    const replaced = await save(
      [{ section: 'connections', componentId: ORDERS_API, fieldId: 'password', value: 'brand-new-secret' }],
      'carol',
    );
    assert.equal(replaced.body.success, true, JSON.stringify(replaced.body));
    const { rows } = await db.query<{ action: string; details: unknown }>(
      "select action, details from audit_event where action like 'EXTENSION%' or action like 'MAP_EXTENSION%' or action like 'CLIENT_ACCOUNT%'",
    );
    const actions = new Set(rows.map((r) => r.action));
    for (const a of [
      'EXTENSIONS_UPDATED',
      'EXTENSIONS_COPIED',
      'EXTENSION_ACCESS_SYNCED',
      'MAP_EXTENSION_UPDATED',
      'CLIENT_ACCOUNT_ADDED',
    ]) {
      assert.ok(actions.has(a), `no ${a} event`);
    }
    const text = JSON.stringify(rows);
    assert.ok(!text.includes('brand-new-secret'));
    assert.match(text, /\(replaced\)/);
  });
});
