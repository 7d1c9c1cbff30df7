// node --test with the files in the order given: `node --test a b` sorts its files (Node 20), and
// scripts/test.mjs orders them on purpose. Run it under `--import tsx`: the file processes inherit it.
// Usage: node --import tsx scripts/test-runner.mjs <concurrency> <timeout ms> <file>...
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const [concurrency, timeout, ...files] = process.argv.slice(2);
const stream = run({ files, concurrency: Number(concurrency), timeout: Number(timeout) });
stream.on('test:fail', () => {
  process.exitCode = 1;
});
// The reporter node --test picks: spec on a terminal, TAP otherwise.
stream.compose(process.stdout.isTTY ? new spec() : tap).pipe(process.stdout);
