import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const contractsDir = fileURLToPath(new URL('../src/contracts', import.meta.url));
const distDir = join(webDir, 'dist');
const stampFile = join(distDir, '.source-stamp');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestSource(p) : s.mtimeMs);
  }
  return newest;
}

/** The dashboard's sources changed since the last build (or it was never built). */
export function dashboardIsStale(): boolean {
  if (!existsSync(join(distDir, 'index.html')) || !existsSync(stampFile)) return true;
  const stamp = Number(readFileSync(stampFile, 'utf8'));
  return Math.max(newestSource(webDir), newestSource(contractsDir)) > stamp;
}

/** Builds web/dist with Vite; skipped when nothing changed unless `force`. */
export async function buildDashboard(opts: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  if (!opts.force && !dashboardIsStale()) return false;
  const started = Math.max(newestSource(webDir), newestSource(contractsDir));
  const { build } = await import('vite');
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: opts.quiet ? 'warn' : 'info' });
  writeFileSync(stampFile, String(started));
  return true;
}
