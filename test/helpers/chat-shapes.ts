import { z } from 'zod';

// The shapes Slack and Microsoft Teams document for incoming-webhook messages, written from their
// docs (Slack: "Sending messages using incoming webhooks" and the Block Kit section block; Teams:
// "Send Adaptive Cards using an Incoming Webhook" and the Adaptive Card schema), not from our code.

const SlackText = z.strictObject({
  type: z.enum(['mrkdwn', 'plain_text']),
  text: z.string().min(1).max(3000),
  emoji: z.boolean().optional(),
  verbatim: z.boolean().optional(),
});

const SlackSection = z.strictObject({
  type: z.literal('section'),
  text: SlackText.optional(),
  block_id: z.string().max(255).optional(),
  fields: z.array(SlackText).max(10).optional(),
});

/** A message posted to a Slack incoming webhook: `text` is the notification fallback when blocks are sent. */
export const SlackMessage = z.strictObject({
  text: z.string().min(1),
  blocks: z.array(SlackSection).min(1).max(50),
});

const TextBlock = z.strictObject({
  type: z.literal('TextBlock'),
  text: z.string().min(1),
  wrap: z.boolean().optional(),
  weight: z.enum(['Default', 'Lighter', 'Bolder']).optional(),
  size: z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge']).optional(),
});
const FactSet = z.strictObject({
  type: z.literal('FactSet'),
  facts: z.array(z.strictObject({ title: z.string(), value: z.string() })).min(1),
});
const OpenUrl = z.strictObject({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.url() });

/** A message posted to a Teams incoming webhook: an Adaptive Card as the attachment's content. */
export const TeamsMessage = z.strictObject({
  type: z.literal('message'),
  attachments: z
    .array(
      z.strictObject({
        contentType: z.literal('application/vnd.microsoft.card.adaptive'),
        contentUrl: z.null().optional(),
        content: z.strictObject({
          $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
          type: z.literal('AdaptiveCard'),
          version: z.string().regex(/^1\.[0-5]$/),
          body: z.array(z.discriminatedUnion('type', [TextBlock, FactSet])).min(1),
          actions: z.array(OpenUrl).optional(),
        }),
      }),
    )
    .length(1),
});
