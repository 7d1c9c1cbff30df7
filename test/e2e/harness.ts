import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startService, type RunningService } from '../../src/main.ts';
import { buildDashboard } from '../../web/build.ts';
import type { EmulatorOptions } from '../../emulator/index.ts';
import { seedDataDir } from '../helpers/pglite-template.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** Short Boomi stage timings so a whole path runs in seconds; real polling still happens. */
export const FAST_STAGES = {
  branchCreateMs: 200,
  branchDeleteMs: 100,
  mergeDraftMs: 200,
  mergeReviewMs: 100,
  mergeExecuteMs: 200,
  releaseMs: 300,
};

// Boomi's own pace (a read every 2 to 5 s, 8 calls a second) made each promotion and deployment
// wait seconds on stages that last a few hundred milliseconds here.
const FAST_POLL = { intervalMs: 50, timeoutMs: 60_000 };
const FAST_POLLING = { branch: FAST_POLL, merge: FAST_POLL, release: FAST_POLL, async: FAST_POLL };

/** A phone held upright: 20-dashboard.md §3.9's mobile layout (below 768 px) with touch. */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

export interface Dashboard {
  service: RunningService;
  browser: Browser;
  url: string;
  /**
   * A fresh browser context (its own cookies) signed in as a demo user, e.g. `as('alice')`; on a
   * laptop screen unless `device` says otherwise (e.g. `PHONE`).
   */
  as(first: string, device?: BrowserContextOptions): Promise<Page>;
  /** A page with no session. */
  anonymous(device?: BrowserContextOptions): Promise<Page>;
  /** What the Content-Security-Policy blocked so far, on any page. */
  cspViolations(): string[];
  close(): Promise<void>;
}

/**
 * The real service in demo mode (embedded PGlite in a temporary folder, the in-process Boomi
 * emulator) on a loopback port, and headless Debian Chromium driven by playwright-core.
 */
export async function startDashboard(opts: { emulator?: EmulatorOptions } = {}): Promise<Dashboard> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: npm test installs Debian's chromium package; or set CHROMIUM_PATH`,
    );
  await buildDashboard({ quiet: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'promo-e2e-'));
  await seedDataDir(dataDir);
  // A real port up front: demo mode's Boomi client calls the emulator on the service's own port.
  const port = await freePort();
  const service = await startService(
    {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: 'silent',
      JOB_HEARTBEAT_SECONDS: '2',
      BOOMI_RATE_LIMIT: '50',
      BOOMI_MAX_CONCURRENCY: '8',
    },
    { emulator: { stageTimings: FAST_STAGES, rateLimit: 0, ...opts.emulator }, boomiPolling: FAST_POLLING },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Without these Chromium tries to reach Google's services, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const contexts: BrowserContext[] = [];
  // Every page of every test runs under the service's Content-Security-Policy; whatever the
  // policy blocks is collected here, and closing the dashboard fails when anything was.
  const cspViolations: string[] = [];
  const watch = (page: Page) =>
    page.on('console', (m) => {
      // Only the service's own pages count: a page that frames ours is told no, which is the point.
      if (!page.url().startsWith(service.url)) return;
      if (/Content Security Policy|Refused to (load|execute|apply|frame|connect)/i.test(m.text())) {
        cspViolations.push(`${page.url()}: ${m.text()}`);
      }
    });
  const newPage = async (device?: BrowserContextOptions) => {
    const context = await browser.newContext({
      baseURL: service.url,
      viewport: { width: 1366, height: 900 },
      ...device,
    });
    context.setDefaultTimeout(15_000);
    context.on('page', watch);
    contexts.push(context);
    return context.newPage();
  };
  return {
    service,
    browser,
    url: service.url,
    anonymous: newPage,
    async as(first, device) {
      const page = await newPage(device);
      await page.goto('/login');
      await page.getByRole('button', { name: `Sign in as ${first[0]!.toUpperCase()}${first.slice(1)}` }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      return page;
    },
    cspViolations: () => [...cspViolations],
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (cspViolations.length) throw new Error(`The Content-Security-Policy blocked:\n${cspViolations.join('\n')}`);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Saves a full-page screenshot under test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
