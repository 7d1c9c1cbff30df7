import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dbVariants, dropDb } from './helpers/test-db.ts';
import { buildTestApp, type TestApp } from './helpers/test-app.ts';
import { SlackMessage, TeamsMessage } from './helpers/chat-shapes.ts';
import { Receiver, docSnippet, type Verify } from './helpers/webhook-receiver.ts';
import { promote, until } from './helpers/promotion-helpers.ts';
import { DEMO } from '../emulator/index.ts';
import type { Db } from '../src/platform/db.ts';
import { createPgWebhookStore } from '../src/features/integrations/pg-webhook-store.ts';

// Issue 16 item 3: webhook deliveries reach real HTTP receivers, signed as docs/webhooks.md says
// (its verification snippet is run as written), survive a receiver outage, and end FAILED with
// the last error when the retries are spent; Slack and Teams get their documented shapes.

interface DeliveryView {
  deliveryId: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  replayOf: string | null;
}

for (const variant of dbVariants()) {
  describe(`webhooks [${variant.name}]`, () => {
    let db: Db;
    let t: TestApp;
    let verify: Verify;
    const receivers: Receiver[] = [];
    const receiver = async () => {
      const r = await new Receiver().open();
      receivers.push(r);
      return r;
    };

    before(async () => {
      db = await variant.open();
      // Retries in tens of milliseconds: the test waits on outcomes, not on production's backoff.
      t = await buildTestApp(db, {
        emulator: true,
        webhookDelivery: { intervalMs: 40, baseBackoffMs: 50, maxBackoffMs: 150, maxAttempts: 6, timeoutMs: 2000 },
      });
      verify = await docSnippet();
    });
    after(async () => {
      await t?.app.close();
      for (const r of receivers) await r.close();
      await dropDb(db);
    });
    beforeEach(() => db.exec('delete from webhook'));

    const set = (body: Record<string, unknown>, as = 'carol') => t.action('setWebhook', body, as);
    const create = async (body: Record<string, unknown>) => {
      const res = await set({ name: 'Receiver', events: ['TRANSITIONS'], ...body });
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      return { webhookId: (res.body.webhook as { webhookId: string }).webhookId, secret: res.body.secret as string };
    };
    const deliveries = async (webhookId: string) => {
      const res = await t.action('listWebhookDeliveries', { webhookId }, 'carol');
      assert.equal(res.body.success, true, JSON.stringify(res.body));
      return res.body.deliveries as DeliveryView[];
    };
    const deliveryOf = async (webhookId: string, deliveryId: string) =>
      (await deliveries(webhookId)).find((d) => d.deliveryId === deliveryId);

    test('admins register endpoints; the secret is shown once and never again; bad URLs are refused', async () => {
      const r = await receiver();
      const denied = await set({ name: 'x', url: r.url, events: ['DRIFT'] }, 'alice');
      assert.deepEqual([denied.status, denied.body.errorCode], [403, 'INSUFFICIENT_TIER']);

      const { webhookId, secret } = await create({ url: r.url, format: 'SLACK' });
      assert.match(secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      const renamed = await set({
        webhookId,
        name: 'Renamed',
        url: r.url,
        format: 'SLACK',
        events: ['DRIFT', 'POLICY'],
      });
      assert.equal(renamed.body.success, true, JSON.stringify(renamed.body));
      assert.equal('secret' in renamed.body, false, 'an edit without rotation does not answer the secret');
      const rotated = await set({
        webhookId,
        name: 'Renamed',
        url: r.url,
        format: 'SLACK',
        events: ['DRIFT'],
        rotateSecret: true,
      });
      const newSecret = rotated.body.secret as string;
      assert.ok(newSecret && newSecret !== secret, 'rotation answers a new secret, once');
      const own = await create({ url: r.url, secret: 'an-admin-chosen-secret-of-enough-length' });
      assert.equal(own.secret, 'an-admin-chosen-secret-of-enough-length');

      const list = await t.action('listWebhooks', {}, 'carol');
      const text = JSON.stringify(list.body);
      for (const s of [secret, newSecret, own.secret])
        assert.ok(!text.includes(s), 'listWebhooks never shows a secret');
      assert.deepEqual(
        (list.body.webhooks as Array<{ name: string; format: string; events: string[] }>).map((w) => [
          w.name,
          w.format,
          w.events,
        ]),
        [
          ['Receiver', 'JSON', ['TRANSITIONS']],
          ['Renamed', 'SLACK', ['DRIFT']],
        ],
      );
      const trail = await db.query<{ action: string; details: unknown }>(
        "select action, details from audit_event where action like 'WEBHOOK_%' order by id",
      );
      assert.deepEqual(
        trail.rows.map((e) => e.action),
        ['WEBHOOK_SET', 'WEBHOOK_SET', 'WEBHOOK_SET', 'WEBHOOK_SET'],
      );
      for (const s of [secret, newSecret, own.secret]) assert.ok(!JSON.stringify(trail.rows).includes(s));

      for (const [url, reason] of [
        ['ftp://example.com/hook', /http or https/],
        ['javascript:alert(1)', /http or https/],
        [`${t.config.publicUrl}/fs/PromotionService/setWebhook`, /Promo itself/],
        [`http://127.0.0.1:${t.config.port}/`, /Promo itself/],
      ] as const) {
        const refused = await set({ name: 'Bad', url, events: ['TRANSITIONS'] });
        assert.equal(refused.body.errorCode, 'WEBHOOK_URL_REFUSED', url);
        assert.equal(refused.body.field, 'url');
        assert.match(String(refused.body.errorMessage), reason);
      }

      const deleted = await t.action('deleteWebhook', { webhookId }, 'carol');
      assert.equal(deleted.body.deleted, true);
      const again = await t.action('deleteWebhook', { webhookId }, 'carol');
      assert.equal(again.body.errorCode, 'WEBHOOK_NOT_FOUND');
    });

    test("a promotion's transitions reach JSON, Slack and Teams receivers, signed as documented", async () => {
      const [json, slack, teams, rollbacksOnly] = [
        await receiver(),
        await receiver(),
        await receiver(),
        await receiver(),
      ];
      const j = await create({ url: json.url });
      await create({ url: slack.url, format: 'SLACK' });
      await create({ url: teams.url, format: 'TEAMS' });
      const quiet = await create({ url: rollbacksOnly.url, events: ['ROLLBACKS'] });

      const res = await promote(t, DEMO.packages.orderProcessingMain);
      assert.equal(res.body.status, 'COMPLETED', JSON.stringify(res.body).slice(0, 300));
      const promotionId = res.body.promotionId as string;
      const mine = (r: Receiver) => r.events().filter((e) => e.promotionId === promotionId);
      await until('all three receivers have both transitions', async () =>
        [json, slack, teams].every((r) => r.events().length >= 2) ? true : undefined,
      );

      assert.deepEqual(
        mine(json).map((e) => [e.type, e.fromStatus, e.toStatus]),
        [
          ['PROMOTION_STARTED', null, 'IN_PROGRESS'],
          ['PROMOTION_COMPLETED', 'IN_PROGRESS', 'COMPLETED'],
        ],
      );
      for (const got of json.got) {
        const event = JSON.parse(got.body) as { id: string; type: string; url: string };
        const signature = String(got.headers['promo-signature']);
        assert.ok(verify(j.secret, signature, got.body), 'the documented snippet verifies the signature');
        assert.equal(
          verify(j.secret, signature, got.body.replace(promotionId, crypto.randomUUID())),
          false,
          'tampered',
        );
        assert.equal(verify('whsec_wrong', signature, got.body), false, 'another secret');
        assert.equal(verify(j.secret, signature, got.body, -1), false, 'too old');
        assert.equal(got.headers['promo-event-id'], event.id);
        assert.equal(got.headers['promo-event-type'], event.type);
        assert.equal(event.url, `${t.config.publicUrl}/promotions/${promotionId}`);
      }
      for (const got of slack.got) {
        const m = SlackMessage.parse(JSON.parse(got.body));
        assert.match(m.text, new RegExp(promotionId));
        assert.ok(m.blocks[0]!.text!.text.includes(`<${t.config.publicUrl}/promotions/${promotionId}|Open in Promo>`));
      }
      for (const got of teams.got) {
        const card = TeamsMessage.parse(JSON.parse(got.body)).attachments[0]!.content;
        assert.equal(card.actions?.[0]?.url, `${t.config.publicUrl}/promotions/${promotionId}`);
      }
      assert.deepEqual(await deliveries(quiet.webhookId), [], 'an endpoint hears only its categories');
      assert.equal(rollbacksOnly.got.length, 0);
    });

    test('a receiver that is down (500, then refusing connections) gets the event once it is back', async () => {
      const r = await receiver();
      r.status = 500;
      const { webhookId } = await create({ url: r.url });
      const tested = await t.action('testWebhook', { webhookId }, 'carol');
      const first = tested.body.delivery as DeliveryView;
      assert.deepEqual(
        [first.status, first.attempts, first.lastHttpStatus, first.lastError],
        ['PENDING', 1, 500, 'HTTP 500 Internal Server Error'],
      );
      await r.close();
      await until('an attempt was refused', async () => {
        const d = await deliveryOf(webhookId, first.deliveryId);
        return d && /ECONNREFUSED/.test(d.lastError ?? '') ? d : undefined;
      });
      r.status = 200;
      await r.open();
      const sent = await until('delivered after the outage', async () => {
        const d = await deliveryOf(webhookId, first.deliveryId);
        return d?.status === 'SENT' ? d : undefined;
      });
      assert.ok(sent.attempts >= 3 && sent.attempts <= 6, `attempts ${sent.attempts}`);
      assert.equal(sent.lastError, null);
      const delivered = r.events();
      assert.deepEqual(
        delivered.map((e) => [e.id, e.type]),
        [[first.eventId, 'WEBHOOK_TEST']],
      );
      assert.ok(
        r.got.every((g) => g.headers['promo-event-id'] === first.eventId),
        'every attempt, one event id',
      );
    });

    test('replicas claim disjoint deliveries; a claimed delivery comes back only after its lease', async () => {
      const store = createPgWebhookStore(db);
      const { webhookId } = await create({ url: 'http://127.0.0.1:9/unused', active: false });
      // Due an hour from now, and claimed as of then: the app's own dispatcher, claiming at the real
      // now, leaves them to these claims.
      const due = new Date(Date.now() + 3_600_000);
      await db.transaction(async (tx) => {
        for (let i = 0; i < 10; i++)
          await store.enqueueFor(
            tx,
            webhookId,
            {
              id: crypto.randomUUID(),
              type: 'WEBHOOK_TEST',
              categories: [],
              occurredAt: due.toISOString(),
              actor: 'carol@acme.example',
              promotionId: null,
              fromStatus: null,
              toStatus: null,
              details: {},
              url: t.config.publicUrl,
            },
            due,
          );
      });
      const lease = new Date(due.getTime() + 1000);
      const [a, b] = await Promise.all([store.claimDue(due, 6, lease), store.claimDue(due, 6, lease)]);
      const ids = [...a, ...b].map((d) => d.deliveryId);
      assert.equal(ids.length, 10, 'the two claims took all ten');
      assert.equal(new Set(ids).size, 10, 'no delivery claimed twice');
      assert.ok(a.every((d) => d.attempts === 1 && d.secret.length > 0));
      assert.deepEqual(await store.claimDue(due, 10, lease), [], 'hidden while leased');
      const again = await store.claimDue(new Date(lease.getTime() + 1), 10, lease);
      assert.deepEqual(
        again.map((d) => [d.attempts, ids.includes(d.deliveryId)]),
        ids.map(() => [2, true]),
        'back once the lease passed',
      );
    });

    test('spent retries show FAILED with the last error; a replay sends the same event again', async () => {
      const r = await receiver();
      await r.close();
      const { webhookId } = await create({ url: r.url });
      const first = (await t.action('testWebhook', { webhookId }, 'carol')).body.delivery as DeliveryView;
      const failed = await until('the retries are spent', async () => {
        const d = await deliveryOf(webhookId, first.deliveryId);
        return d?.status === 'FAILED' ? d : undefined;
      });
      assert.equal(failed.attempts, 6);
      assert.equal(failed.lastHttpStatus, null);
      assert.match(failed.lastError ?? '', /ECONNREFUSED/);

      await r.open();
      const replay = await t.action('replayWebhookDelivery', { deliveryId: first.deliveryId }, 'carol');
      const again = replay.body.delivery as DeliveryView;
      assert.deepEqual([again.replayOf, again.eventId], [first.deliveryId, first.eventId]);
      await until('the replay is delivered', async () => {
        const d = await deliveryOf(webhookId, again.deliveryId);
        return d?.status === 'SENT' ? d : undefined;
      });
      assert.deepEqual(
        r.events().map((e) => e.id),
        [first.eventId],
      );
      assert.equal((await deliveryOf(webhookId, first.deliveryId))?.status, 'FAILED', 'the log keeps the failure');
      const unknown = await t.action('replayWebhookDelivery', { deliveryId: crypto.randomUUID() }, 'carol');
      assert.equal(unknown.body.errorCode, 'WEBHOOK_DELIVERY_NOT_FOUND');
    });
  });
}
