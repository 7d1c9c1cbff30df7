import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { sameEmail, useMe } from '../app/session.tsx';
import type { ActionResponse } from '../api/client.ts';
import { Badge } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { PHONE, useMediaQuery } from '../components/use-media-query.ts';
import { CopyableId } from '../components/CopyButton.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { LIVE_QUERY, LiveRefresh } from '../components/LiveRefresh.tsx';
import { Modal } from '../components/Modal.tsx';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { SortHeader } from '../components/SortHeader.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { componentCounts, createdUpdated, dateWithAge, formatDate, plural } from '../components/format.ts';
import { selectableRow, sortRows, type SortDir } from '../components/rows.ts';
import { STALE_DAYS, ageTone } from '../components/deploy/branch-age.ts';
import { FreezeBanner } from '../components/freezes/FreezeBanner.tsx';
import { ScheduledDeployments } from '../components/freezes/ScheduledDeployments.tsx';
import { DriftPanel } from '../components/drift/DriftPanel.tsx';
import { TestEvidencePanel } from '../components/checks/TestEvidencePanel.tsx';

type TestDeployment = ActionResponse<'queryTestDeployments'>['testDeployments'][number];
type Column =
  'processName' | 'packageVersion' | 'testDeployedAt' | 'branchAgeDays' | 'componentsTotal' | 'changes' | 'initiatedBy';
const PAGE = 25;

const value = (t: TestDeployment, c: Column): string | number =>
  c === 'changes'
    ? t.componentsCreated + t.componentsUpdated
    : c === 'branchAgeDays' || c === 'componentsTotal'
      ? t[c]
      : (t[c] ?? '');

/** P9: test deployments ready for production, their branch age, and the way to production (§4 P9). */
export function ProductionReadiness() {
  const navigate = useNavigate();
  const query = useActionQuery('queryTestDeployments', { limit: 500 }, LIVE_QUERY);
  const [selected, setSelected] = useState<string | null>(null);
  const [sort, setSort] = useState<{ column: Column; dir: SortDir }>({ column: 'testDeployedAt', dir: 'desc' });
  const [page, setPage] = useState(0);
  const [cancelling, setCancelling] = useState<TestDeployment | null>(null);
  const rows = useMemo(() => sortRows(query.data?.testDeployments ?? [], value, sort), [query.data, sort]);
  const row = rows.find((r) => r.promotionId === selected) ?? null;
  const stale = rows.filter((r) => r.branchAgeDays > STALE_DAYS).length;

  return (
    <section aria-labelledby="p9-title">
      <div className="title-row">
        <h2 id="p9-title">Production Readiness — Tested Deployments</h2>
        <LiveRefresh
          query={query}
          count={query.data ? rows.length : null}
          noun={['test deployment ready', 'test deployments ready']}
        />
      </div>
      <div className="banner banner-info">
        These promotions passed test and are ready for production. Selecting one and choosing "Promote to Production"
        starts the peer review and admin approval.
      </div>
      <FreezeBanner />
      <ScheduledDeployments />
      {query.isPending ? (
        <Loading minHeight={300} />
      ) : query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>
            <span aria-hidden="true">🧪</span> No test deployments ready for production
          </p>
          <p className="muted">Deploy a promotion to test first, then come back here to take it to production.</p>
        </div>
      ) : (
        <>
          {stale > 0 && (
            <div className="banner banner-warning" role="status">
              ⚠ {plural(stale, 'deployment has', 'deployments have')} been in test for over {STALE_DAYS} days. Promote
              them to production or cancel them to free branch slots.
            </div>
          )}
          <div className="table-wrap has-cards" style={{ minHeight: 300 }}>
            <table aria-label="Test deployments">
              <thead>
                <tr>
                  <SortHeader label="Process Name" column="processName" sort={sort} onSort={setSort} />
                  <SortHeader label="Package Version" column="packageVersion" sort={sort} onSort={setSort} />
                  <SortHeader label="Test Deployed" column="testDeployedAt" sort={sort} onSort={setSort} />
                  <SortHeader label="Branch Age" column="branchAgeDays" sort={sort} onSort={setSort} className="num" />
                  <SortHeader
                    label="Components"
                    column="componentsTotal"
                    sort={sort}
                    onSort={setSort}
                    className="num"
                  />
                  <SortHeader label="Created/Updated" column="changes" sort={sort} onSort={setSort} />
                  <th>Test Pack</th>
                  <SortHeader label="Submitted By" column="initiatedBy" sort={sort} onSort={setSort} />
                </tr>
              </thead>
              <tbody>
                {pageOf(rows, page, PAGE).map((t) => (
                  <tr
                    key={t.promotionId}
                    {...selectableRow(selected === t.promotionId, () => setSelected(t.promotionId))}
                  >
                    <td>
                      <strong>{t.processName ?? '-'}</strong>
                    </td>
                    <td>{t.packageVersion ?? '-'}</td>
                    <td title={t.testDeployedAt ?? undefined}>{dateWithAge(t.testDeployedAt)}</td>
                    <td className="num" title="Promote within 30 days so stale branches do not pile up">
                      <Badge tone={ageTone(t.branchAgeDays)} label={`${t.branchAgeDays} days`}>
                        {t.branchAgeDays}
                      </Badge>
                    </td>
                    <td className="num">{t.componentsTotal}</td>
                    <td>{createdUpdated(t.componentsCreated, t.componentsUpdated)}</td>
                    <td>{t.testIntegrationPackName ?? '-'}</td>
                    <td>{t.initiatedBy}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CardList
            label="Test deployments"
            items={pageOf(rows, page, PAGE)}
            itemKey={(t) => t.promotionId}
            selected={selected}
            onSelect={(t) => setSelected(t.promotionId)}
            title={(t) => (
              <>
                <strong>{t.processName ?? '-'}</strong> v{t.packageVersion ?? '-'}
              </>
            )}
            badges={(t) => (
              <Badge tone={ageTone(t.branchAgeDays)}>
                Branch age: {t.branchAgeDays} {t.branchAgeDays === 1 ? 'day' : 'days'}
              </Badge>
            )}
            facts={(t) => [
              ['Test Deployed', dateWithAge(t.testDeployedAt)],
              ['Components', componentCounts(t.componentsTotal, t.componentsCreated, t.componentsUpdated)],
              ['Test Pack', t.testIntegrationPackName ?? '-'],
              ['Submitted By', t.initiatedBy],
            ]}
          />
          {rows.length > PAGE && (
            <Pagination page={page} pageSize={PAGE} total={rows.length} noun="test deployments" onPage={setPage} />
          )}
        </>
      )}
      {row && <Detail t={row} onCancel={() => setCancelling(row)} />}
      {row && <TestEvidencePanel promotionId={row.promotionId} manage />}
      <div className="button-bar footer-bar">
        <span className="spacer" />
        <button
          type="button"
          className="success large"
          disabled={!row}
          onClick={() => row && navigate(`/test-deployments/${row.promotionId}/promote`)}
        >
          Promote to Production →
        </button>
      </div>
      <DriftPanel />
      {cancelling && (
        <CancelModal
          t={cancelling}
          onDone={() => {
            setCancelling(null);
            setSelected(null);
            void query.refetch();
          }}
          onClose={() => setCancelling(null)}
        />
      )}
    </section>
  );
}

function Detail({ t, onCancel }: { t: TestDeployment; onCancel(): void }) {
  const me = useMe();
  const phone = useMediaQuery(PHONE);
  const ref = useRef<HTMLDivElement>(null);
  // On a phone the detail sits below every card, out of sight of the one just tapped: scroll to it.
  useEffect(() => {
    if (phone) ref.current?.scrollIntoView({ block: 'start' });
  }, [phone, t.promotionId]);
  // The server lets only the promotion's initiator or an admin cancel it.
  const mayCancel = me.tier === 'ADMIN' || sameEmail(me.email, t.initiatedBy);
  return (
    <div className="panel detail-grid" aria-label="Selected test deployment" ref={ref}>
      <div>
        <h3>Promotion Details</h3>
        <dl className="facts">
          <dt>Promotion ID</dt>
          <dd>
            <CopyableId id={t.promotionId} />
          </dd>
          <dt>Process Name</dt>
          <dd>
            {t.processName ?? '-'}{' '}
            <Link to={`/releases?promotionId=${encodeURIComponent(t.promotionId)}`}>Release history</Link>
          </dd>
          <dt>Package Version</dt>
          <dd>{t.packageVersion ?? '-'}</dd>
          <dt>Submitted by</dt>
          <dd>{t.initiatedBy}</dd>
          <dt>Submitted at</dt>
          <dd>{formatDate(t.initiatedAt)}</dd>
        </dl>
      </div>
      <div>
        <h3>Test Deployment Info</h3>
        <dl className="facts">
          <dt>Test Deployed</dt>
          <dd>{formatDate(t.testDeployedAt)}</dd>
          <dt>Test Integration Pack</dt>
          <dd>{t.testIntegrationPackName ?? '-'}</dd>
          <dt>Branch</dt>
          <dd>
            <code>{t.branchName ?? '-'}</code>
          </dd>
          <dt>Branch Status</dt>
          <dd>{t.branchId ? 'Active — preserved for production review' : 'Deleted'}</dd>
        </dl>
      </div>
      <div>
        <h3>Component Summary</h3>
        <dl className="facts">
          <dt>Total</dt>
          <dd>{t.componentsTotal}</dd>
          <dt>Created</dt>
          <dd>
            <Badge tone="blue">{t.componentsCreated}</Badge>
          </dd>
          <dt>Updated</dt>
          <dd>
            <Badge tone="green">{t.componentsUpdated}</Badge>
          </dd>
        </dl>
        {mayCancel && (
          <button type="button" className="danger small" onClick={onCancel}>
            Cancel Test Deployment
          </button>
        )}
      </div>
    </div>
  );
}

/** Cancelling deletes the branch, so the test deployment can no longer go to production. */
function CancelModal({ t, onDone, onClose }: { t: TestDeployment; onDone(): void; onClose(): void }) {
  const cancel = useActionMutation('cancelTestDeployment');
  const [reason, setReason] = useState('');
  return (
    <Modal
      title="Cancel Test Deployment"
      onCancel={onClose}
      actions={
        <button
          type="button"
          className="danger"
          disabled={cancel.isPending}
          onClick={() =>
            cancel.mutate(
              { promotionId: t.promotionId, ...(reason.trim() ? { reason: reason.trim() } : {}) },
              { onSuccess: onDone },
            )
          }
        >
          Confirm Cancellation
        </button>
      }
    >
      <p>
        Cancel the test deployment of <strong>{t.processName}</strong> v{t.packageVersion}? Its branch{' '}
        <code>{t.branchName}</code> is deleted and it leaves this list; to go to production later, promote the package
        again.
      </p>
      <CountedTextArea label="Reason (optional)" value={reason} onChange={setReason} max={500} rows={3} />
      {cancel.error && <ErrorBanner error={cancel.error} />}
    </Modal>
  );
}
