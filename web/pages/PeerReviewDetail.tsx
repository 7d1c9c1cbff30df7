import { ReviewDrift } from '../components/drift/PromotionDrift.tsx';
import { PolicyFindings } from '../components/checks/PolicyFindings.tsx';
import { notFound } from '../api/client.ts';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { LIMITS } from '../../src/contracts/limits.ts';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { sameEmail, useMe } from '../app/session.tsx';
import { StatusBadge } from '../components/Badge.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { CopyableId } from '../components/CopyButton.tsx';
import { ErrorBanner, ErrorPanel, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { useKept } from '../components/use-kept.ts';
import { Modal } from '../components/Modal.tsx';
import {
  EnvironmentAndHotfix,
  PEER_QUEUE_REQUEST,
  PromotionResults,
  SubmissionDetails,
  type ReviewItem,
} from '../components/review/ReviewSections.tsx';
import { ApprovalsPanel } from '../components/review/ApprovalsPanel.tsx';
import { TestEvidencePanel } from '../components/checks/TestEvidencePanel.tsx';

/**
 * P6: one submission in full and the peer decision (20-dashboard.md §4 P6). The item comes from
 * the queue P5 loaded; a direct link that is not in the caller's queue (their own submission, or
 * one already decided) is shown read-only from the record.
 */
export function PeerReviewDetail() {
  const { promotionId = '' } = useParams();
  const queue = useActionQuery('queryPeerReviewQueue', PEER_QUEUE_REQUEST, { staleTime: 30_000 });
  // The queue refetches after this reviewer's decision, without the item: the page keeps it, and
  // with it the decision's answer.
  const queued = useKept(
    queue.data?.pendingReviews.find((r) => r.promotionId === promotionId),
    promotionId,
  );
  const record = useActionQuery(
    'queryStatus',
    { promotionId, includeResults: true, limit: 1 },
    { enabled: !!queue.data && !queued },
  );
  if (!queued && (queue.isPending || record.isPending)) return <Loading />;
  if (!queued && queue.error) return <QueryError error={queue.error} onRetry={() => void queue.refetch()} />;
  if (record.error) return <QueryError error={record.error} onRetry={() => void record.refetch()} />;
  const found = queued ?? (record.data?.promotions[0] as ReviewItem | undefined);
  if (!found) return <ErrorPanel error={notFound('Promotion not found')} />;
  return (
    <Detail
      key={found.promotionId}
      item={{ ...found, results: found.results ?? [], notes: found.notes ?? null }}
      inQueue={!!queued}
    />
  );
}

function Detail({ item: r, inQueue }: { item: ReviewItem; inQueue: boolean }) {
  const me = useMe();
  const review = useActionMutation('submitPeerReview');
  const [comments, setComments] = useState('');
  const [modal, setModal] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const own = sameEmail(r.initiatedBy, me.email) || sameEmail(r.submittedBy, me.email);
  const decidable = inQueue && !own && r.status === 'PENDING_PEER_REVIEW';
  const decide = (decision: 'APPROVED' | 'REJECTED', text: string) => {
    setModal(null);
    review.mutate({ promotionId: r.promotionId, decision, ...(text.trim() ? { comments: text.trim() } : {}) });
  };
  const back = (
    <Link to="/reviews/peer" className="back-link">
      ← Back to Peer Review Queue
    </Link>
  );
  if (review.data) {
    const approved = review.variables?.decision === 'APPROVED';
    return (
      <section className="review-detail" aria-labelledby="p6-done">
        {back}
        <div className={`banner ${approved ? 'banner-success' : 'banner-info'}`} role="status">
          <div>
            <h2 id="p6-done">{approved ? 'Peer review approved!' : 'Promotion rejected.'}</h2>
            <p>
              {approved
                ? 'The promotion has gone to the Admin Approval Queue; the submitter and the admins were notified.'
                : 'The submitter has been notified with your feedback.'}
            </p>
            <p>
              Promotion ID: <CopyableId id={r.promotionId} />
            </p>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className="review-detail" aria-labelledby="p6-title">
      {back}
      <h2 id="p6-title">Peer Review Detail</h2>
      <p className="page-identity">
        Reviewer: {me.name} ({me.email}) · 2-Layer Approval — Step 1 of 2
      </p>
      {own && (
        <div className="banner banner-error" role="alert">
          You cannot review your own submission
        </div>
      )}
      {!own && r.status !== 'PENDING_PEER_REVIEW' && (
        <div className="banner banner-warning" role="status">
          This promotion is no longer waiting for a peer review. Status: <StatusBadge status={r.status} />
        </div>
      )}
      {review.error && <ErrorBanner error={review.error} />}
      <SubmissionDetails r={r} />
      <EnvironmentAndHotfix r={r} />
      <ApprovalsPanel promotionId={r.promotionId} breakGlass={r.breakGlass} />
      <TestEvidencePanel promotionId={r.promotionId} />
      <PromotionResults r={r} />
      <ReviewDrift promotionId={r.promotionId} />
      <PolicyFindings promotionId={r.promotionId} />
      <div style={{ maxWidth: 600 }}>
        <CountedTextArea
          label="Peer Review Comments"
          value={comments}
          onChange={setComments}
          max={LIMITS.comments}
          placeholder="Add your review comments here..."
          disabled={!decidable}
        />
      </div>
      <div className="button-bar footer-bar">
        <button
          type="button"
          className="danger"
          disabled={!decidable || review.isPending}
          onClick={() => setModal('reject')}
        >
          Reject
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="success large"
          disabled={!decidable || review.isPending}
          onClick={() => setModal('approve')}
        >
          ✓ Approve — Send to Admin Review
        </button>
      </div>
      {modal === 'approve' && (
        <Modal
          title="Confirm Peer Approval"
          onCancel={() => setModal(null)}
          actions={
            <button type="button" className="success" onClick={() => decide('APPROVED', comments)}>
              Confirm Approval
            </button>
          }
        >
          <p>Approve this promotion for admin review?</p>
          <dl className="facts">
            <dt>Process</dt>
            <dd>{r.processName}</dd>
            <dt>Package Version</dt>
            <dd>{r.packageVersion}</dd>
            <dt>Total Components</dt>
            <dd>{r.componentsTotal}</dd>
            <dt>Submitted by</dt>
            <dd>{r.submittedBy ?? r.initiatedBy}</dd>
          </dl>
          <p>It will then wait in the Admin Approval Queue.</p>
        </Modal>
      )}
      {modal === 'reject' && (
        <Modal
          title="Reject Promotion"
          onCancel={() => setModal(null)}
          actions={
            <button
              type="button"
              className="danger"
              disabled={!reason.trim()}
              onClick={() => decide('REJECTED', reason)}
            >
              Confirm Rejection
            </button>
          }
        >
          <CountedTextArea
            label="Reason for Rejection"
            value={reason}
            onChange={setReason}
            max={LIMITS.comments}
            required
            placeholder="Explain why this promotion should not proceed..."
          />
          <p className="muted">The branch is deleted; main is not touched.</p>
        </Modal>
      )}
    </section>
  );
}
