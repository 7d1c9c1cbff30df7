import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SlackMessage, TeamsMessage } from '../../../test/helpers/chat-shapes.ts';
import { dashboardLink, deliveryBody, slackMessage, teamsMessage, type WebhookEvent } from './webhook-messages.ts';

const event = (over: Partial<WebhookEvent> = {}): WebhookEvent => ({
  id: '9b2f1c1e-0000-4000-8000-000000000001',
  type: 'TEST_DEPLOYED',
  categories: ['TRANSITIONS', 'DEPLOYMENTS'],
  occurredAt: '2026-01-02T03:04:05.000Z',
  actor: 'alice@acme.example',
  promotionId: 'c0ffee00-0000-4000-8000-000000000002',
  fromStatus: 'COMPLETED',
  toStatus: 'TEST_DEPLOYED',
  details: {},
  url: 'https://promo.acme.example/promotions/c0ffee00-0000-4000-8000-000000000002',
  ...over,
});

describe('webhook messages', () => {
  test('links lead to the page that shows the event', () => {
    const base = 'https://promo.acme.example/';
    assert.equal(
      dashboardLink(base, { type: 'TEST_DEPLOYED', promotionId: 'p1', details: {} }),
      'https://promo.acme.example/promotions/p1',
    );
    assert.equal(
      dashboardLink(base, { type: 'ROLLBACK_COMPLETED', promotionId: 'p1', details: { rollbackId: 'r1' } }),
      'https://promo.acme.example/rollbacks/r1',
    );
    assert.equal(
      dashboardLink(base, { type: 'DRIFT_DETECTED', promotionId: null, details: {} }),
      'https://promo.acme.example/production-readiness',
    );
  });

  test('Slack: text plus a mrkdwn section with the link, in the documented shape', () => {
    const m = SlackMessage.parse(slackMessage(event()));
    assert.match(
      m.text,
      /^Test deployed \(promotion c0ffee00-.*\): COMPLETED -> TEST_DEPLOYED, by alice@acme\.example$/,
    );
    assert.match(
      m.blocks[0]!.text!.text,
      /<https:\/\/promo\.acme\.example\/promotions\/c0ffee00-[^|]+\|Open in Promo>$/,
    );
  });

  test('Slack: markup in event text is escaped, so no one can ping a channel', () => {
    const m = SlackMessage.parse(slackMessage(event({ actor: '<!channel> & co' })));
    assert.ok(!m.blocks[0]!.text!.text.includes('<!channel>'));
    assert.match(m.blocks[0]!.text!.text, /&lt;!channel&gt; &amp; co/);
  });

  test('Teams: an Adaptive Card attachment with facts and an Open URL action, in the documented shape', () => {
    const m = TeamsMessage.parse(teamsMessage(event()));
    const card = m.attachments[0]!.content;
    assert.deepEqual(card.actions, [{ type: 'Action.OpenUrl', title: 'Open in Promo', url: event().url }]);
    const facts = card.body.find((b) => b.type === 'FactSet');
    assert.ok(facts && facts.type === 'FactSet');
    assert.deepEqual(
      facts.facts.map((f) => f.title),
      ['Event', 'By', 'Promotion', 'Status', 'When'],
    );
  });

  test('JSON endpoints receive the event itself', () => {
    assert.deepEqual(JSON.parse(deliveryBody('JSON', event())), event());
    TeamsMessage.parse(JSON.parse(deliveryBody('TEAMS', event({ promotionId: null, toStatus: null }))));
    SlackMessage.parse(JSON.parse(deliveryBody('SLACK', event({ type: 'WEBHOOK_TEST', categories: [] }))));
  });
});
