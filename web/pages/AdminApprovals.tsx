import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LIMITS } from '../../src/contracts/limits.ts';
import { useActionQuery, useJob, useLatest, useStartAction } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { Badge, EnvironmentBadge, HotfixBadge, StatusBadge } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { PhoneOverlay } from '../components/PhoneOverlay.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { LIVE_QUERY, LiveRefresh } from '../components/LiveRefresh.tsx';
import { useKept } from '../components/use-kept.ts';
import { Pagination, pageOf } from '../components/Pagination.tsx';
import { componentCounts, createdUpdated, dateWithAge, formatDate } from '../components/format.ts';
import { selectableRow } from '../components/rows.ts';
import {
  EnvironmentAndHotfix,
  PeerReviewInformation,
  PromotionResults,
  ReviewRowTail,
  SubmissionDetails,
  notesCell,
  requestedEnvironments,
  type ReviewItem,
} from '../components/review/ReviewSections.tsx';
import { FailedDeployment } from '../components/review/FailedDeployment.tsx';
import { RuntimeWarnings, useRuntimeWarnings } from '../components/deploy/RuntimeWarnings.tsx';
import { DeploymentProgress } from '../components/review/DeploymentProgress.tsx';
import { AdminDecisionModal } from '../components/review/AdminDecisionModal.tsx';
import { PendingRollbacks } from '../components/releases/PendingRollbacks.tsx';
import { FreezeBanner } from '../components/freezes/FreezeBanner.tsx';
import { ScheduledDeployments } from '../components/freezes/ScheduledDeployments.tsx';
import { PromotionDrift, usePromotionDrift } from '../components/drift/PromotionDrift.tsx';
import { PolicyFindings } from '../components/checks/PolicyFindings.tsx';
import {
  BLOCKED_REASON,
  ExtensionFindings,
  blocksApproval,
  useExtensionCheck,
} from '../components/extensions/ExtensionFindings.tsx';
import { ApprovalsPanel } from '../components/review/ApprovalsPanel.tsx';
import { TestEvidencePanel } from '../components/checks/TestEvidencePanel.tsx';

const PAGE = 25;

/** An approved promotion still in the queue is scheduled, or its production deployment failed. */
const QueueStatus = ({ r }: { r: ReviewItem }) =>
  r.status !== 'ADMIN_APPROVED' ? (
    <StatusBadge status={r.status} />
  ) : r.scheduledDeployAt ? (
    <Badge tone="blue">Scheduled</Badge>
  ) : (
    <Badge tone="red">{r.lastErrorCode || r.jobId ? 'Deployment failed' : 'Not deployed'}</Badge>
  );

/** P7: the admin's final gate — approve and deploy, or deny (20-dashboard.md §4 P7). */
export function AdminApprovals() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const selected = params.get('selected');
  const queue = useActionQuery('queryAdminReviewQueue', { includeApproved: true, limit: 500 }, LIVE_QUERY);
  const [page, setPage] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(
    () =>
      [...(queue.data?.pendingApprovals ?? [])].sort((a, b) =>
        (b.submittedAt ?? b.initiatedAt).localeCompare(a.submittedAt ?? a.initiatedAt),
      ),
    [queue.data],
  );
  const listed = rows.find((r) => r.promotionId === selected);
  // The open decision stays while the queue refreshes, even once its item has left the queue.
  const row = useKept(listed, selected) ?? null;
  // The outcome shows once the detail has closed (the router clears the selection a moment after
  // the decision ends); on a phone that detail is the whole screen, so the outcome takes the focus.
  const outcome = row ? null : done;
  useEffect(() => {
    if (outcome) doneRef.current?.focus();
  }, [outcome]);
  const select = (id: string | null) => {
    setDone(null);
    setParams(id ? { selected: id } : {}, { replace: true });
  };
  return (
    <section aria-labelledby="p7-title">
      <div className="title-row">
        <h2 id="p7-title">Deployment Approval Queue</h2>
        <Link to="/admin/mappings">View Component Mappings</Link>
        <LiveRefresh query={queue} count={queue.data ? rows.length : null} noun={['request', 'requests']} />
      </div>
      <PendingRollbacks />
      <p className="page-identity">
        Admin: {me.name} ({me.email})
      </p>
      <FreezeBanner />
      <ScheduledDeployments />
      {outcome && (
        <div className="banner banner-success" role="status" tabIndex={-1} ref={doneRef}>
          {outcome}
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
                {r.isHotfix && <HotfixBadge breakGlass={r.breakGlass} />}
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
          {!listed && queue.data && (
            <div className="banner banner-warning" role="status">
              This request has left the queue: someone else decided, withdrew or cancelled it. Close it to see the queue
              as it is now.
            </div>
          )}
          <Decision
            key={row.promotionId}
            r={row}
            onFinished={(message) => {
              setParams({}, { replace: true });
              setDone(message);
              void queue.refetch();
            }}
            onChanged={() => void queue.refetch()}
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

function Decision({
  r,
  onFinished,
  onChanged,
}: {
  r: ReviewItem;
  onFinished(message: string): void;
  onChanged(): void;
}) {
  const [comments, setComments] = useState('');
  const [modal, setModal] = useState<'approve' | 'deny' | null>(null);
  const approve = useStartAction('submitAdminReview');
  // A retry after a failure starts a newer job than the approval's.
  const [retried, setRetried] = useState<string | null>(null);
  // A scheduled approval answers at once: its job waits for its time, nothing to follow here.
  const scheduledAt =
    approve.data && 'scheduledDeployAt' in approve.data ? String(approve.data.scheduledDeployAt) : null;
  const waiting = !!scheduledAt || (r.status === 'ADMIN_APPROVED' && !!r.scheduledDeployAt && !retried);
  const started = retried ?? (approve.data && 'jobId' in approve.data && !scheduledAt ? approve.data.jobId : null);
  // An approved promotion whose deployment is still running (after a reload) is followed again.
  const job = useJob(started ?? (r.status === 'ADMIN_APPROVED' && !waiting ? r.jobId : null));
  const deniedNow = approve.variables?.decision === 'DENIED' && approve.isSuccess;
  const deployed =
    job?.state === 'SUCCEEDED'
      ? String((job.response as { prodPackageId?: string } | null)?.prodPackageId ?? '-')
      : null;
  const finished = useLatest(onFinished);
  const changed = useLatest(onChanged);
  // The queue refreshes once the decision is done; the item then leaves it and this panel closes.
  useEffect(() => {
    if (deniedNow) finished.current('Deployment request denied. Submitter has been notified.');
  }, [deniedNow]);
  useEffect(() => {
    if (scheduledAt)
      finished.current(`Approved. The production deployment is scheduled for ${formatDate(scheduledAt)}.`);
  }, [scheduledAt]);
  useEffect(() => {
    if (deployed) finished.current(`Branch merged, packaged, and deployed successfully! Prod Package ID: ${deployed}`);
  }, [deployed]);
  // A failed run may have stored corrected choices: the next retry starts from them.
  useEffect(() => {
    if (job?.state === 'FAILED') changed.current();
  }, [job?.state]);
  const busy = approve.isPending || job?.state === 'RUNNING' || job?.state === 'QUEUED';
  const decidable = r.status === 'PENDING_ADMIN_REVIEW' && !approve.isSuccess;
  const failed = job ? job.state === 'FAILED' : r.status === 'ADMIN_APPROVED' && !started && !waiting;
  const warnings = useRuntimeWarnings('PRODUCTION', requestedEnvironments(r));
  const check = useExtensionCheck(r.promotionId, decidable);
  const drift = usePromotionDrift(r.promotionId);
  const drifted = drift.data?.findings ?? [];
  const blocked = blocksApproval(check.data);
  return (
    <div className="admin-detail">
      <SubmissionDetails r={r} />
      <PeerReviewInformation r={r} />
      <EnvironmentAndHotfix r={r} admin />
      <ApprovalsPanel promotionId={r.promotionId} breakGlass={r.breakGlass} />
      <TestEvidencePanel promotionId={r.promotionId} />
      <PromotionResults r={r} />
      {approve.error && <ErrorBanner error={approve.error} />}
      {job && <DeploymentProgress job={job} />}
      {!job && failed && (
        <div className="banner banner-error" role="alert">
          <strong>
            {!r.lastErrorCode && !r.jobId
              ? 'Approved, not deployed: its scheduled deployment was cancelled. Deploy it now, or cancel it.'
              : `The approved deployment did not finish: ${r.errorMessage ?? 'it was interrupted'}`}
          </strong>
        </div>
      )}
      {waiting && !job && r.scheduledDeployAt && (
        <div className="banner banner-info" role="status">
          The production deployment is scheduled for {formatDate(r.scheduledDeployAt)}.
          {r.scheduleNote ? ` ${r.scheduleNote}.` : ''} Cancel it under Scheduled production deployments to deploy it
          now.
        </div>
      )}
      {decidable && <ExtensionFindings check={check.data} pending={check.isPending} />}
      {decidable && <PromotionDrift findings={drifted} error={drift.error} onRetry={() => void drift.refetch()} />}
      <PolicyFindings promotionId={r.promotionId} />
      {check.error && <ErrorBanner error={check.error} onRetry={() => void check.refetch()} />}
      {decidable && (
        <RuntimeWarnings
          warnings={warnings}
          intro="Boomi accepts the deployment, but the process does not run in these environments until a runtime is online there. You can still approve."
        />
      )}
      {failed && (
        <FailedDeployment
          r={r}
          busy={busy}
          runtimeWarnings={warnings}
          onStarted={setRetried}
          onCancelled={(m) => finished.current(m)}
        />
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
            <button
              type="button"
              className="success large"
              disabled={busy || blocked}
              aria-describedby={blocked ? 'approval-blocked' : undefined}
              onClick={() => setModal('approve')}
            >
              Approve and Deploy
            </button>
          </div>
          {blocked && (
            <p id="approval-blocked" className="field-error">
              {BLOCKED_REASON}
            </p>
          )}
        </>
      )}
      {modal && (
        <AdminDecisionModal
          r={r}
          kind={modal}
          runtimeWarnings={warnings}
          drifted={drifted}
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
