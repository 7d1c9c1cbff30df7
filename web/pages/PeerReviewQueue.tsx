import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useActionQuery } from '../api/hooks.ts';
import { sameEmail, useMe } from '../app/session.tsx';
import { Badge, EnvironmentBadge, HotfixBadge } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { LIVE_QUERY, LiveRefresh } from '../components/LiveRefresh.tsx';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { SortHeader } from '../components/SortHeader.tsx';
import { componentCounts, createdUpdated, dateWithAge, formatDate } from '../components/format.ts';
import { selectableRow, sortRows, type SortDir } from '../components/rows.ts';
import { PEER_QUEUE_REQUEST, ReviewRowTail, notesCell, type ReviewItem } from '../components/review/ReviewSections.tsx';

type Column =
  'initiatedBy' | 'processName' | 'componentsTotal' | 'changes' | 'initiatedAt' | 'targetEnvironment' | 'isHotfix';
const PAGE = 25;

const sortValue = (r: ReviewItem, c: Column): string | number =>
  c === 'changes'
    ? r.componentsCreated + r.componentsUpdated
    : c === 'componentsTotal'
      ? r.componentsTotal
      : c === 'isHotfix'
        ? Number(r.isHotfix)
        : String(r[c] ?? '');

/** P5: promotions waiting for a peer review, never the reviewer's own (20-dashboard.md §4 P5, §1.5). */
export function PeerReviewQueue() {
  const me = useMe();
  const navigate = useNavigate();
  const queue = useActionQuery('queryPeerReviewQueue', PEER_QUEUE_REQUEST, LIVE_QUERY);
  const [selected, setSelected] = useState<string | null>(null);
  const [ownWarning, setOwnWarning] = useState(false);
  const [sort, setSort] = useState<{ column: Column; dir: SortDir }>({ column: 'initiatedAt', dir: 'desc' });
  const [page, setPage] = useState(0);
  const rows = useMemo(() => sortRows(queue.data?.pendingReviews ?? [], sortValue, sort), [queue.data, sort]);
  const open = (r: ReviewItem) => {
    setSelected(r.promotionId);
    // The server already leaves out the caller's own submissions; this guards the rare stale row.
    if (sameEmail(r.initiatedBy, me.email) || sameEmail(r.submittedBy, me.email)) {
      setOwnWarning(true);
      return;
    }
    navigate(`/reviews/peer/${r.promotionId}`);
  };
  return (
    <section aria-labelledby="p5-title">
      <div className="title-row">
        <h2 id="p5-title">Peer Review Queue</h2>
        <LiveRefresh
          query={queue}
          count={queue.data ? rows.length : null}
          noun={['pending review', 'pending reviews']}
        />
      </div>
      <p className="page-identity">
        Reviewer: {me.name} ({me.email}) · 2-Layer Approval — Step 1 of 2
      </p>
      <div className="banner banner-info">
        Pick a submission from your team to view its changes, then approve or reject it.
      </div>
      {ownWarning && (
        <div className="banner banner-error" role="alert">
          You cannot review your own submission. Please ask another team member to review.
        </div>
      )}
      {queue.isPending ? (
        <Loading minHeight={300} />
      ) : queue.error ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>
            <span aria-hidden="true">✓</span> No pending peer reviews
          </p>
          <p className="muted">Everything has been reviewed, or nothing is waiting that you may review.</p>
        </div>
      ) : (
        <>
          <div className="table-wrap has-cards" style={{ minHeight: 300 }}>
            <table aria-label="Pending peer reviews">
              <thead>
                <tr>
                  <SortHeader label="Submitter" column="initiatedBy" sort={sort} onSort={setSort} />
                  <SortHeader label="Process Name" column="processName" sort={sort} onSort={setSort} />
                  <SortHeader
                    label="Components"
                    column="componentsTotal"
                    sort={sort}
                    onSort={setSort}
                    className="num"
                  />
                  <SortHeader label="Created/Updated" column="changes" sort={sort} onSort={setSort} />
                  <SortHeader label="Submitted" column="initiatedAt" sort={sort} onSort={setSort} />
                  <th>Status</th>
                  <SortHeader label="Environment" column="targetEnvironment" sort={sort} onSort={setSort} />
                  <SortHeader label="Hotfix" column="isHotfix" sort={sort} onSort={setSort} />
                  <th className="hide-tablet">Notes</th>
                </tr>
              </thead>
              <tbody>
                {pageOf(rows, page, PAGE).map((r) => (
                  <tr key={r.promotionId} {...selectableRow(selected === r.promotionId, () => open(r))}>
                    <td>{r.submittedBy ?? r.initiatedBy}</td>
                    <td>
                      <strong>{r.processName ?? '-'}</strong>
                    </td>
                    <td className="num">{r.componentsTotal}</td>
                    <td>{createdUpdated(r.componentsCreated, r.componentsUpdated)}</td>
                    <td>{formatDate(r.submittedAt ?? r.initiatedAt)}</td>
                    <td>
                      <Badge tone="amber">PENDING_PEER_REVIEW</Badge>
                    </td>
                    <ReviewRowTail r={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CardList
            label="Pending peer reviews"
            items={pageOf(rows, page, PAGE)}
            itemKey={(r) => r.promotionId}
            onSelect={open}
            title={(r) => (
              <>
                <strong>{r.processName ?? '-'}</strong> v{r.packageVersion ?? '-'}
              </>
            )}
            badges={(r) => (
              <>
                <Badge tone="amber">PENDING_PEER_REVIEW</Badge>
                <EnvironmentBadge environment={r.targetEnvironment ?? 'PRODUCTION'} />
                {r.isHotfix && <HotfixBadge breakGlass={r.breakGlass} />}
              </>
            )}
            facts={(r) => [
              ['Submitter', r.submittedBy ?? r.initiatedBy],
              ['Submitted', dateWithAge(r.submittedAt ?? r.initiatedAt)],
              ['Components', componentCounts(r.componentsTotal, r.componentsCreated, r.componentsUpdated)],
              ['Notes', notesCell(r.deploymentNotes ?? r.notes)],
            ]}
          />
          {rows.length > PAGE && (
            <Pagination page={page} pageSize={PAGE} total={rows.length} noun="reviews" onPage={setPage} />
          )}
        </>
      )}
    </section>
  );
}
