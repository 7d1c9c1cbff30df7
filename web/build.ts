import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const contractsDir = fileURLToPath(new URL('../src/contracts', import.meta.url));
const defaultDist = join(webDir, 'dist');
/** Assets of this many builds stay: a service started before a rebuild keeps finding its own. */
const KEEP_BUILDS = 3;

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : s.mtimeMs);
  }
  return newest;
}

/** The dashboard's sources changed since the last build (or it was never built). */
export function dashboardIsStale(distDir = defaultDist): boolean {
  const stamp = join(distDir, '.source-stamp');
  if (!existsSync(join(distDir, 'index.html')) || !existsSync(stamp)) return true;
  return Math.max(newestSource(webDir), newestSource(contractsDir)) > Number(readFileSync(stamp, 'utf8'));
}

/**
 * Builds the dashboard with Vite; skipped when nothing changed unless `force`. Safe to run from
 * two processes of one checkout at once (two `npm start`s): builds take turns under a lock file,
 * each builds into a folder of its own, and the result is moved in with the page last, by an
 * atomic rename. So `dist` never holds a page whose assets are missing, a killed build leaves
 * the previous dashboard as it was, and a service started earlier still finds its assets.
 */
export async function buildDashboard(
  opts: { force?: boolean; quiet?: boolean; distDir?: string } = {},
): Promise<boolean> {
  const distDir = opts.distDir ?? defaultDist;
  if (!opts.force && !dashboardIsStale(distDir)) return false;
  const release = await lock(`${distDir}.lock`);
  try {
    // Someone else may have built it while this process waited for the lock.
    if (!opts.force && !dashboardIsStale(distDir)) return false;
    removeDeadBuilds(distDir);
    const started = Math.max(newestSource(webDir), newestSource(contractsDir));
    const out = `${distDir}.build-${process.pid}`;
    const { build } = await import('vite');
    // Vite and the React plugin build for development whenever NODE_ENV says anything but
    // production (the test command sets `test`): the dashboard is always a production build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: join(webDir, 'vite.config.ts'),
        mode: 'production',
        logLevel: opts.quiet ? 'warn' : 'info',
        build: { outDir: out, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    install(out, distDir, started);
    return true;
  } finally {
    release();
  }
}

/** Moves a finished build into place: assets first, the page last, then the stamp. */
function install(out: string, distDir: string, stamp: number) {
  const assets = join(distDir, 'assets');
  mkdirSync(assets, { recursive: true });
  const built = existsSync(join(out, 'assets')) ? readdirSync(join(out, 'assets')) : [];
  for (const name of built) {
    // Asset names carry a content hash: a name that exists already holds the same bytes.
    if (!existsSync(join(assets, name))) renameSync(join(out, 'assets', name), join(assets, name));
  }
  for (const name of readdirSync(out)) {
    if (name !== 'assets' && name !== 'index.html') renameSync(join(out, name), join(distDir, name));
  }
  renameSync(join(out, 'index.html'), join(distDir, 'index.html'));
  atomicWrite(join(distDir, '.source-stamp'), String(stamp));
  pruneAssets(distDir, built);
  rmSync(out, { recursive: true, force: true });
}

/** Keeps the assets of the last few builds; older ones go. */
function pruneAssets(distDir: string, built: string[]) {
  const historyFile = join(distDir, '.builds.json');
  let history: string[][] = [];
  try {
    history = JSON.parse(readFileSync(historyFile, 'utf8')) as string[][];
  } catch {
    history = [];
  }
  history = [built, ...history].slice(0, KEEP_BUILDS);
  atomicWrite(historyFile, JSON.stringify(history));
  const kept = new Set(history.flat());
  for (const name of readdirSync(join(distDir, 'assets'))) {
    if (!kept.has(name)) rmSync(join(distDir, 'assets', name), { force: true });
  }
}

function atomicWrite(path: string, text: string) {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Build folders of processes that died mid-build (killed, crashed). */
function removeDeadBuilds(distDir: string) {
  const parent = dirname(distDir);
  const prefix = `${basename(distDir)}.build-`;
  for (const name of readdirSync(parent)) {
    const pid = Number(name.slice(prefix.length));
    if (name.startsWith(prefix) && !alive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** An exclusive lock file holding the owner's pid; a dead owner's lock is taken over. */
async function lock(path: string): Promise<() => void> {
  mkdirSync(dirname(path), { recursive: true });
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim() || NaN);
    } catch {
      continue; // released meanwhile: try again at once
    }
    if (Number.isFinite(owner) && !alive(owner)) rmSync(path, { force: true });
    else await new Promise((r) => setTimeout(r, 200));
  }
}
