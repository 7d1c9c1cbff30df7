import { formatTime, plural } from './format.ts';

/**
 * How a live queue (P5, P7, P9) stays current: read again every 10 s while its tab is visible
 * (React Query pauses the timer in a hidden tab), and at once when the user comes back to the tab
 * or the network returns. Polling, not server-sent events: the queues are small, one read costs a
 * query, and a poll survives replicas and restarts without a fan-out channel between them.
 */
export const LIVE_QUERY = {
  staleTime: 0,
  refetchInterval: 10_000,
  refetchOnWindowFocus: 'always',
  refetchOnReconnect: 'always',
} as const;

interface LiveQuery {
  dataUpdatedAt: number;
  isFetching: boolean;
  refetch(): unknown;
}

/**
 * The queue's Refresh button and when it was last read. Screen readers hear the number of items
 * when it changes (a new submission arrived, one left), not every quiet refresh.
 */
export function LiveRefresh({
  query,
  count,
  noun,
}: {
  query: LiveQuery;
  count: number | null;
  noun: [string, string];
}) {
  return (
    <div className="live-refresh">
      {query.dataUpdatedAt > 0 && (
        <span className="muted" title="This list refreshes itself every 10 seconds">
          Updated {formatTime(query.dataUpdatedAt)}
        </span>
      )}
      <span className="sr-only" aria-live="polite">
        {count === null ? '' : plural(count, noun[0], noun[1])}
      </span>
      <button type="button" className="secondary" aria-busy={query.isFetching} onClick={() => void query.refetch()}>
        <span aria-hidden="true" className={query.isFetching ? 'refresh-icon spinning' : 'refresh-icon'}>
          ↻
        </span>{' '}
        Refresh
      </button>
    </div>
  );
}
