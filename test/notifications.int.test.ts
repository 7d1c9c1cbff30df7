import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, testConfig, type TestApp } from './helpers/test-app.ts';
import type { Db } from '../src/platform/db.ts';
import { systemClock, type Clock } from '../src/platform/clock.ts';
import { createSmtpMailer } from '../src/platform/mail.ts';
import { createPgNotificationStore } from '../src/features/notifications/pg-notification-store.ts';
import {
  createNotificationService,
  type NotificationService,
} from '../src/features/notifications/notification-service.ts';
import { hotfixReviewNeeded, peerRejected, testDeployed } from '../src/features/notifications/email-templates.ts';

interface Received {
  from: string;
  rcptTo: string[];
  headers: Record<string, string>;
  subject: string;
  body: string;
}

/** A loopback SMTP server without TLS or auth that keeps what it receives. */
async function startSmtp(port = 0): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const { headers, body } = parseMessage(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          headers,
          subject: decodeWords(headers.subject ?? ''),
          body,
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  let body = raw.slice(split + 4);
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = Buffer.from(
      body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  } else if (/base64/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = Buffer.from(body, 'base64').toString('utf8');
  } else {
    body = Buffer.from(body, 'latin1').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

/** RFC 2047 encoded words (UTF-8, B or Q); whitespace between adjacent words is dropped. */
function decodeWords(s: string): string {
  return s.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** Real time, moved forward at will so backoff needs no waiting. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: systemClock.sleep,
    advance: (ms) => {
      offset += ms;
    },
  };
}

const facts = (promotionId: string) => ({ promotionId, processName: 'Order Sync', packageVersion: '1.4.2' });
const alice = { name: 'Alice', email: 'alice@acme.example' };

for (const variant of dbVariants()) {
  describe(`notifications over SMTP [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let notifications: NotificationService;
    const clock = movableClock();
    before(async () => {
      db = await variant.open();
      smtp = await startSmtp();
      const env = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` };
      const config = testConfig(env);
      notifications = createNotificationService({
        store: createPgNotificationStore(db),
        clock,
        log: { warn: () => {}, error: () => {} },
        context: { devList: config.mail.devList, adminList: config.mail.adminList, publicUrl: config.publicUrl },
        mailer: createSmtpMailer(config.mail.smtpUrl!, config.mail.from),
        // Long enough that the timer never runs during the test: every delivery here is explicit.
        intervalMs: 3_600_000,
      });
      t = await buildTestApp(db, { env, notifications, clock });
    });
    after(async () => {
      await t.app.close();
      await smtp.close();
      await dropDb(db);
    });

    const outbox = async (promotionId: string) =>
      (await t.action('listNotifications', { promotionId }, 'carol')).body.notifications as Array<
        Record<string, unknown>
      >;

    test('a queued hotfix email is delivered with its exact subject, recipients and facts', async () => {
      const promotionId = randomUUID();
      await db.transaction((tx) =>
        notifications.queue(
          tx,
          hotfixReviewNeeded({
            ...facts(promotionId),
            submitter: alice,
            submittedAt: new Date('2026-03-04T05:06:07Z'),
            componentsTotal: 3,
            justification: 'Orders fail in production',
          }),
        ),
      );
      assert.deepEqual(await notifications.deliverDue(), { sent: 1, retrying: 0, failed: 0 });
      assert.equal(smtp.received.length, 1);
      const m = smtp.received[0]!;
      assert.equal(m.subject, '⚠ EMERGENCY HOTFIX — Peer Review Needed: Order Sync v1.4.2');
      assert.match(m.headers.subject!, /^=\?UTF-8\?/i, 'the subject is MIME-encoded on the wire');
      assert.equal(m.headers.to, 'boomi-developers@acme.example, boomi-admins@acme.example');
      assert.equal(m.headers.cc, 'alice@acme.example');
      assert.deepEqual([...m.rcptTo].sort(), [
        'alice@acme.example',
        'boomi-admins@acme.example',
        'boomi-developers@acme.example',
      ]);
      assert.equal(m.from, 'promo@localhost');
      for (const s of [
        promotionId,
        'Orders fail in production',
        'Components: 3',
        '⚠ This hotfix still requires both a peer review and an admin review',
      ]) {
        assert.ok(m.body.includes(s), `body has ${s}`);
      }
      const [row] = await outbox(promotionId);
      assert.equal(row!.status, 'SENT');
      assert.equal(row!.attempts, 1);
      assert.ok(row!.sentAt);
    });

    test('SMTP down: the message stays PENDING and is retried later, then delivered exactly once', async () => {
      const promotionId = randomUUID();
      const before = smtp.received.length;
      const port = smtp.port;
      await smtp.close();
      await db.transaction((tx) =>
        notifications.queue(
          tx,
          peerRejected({
            ...facts(promotionId),
            submitter: alice,
            reviewer: { email: 'bob@acme.example' },
            reason: 'No tests',
          }),
        ),
      );
      const queuedAt = clock.now();
      assert.deepEqual(await notifications.deliverDue(), { sent: 0, retrying: 1, failed: 0 });
      const [pending] = await outbox(promotionId);
      assert.equal(pending!.status, 'PENDING');
      assert.equal(pending!.attempts, 1);
      assert.ok(Date.parse(pending!.nextAttemptAt as string) > queuedAt + 20_000, 'retried after a backoff');
      assert.ok(pending!.lastError);

      smtp = await startSmtp(port);
      // Not yet due: nothing is sent before the backoff has passed.
      assert.deepEqual(await notifications.deliverDue(), { sent: 0, retrying: 0, failed: 0 });
      clock.advance(60_000);
      const runs = await Promise.all([notifications.deliverDue(), notifications.deliverDue()]);
      assert.equal(
        runs.reduce((n, r) => n + r.sent, 0),
        1,
      );
      assert.deepEqual(await notifications.deliverDue(), { sent: 0, retrying: 0, failed: 0 });
      assert.equal(smtp.received.length, 1, `one delivery (before the outage: ${before})`);
      assert.equal(smtp.received[0]!.subject, 'Peer Review Rejected: Order Sync v1.4.2');
      assert.deepEqual(smtp.received[0]!.rcptTo, ['alice@acme.example']);
      assert.ok(smtp.received[0]!.body.includes('Reason: No tests'));
      const [sent] = await outbox(promotionId);
      assert.deepEqual([sent!.status, sent!.attempts, sent!.nextAttemptAt], ['SENT', 2, null]);
    });

    test('a queue inside a transaction that rolls back leaves no message', async () => {
      const promotionId = randomUUID();
      await assert.rejects(
        db.transaction(async (tx) => {
          await notifications.queue(
            tx,
            testDeployed({ ...facts(promotionId), submitter: alice, deployedAt: new Date(), branchName: 'promo-1' }),
          );
          throw new Error('the transition failed');
        }),
        /the transition failed/,
      );
      assert.deepEqual(await outbox(promotionId), []);
      assert.deepEqual(await notifications.deliverDue(), { sent: 0, retrying: 0, failed: 0 });
    });

    test('two replicas delivering at once send each message once', async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const before = smtp.received.length;
      await db.transaction(async (tx) => {
        for (const id of ids)
          await notifications.queue(
            tx,
            testDeployed({ ...facts(id), submitter: alice, deployedAt: new Date(), branchName: 'b' }),
          );
      });
      const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const replica = createNotificationService({
        store: createPgNotificationStore(db),
        clock,
        log: { warn: () => {}, error: () => {} },
        context: { devList: config.mail.devList, adminList: config.mail.adminList, publicUrl: config.publicUrl },
        mailer: createSmtpMailer(config.mail.smtpUrl!, config.mail.from),
        batchSize: 1,
      });
      const runs = await Promise.all([
        notifications.deliverDue(),
        replica.deliverDue(),
        replica.deliverDue(),
        notifications.deliverDue(),
        replica.deliverDue(),
      ]);
      await notifications.deliverDue();
      assert.ok(runs.reduce((n, r) => n + r.sent, 0) <= ids.length);
      assert.equal(smtp.received.length - before, ids.length);
      for (const id of ids)
        assert.equal(smtp.received.filter((m) => m.body.includes(id)).length, 1, `one copy of ${id}`);
      await replica.stop();
    });

    test('after the last allowed attempt a message is FAILED and no longer retried', async () => {
      const promotionId = randomUUID();
      const gone = await startSmtp();
      await gone.close();
      const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${gone.port}` });
      const unreachable = createNotificationService({
        store: createPgNotificationStore(db),
        clock,
        log: { warn: () => {}, error: () => {} },
        context: { devList: config.mail.devList, adminList: config.mail.adminList, publicUrl: config.publicUrl },
        mailer: createSmtpMailer(config.mail.smtpUrl!, config.mail.from),
        maxAttempts: 2,
      });
      await db.transaction((tx) =>
        unreachable.queue(
          tx,
          testDeployed({ ...facts(promotionId), submitter: alice, deployedAt: new Date(), branchName: 'b' }),
        ),
      );
      assert.deepEqual(await unreachable.deliverDue(), { sent: 0, retrying: 1, failed: 0 });
      clock.advance(3_600_000);
      assert.deepEqual(await unreachable.deliverDue(), { sent: 0, retrying: 0, failed: 1 });
      clock.advance(3_600_000);
      assert.deepEqual(await unreachable.deliverDue(), { sent: 0, retrying: 0, failed: 0 });
      const [row] = await outbox(promotionId);
      assert.deepEqual([row!.status, row!.attempts, row!.nextAttemptAt], ['FAILED', 2, null]);
      assert.match(row!.lastError as string, /ECONNREFUSED/);
      assert.deepEqual(
        (await t.action('listNotifications', { status: 'FAILED', promotionId }, 'carol')).body.totalCount,
        1,
      );
      await unreachable.stop();
    });
  });

  describe(`notifications without SMTP [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    before(async () => {
      db = await variant.open();
      t = await buildTestApp(db);
    });
    after(async () => {
      await t.app.close();
      await dropDb(db);
    });

    test('messages stay PENDING and admins see them; contributors may not', async () => {
      const promotionId = randomUUID();
      const service = createNotificationService({
        store: createPgNotificationStore(db),
        clock: systemClock,
        log: { warn: () => {}, error: () => {} },
        context: { devList: t.config.mail.devList, adminList: t.config.mail.adminList, publicUrl: t.config.publicUrl },
        mailer: undefined,
      });
      await db.transaction((tx) =>
        service.queue(
          tx,
          testDeployed({ ...facts(promotionId), submitter: alice, deployedAt: new Date(), branchName: 'promo-2' }),
        ),
      );
      assert.deepEqual(await service.deliverDue(), { sent: 0, retrying: 0, failed: 0 });

      const listed = await t.action('listNotifications', { status: 'PENDING' }, 'carol');
      assert.equal(listed.status, 200, JSON.stringify(listed.body));
      const rows = listed.body.notifications as Array<Record<string, unknown>>;
      const row = rows.find((r) => r.promotionId === promotionId);
      assert.ok(row, 'the pending message is listed');
      assert.equal(row.subject, 'Test Deployed: Order Sync v1.4.2');
      assert.deepEqual(
        [row.status, row.attempts, row.to, row.cc, row.kind],
        ['PENDING', 0, ['alice@acme.example'], [], 'TEST_DEPLOYED'],
      );
      assert.ok((row.body as string).includes('promo-2 (kept for the production review)'));
      assert.equal((await t.action('listNotifications', { status: 'SENT' }, 'carol')).body.totalCount, 0);

      const denied = await t.action('listNotifications', {}, 'alice');
      assert.deepEqual([denied.status, denied.body.errorCode], [403, 'INSUFFICIENT_TIER']);
      const bad = await t.action('listNotifications', { status: 'LOST' }, 'carol');
      assert.deepEqual([bad.status, bad.body.errorCode], [400, 'INVALID_REQUEST']);
    });
  });
}
