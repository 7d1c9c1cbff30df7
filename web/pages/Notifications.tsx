import { useState } from 'react';
import { useActionQuery } from '../api/hooks.ts';
import type { ActionRequest } from '../api/client.ts';
import { Badge, type Tone } from '../components/Badge.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { formatDate, plural } from '../components/format.ts';

const TONES: Record<string, Tone> = { PENDING: 'amber', SENT: 'green', FAILED: 'red' };

/**
 * Admin: the outgoing emails (D12). Without SMTP configured they stay PENDING, and this page is
 * where admins read them; with SMTP it shows delivery attempts and errors.
 */
export function Notifications() {
  const [status, setStatus] = useState<'' | 'PENDING' | 'SENT' | 'FAILED'>('');
  const [open, setOpen] = useState<string | null>(null);
  const request: ActionRequest<'listNotifications'> = { limit: 200, ...(status ? { status } : {}) };
  const list = useActionQuery('listNotifications', request, { staleTime: 0, refetchInterval: 10_000 });
  return (
    <section aria-labelledby="notif-title">
      <div className="title-row">
        <h2 id="notif-title">Notifications</h2>
        <button type="button" className="secondary" disabled={list.isFetching} onClick={() => void list.refetch()}>
          ↻ Refresh
        </button>
      </div>
      <p className="muted">
        Every email Promo sends, newest first. Emails wait here as PENDING while SMTP is not configured or unreachable,
        and are sent when it is.
      </p>
      <div className="filter-bar">
        <label className="filter">
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">All</option>
            <option value="PENDING">Pending</option>
            <option value="SENT">Sent</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
        {list.data && <span className="muted">{plural(list.data.totalCount, 'email')}</span>}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.notifications.length === 0 ? (
        <div className="empty-state" role="status">
          No emails yet
        </div>
      ) : (
        <div className="table-wrap">
          <table aria-label="Outgoing emails">
            <thead>
              <tr>
                <th>Created</th>
                <th>Subject</th>
                <th>To</th>
                <th>Status</th>
                <th className="num">Attempts</th>
                <th>Sent</th>
                <th>
                  <span className="sr-only">Body</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.notifications.map((n) => (
                <FragmentRow
                  key={n.id}
                  open={open === n.id}
                  onToggle={() => setOpen(open === n.id ? null : n.id)}
                  n={n}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

type Notification = NonNullable<
  ReturnType<typeof useActionQuery<'listNotifications'>>['data']
>['notifications'][number];

function FragmentRow({ n, open, onToggle }: { n: Notification; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr>
        <td>{formatDate(n.createdAt)}</td>
        <td>{n.subject}</td>
        <td>
          {n.to.join(', ')}
          {n.cc.length > 0 && <div className="muted">cc {n.cc.join(', ')}</div>}
        </td>
        <td>
          <Badge tone={TONES[n.status] ?? 'gray'}>{n.status}</Badge>
          {n.lastError && (
            <div className="field-error" title={n.lastError}>
              {n.lastError.slice(0, 80)}
            </div>
          )}
        </td>
        <td className="num">{n.attempts}</td>
        <td>{formatDate(n.sentAt)}</td>
        <td>
          <button type="button" className="link-button" aria-expanded={open} onClick={onToggle}>
            {open ? 'Hide' : 'Show'} email
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7}>
            <pre className="user-text email-body">{n.body}</pre>
          </td>
        </tr>
      )}
    </>
  );
}
