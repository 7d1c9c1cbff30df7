import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { WEBHOOK_EVENT_CATEGORIES, WEBHOOK_FORMATS, type Webhook } from '../../../src/contracts/webhooks.ts';
import type { z } from 'zod';
import { useActionMutation } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';

export type WebhookView = z.output<typeof Webhook>;
type Category = (typeof WEBHOOK_EVENT_CATEGORIES)[number];
type Format = (typeof WEBHOOK_FORMATS)[number];

const CATEGORY_LABELS: Record<Category, string> = {
  TRANSITIONS: 'Every state transition',
  DEPLOYMENTS: 'Deployments',
  ROLLBACKS: 'Rollbacks',
  DRIFT: 'Drift',
  POLICY: 'Policy failures',
};
const FORMAT_LABELS: Record<Format, string> = {
  JSON: 'JSON event (signed)',
  SLACK: 'Slack incoming webhook',
  TEAMS: 'Microsoft Teams incoming webhook',
};

/** Add or edit an endpoint. The secret is never shown here: the page shows it once, after saving. */
export function WebhookForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: WebhookView | null;
  onSaved(name: string, secret: string | undefined): void;
  onCancel(): void;
}) {
  const save = useActionMutation('setWebhook');
  const id = useId();
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [format, setFormat] = useState<Format>(editing?.format ?? 'JSON');
  const [events, setEvents] = useState<Category[]>(editing?.events ?? ['TRANSITIONS']);
  const [active, setActive] = useState(editing?.active ?? true);
  const [rotate, setRotate] = useState(false);

  const toggle = (c: Category) => setEvents((es) => (es.includes(c) ? es.filter((e) => e !== c) : [...es, c]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        ...(editing ? { webhookId: editing.webhookId } : {}),
        name: name.trim(),
        url: url.trim(),
        format,
        events,
        active,
        rotateSecret: rotate,
      },
      { onSuccess: (r) => onSaved(r.webhook.name, r.secret) },
    );
  };
  const title = editing ? `Edit ${editing.name}` : 'Add webhook';
  return (
    <form className="panel mapping-form" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          type="text"
          required
          maxLength={LIMITS.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-url`}>URL</label>
        <input
          id={`${id}-url`}
          type="url"
          required
          maxLength={2000}
          placeholder="https://"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-format`}>Format</label>
        <select id={`${id}-format`} value={format} onChange={(e) => setFormat(e.target.value as Format)}>
          {WEBHOOK_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_EVENT_CATEGORIES.map((c) => (
          <label key={c} className="checkbox">
            <input type="checkbox" checked={events.includes(c)} onChange={() => toggle(c)} /> {CATEGORY_LABELS[c]}
          </label>
        ))}
        {events.length === 0 && <p className="field-error">Choose at least one kind of event.</p>}
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Active (new events are
        sent)
      </label>
      {editing && (
        <label className="checkbox">
          <input type="checkbox" checked={rotate} onChange={(e) => setRotate(e.target.checked)} /> Rotate the signing
          secret (the receiver must be given the new one)
        </label>
      )}
      {save.error && <ErrorBanner error={save.error} />}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending || events.length === 0}>
          {save.isPending ? 'Saving...' : 'Save webhook'}
        </button>
      </div>
    </form>
  );
}
