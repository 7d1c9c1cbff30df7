import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { screenshot, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { DEMO } from '../../emulator/index.ts';

// Issue 13: P10 Extension Manager and P11 copy, as a contributor (alice) and an admin (carol) use them.

interface Field {
  fieldId: string;
  label: string;
  value: string | null;
  useDefault: boolean;
  encrypted: boolean;
  encryptedValueSet: boolean;
}
interface Component {
  section: string;
  componentId: string;
  componentName: string;
  fields: Field[];
  editable: boolean;
}

const ACCOUNT = DEMO.primaryAccountId;
const TEST_ENV = DEMO.environments.test.id;
const PROD_ENV = DEMO.environments.production.id;
const p10 = (env = TEST_ENV, view = '') => `/extensions?account=${ACCOUNT}&env=${env}${view ? `&view=${view}` : ''}`;

describe('environment extensions', { timeout: 300_000 }, () => {
  let d: Dashboard;
  const call = (action: string, body: unknown, as = 'carol') => demoApi(d.url).call(action, body, as);
  const components = async (environmentId: string, as = 'carol') => {
    const answer = await call('getExtensions', { clientAccountId: ACCOUNT, environmentId }, as);
    assert.ok(Array.isArray(answer.components), JSON.stringify(answer).slice(0, 300));
    return answer.components as Component[];
  };
  /** The first component of a section with a plain field the user may edit. */
  const editable = async (section: string, as: string, environmentId = TEST_ENV) => {
    const c = (await components(environmentId, as)).find(
      (x) => x.section === section && x.editable && x.fields.some((f) => !f.encrypted),
    );
    assert.ok(c, `no editable ${section} component for ${as}`);
    return { c, f: c.fields.find((f) => !f.encrypted)! };
  };
  /** P10 with the list narrowed to one component, so its group is open whatever the fixture's size. */
  const openComponent = async (page: Page, name: string, env = TEST_ENV) => {
    await page.goto(p10(env));
    await page.getByLabel('Search').fill(name);
    await page
      .getByRole('article', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })
      .waitFor();
  };
  const valueBox = (page: Page, c: Component, f: Field) => page.getByLabel(`Value of ${f.label} (${c.componentName})`);

  before(async () => {
    d = await startDashboard();
    // Nobody may edit anything until an admin has built the environment's access cache.
    for (const environmentId of [TEST_ENV, PROD_ENV]) {
      const built = await call('syncExtensionAccess', { clientAccountId: ACCOUNT, environmentId });
      assert.ok(built.builtAt, JSON.stringify(built).slice(0, 300));
    }
  });
  after(async () => {
    await d?.close();
  });

  test('edit a process property, undo and redo it, save, and a reload shows it', async () => {
    const { c, f } = await editable('processProperties', 'carol');
    const carol = await d.as('carol');
    await openComponent(carol, c.componentName);
    const box = valueBox(carol, c, f);
    const before = await box.inputValue();
    await box.fill('e2e-batch-75');
    await carol.getByText('1 unsaved change', { exact: true }).waitFor();
    await carol.getByRole('button', { name: /Undo/ }).click();
    assert.equal(await box.inputValue(), before);
    await carol.getByText('No unsaved changes').waitFor();
    await carol.getByRole('button', { name: /Redo/ }).click();
    assert.equal(await box.inputValue(), 'e2e-batch-75');
    // The keyboard does the same: Ctrl+Z, then Ctrl+Shift+Z.
    await box.press('Control+z');
    assert.equal(await box.inputValue(), before);
    await box.press('Control+Shift+z');
    assert.equal(await box.inputValue(), 'e2e-batch-75');
    // Boomi saves a process property component whole: its secret goes with the change.
    const secret = c.fields.find((x) => x.encrypted && x.encryptedValueSet);
    if (secret) {
      const name = `${secret.label} (${c.componentName})`;
      await carol.getByText(`enter ‘${secret.label}’ again before saving`).waitFor();
      await carol.getByRole('button', { name: `Replace ${name}` }).click();
      await carol.getByLabel(`New value for ${name}`).fill('retyped-secret');
    }
    await carol.getByRole('button', { name: 'Save extensions' }).click();
    await carol.getByText(`Extensions saved. ${secret ? 2 : 1} field${secret ? 's' : ''} updated.`).waitFor();
    await carol.getByText('No unsaved changes').waitFor();
    await openComponent(carol, c.componentName);
    assert.equal(await valueBox(carol, c, f).inputValue(), 'e2e-batch-75');
    // The message closes itself after five seconds (checked here on the reloaded page: none shows).
    assert.equal(await carol.getByText('Extensions saved.').count(), 0);
  });

  test('leaving with unsaved changes asks first; Cancel stays, Discard leaves', async () => {
    const { c, f } = await editable('processProperties', 'carol');
    const carol = await d.as('carol');
    await openComponent(carol, c.componentName);
    await valueBox(carol, c, f).fill('not-saved');
    const nav = carol.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My Work' }).click();
    const dialog = carol.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await dialog.getByText('You have 1 unsaved change.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.match(carol.url(), /\/extensions\?/);
    assert.equal(await valueBox(carol, c, f).inputValue(), 'not-saved');
    // Escape is Cancel too.
    await nav.getByRole('link', { name: 'My Work' }).click();
    await dialog.waitFor();
    await carol.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await nav.getByRole('link', { name: 'My Work' }).click();
    await dialog.getByRole('button', { name: 'Discard changes' }).click();
    await carol.waitForURL(/\/my-work/);
  });

  test('an encrypted field says set or not set, and no secret reaches the page, even one being typed', async () => {
    const all = await components(TEST_ENV);
    const c = all.find((x) => x.fields.some((f) => f.encrypted))!;
    assert.ok(c, 'the fixture has an encrypted field');
    const f = c.fields.find((x) => x.encrypted)!;
    const carol = await d.as('carol');
    await openComponent(carol, c.componentName);
    const card = carol.getByRole('article', { name: new RegExp(`^${c.componentName} \\(`) });
    await card.getByText(f.encryptedValueSet ? 'set' : 'not set', { exact: true }).waitFor();
    await card.getByRole('button', { name: `Replace ${f.label} (${c.componentName})` }).click();
    await card.getByLabel(`New value for ${f.label} (${c.componentName})`).fill('typed-secret-4711');
    await card.getByText('new value entered').waitFor();
    const html = await carol.content();
    assert.ok(!html.includes('typed-secret-4711'), 'the typed secret is not in the DOM');
    assert.ok(!html.includes('stored-secret'), "the emulator's stored secret is not in the DOM");
  });

  test('a contributor sees connection fields read only, with no way to replace a secret', async () => {
    const c = (await components(TEST_ENV, 'alice')).find((x) => x.section === 'connections')!;
    assert.ok(c, 'the fixture has a connection');
    const alice = await d.as('alice');
    await openComponent(alice, c.componentName);
    const card = alice.getByRole('article', { name: new RegExp(`^${c.componentName} \\(`) });
    await card.getByText('Connection settings are changed by admins only').waitFor();
    for (const f of c.fields.filter((x) => !x.encrypted)) assert.ok(await valueBox(alice, c, f).isDisabled());
    assert.equal(await card.getByRole('button', { name: /^Replace/ }).count(), 0);
    await screenshot(alice, 'p10-contributor-connection');
  });

  test('an admin rebuilds the access cache from P10', async () => {
    const carol = await d.as('carol');
    await carol.goto(p10());
    await carol.getByRole('button', { name: 'Rebuild access cache' }).click();
    await carol.getByText(/^Rebuilt: \d+ components \(\d+ mapped, \d+ shared, \d+ unmapped\)\.$/).waitFor();
    await carol.getByText(/^Access cache built: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/).waitFor();
  });

  test('Compare Test / Production: only the differences, then every field', async () => {
    const carol = await d.as('carol');
    await carol.goto(p10());
    await carol.getByRole('tab', { name: 'Compare Test / Production' }).click();
    const table = carol.getByRole('table', { name: 'Test and Production values' });
    await table.getByRole('row').nth(1).waitFor();
    const diff = await call('diffExtensions', {
      clientAccountId: ACCOUNT,
      leftEnvironmentId: TEST_ENV,
      rightEnvironmentId: PROD_ENV,
      onlyDifferences: true,
    });
    const rows = diff.rows as unknown[];
    assert.equal(await table.locator('tbody tr').count(), rows.length);
    assert.equal(await table.getByText('Same', { exact: true }).count(), 0);
    await carol.getByLabel('Only differences').uncheck();
    const counts = diff.counts as Record<string, number>;
    const total = counts.same! + counts.different! + counts.onlyLeft! + counts.onlyRight!;
    await carol.waitForFunction(
      (n) => document.querySelectorAll('table[aria-label="Test and Production values"] tbody tr').length === n,
      total,
    );
    await screenshot(carol, 'p10-compare');
  });

  test('P11: the preview lists exactly what changes; confirming copies it and Production shows it', async () => {
    // A Test value Production does not have yet, so the copy has something to do.
    const { c, f } = await editable('properties', 'carol');
    const saved = await call('updateExtensions', {
      clientAccountId: ACCOUNT,
      environmentId: TEST_ENV,
      changes: [
        {
          section: c.section,
          componentId: c.componentId,
          fieldId: f.fieldId,
          value: 'copied-by-e2e',
          expected: { value: f.value, useDefault: f.useDefault },
        },
      ],
    });
    assert.equal(saved.updatedFieldCount, 1, JSON.stringify(saved).slice(0, 300));
    const preview = await call('copyExtensionsTestToProd', {
      clientAccountId: ACCOUNT,
      testEnvironmentId: TEST_ENV,
      prodEnvironmentId: PROD_ENV,
      preview: true,
    });
    const willCopy = (preview.items as Array<{ action: string; componentName: string; fieldId: string }>).filter(
      (i) => i.action === 'COPY',
    );
    assert.ok(willCopy.some((i) => i.fieldId === f.fieldId));

    const carol = await d.as('carol');
    await carol.goto(p10());
    await carol.getByRole('button', { name: 'Copy Test → Production' }).click();
    await carol.getByRole('heading', { name: 'Copy Extensions: Test → Production' }).waitFor();
    await carol.getByRole('heading', { name: 'What will be copied' }).waitFor();
    await carol.getByRole('heading', { name: 'What will NOT be copied' }).waitFor();
    await carol.getByRole('button', { name: /Preview:/ }).click();
    const table = carol.getByRole('table', { name: 'Copy preview' });
    const copyRows = table.getByRole('row').filter({ hasText: 'Will copy' });
    assert.equal(await copyRows.count(), willCopy.length);
    for (const i of willCopy)
      await copyRows.filter({ hasText: i.componentName }).filter({ hasText: i.fieldId }).first().waitFor();
    await screenshot(carol, 'p11-preview');
    await carol.getByRole('button', { name: 'Confirm copy' }).click();
    await carol.getByText(`Copied ${willCopy.length} field`).waitFor();
    await carol.getByRole('link', { name: 'Return to Extension Manager' }).click();
    await carol.waitForURL((u) => u.searchParams.get('env') === PROD_ENV);
    assert.equal(await carol.getByLabel('Environment').inputValue(), PROD_ENV);
    await carol.getByLabel('Search').fill(c.componentName);
    assert.equal(await valueBox(carol, c, f).inputValue(), 'copied-by-e2e');
  });

  test('P11 visited directly sends the user back to P10', async () => {
    const carol = await d.as('carol');
    await carol.goto('/extensions/copy');
    await carol.getByRole('heading', { name: 'Open the copy from the Extension Manager' }).waitFor();
    await carol.getByRole('link', { name: 'Go to the Extension Manager' }).click();
    await carol.getByRole('heading', { name: 'Extension Manager' }).waitFor();
  });

  test('a map-extension script with a syntax error: Validate names the line and column', async () => {
    const answer = await call('getExtensions', { clientAccountId: ACCOUNT, environmentId: TEST_ENV });
    const maps = answer.mapExtensions as Array<{ mapExtensionId: string; name: string }>;
    assert.ok(maps.length, 'the fixture has a map extension');
    const carol = await d.as('carol');
    await carol.goto(p10(TEST_ENV, 'maps'));
    await carol
      .getByRole('button', { name: `Scripts of ${maps[0]!.name}` })
      .first()
      .click();
    const editor = carol.getByRole('region', { name: `Scripts of ${maps[0]!.name}` });
    const box = editor.getByRole('textbox').first();
    await box.fill('var total = ;\n');
    await editor
      .getByRole('button', { name: /^Validate/ })
      .first()
      .click();
    await editor.getByText(/Line 1, column \d+/).waitFor();
    await screenshot(carol, 'p10-script-validation');
  });
});
