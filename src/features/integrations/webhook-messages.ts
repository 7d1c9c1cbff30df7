import type { WebhookCategory } from './webhook-rules.ts';

export type WebhookFormat = 'JSON' | 'SLACK' | 'TEAMS';

/** The event every endpoint is told; JSON endpoints receive exactly this (docs/webhooks.md). */
export interface WebhookEvent {
  /** Stable across retries and replays: receivers use it to ignore a repeat. */
  id: string;
  /** The audit action (`TEST_DEPLOYED`, `ROLLBACK_COMPLETED`, ...) or `WEBHOOK_TEST`. */
  type: string;
  categories: WebhookCategory[];
  occurredAt: string;
  actor: string;
  promotionId: string | null;
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown>;
  /** The dashboard page that shows what happened. */
  url: string;
}

/** Where the dashboard shows an event: its promotion, its rollback, drift on P9, or the start page. */
export function dashboardLink(
  publicUrl: string,
  e: { type: string; promotionId: string | null; details: Record<string, unknown> },
): string {
  const base = publicUrl.replace(/\/+$/, '');
  const rollbackId = typeof e.details.rollbackId === 'string' ? e.details.rollbackId : undefined;
  if (rollbackId) return `${base}/rollbacks/${encodeURIComponent(rollbackId)}`;
  if (e.promotionId) return `${base}/promotions/${encodeURIComponent(e.promotionId)}`;
  if (e.type.startsWith('DRIFT_')) return `${base}/production-readiness`;
  return `${base}/`;
}

/** `TEST_DEPLOYED` -> `Test deployed`. */
export const humanAction = (action: string) => action.charAt(0) + action.slice(1).toLowerCase().replace(/_/g, ' ');

/** One line people read: what, on which record, from which status to which, by whom. */
export function headline(e: WebhookEvent): string {
  if (e.type === 'WEBHOOK_TEST') return `Test event from Promo, sent by ${e.actor}`;
  const subject = e.promotionId ? ` (promotion ${e.promotionId})` : '';
  const move = e.toStatus ? `: ${e.fromStatus ? `${e.fromStatus} -> ` : ''}${e.toStatus}` : '';
  return `${humanAction(e.type)}${subject}${move}, by ${e.actor}`;
}

// Slack reads &, < and > as markup (`<!channel>` would ping a whole channel), so text is escaped.
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// A section's text holds at most 3000 characters.
const SLACK_SECTION_MAX = 3000;

/** A Slack incoming-webhook message: `text` for notifications, one Block Kit section to read. */
export function slackMessage(e: WebhookEvent) {
  const line = headline(e);
  const mrkdwn = `*${slackEscape(humanAction(e.type))}*\n${slackEscape(line)}\n<${e.url}|Open in Promo>`;
  return {
    text: line,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: mrkdwn.slice(0, SLACK_SECTION_MAX) } }],
  };
}

/** A Microsoft Teams incoming-webhook message: one Adaptive Card attachment with a link back. */
export function teamsMessage(e: WebhookEvent) {
  const facts = [
    { title: 'Event', value: e.type },
    { title: 'By', value: e.actor },
    ...(e.promotionId ? [{ title: 'Promotion', value: e.promotionId }] : []),
    ...(e.toStatus ? [{ title: 'Status', value: `${e.fromStatus ? `${e.fromStatus} -> ` : ''}${e.toStatus}` }] : []),
    { title: 'When', value: e.occurredAt },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: humanAction(e.type), weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: headline(e), wrap: true },
            { type: 'FactSet', facts },
          ],
          actions: [{ type: 'Action.OpenUrl', title: 'Open in Promo', url: e.url }],
        },
      },
    ],
  };
}

/** The body an endpoint of this format receives. */
export function deliveryBody(format: WebhookFormat, e: WebhookEvent): string {
  if (format === 'SLACK') return JSON.stringify(slackMessage(e));
  if (format === 'TEAMS') return JSON.stringify(teamsMessage(e));
  return JSON.stringify(e);
}
