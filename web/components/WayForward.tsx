import { Link } from 'react-router';
import { blockerAdvice } from '../../src/contracts/promotion-guide.ts';
import { ApiError } from '../api/client.ts';
import { blockerOf, waysForward } from '../api/error-guidance.ts';
import { useSession } from '../app/session.tsx';
import { statusLabel } from './Badge.tsx';

/** The blocker's own advice replaces the code's generic line: it fits the blocker's real status. */
export function blockerGuidance(error: unknown): string | undefined {
  const status = error instanceof ApiError ? blockerOf(error.body)?.status : undefined;
  return status ? blockerAdvice(status) : undefined;
}

/**
 * What an error page adds to Back / Retry / Home when there is a specific way forward (issue 12):
 * the promotion that blocks the request, linked, and the page where the cause is fixed.
 */
export function WayForward({ error }: { error: unknown }) {
  const { me } = useSession();
  if (!(error instanceof ApiError)) return null;
  const blocker = blockerOf(error.body);
  const ways = waysForward(error.code, me?.tier);
  if (!blocker && !ways.length) return null;
  return (
    <div className="way-forward">
      {blocker && (
        <p>
          Blocked by{' '}
          <Link to={`/promotions/${encodeURIComponent(blocker.promotionId)}`}>
            {blocker.processName ?? 'another promotion'}
            {blocker.status ? ` (${statusLabel(blocker.status)})` : ''}
          </Link>
          {blocker.initiatedBy ? `, started by ${blocker.initiatedBy}` : ''}.
        </p>
      )}
      {ways.length > 0 && (
        <ul>
          {ways.map((w) => (
            <li key={w.to}>
              <Link to={w.to}>{w.label}</Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
