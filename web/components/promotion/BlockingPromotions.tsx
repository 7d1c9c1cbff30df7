import { Link } from 'react-router';
import { useActionQuery } from '../../api/hooks.ts';
import { StatusBadge } from '../Badge.tsx';
import { formatDate } from '../format.ts';
import '../work/work.css';

/**
 * P2's warning before the click (issue 12): open promotions of the account that hold any of these
 * components (or run in it), each named and linked with the way out its status has. The service
 * refuses the promotion all the same; this only says so first. A failed check shows nothing: the
 * refusal itself names the blocker.
 */
export function BlockingPromotions({ devAccountId, componentIds }: { devAccountId: string; componentIds: string[] }) {
  const query = useActionQuery(
    'findBlockingPromotions',
    { devAccountId, devComponentIds: componentIds },
    { staleTime: 0, enabled: componentIds.length > 0, retry: false },
  );
  const blockers = query.data?.blockingPromotions ?? [];
  if (!blockers.length) return null;
  return (
    <div className="banner banner-warning blocking-promotions" role="status" aria-label="Blocking promotions">
      <div>
        <strong>
          {blockers.length === 1
            ? 'An open promotion holds these components: promoting now will be refused.'
            : `${blockers.length} open promotions hold these components: promoting now will be refused.`}
        </strong>
        <ul>
          {blockers.map((b) => (
            <li key={b.promotionId}>
              <Link to={`/promotions/${encodeURIComponent(b.promotionId)}`}>
                {b.processName ?? 'Unnamed process'} v{b.packageVersion ?? '-'}
              </Link>{' '}
              <StatusBadge status={b.status} /> started by {b.initiatedBy} on {formatDate(b.initiatedAt)}
              {b.sharedComponentIds.length > 0 && `, carries ${b.sharedComponentIds.length} of these components`}.{' '}
              {b.advice}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
