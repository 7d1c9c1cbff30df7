import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Issue 11 item 16: a second `npm start` (or `promo build`) in the same checkout never serves, or
// leaves, a half-built dashboard. Builds go to a scratch folder here, not to web/dist, which the
// browser tests serve meanwhile.

const root = join(import.meta.dirname, '..');
const parent = mkdtempSync(join(tmpdir(), 'promo-build-'));
const dist = join(parent, 'dist');
after(() => rmSync(parent, { recursive: true, force: true }));

const build = () => spawn(process.execPath, ['bin/promo.mjs', 'build', '--out', dist], { cwd: root, stdio: 'ignore' });
const exited = (child: ReturnType<typeof build>) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

/** What a server reading the folder now would find wrong: no page, or a page whose assets are missing. */
function problems(): string[] {
  if (!existsSync(join(dist, 'index.html'))) return ['no index.html'];
  let page: string;
  try {
    page = readFileSync(join(dist, 'index.html'), 'utf8');
  } catch (e) {
    return [`index.html unreadable: ${(e as Error).message}`];
  }
  const refs = [...page.matchAll(/\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  if (!refs.length) return ['index.html names no assets'];
  return refs.filter((r) => !existsSync(join(dist, 'assets', r))).map((r) => `missing ${r}`);
}

test('builds racing each other, and a build killed half-way, never leave a half-built dashboard', async () => {
  assert.equal(await exited(build()), 0, 'the first build');
  assert.deepEqual(problems(), []);
  const firstAssets = readdirSync(join(dist, 'assets'));

  const seen = new Set<string>();
  const watch = setInterval(() => problems().forEach((p) => seen.add(p)), 5);
  try {
    const [a, b] = [build(), build()];
    assert.deepEqual(await Promise.all([exited(a), exited(b)]), [0, 0], 'both builds finish, one after the other');

    const killed = build();
    // Up to 40 s: on a loaded two-core machine the bundler takes a while to write its first file.
    for (let i = 0; i < 1600 && !readdirSync(parent).some((n) => n.startsWith('dist.build-')); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(
      readdirSync(parent).some((n) => n.startsWith('dist.build-')),
      'the build had started writing',
    );
    killed.kill('SIGKILL');
    await exited(killed);
    assert.deepEqual(problems(), [], 'the dashboard it was replacing is intact');

    assert.equal(await exited(build()), 0, 'the next build takes over the dead build lock');
  } finally {
    clearInterval(watch);
  }
  assert.deepEqual([...seen], [], 'a reader never saw a page without its assets');
  assert.deepEqual(
    readdirSync(parent).filter((n) => n !== 'dist'),
    [],
    'no lock or build folder is left behind',
  );
  for (const name of firstAssets) assert.ok(existsSync(join(dist, 'assets', name)), `${name} is still served`);
});
