import { Link } from 'react-router';
import { useActionQuery } from '../../api/hooks.ts';
import { LIVE_QUERY } from '../LiveRefresh.tsx';
import { formatDate } from '../format.ts';

/** P7's list of rollbacks waiting for an admin (issue 14): each opens its own page to decide. */
export function PendingRollbacks() {
  const list = useActionQuery('listRollbacks', { status: 'PENDING_APPROVAL', limit: 50 }, LIVE_QUERY);
  const rows = list.data?.rollbacks ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="card" aria-labelledby="p7-rollbacks">
      <h3 id="p7-rollbacks">Rollbacks Waiting for Approval ({rows.length})</h3>
      <ul>
        {rows.map((r) => (
          <li key={r.rollbackId}>
            <Link to={`/rollbacks/${encodeURIComponent(r.rollbackId)}`}>
              {r.processName ?? r.processId}: v{r.rolledBack.packageVersion} back to v{r.restores.packageVersion}
            </Link>{' '}
            <span className="muted">
              requested by {r.requestedBy}, {formatDate(r.requestedAt)}: {r.reason}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
