import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbVariants, dropDb, schemaOf } from './helpers/test-db.ts';
import { buildTestApp, demoAuth, type TestApp } from './helpers/test-app.ts';
import { openDb, type Db } from '../src/platform/db.ts';
import { migrate } from '../src/platform/migrate.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createPgAuditLog } from '../src/features/audit/pg-audit-log.ts';
import { createPgAuditTrailStore } from '../src/features/audit/pg-audit-trail-store.ts';
import { createAuditTrailService } from '../src/features/audit/audit-trail-service.ts';

const MIGRATIONS = new URL('../migrations/', import.meta.url).pathname;

// Issue 16 item 5: every audit event is hash-chained; the chain verifies, names the first event
// that was changed or deleted behind the service's back, and exports with its hashes.

interface Verification {
  ok: boolean;
  checked: number;
  head: { chainSeq: number; eventId: number; hash: string } | null;
  firstFailure: { reason: string; eventId: number | null; message: string } | null;
}

// Details that a naive canonical form would not re-read identically from jsonb: key order,
// number spellings, unicode, nesting, escapes.
const tricky = (i: number) => ({
  z: i,
  a: { y: [1.5, 0.1, 1e21, -0, 2 ** 53 + 1], x: 'naïve ☃ "quoted" \\ back\nline' },
  ['é' + i]: null,
  big: 2 ** 64,
  empty: {},
});

for (const variant of dbVariants()) {
  describe(`tamper-evident audit trail [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    const audit = () => createPgAuditLog(db);

    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db);
    });
    after(async () => {
      await t?.app.close();
      await dropDb(db);
    });

    const verify = async () => {
      const res = await t.action('verifyAuditTrail', {}, 'carol');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      return res.body as unknown as Verification;
    };
    const count = async () => Number((await db.query<{ n: string }>('select count(*) n from audit_event')).rows[0]!.n);

    test('the database renders the hashed content the same on every engine', async () => {
      const { rows } = await db.query<{ c: string }>(
        `select audit_event_canonical(7, 42, '2026-03-01 10:11:12.123456+02', 'a@x.example', 'X', null, null, 'B',
           '{"b": 1.50, "a": [1e3, "é\\n"], "c": {"z": 1, "y": 2}}'::jsonb) c`,
      );
      assert.equal(
        rows[0]!.c,
        '[7, 42, "2026-03-01T08:11:12.123456Z", "a@x.example", "X", null, null, "B", ' +
          '{"a": [1000, "é\\n"], "b": 1.50, "c": {"y": 2, "z": 1}}]',
      );
    });

    test('events recorded by many concurrent transactions form one gap-free chain that verifies', async () => {
      const before = await count();
      const promotionId = randomUUID();
      // On the server, a second pool on the same schema plays a second replica.
      const url = process.env.TEST_DATABASE_URL;
      const replica =
        variant.name === 'postgres' && url ? await openDb({ databaseUrl: url, schema: schemaOf(db) }) : db;
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? replica : db).transaction(async (tx) => {
            for (let k = 0; k < 1 + (i % 3); k++)
              await audit().record(tx, {
                actor: `user${i % 4}@acme.example`,
                action: 'CHAIN_TEST',
                promotionId,
                fromStatus: 'A',
                toStatus: 'B',
                details: tricky(i * 10 + k),
              });
            // Rolled-back events take no place on the chain.
            if (i % 7 === 3) throw new Error('rolled back');
          }),
        ),
      );
      if (replica !== db) await replica.close();
      const rolledBack = results.filter((r) => r.status === 'rejected').length;
      assert.equal(rolledBack, 6);
      const expected = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? 0 : 1 + (i % 3))).reduce((a, b) => a + b);
      const total = await count();
      assert.equal(total - before, expected);
      const { rows } = await db.query<{ chain_seq: string; unsealed: string }>(
        'select max(chain_seq) chain_seq, count(*) filter (where hash is null) unsealed from audit_event',
      );
      assert.equal(Number(rows[0]!.chain_seq), total, 'positions 1..n without gaps');
      assert.equal(Number(rows[0]!.unsealed), 0);

      const v = await verify();
      assert.equal(v.ok, true, JSON.stringify(v.firstFailure));
      assert.equal(v.checked, total);
      assert.equal(v.head?.chainSeq, total);
    });

    test('an event is still append-only: no update, no delete, no forged seal', async () => {
      await assert.rejects(db.query("update audit_event set actor = 'x' where chain_seq = 1"), /append-only/);
      await assert.rejects(db.query("update audit_event set hash = 'x' where chain_seq = 1"), /append-only/);
      await assert.rejects(db.query('delete from audit_event where chain_seq = 1'), /append-only/);
      // Only the chain trigger seals an event: one inserted with a seal of its own fails at commit.
      await assert.rejects(
        db.query(
          "insert into audit_event (actor, action, chain_seq, prev_hash, hash) values ('x', 'X', 999, 'a', 'b')",
        ),
        /append-only/,
      );
    });

    test('listAuditEvents filters and pages newest first; admins only', async () => {
      const first = await t.action(
        'listAuditEvents',
        { action: 'CHAIN_TEST', actor: 'USER1@acme.example', limit: 5 },
        'carol',
      );
      assert.equal(first.body.success, true, JSON.stringify(first.body));
      const events = first.body.events as Array<{ chainSeq: number; actor: string; occurredAt: string; hash: string }>;
      assert.equal(events.length, 5);
      assert.ok(events.every((e) => e.actor === 'user1@acme.example' && /^[0-9a-f]{64}$/.test(e.hash)));
      assert.match(events[0]!.occurredAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      assert.ok(events[0]!.chainSeq > events[4]!.chainSeq);
      const next = await t.action(
        'listAuditEvents',
        { action: 'CHAIN_TEST', actor: 'user1@acme.example', limit: 200, beforeSeq: first.body.nextBeforeSeq },
        'carol',
      );
      const rest = next.body.events as Array<{ chainSeq: number }>;
      assert.ok(rest.length > 0 && rest.every((e) => e.chainSeq < events[4]!.chainSeq));
      assert.equal(next.body.nextBeforeSeq, null);
      const refused = await t.action('listAuditEvents', {}, 'alice');
      assert.equal(refused.body.errorCode, 'INSUFFICIENT_TIER');
      const bad = await t.action('listAuditEvents', { from: 'yesterday' }, 'carol');
      assert.equal(bad.body.errorCode, 'INVALID_REQUEST');
    });

    test('exportAuditTrail streams CSV and JSON lines with the filters and the hash columns', async () => {
      const promotionId = randomUUID();
      await db.transaction(async (tx) => {
        await audit().record(tx, { actor: '=cmd|calc', action: 'EXPORT_TEST', promotionId, details: { n: 1 } });
        await audit().record(tx, { actor: 'dan@acme.example', action: 'EXPORT_TEST', details: { n: 2 } });
      });
      const get = (query: string, as = 'carol') =>
        t.inject({ method: 'GET', url: `/api/audit/export?${query}`, headers: { authorization: demoAuth(as) } });

      const csv = await get(`format=csv&promotionId=${promotionId}`);
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      assert.match(String(csv.headers['content-disposition']), /attachment; filename="audit-trail-.*\.csv"/);
      const lines = csv.body.trimEnd().split('\r\n');
      assert.equal(
        lines[0],
        'chainSeq,id,occurredAt,actor,action,promotionId,fromStatus,toStatus,details,prevHash,hash',
      );
      assert.equal(lines.length, 2);
      const cells = lines[1]!.split(',');
      assert.equal(cells[3], "'=cmd|calc", 'a formula is defused');
      assert.equal(cells[5], promotionId);
      assert.match(cells.at(-1)!, /^[0-9a-f]{64}$/);

      const jsonl = await get('format=jsonl&action=EXPORT_TEST&actor=DAN@acme.example');
      assert.match(String(jsonl.headers['content-type']), /^application\/x-ndjson/);
      const rows = jsonl.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { actor: string; details: unknown; hash: string; prevHash: string });
      assert.deepEqual(
        rows.map((r) => [r.actor, r.details]),
        [['dan@acme.example', { n: 2 }]],
      );

      // The chain order is the export's order; a period filter keeps what falls inside it.
      const all = await get('format=jsonl&action=EXPORT_TEST');
      const both = all.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { hash: string; prevHash: string; occurredAt: string });
      assert.equal(both.length, 2);
      assert.equal(both[1]!.prevHash, both[0]!.hash);
      const later = new Date(Date.parse(both[0]!.occurredAt) + 60_000).toISOString();
      assert.equal((await get(`format=jsonl&action=EXPORT_TEST&from=${later}`)).body, '');
      assert.equal((await get(`format=jsonl&action=EXPORT_TEST&to=${later}`)).body.trim().split('\n').length, 2);

      assert.equal((await get('format=csv', 'alice')).statusCode, 403);
      assert.equal((await t.inject({ method: 'GET', url: '/api/audit/export' })).statusCode, 401);
      const bad = await get('format=xml');
      assert.equal(bad.statusCode, 400);
      assert.match(String(bad.json().errorMessage), /^query\.format/);
    });

    test('an event changed directly in the database is named; so is a deleted one', async () => {
      const { rows } = await db.query<{ id: string; chain_seq: string; details: Record<string, unknown> }>(
        "select id, chain_seq, details from audit_event where action = 'CHAIN_TEST' order by chain_seq limit 1",
      );
      const a = { id: Number(rows[0]!.id), seq: Number(rows[0]!.chain_seq) };
      const next = await db.query<{ id: string; details: Record<string, unknown> }>(
        'select id, details from audit_event where chain_seq = $1',
        [a.seq + 1],
      );
      const b = { id: Number(next.rows[0]!.id), details: next.rows[0]!.details };
      // As the database superuser would: switch the guard off, change the row, switch it back on.
      const tamper = (sql: string, params: unknown[]) =>
        db.transaction(async (tx) => {
          await tx.query('alter table audit_event disable trigger audit_event_no_update');
          await tx.query(sql, params);
          await tx.query('alter table audit_event enable trigger audit_event_no_update');
        });
      await tamper(`update audit_event set details = details || '{"z": 999}' where id = $1`, [b.id]);
      let v = await verify();
      assert.equal(v.ok, false);
      assert.equal(v.firstFailure?.reason, 'CONTENT_CHANGED');
      assert.equal(v.firstFailure?.eventId, b.id);
      assert.equal(v.checked, a.seq);

      // Put back as the service read it (through JSON in JavaScript), it verifies again: what is
      // hashed survives the round trip through jsonb.
      await tamper('update audit_event set details = $2::jsonb where id = $1', [b.id, JSON.stringify(b.details)]);
      assert.equal((await verify()).ok, true);

      await tamper('delete from audit_event where id = $1', [a.id]);
      v = await verify();
      assert.equal(v.firstFailure?.reason, 'MISSING');
      assert.equal(v.firstFailure?.eventId, b.id);
      assert.match(v.firstFailure!.message, new RegExp(`position ${a.seq} is missing`));
    });
  });
}

// Events recorded before migration 0022 are chained by it. Run on one engine: the PostgreSQL
// server when there is one (a fresh schema is cheap), else an in-memory PGlite.
describe('migration 0022 chains the events recorded before it', () => {
  test('old events get positions in id order and verify; new ones continue the chain', async () => {
    const url = process.env.TEST_DATABASE_URL || undefined;
    const schema = `t_chain_${randomUUID().slice(0, 8)}`;
    const db = await openDb({ databaseUrl: url, schema: url ? schema : undefined, poolSize: 2 });
    try {
      const upTo21 = mkdtempSync(join(tmpdir(), 'promo-migrations-'));
      for (const f of readdirSync(MIGRATIONS).filter((f) => f < '0022'))
        copyFileSync(join(MIGRATIONS, f), join(upTo21, f));
      await migrate(db, upTo21);
      rmSync(upTo21, { recursive: true, force: true });
      for (let i = 0; i < 30; i++)
        await db.query('insert into audit_event (actor, action, details) values ($1, $2, $3)', [
          `old${i}@acme.example`,
          'OLD_EVENT',
          JSON.stringify(tricky(i)),
        ]);
      assert.ok((await migrate(db)).includes('0022_chain_audit_events.sql'));
      await db.transaction((tx) => createPgAuditLog(db).record(tx, { actor: 'new@acme.example', action: 'NEW_EVENT' }));

      const { rows } = await db.query<{ id: string; chain_seq: string }>(
        'select id, chain_seq from audit_event order by id',
      );
      assert.deepEqual(
        rows.map((r) => Number(r.chain_seq)),
        rows.map((_, i) => i + 1),
      );
      const service = createAuditTrailService({ store: createPgAuditTrailStore(db), clock: systemClock, batchSize: 7 });
      const v = await service.verify();
      assert.equal(v.ok, true, JSON.stringify(v.firstFailure));
      assert.equal(v.checked, 31);
    } finally {
      if (url) await db.exec(`drop schema if exists "${schema}" cascade`);
      await db.close();
    }
  });
});
