import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { Badge } from '../Badge.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { formatDate } from '../format.ts';

const TONES = { SENT: 'green', PENDING: 'blue', FAILED: 'red' } as const;

/** One endpoint's deliveries, newest first, each with its outcome and a replay button. */
export function DeliveryLog({ webhookId, name }: { webhookId: string; name: string }) {
  const log = useActionQuery(
    'listWebhookDeliveries',
    { webhookId, limit: 50 },
    { staleTime: 0, refetchInterval: 5000 },
  );
  const replay = useActionMutation('replayWebhookDelivery');
  const rows = log.data?.deliveries ?? [];
  if (log.isPending) return <Loading />;
  if (log.error) return <QueryError error={log.error} onRetry={() => void log.refetch()} />;
  if (!rows.length) return <p className="muted">No deliveries yet.</p>;
  return (
    <div className="table-wrap">
      {replay.error && <ErrorBanner error={replay.error} />}
      <table aria-label={`Deliveries of ${name}`}>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last answer</th>
            <th scope="col">Queued</th>
            <th scope="col">Last attempt</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.deliveryId}>
              <td>
                {d.eventType}
                {d.replayOf && <span className="muted"> (replay)</span>}
              </td>
              <td>
                <Badge tone={TONES[d.status]}>{d.status}</Badge>
              </td>
              <td>{d.attempts}</td>
              <td>{d.lastError ?? (d.lastHttpStatus ? `HTTP ${d.lastHttpStatus}` : '')}</td>
              <td>{formatDate(d.createdAt)}</td>
              <td>{d.lastAttemptAt ? formatDate(d.lastAttemptAt) : ''}</td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  aria-label={`Replay ${d.eventType} delivery`}
                  disabled={replay.isPending || d.status === 'PENDING'}
                  onClick={() => replay.mutate({ deliveryId: d.deliveryId })}
                >
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
