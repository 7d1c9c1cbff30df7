import { useState } from 'react';
import { Link } from 'react-router';
import { useActionQuery } from '../../api/hooks.ts';
import { RollbackStatusBadge } from './RollbackStatusBadge.tsx';
import { RollbackDialog } from './RollbackDialog.tsx';
import { formatDate } from '../format.ts';

/**
 * P3's part of issue 14 for a production release: its rollbacks and their status, the way to ask
 * for one while it is the release that runs, and the process's release history.
 */
export function RollbackPanel({ promotionId, status, label }: { promotionId: string; status: string; label: string }) {
  const [asking, setAsking] = useState(false);
  const rollbacks = useActionQuery('listRollbacks', { promotionId, limit: 20 }, { staleTime: 0 });
  const list = rollbacks.data?.rollbacks ?? [];
  const open = list.some((r) => ['PENDING_APPROVAL', 'RUNNING', 'FAILED'].includes(r.status));
  return (
    <section className="card" aria-labelledby="p3-rollback">
      <h3 id="p3-rollback">Release</h3>
      <p>
        <Link to={`/releases?promotionId=${encodeURIComponent(promotionId)}`}>Release history of this process</Link>
      </p>
      {list.length > 0 && (
        <ul aria-label="Rollbacks">
          {list.map((r) => (
            <li key={r.rollbackId}>
              <Link to={`/rollbacks/${encodeURIComponent(r.rollbackId)}`}>
                Rollback to v{r.restores.packageVersion}
              </Link>{' '}
              <RollbackStatusBadge status={r.status} /> requested by {r.requestedBy} {formatDate(r.requestedAt)}
            </li>
          ))}
        </ul>
      )}
      {status === 'DEPLOYED' && !open && (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Roll back
        </button>
      )}
      {asking && <RollbackDialog release={{ promotionId, label }} onClose={() => setAsking(false)} />}
    </section>
  );
}
