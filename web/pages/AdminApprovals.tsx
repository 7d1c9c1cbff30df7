import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LIMITS } from '../../src/contracts/limits.ts';
import { useActionQuery, useJob, useStartAction } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { Badge, EnvironmentBadge, HotfixBadge, StatusBadge } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { PhoneOverlay } from '../components/PhoneOverlay.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { componentCounts, createdUpdated, dateWithAge, formatDate } from '../components/format.ts';
import { selectableRow } from '../components/rows.ts';
import {
  EnvironmentAndHotfix,
  PromotionResults,
  ReviewRowTail,
  SubmissionDetails,
  notesCell,
  type ReviewItem,
} from '../components/review/ReviewSections.tsx';
import { DeploymentProgress } from '../components/review/DeploymentProgress.tsx';
import { AdminDecisionModal } from '../components/review/AdminDecisionModal.tsx';

const PAGE = 25;

/** An approved promotion still in the queue is one whose production deployment failed. */
const QueueStatus = ({ r }: { r: ReviewItem }) =>
  r.status === 'ADMIN_APPROVED' ? <Badge tone="red">Deployment failed</Badge> : <StatusBadge status={r.status} />;

/** P7: the admin's final gate — approve and deploy, or deny (20-dashboard.md §4 P7). */
export function AdminApprovals() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const selected = params.get('selected');
  const queue = useActionQuery('queryAdminReviewQueue', { includeApproved: true, limit: 500 }, { staleTime: 0 });
  const [page, setPage] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  // The detail (on a phone, the whole screen) closes when a decision is done: the outcome takes the focus.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const rows = useMemo(
    () =>
      [...(queue.data?.pendingApprovals ?? [])].sort((a, b) =>
        (b.submittedAt ?? b.initiatedAt).localeCompare(a.submittedAt ?? a.initiatedAt),
      ),
    [queue.data],
  );
  const row = rows.find((r) => r.promotionId === selected) ?? null;
  const select = (id: string | null) => {
    setDone(null);
    setParams(id ? { selected: id } : {}, { replace: true });
  };
  return (
    <section aria-labelledby="p7-title">
      <div className="title-row">
        <h2 id="p7-title">Deployment Approval Queue</h2>
        <Link to="/admin/mappings">View Component Mappings</Link>
      </div>
      <p className="page-identity">
        Admin: {me.name} ({me.email})
      </p>
      {done && (
        <div className="banner banner-success" role="status" tabIndex={-1} ref={doneRef}>
          {done}
        </div>
      )}
      {queue.isPending ? (
        <Loading minHeight={250} />
      ) : queue.error ? (
        <QueryError error={queue.error} onRetry={() => void queue.refetch()} />
      ) : rows.length === 0 ? (
        <div className="empty-state" role="status">
          <p>
            <span aria-hidden="true">✓</span> No pending approvals
          </p>
          <p className="muted">All deployment requests have been processed.</p>
        </div>
      ) : (
        <>
          <div className="table-wrap has-cards" style={{ minHeight: 250 }}>
            <table aria-label="Pending approvals">
              <thead>
                <tr>
                  <th>Submitter</th>
                  <th>Process Name</th>
                  <th className="num">Components</th>
                  <th>Created/Updated</th>
                  <th>Peer Reviewed By</th>
                  <th>Submitted</th>
                  <th>Status</th>
                  <th>Environment</th>
                  <th>Hotfix</th>
                  <th className="hide-tablet">Notes</th>
                </tr>
              </thead>
              <tbody>
                {pageOf(rows, page, PAGE).map((r) => (
                  <tr
                    key={r.promotionId}
                    {...selectableRow(selected === r.promotionId, () =>
                      select(selected === r.promotionId ? null : r.promotionId),
                    )}
                  >
                    <td>{r.submittedBy ?? r.initiatedBy}</td>
                    <td>
                      <strong>{r.processName ?? '-'}</strong>
                    </td>
                    <td className="num">{r.componentsTotal}</td>
                    <td>
                      <Badge tone="blue">{r.componentsCreated} new</Badge>{' '}
                      <Badge tone="green">{r.componentsUpdated} updated</Badge>
                      <span className="sr-only">{createdUpdated(r.componentsCreated, r.componentsUpdated)}</span>
                    </td>
                    <td>{r.peerReviewedBy ?? '-'}</td>
                    <td>{formatDate(r.submittedAt ?? r.initiatedAt)}</td>
                    <td>
                      <QueueStatus r={r} />
                    </td>
                    <ReviewRowTail r={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CardList
            label="Pending approvals"
            items={pageOf(rows, page, PAGE)}
            itemKey={(r) => r.promotionId}
            selected={selected}
            onSelect={(r) => select(selected === r.promotionId ? null : r.promotionId)}
            title={(r) => (
              <>
                <strong>{r.processName ?? '-'}</strong> v{r.packageVersion ?? '-'}
              </>
            )}
            badges={(r) => (
              <>
                <QueueStatus r={r} />
                <EnvironmentBadge environment={r.targetEnvironment ?? 'PRODUCTION'} />
                {r.isHotfix && <HotfixBadge />}
              </>
            )}
            facts={(r) => [
              ['Submitter', r.submittedBy ?? r.initiatedBy],
              ['Peer Reviewed By', r.peerReviewedBy ?? '-'],
              ['Submitted', dateWithAge(r.submittedAt ?? r.initiatedAt)],
              ['Components', componentCounts(r.componentsTotal, r.componentsCreated, r.componentsUpdated)],
              ['Notes', notesCell(r.deploymentNotes ?? r.notes)],
            ]}
          />
          {rows.length > PAGE && (
            <Pagination page={page} pageSize={PAGE} total={rows.length} noun="approvals" onPage={setPage} />
          )}
        </>
      )}
      {row ? (
        <PhoneOverlay title={`${row.processName ?? '-'} v${row.packageVersion ?? '-'}`} onClose={() => select(null)}>
          <Decision
            key={row.promotionId}
            r={row}
            onFinished={(message) => {
              setParams({}, { replace: true });
              setDone(message);
              void queue.refetch();
            }}
          />
        </PhoneOverlay>
      ) : (
        <div className="button-bar footer-bar">
          <button type="button" className="danger" disabled>
            Deny
          </button>
          <span className="spacer" />
          <button type="button" className="success large" disabled>
            Approve and Deploy
          </button>
        </div>
      )}
    </section>
  );
}

function Decision({ r, onFinished }: { r: ReviewItem; onFinished(message: string): void }) {
  const [comments, setComments] = useState('');
  const [modal, setModal] = useState<'approve' | 'deny' | null>(null);
  const approve = useStartAction('submitAdminReview');
  const retry = useStartAction('packageAndDeploy');
  const started = [retry.data, approve.data].map((d) => (d && 'jobId' in d ? d.jobId : null)).find(Boolean);
  // An approved promotion whose deployment is still running (after a reload) is followed again.
  const job = useJob(started ?? (r.status === 'ADMIN_APPROVED' ? r.jobId : null));
  const deniedNow = approve.variables?.decision === 'DENIED' && approve.isSuccess;
  const deployed =
    job?.state === 'SUCCEEDED'
      ? String((job.response as { prodPackageId?: string } | null)?.prodPackageId ?? '-')
      : null;
  const finished = useRef(onFinished);
  finished.current = onFinished;
  // The queue refreshes once the decision is done; the item then leaves it and this panel closes.
  useEffect(() => {
    if (deniedNow) finished.current('Deployment request denied. Submitter has been notified.');
  }, [deniedNow]);
  useEffect(() => {
    if (deployed) finished.current(`Branch merged, packaged, and deployed successfully! Prod Package ID: ${deployed}`);
  }, [deployed]);
  const busy = approve.isPending || retry.isPending || job?.state === 'RUNNING' || job?.state === 'QUEUED';
  const decidable = r.status === 'PENDING_ADMIN_REVIEW' && !approve.isSuccess;
  const error = approve.error ?? retry.error;
  return (
    <div className="admin-detail">
      <SubmissionDetails r={r} />
      <section className="panel" aria-label="Peer Review Information">
        <h3>Peer Review Information</h3>
        <dl className="facts">
          <dt>Reviewed by</dt>
          <dd>{r.peerReviewedBy ?? '-'}</dd>
          <dt>Reviewed at</dt>
          <dd>{formatDate(r.peerReviewedAt)}</dd>
          <dt>Decision</dt>
          <dd>
            <Badge tone="green">PEER_APPROVED</Badge>
          </dd>
          <dt>Comments</dt>
          <dd className="user-text">{r.peerReviewComments || <span className="muted">No comments provided</span>}</dd>
        </dl>
      </section>
      <EnvironmentAndHotfix r={r} admin />
      <PromotionResults r={r} />
      {error && <ErrorBanner error={error} />}
      {job && (
        <DeploymentProgress
          job={job}
          onRetry={() => retry.mutate({ promotionId: r.promotionId, deploymentTarget: 'PRODUCTION' })}
        />
      )}
      {!job && r.status === 'ADMIN_APPROVED' && (
        <div className="banner banner-error" role="alert">
          <div>
            <strong>The approved deployment did not finish: {r.errorMessage ?? 'it was interrupted'}</strong>
            <div>The branch is kept; retry the deployment.</div>
          </div>
          <button
            type="button"
            disabled={busy}
            onClick={() => retry.mutate({ promotionId: r.promotionId, deploymentTarget: 'PRODUCTION' })}
          >
            Retry Deployment
          </button>
        </div>
      )}
      {decidable && (
        <>
          <div style={{ maxWidth: 600 }}>
            <CountedTextArea
              label="Admin Comments"
              value={comments}
              onChange={setComments}
              max={LIMITS.comments}
              rows={3}
              placeholder="Add any notes about this approval or denial..."
            />
          </div>
          <div className="button-bar footer-bar">
            <button type="button" className="danger" disabled={busy} onClick={() => setModal('deny')}>
              Deny
            </button>
            <span className="spacer" />
            <button type="button" className="success large" disabled={busy} onClick={() => setModal('approve')}>
              Approve and Deploy
            </button>
          </div>
        </>
      )}
      {modal && (
        <AdminDecisionModal
          r={r}
          kind={modal}
          onCancel={() => setModal(null)}
          onConfirm={(extra) => {
            setModal(null);
            approve.mutate({
              promotionId: r.promotionId,
              ...(comments.trim() ? { comments: comments.trim() } : {}),
              ...extra,
            });
          }}
        />
      )}
    </div>
  );
}
