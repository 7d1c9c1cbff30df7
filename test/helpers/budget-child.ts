// A stand-in replica for the kill -9 test: it queues many callers on the shared budget, says
// "holding" once the first slot is granted (the rest are then reserved or queued), and waits to
// be killed.
import { DatabaseBudget } from '../../src/boomi/database-budget.ts';
import { TokenBucket } from '../../src/boomi/rate-limiter.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { openDb } from '../../src/platform/db.ts';

const [url, schema, key, rate] = process.argv.slice(2) as [string, string, string, string];
const db = await openDb({ databaseUrl: url, schema, poolSize: 2 });
const opts = { key, ratePerSecond: Number(rate), burst: 1 };
const budget = new DatabaseBudget(opts, { db, clock: systemClock, fallback: new TokenBucket(systemClock, opts) });
let said = false;
for (let i = 0; i < 40; i++)
  void budget.acquire().then(() => {
    if (!said) process.stdout.write('holding\n');
    said = true;
  });
setInterval(() => {}, 60_000);
