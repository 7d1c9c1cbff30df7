#!/usr/bin/env node
// `npm test`: lint, type-check, then every test file under node's test runner.
// Store and integration tests run against embedded PGlite and against the PostgreSQL server
// named by TEST_DATABASE_URL (default: the machine's server on 127.0.0.1:5432, database `test`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const quick = args.includes('--quick');

function run(cmd, cmdArgs, env = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'data' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(p.slice(root.length));
  }
  return out;
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1500 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

async function ensurePostgres(url) {
  const u = new URL(url);
  const port = Number(u.port || 5432);
  if (await reachable(u.hostname, port)) return true;
  // The CI machine runs PostgreSQL as a service; start it if it stopped.
  spawnSync('sh', ['-c', 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'], {
    stdio: 'inherit',
  });
  for (let i = 0; i < 20; i++) {
    if (await reachable(u.hostname, port)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgUp = await ensurePostgres(pgUrl);
if (!pgUp && process.env.CI) {
  console.error(`PostgreSQL is not reachable at ${pgUrl}; CI needs it.`);
  process.exit(1);
}
if (!pgUp) console.warn(`PostgreSQL not reachable at ${pgUrl}: PostgreSQL variants of the tests are skipped.`);

// Browser tests drive Debian's Chromium; install it when missing (CI machines start without it).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log('Installing Chromium for the browser tests (apt-get install chromium)...');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const r = spawnSync(
    'sh',
    [
      '-c',
      `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq chromium >/dev/null`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(chromium)) {
    console.error(
      `Chromium could not be installed at ${chromium}; the browser tests need it (set CHROMIUM_PATH to use another).`,
    );
    process.exit(1);
  }
}

// The script-validation tests run the real Groovy compiler; install Debian's groovy (2.4, the line Boomi
// runs) when no Groovy is found where the validator looks (GROOVY_JARS, ~/.m2, Debian's jars).
const m2 = join(homedir(), '.m2', 'repository');
const groovyFound =
  process.env.GROOVY_JARS ||
  ['org/codehaus/groovy/groovy', 'org/codehaus/groovy/groovy-all', 'org/apache/groovy/groovy'].some((d) =>
    existsSync(join(m2, d)),
  ) ||
  ['/usr/share/java/groovy-all.jar', '/usr/share/groovy/lib/groovy.jar'].some((f) => existsSync(f));
if (!groovyFound) {
  console.log('Installing Groovy for the script-validation tests (apt-get install groovy)...');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const r = spawnSync(
    'sh',
    [
      '-c',
      `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq groovy >/dev/null`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync('/usr/share/java/groovy-all.jar')) {
    console.error('Groovy could not be installed; the script-validation tests need it (or set GROOVY_JARS).');
    process.exit(1);
  }
}

// The browser tests serve the built dashboard; build it once here rather than in each test file.
run(process.execPath, ['bin/promo.mjs', 'build']);
// Every PGlite database of the tests starts as a copy of one migrated database, made here once.
run(process.execPath, [
  '--import',
  'tsx',
  '-e',
  "await (await import('./test/helpers/pglite-template.ts')).pgliteTemplate()",
]);

if (!quick && only.length === 0) {
  // Lint: ESLint (with STYLE.md's import rules), no import cycles, one formatter, line width.
  run('npx', ['--no-install', 'eslint', '.']);
  run('npx', ['--no-install', 'depcruise', 'src', 'web', 'emulator', '--config', '.dependency-cruiser.cjs']);
  run('npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.']);
  run(process.execPath, ['scripts/check-line-width.mjs', '--verbose']);
  run('npx', ['--no-install', 'tsc', '--noEmit']);
}

// Files start in the order given (scripts/test-runner.mjs), the longest first, so the last minutes
// are not one browser file running alone: browser files, then integration files, then the rest;
// within a kind the larger file (more steps) first.
const weight = (f) => (f.includes('/e2e/') ? 2 : f.endsWith('.int.test.ts') ? 1 : 0);
const longestFirst = (a, b) =>
  weight(b) - weight(a) || statSync(join(root, b)).size - statSync(join(root, a)).size || a.localeCompare(b);
const files = only.length
  ? only
  : [
      ...findTests(join(root, 'src')),
      ...findTests(join(root, 'emulator')),
      ...findTests(join(root, 'web')),
      ...findTests(join(root, 'test')),
    ].sort(longestFirst);
// Three files at a time on two cores: the browser tests mostly wait on the service and Chromium
// (measured: the whole suite 14m05s at two, 11m50s at three, every test passing).
run(process.execPath, ['--import', 'tsx', 'scripts/test-runner.mjs', '3', '600000', ...files], {
  TEST_DATABASE_URL: pgUp ? pgUrl : '',
  NODE_ENV: 'test',
});
