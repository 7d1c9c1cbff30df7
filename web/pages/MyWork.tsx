import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { PromotionStatus } from '../../src/contracts/promotions.ts';
import { guideFor } from '../../src/contracts/promotion-guide.ts';
import type { ActionRequest, ActionResponse } from '../api/client.ts';
import { useActionQuery } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { EnvironmentBadge, HotfixBadge, StatusBadge, statusLabel } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { dateWithAge } from '../components/format.ts';
import { GuideSteps } from '../components/work/GuideSteps.tsx';
import { AbandonDialog, type CloseKind } from '../components/work/AbandonDialog.tsx';

type Row = ActionResponse<'queryStatus'>['promotions'][number];
const PAGE = 25;
/** The status filter's "not finished" choice; any other value is a status, or '' for all. */
const OPEN = 'OPEN';
// In the order a promotion lives them (the schemas' list would pull the schema library in here).
const STATUSES: readonly PromotionStatus[] = [
  'IN_PROGRESS',
  'COMPLETED',
  'TEST_DEPLOYING',
  'TEST_DEPLOYED',
  'TEST_DEPLOY_FAILED',
  'PENDING_PEER_REVIEW',
  'PENDING_ADMIN_REVIEW',
  'ADMIN_APPROVED',
  'DEPLOYED',
  'FAILED',
  'PEER_REJECTED',
  'ADMIN_REJECTED',
  'WITHDRAWN',
  'TEST_CANCELLED',
  'DEPLOYMENT_CANCELLED',
  'ABANDONED',
  'ROLLED_BACK',
];

/**
 * My work (issue 12): the caller's own promotions (started or submitted by them) or, for the
 * team, every promotion of the dev accounts they may see; newest first, filtered by status, each
 * with where it stands and the next step. Filters and page live in the URL, so a reload or a
 * shared link shows the same list.
 */
export function MyWork() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') === 'team' ? 'team' : 'mine';
  const status = params.get('status') ?? '';
  const page = Math.max(0, Number(params.get('page') ?? 0) || 0);
  const [closing, setClosing] = useState<{ row: Row; kind: CloseKind } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const request: ActionRequest<'queryStatus'> = {
    scope,
    ...(status === OPEN ? { openOnly: true } : status ? { status: status as Row['status'] } : {}),
    limit: PAGE,
    offset: page * PAGE,
  };
  const query = useActionQuery('queryStatus', request, { staleTime: 0 });
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };
  const rows = query.data?.promotions ?? [];
  const guide = (r: Row) => guideFor(r, me);
  const steps = (r: Row) => (
    <GuideSteps
      guide={guide(r)}
      onAbandon={() => {
        setDone(null);
        setClosing({ row: r, kind: 'abandon' });
      }}
      onWithdraw={() => {
        setDone(null);
        setClosing({ row: r, kind: 'withdraw' });
      }}
    />
  );
  const title = (r: Row) => (
    <>
      <Link to={`/promotions/${encodeURIComponent(r.promotionId)}`}>{r.processName ?? 'Unnamed process'}</Link> v
      {r.packageVersion ?? '-'}
    </>
  );
  const target = (r: Row) =>
    r.isHotfix ? (
      <HotfixBadge breakGlass={r.breakGlass} />
    ) : r.targetEnvironment ? (
      <EnvironmentBadge environment={r.targetEnvironment} />
    ) : (
      '-'
    );

  return (
    <section aria-labelledby="my-work-title">
      <div className="title-row">
        <h2 id="my-work-title">My Work</h2>
        <button type="button" className="secondary" disabled={query.isFetching} onClick={() => void query.refetch()}>
          ↻ Refresh
        </button>
      </div>
      <div className="filter-bar" role="search">
        <label className="filter">
          Whose
          <select value={scope} onChange={(e) => set({ scope: e.target.value === 'team' ? 'team' : '', page: '' })}>
            <option value="mine">Mine (started or submitted by me)</option>
            <option value="team">{me.tier === 'ADMIN' ? 'Every team' : "My team's"}</option>
          </select>
        </label>
        <label className="filter">
          Status
          <select value={status} onChange={(e) => set({ status: e.target.value, page: '' })}>
            <option value="">All</option>
            <option value={OPEN}>Open (not finished)</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {query.isPending ? (
        <Loading minHeight={200} />
      ) : query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>No promotions here</p>
          <p className="muted">
            {page > 0 ? 'This page is empty. ' : ''}Start one from the <Link to="/packages">Package Browser</Link>.
          </p>
        </div>
      ) : (
        <>
          <div className="table-wrap has-cards">
            <table aria-label="Promotions">
              <thead>
                <tr>
                  <th>Process</th>
                  <th>Status</th>
                  <th>Target</th>
                  <th>Started</th>
                  {scope === 'team' && <th>Started by</th>}
                  <th>Who holds it</th>
                  <th>Next step</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.promotionId}>
                    <td>{title(r)}</td>
                    <td>
                      <StatusBadge status={r.status} />
                      <div className="muted why">{guide(r).why}</div>
                    </td>
                    <td>{target(r)}</td>
                    <td>{dateWithAge(r.initiatedAt)}</td>
                    {scope === 'team' && <td>{r.initiatedBy}</td>}
                    <td>{guide(r).holderText}</td>
                    <td>{steps(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CardList
            label="Promotions"
            items={rows}
            itemKey={(r) => r.promotionId}
            title={title}
            badges={(r) => (
              <>
                <StatusBadge status={r.status} /> {target(r)}
              </>
            )}
            facts={(r) => [
              ['Started', dateWithAge(r.initiatedAt)],
              ...(scope === 'team' ? [['Started by', r.initiatedBy] as [string, string]] : []),
              ['Why', guide(r).why],
              ['Who holds it', guide(r).holderText],
            ]}
            actions={steps}
          />
          <nav className="pagination" aria-label="Promotion pages">
            <span>
              Page {page + 1}
              {query.data?.hasMore ? '' : ' (last)'}
            </span>
            <span className="pagination-buttons">
              <button
                type="button"
                className="secondary"
                disabled={page === 0}
                onClick={() => set({ page: page > 1 ? String(page - 1) : '' })}
              >
                Previous
              </button>
              <button
                type="button"
                className="secondary"
                disabled={!query.data?.hasMore}
                onClick={() => set({ page: String(page + 1) })}
              >
                Next
              </button>
            </span>
          </nav>
        </>
      )}
      {closing && (
        <AbandonDialog
          target={closing.row}
          kind={closing.kind}
          onClose={() => setClosing(null)}
          onAbandoned={(message) => {
            setClosing(null);
            setDone(message);
          }}
        />
      )}
    </section>
  );
}
