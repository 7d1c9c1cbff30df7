import { useState } from 'react';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { Badge } from '../components/Badge.tsx';
import { CopyButton } from '../components/CopyButton.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { ConfirmDelete, EditDeleteLinks } from '../components/SettingRow.tsx';
import { formatDate } from '../components/format.ts';
import { DeliveryLog } from '../components/webhooks/DeliveryLog.tsx';
import { WebhookForm, type WebhookView } from '../components/webhooks/WebhookForm.tsx';
import '../components/webhooks/webhooks.css';

const EVENT_NAMES: Record<string, string> = {
  TRANSITIONS: 'state transitions',
  DEPLOYMENTS: 'deployments',
  ROLLBACKS: 'rollbacks',
  DRIFT: 'drift',
  POLICY: 'policy failures',
};

/** Admin: webhook endpoints (JSON, Slack, Teams), their delivery logs, test and replay. */
export function Webhooks() {
  const list = useActionQuery('listWebhooks', {}, { staleTime: 0 });
  const remove = useActionMutation('deleteWebhook');
  const test = useActionMutation('testWebhook');
  const [form, setForm] = useState<{ editing: WebhookView | null } | null>(null);
  const [confirm, setConfirm] = useState<WebhookView | null>(null);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const hooks = list.data?.webhooks ?? [];
  return (
    <section aria-labelledby="webhooks-title">
      <div className="title-row">
        <h2 id="webhooks-title">Webhooks</h2>
      </div>
      <p className="muted">
        Promo posts what happens to these endpoints: a signed JSON event, or a Slack or Teams message with a link back
        here. A receiver that is down gets the event when it is back; the delivery log shows every attempt.
      </p>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {secret && (
        <div className="banner banner-warning webhook-secret" role="alert">
          <p>
            Signing secret of {secret.name}: <code>{secret.value}</code> <CopyButton value={secret.value} />
          </p>
          <p>Store it now: it is not shown again. Receivers verify deliveries with it (docs/webhooks.md).</p>
          <button type="button" className="secondary" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      )}
      {test.error && <ErrorBanner error={test.error} />}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : hooks.length === 0 ? (
        <div className="empty-state" role="status">
          <p>No webhooks</p>
          <p className="muted">Only email tells people what happened.</p>
        </div>
      ) : (
        <ul className="webhook-list" aria-label="Webhooks">
          {hooks.map((w) => (
            <li key={w.webhookId} className="panel">
              <div className="title-row">
                <h3>{w.name}</h3>
                {w.active ? <Badge tone="green">Active</Badge> : <Badge tone="gray">Inactive</Badge>}
              </div>
              <p>
                {w.format} to <code>{w.url}</code>
              </p>
              <p>Sends: {w.events.map((e) => EVENT_NAMES[e] ?? e).join(', ')}</p>
              <p className="muted">
                {w.lastDelivery
                  ? `Last delivery ${w.lastDelivery.status} at ${formatDate(w.lastDelivery.at)}. `
                  : 'No delivery yet. '}
                Changed {formatDate(w.updatedAt)} by {w.updatedBy}
              </p>
              <span className="row-actions">
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Send a test event to ${w.name}`}
                  disabled={test.isPending}
                  onClick={() =>
                    test.mutate(
                      { webhookId: w.webhookId },
                      {
                        onSuccess: (r) =>
                          setDone(
                            r.delivery.status === 'SENT'
                              ? `Test event delivered to ${w.name}.`
                              : `Test event to ${w.name} not delivered yet: ${r.delivery.lastError ?? r.delivery.status}. It is retried.`,
                          ),
                      },
                    )
                  }
                >
                  Send test
                </button>
                <button
                  type="button"
                  className="link-button"
                  aria-expanded={open === w.webhookId}
                  aria-label={`Deliveries of ${w.name}`}
                  onClick={() => setOpen(open === w.webhookId ? null : w.webhookId)}
                >
                  Deliveries
                </button>
                <EditDeleteLinks
                  name={w.name}
                  onEdit={() => {
                    setDone(null);
                    setForm({ editing: w });
                  }}
                  onDelete={() => setConfirm(w)}
                />
              </span>
              {open === w.webhookId && <DeliveryLog webhookId={w.webhookId} name={w.name} />}
            </li>
          ))}
        </ul>
      )}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={() => setForm({ editing: null })}>
          Add webhook
        </button>
      </div>
      {form && (
        <WebhookForm
          key={form.editing?.webhookId ?? 'new'}
          editing={form.editing}
          onCancel={() => setForm(null)}
          onSaved={(name, newSecret) => {
            setForm(null);
            setDone(`Webhook ${name} saved.`);
            setSecret(newSecret ? { name, value: newSecret } : null);
          }}
        />
      )}
      {confirm && (
        <ConfirmDelete
          title="Delete Webhook"
          pending={remove.isPending}
          error={remove.error}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            remove.mutate(
              { webhookId: confirm.webhookId },
              {
                onSuccess: () => {
                  setConfirm(null);
                  setDone(`Webhook ${confirm.name} deleted.`);
                },
              },
            )
          }
        >
          <p>Delete the webhook {confirm.name} and its delivery log? Events not yet delivered are dropped.</p>
        </ConfirmDelete>
      )}
    </section>
  );
}
