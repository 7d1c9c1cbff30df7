import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../src/config.ts';

// Issue 11 item 6: every environment variable is documented in one table, the README's. The
// variables are what the configuration schema declares plus every `process.env.X` and `env['X']`
// any source file reads, so a new one fails here until it is documented (and a removed one too).

const root = join(import.meta.dirname, '..');
const READS = /(?:process\.env|\benv)(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g;

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', 'data', 'test-output'].includes(name) || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

test('the README documents every environment variable in its configuration table, and nothing else', () => {
  const read = new Set<string>(CONFIG_VARIABLES);
  for (const dir of ['src', 'emulator', 'scripts', 'test', 'bench', 'bin', 'web']) {
    for (const file of sources(join(root, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(READS)) read.add((m[1] ?? m[2])!);
    }
  }
  read.delete('NODE_ENV'); // set by the test command for its children, read by no code of ours
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
  );
  const documented = new Set(
    section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)),
  );
  assert.deepEqual([...read].filter((v) => !documented.has(v)).sort(), [], 'read but not documented');
  assert.deepEqual([...documented].filter((v) => !read.has(v)).sort(), [], 'documented but read by nothing');
});
