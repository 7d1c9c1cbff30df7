#!/usr/bin/env node
// Prettier folds code to 120 columns but cannot fold a long string or URL. This keeps such
// leftovers rare: at most 0.5% of the source lines may pass 120 characters (docs/adr/0007).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const WIDTH = 120;
const MAX_SHARE = 0.005;
const SOURCE = /\.(ts|tsx|js|mjs|css|sql|html)$/;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
  .split('\n')
  .filter((f) => SOURCE.test(f));
let total = 0;
const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    total++;
    if (line.length > WIDTH) long.push(`${file}:${i + 1} (${line.length})`);
  });
}
const share = total ? long.length / total : 0;
const summary = `${long.length} of ${total} source lines are over ${WIDTH} characters (${(share * 100).toFixed(2)}%, at most ${MAX_SHARE * 100}%)`;
if (share > MAX_SHARE) {
  console.error(`${summary}:\n${long.map((l) => `  ${l}`).join('\n')}`);
  process.exit(1);
}
if (process.argv.includes('--verbose')) console.log(summary);
