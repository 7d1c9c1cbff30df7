import { openDb } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createPgAuditLog } from '../src/features/audit/pg-audit-log.ts';
import { createPgAuditTrailStore } from '../src/features/audit/pg-audit-trail-store.ts';
import { createAuditTrailService } from '../src/features/audit/audit-trail-service.ts';

const url = process.argv[2] === 'pg' ? 'postgres://postgres@127.0.0.1:5432/test' : undefined;
const schema = `bench_audit_${Date.now()}`;
const db = await openDb({ databaseUrl: url, schema: url ? schema : undefined, poolSize: 10 });
await migrate(db);
const audit = createPgAuditLog(db);
async function record(n: number, concurrency: number) {
  let next = 0;
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const s = performance.now();
        await db.transaction(async (tx) => {
          await audit.record(tx, { actor: 'bench@acme.example', action: 'BENCH', details: { n: next, s: 'x'.repeat(50) } });
        });
        lat.push(performance.now() - s);
      }
    }),
  );
  lat.sort((a, b) => a - b);
  const total = performance.now() - t0;
  return `${n} tx x${concurrency}: ${(n / (total / 1000)).toFixed(0)} tx/s, p50 ${lat[Math.floor(n * 0.5)]!.toFixed(2)} ms, p99 ${lat[Math.floor(n * 0.99)]!.toFixed(2)} ms`;
}
if (url) {
  console.log('chained   ', await record(500, 1));
  console.log('chained   ', await record(2000, 8));
  await db.exec('alter table audit_event disable trigger audit_event_chain');
  console.log('unchained ', await record(500, 1));
  console.log('unchained ', await record(2000, 8));
  await db.exec('alter table audit_event enable trigger audit_event_chain');
  // drop unchained rows so the chain verifies
  await db.exec(`alter table audit_event disable trigger audit_event_no_update; delete from audit_event where chain_seq is null; alter table audit_event enable trigger audit_event_no_update`);
}
// Fill to 100k events in batches of 1000 per transaction (each sealed at its commit).
const t1 = performance.now();
const have = Number((await db.query<{ n: string }>('select count(*) n from audit_event')).rows[0]!.n);
for (let done = have; done < 100_000; done += 1000) {
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into audit_event (actor, action, promotion_id, from_status, to_status, details)
       select 'user' || (g % 20) || '@acme.example', 'BULK', gen_random_uuid(), 'A', 'B', jsonb_build_object('n', g, 'note', 'some text here')
       from generate_series(1, $1) g`,
      [Math.min(1000, 100_000 - done)],
    );
  });
}
console.log(`filled to 100k in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
const service = createAuditTrailService({ store: createPgAuditTrailStore(db), clock: systemClock });
for (let i = 0; i < 3; i++) {
  const s = performance.now();
  const v = await service.verify();
  console.log(`verify: ok=${v.ok} checked=${v.checked} in ${(performance.now() - s).toFixed(0)} ms`);
}
if (url) await db.exec(`drop schema "${schema}" cascade`);
await db.close();
