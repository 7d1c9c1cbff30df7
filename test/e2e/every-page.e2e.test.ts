import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { PHONE, startDashboard, type Dashboard } from './harness.ts';
import { demoApi } from './demo-api.ts';
import { LONG_PROCESS, LONG_TEST_PACK, longNamedPackages } from './long-names.ts';
import { DEMO } from '../../emulator/index.ts';

type User = 'alice' | 'carol';

/** What the pages are shown with: ids of records set up once through the API. */
interface Ids {
  longPackageId: string;
  tested: string;
  completed: string;
  approval: string;
  hotfix: string;
  /** A deployed production release with a rollback of it waiting for approval. */
  released: string;
  rollback: string;
}

/**
 * One entry per page (web/app/routes.tsx), each with who visits it and what shows it has loaded.
 * A new page is one more entry here: it is then checked at 390 px and in the console walk.
 */
interface Route {
  name: string;
  path(ids: Ids): string;
  who: User[];
  ready(page: Page, who: User): Promise<unknown>;
}

const heading = (name: string | RegExp) => (page: Page) => page.getByRole('heading', { name }).first().waitFor();
/** Text on screen: a queue holds both its table and its cards, and shows one of them. */
const shown = (page: Page, text: string) => page.getByText(text).filter({ visible: true }).first().waitFor();

const ROUTES: Route[] = [
  {
    name: 'P1 Package Browser',
    path: () => '/packages',
    who: ['alice', 'carol'],
    async ready(page, who) {
      if (who === 'carol') await page.getByLabel('Select Dev Account').selectOption({ label: 'Dev Team A' });
      await page.getByText('Packages in dev account ‘Dev Team A’ (id acme-DEVA)').waitFor();
      await shown(page, LONG_PROCESS);
    },
  },
  {
    name: 'P2 Promotion Review with its warnings (Invoice Sync: a connection without a mapping)',
    path: () => `/accounts/acme-DEVA/packages/${DEMO.packages.invoiceSync.packageId}/review`,
    who: ['alice', 'carol'],
    ready: (page) => page.getByRole('region', { name: /1 connection without a mapping/ }).waitFor(),
  },
  {
    name: 'P2 Promotion Review of a long-named process',
    path: (ids) => `/accounts/acme-DEVA/packages/${ids.longPackageId}/review`,
    who: ['alice'],
    ready: (page) => page.getByRole('button', { name: 'Promote to Primary Account' }).waitFor(),
  },
  {
    name: 'P3 Promotion Status',
    path: (ids) => `/promotions/${ids.tested}`,
    who: ['alice', 'carol'],
    ready: (page) => page.getByRole('heading', { name: 'Runtime' }).waitFor(),
  },
  {
    name: 'P4 Deploy to Test, with a long suggested pack',
    path: (ids) => `/promotions/${ids.completed}/deploy?mode=test`,
    who: ['alice'],
    ready: (page) => page.getByText(`Suggested: Last used for '${LONG_PROCESS}'`).waitFor(),
  },
  {
    name: 'P4 Emergency Hotfix',
    path: (ids) => `/promotions/${ids.completed}/deploy?mode=hotfix`,
    who: ['alice'],
    ready: (page) => page.getByLabel('Integration Pack').waitFor(),
  },
  {
    name: 'P4 Production from test',
    path: (ids) => `/test-deployments/${ids.tested}/promote`,
    who: ['alice'],
    ready: (page) => page.getByLabel('Integration Pack').waitFor(),
  },
  {
    name: 'P9 Production Readiness',
    path: () => '/production-readiness',
    who: ['alice', 'carol'],
    ready: (page) => shown(page, LONG_TEST_PACK),
  },
  {
    name: 'My Work (the team scope, with long process names)',
    path: () => '/my-work?scope=team',
    who: ['alice', 'carol'],
    ready: (page) => shown(page, LONG_PROCESS),
  },
  {
    name: 'P5 Peer Review Queue',
    path: () => '/reviews/peer',
    who: ['alice', 'carol'],
    async ready(page, who) {
      // alice submitted everything waiting, so her queue is empty; carol sees the hotfix.
      if (who === 'alice') await page.getByText('No pending peer reviews').waitFor();
      else await shown(page, 'Order Processing Main');
    },
  },
  {
    name: 'P6 Peer Review Detail',
    path: (ids) => `/reviews/peer/${ids.hotfix}`,
    who: ['alice', 'carol'],
    ready: heading('Peer Review Detail'),
  },
  {
    name: 'P7 Admin Approval Queue',
    path: () => '/admin/approvals',
    who: ['carol'],
    ready: (page) => shown(page, LONG_PROCESS),
  },
  {
    name: 'P7 with a request open',
    path: (ids) => `/admin/approvals?selected=${ids.approval}`,
    who: ['carol'],
    ready: (page) => page.getByLabel('Admin Comments').waitFor(),
  },
  {
    name: 'P3 of a production release, with its rollback',
    path: (ids) => `/promotions/${ids.released}`,
    who: ['carol'],
    ready: (page) =>
      page
        .getByRole('region', { name: 'Release' })
        .getByRole('link', { name: /Rollback to/ })
        .waitFor(),
  },
  {
    name: 'Rollback waiting for approval',
    path: (ids) => `/rollbacks/${ids.rollback}`,
    who: ['carol'],
    ready: (page) => page.getByRole('table', { name: 'Rollback steps' }).waitFor(),
  },
  {
    name: 'Release history',
    path: (ids) => `/releases?promotionId=${ids.released}`,
    who: ['carol'],
    ready: (page) => page.getByRole('table', { name: 'Releases' }).waitFor(),
  },
  {
    name: 'P8 Mapping Viewer',
    path: () => '/admin/mappings',
    who: ['carol'],
    ready: (page) => page.getByRole('table').first().waitFor(),
  },
  {
    name: 'P10 Extension Manager (the primary account, Test)',
    path: () => `/extensions?account=${DEMO.primaryAccountId}`,
    who: ['alice', 'carol'],
    ready: (page) => page.getByText(/\d+ components? in \d+ groups?/).waitFor(),
  },
  {
    name: 'P10 Compare Test / Production',
    path: () => `/extensions?account=${DEMO.primaryAccountId}&view=compare`,
    who: ['alice', 'carol'],
    ready: (page) => page.getByText(/\d+ different/).waitFor(),
  },
  {
    name: 'P10 Map extensions',
    path: () => `/extensions?account=${DEMO.primaryAccountId}&view=maps`,
    who: ['carol'],
    ready: (page) =>
      page
        .getByRole('heading', { name: 'Map extensions' })
        .or(page.getByText('This environment has no map extensions.'))
        .first()
        .waitFor(),
  },
  {
    name: 'P11 Copy, visited directly: sent back to P10',
    path: () => '/extensions/copy',
    who: ['carol'],
    ready: heading('Open the copy from the Extension Manager'),
  },
  {
    name: 'Client Accounts',
    path: () => '/admin/client-accounts',
    who: ['carol'],
    ready: (page) => shown(page, 'acme-PRIMARY'),
  },
  {
    name: 'Approval Policy',
    path: () => '/admin/approval-policy',
    who: ['carol'],
    ready: (page) => page.getByRole('table', { name: 'Approval rules per path' }).waitFor(),
  },
  {
    name: 'Freeze Windows',
    path: () => '/admin/freeze-windows',
    who: ['carol'],
    ready: heading('Freeze Windows'),
  },
  {
    name: 'Policy Rules',
    path: () => '/admin/policy-rules',
    who: ['carol'],
    ready: (page) => page.getByRole('table', { name: 'Policy rules' }).waitFor(),
  },
  {
    name: 'Notifications',
    path: () => '/admin/notifications',
    who: ['carol'],
    ready: heading('Notifications'),
  },
  {
    name: 'Webhooks',
    path: () => '/admin/webhooks',
    who: ['carol'],
    ready: heading('Webhooks'),
  },
  {
    name: 'Audit Trail',
    path: () => '/admin/audit',
    who: ['carol'],
    ready: (page) => page.getByRole('table', { name: 'Audit events' }).waitFor(),
  },
  {
    name: 'Delivery Metrics',
    path: () => '/delivery-metrics',
    who: ['alice', 'carol'],
    ready: heading('Delivery Metrics'),
  },
  {
    name: 'Not found',
    path: () => '/no-such-page',
    who: ['alice'],
    ready: heading(/not found/i),
  },
];

/**
 * Sideways scrolling on a phone: the page's own, and that of a full-screen layer (P7's detail, a
 * dialog) that would scroll inside itself. Tables left as tables scroll inside their frame. A
 * phone's browser zooms out to show a page wider than the screen, so the window's width is checked
 * too: 390 px, not the width of what overflowed.
 */
async function sidewaysScroll(page: Page, screenWidth: number): Promise<string[]> {
  return page.evaluate((screenWidth) => {
    const found: string[] = [];
    const root = document.documentElement;
    if (window.innerWidth !== screenWidth)
      found.push(`zoomed out to a ${window.innerWidth}px window on a ${screenWidth}px screen`);
    if (root.scrollWidth > window.innerWidth)
      found.push(`the page is ${root.scrollWidth}px wide in a ${window.innerWidth}px window`);
    for (const el of Array.from(document.querySelectorAll('.phone-overlay, .modal')))
      if (el.scrollWidth > el.clientWidth + 1) found.push(`.${el.className} is ${el.scrollWidth}px wide`);
    return found;
  }, screenWidth);
}

/** Errors the browser console shows, uncaught exceptions, and requests that failed (which log there). */
function watchConsole(page: Page, errors: string[]) {
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${page.url()})`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message} (${page.url()})`));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    // A read the page no longer waits for is aborted on purpose (the user moved on).
    if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) errors.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
  });
}

describe('every page, on a phone and on a laptop', { timeout: 600_000 }, () => {
  let d: Dashboard;
  const ids = {} as Ids;
  before(async () => {
    d = await startDashboard();
    const { fixture, packages } = longNamedPackages(3);
    d.service.emulator!.addFixture(fixture);
    const [first, second, third] = packages as [(typeof packages)[0], (typeof packages)[0], (typeof packages)[0]];
    const api = demoApi(d.url);
    ids.longPackageId = first.packageId;
    // P9, P3 and P4 (production from test): a test deployment in a long-named test pack.
    ids.tested = await api.promote(first);
    await api.deployToTest(ids.tested, { newPackName: LONG_TEST_PACK });
    // P4 (test, hotfix): another package of that process, for which that pack is the suggestion.
    ids.completed = await api.promote(second);
    // P7: an emergency hotfix of a third one, peer-approved; P5 and P6: one waiting for a peer.
    ids.approval = await api.submitHotfix(await api.promote(third));
    await api.peerApprove(ids.approval);
    ids.hotfix = await api.submitHotfix(await api.promote(DEMO.packages.orderProcessingMain));
    // The rollback pages: two releases of team B's process, the second asked to be rolled back.
    const teamB = { author: 'erin', peer: 'carol', admin: 'dan' };
    await api.hotfixToProduction(DEMO.packages.shipmentTracker, '1.0.1', teamB);
    ids.released = await api.hotfixToProduction(DEMO.packages.shipmentTracker, '1.0.2', teamB);
    const asked = await api.call('rollbackRelease', { promotionId: ids.released, reason: 'Tracking stopped' }, 'erin');
    ids.rollback = (asked.rollback as { rollbackId: string }).rollbackId;
  });
  after(async () => {
    await d?.close();
  });

  /** Sign-in page, sign in, every page of the user's, sign out: what the console and the layout show. */
  async function walk(who: User, device: BrowserContextOptions | undefined, errors: string[], overflow: string[]) {
    const page = await d.anonymous(device);
    watchConsole(page, errors);
    const fits = async (where: string) => {
      if (!device?.viewport) return;
      for (const problem of await sidewaysScroll(page, device.viewport.width)) overflow.push(`${where}: ${problem}`);
    };
    await page.goto('/login');
    await page.getByRole('button', { name: `Sign in as ${who === 'alice' ? 'Alice' : 'Carol'}` }).waitFor();
    await fits('sign-in');
    await page.getByRole('button', { name: `Sign in as ${who === 'alice' ? 'Alice' : 'Carol'}` }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const route of ROUTES.filter((r) => r.who.includes(who))) {
      await page.goto(route.path(ids));
      await route.ready(page, who);
      await fits(`${route.name} (${who})`);
    }
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  }

  test('at 390 x 844 no page scrolls sideways, with long names and several warnings', async () => {
    const errors: string[] = [];
    const overflow: string[] = [];
    await walk('alice', PHONE, errors, overflow);
    await walk('carol', PHONE, errors, overflow);
    assert.deepEqual(overflow, []);
    assert.deepEqual(errors, [], 'nothing in the console on a phone');
  });

  test('from the sign-in page to sign-out, nothing reaches the console', async () => {
    const errors: string[] = [];
    await walk('alice', undefined, errors, []);
    await walk('carol', undefined, errors, []);
    assert.deepEqual(errors, []);
  });
});
