import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ROLLBACK_LIMITS } from '../../src/contracts/releases.ts';
import { useActionMutation, useActionQuery, useJob } from '../api/hooks.ts';
import { useMe } from '../app/session.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading, Progress } from '../components/Loading.tsx';
import { Modal } from '../components/Modal.tsx';
import { formatDate } from '../components/format.ts';
import { RollbackDialog } from '../components/releases/RollbackDialog.tsx';
import { RollbackStatusBadge } from '../components/releases/RollbackStatusBadge.tsx';
import { RollbackSteps } from '../components/releases/RollbackSteps.tsx';

type Rollback = NonNullable<ReturnType<typeof useActionQuery<'getRollback'>>['data']>['rollback'];
type Decision = 'APPROVED' | 'DENIED' | 'CANCEL';

/**
 * A rollback (issue 14): what it replaces and restores, its steps with times and errors, progress
 * while it runs, and the decisions the viewer may take: approve or deny (an admin who did not ask),
 * retry (admins) or cancel (the requester or an admin) once it failed.
 */
export function RollbackView() {
  const { rollbackId = '' } = useParams();
  const me = useMe();
  const query = useActionQuery(
    'getRollback',
    { rollbackId },
    { staleTime: 0, refetchInterval: (q) => (q.state.data?.rollback.status === 'RUNNING' ? 1500 : false) },
  );
  const r = query.data?.rollback;
  const job = useJob(r?.status === 'RUNNING' ? r.jobId : null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [undo, setUndo] = useState(false);
  const retry = useActionMutation('retryRollback');
  if (query.isPending) return <Loading />;
  if (query.error || !r) return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  const admin = me.tier === 'ADMIN';
  const mine = me.email.toLowerCase() === r.requestedBy.toLowerCase();
  const canDecide = r.status === 'PENDING_APPROVAL' && !mine && (admin || r.approvalsMissing.peers > 0);
  const decided = r.approvals.some((a) => a.approver.toLowerCase() === me.email.toLowerCase());
  const p = job?.progress;
  return (
    <section aria-labelledby="rollback-title">
      <h2 id="rollback-title">Rollback of {r.processName ?? 'a process'}</h2>
      <p className="page-identity">
        v{r.rolledBack.packageVersion} → v{r.restores.packageVersion} · <RollbackStatusBadge status={r.status} />
      </p>
      <dl className="facts">
        <dt>Rolls back</dt>
        <dd>
          {r.rolledBack.kind === 'ROLLBACK' ? (
            <Link to={`/rollbacks/${encodeURIComponent(r.rolledBack.id)}`}>an earlier rollback</Link>
          ) : (
            <Link to={`/promotions/${encodeURIComponent(r.rolledBack.id)}`}>promotion {r.rolledBack.id}</Link>
          )}{' '}
          (package v{r.rolledBack.packageVersion}, released {formatDate(r.rolledBack.releasedAt)})
        </dd>
        <dt>Restores</dt>
        <dd>
          package v{r.restores.packageVersion}, released {formatDate(r.restores.releasedAt)}
        </dd>
        <dt>Integration pack</dt>
        <dd>{r.integrationPackName ?? r.integrationPackId}</dd>
        <dt>Requested</dt>
        <dd>
          by {r.requestedBy}, {formatDate(r.requestedAt)}
        </dd>
        <dt>Reason</dt>
        <dd className="user-text">{r.reason}</dd>
        <dt>Approvals</dt>
        <dd>
          {r.approvals.length === 0
            ? 'None yet'
            : r.approvals
                .map(
                  (a) =>
                    `${a.decision === 'APPROVED' ? 'Approved' : 'Denied'} by ${a.approver} (${a.role.toLowerCase()})${a.comments ? `: ${a.comments}` : ''}`,
                )
                .join('; ')}
          {r.status === 'PENDING_APPROVAL' &&
            ` · waiting for ${r.approvalsMissing.admins} admin(s)${r.approvalsMissing.peers ? ` and ${r.approvalsMissing.peers} peer(s)` : ''}`}
        </dd>
      </dl>
      {r.status === 'RUNNING' && (
        <div role="status">
          {p && p.total > 0 ? (
            <Progress done={p.done} total={p.total} label={`${p.step ?? 'Rolling back'}...`} />
          ) : (
            <p>Rolling back...</p>
          )}
        </div>
      )}
      {r.status === 'FAILED' && r.errorMessage && (
        <div className="banner banner-error" role="alert">
          <span>{r.errorMessage}</span>
        </div>
      )}
      <RollbackSteps rollback={r} />
      {r.leftInPlace.length > 0 && (
        <p>Not part of the previous release, left in place on main: {r.leftInPlace.map((c) => c.name).join(', ')}</p>
      )}
      {retry.error && <ErrorBanner error={retry.error} />}
      <div className="button-bar footer-bar">
        <Link to={`/releases?processId=${encodeURIComponent(r.processId)}`}>Release history</Link>
        <span className="spacer" />
        {canDecide && !decided && (
          <>
            <button type="button" className="danger" onClick={() => setDeciding('DENIED')}>
              Deny
            </button>
            <button type="button" onClick={() => setDeciding('APPROVED')}>
              Approve Rollback
            </button>
          </>
        )}
        {(r.status === 'PENDING_APPROVAL' || r.status === 'FAILED') && (admin || mine) && (
          <button type="button" className="secondary" onClick={() => setDeciding('CANCEL')}>
            Cancel Rollback
          </button>
        )}
        {r.status === 'FAILED' && admin && (
          <button type="button" disabled={retry.isPending} onClick={() => retry.mutate({ rollbackId: r.rollbackId })}>
            {retry.isPending ? 'Retrying...' : 'Retry Rollback'}
          </button>
        )}
        {r.status === 'DONE' && (
          <button type="button" className="danger" onClick={() => setUndo(true)}>
            Roll back this rollback
          </button>
        )}
      </div>
      {deciding && <DecisionDialog rollback={r} decision={deciding} onClose={() => setDeciding(null)} />}
      {undo && (
        <RollbackDialog
          release={{
            promotionId: r.promotionId,
            rollbackId: r.rollbackId,
            label: `the rollback to v${r.restores.packageVersion}`,
          }}
          onClose={() => setUndo(false)}
        />
      )}
    </section>
  );
}

function DecisionDialog({
  rollback: r,
  decision,
  onClose,
}: {
  rollback: Rollback;
  decision: Decision;
  onClose(): void;
}) {
  const [text, setText] = useState('');
  const review = useActionMutation('reviewRollback');
  const cancel = useActionMutation('cancelRollback');
  const call = decision === 'CANCEL' ? cancel : review;
  const required = decision !== 'APPROVED';
  const title =
    decision === 'APPROVED' ? 'Approve Rollback' : decision === 'DENIED' ? 'Deny Rollback' : 'Cancel Rollback';
  const send = () => {
    const body = text.trim();
    if (decision === 'CANCEL') cancel.mutate({ rollbackId: r.rollbackId, reason: body }, { onSuccess: onClose });
    else
      review.mutate(
        { rollbackId: r.rollbackId, decision, ...(body ? { comments: body } : {}) },
        { onSuccess: onClose },
      );
  };
  return (
    <Modal
      title={title}
      onCancel={onClose}
      actions={
        <button
          type="button"
          className={decision === 'APPROVED' ? '' : 'danger'}
          disabled={(required && !text.trim()) || call.isPending}
          onClick={send}
        >
          {call.isPending ? 'Sending...' : title}
        </button>
      }
    >
      <p>
        {decision === 'APPROVED'
          ? `Production goes back to package v${r.restores.packageVersion} as soon as the approvals are complete.`
          : decision === 'DENIED'
            ? 'Production keeps the release it runs; the requester is told why.'
            : r.status === 'FAILED'
              ? 'The steps already done stay done in Boomi (see the steps); nothing more runs.'
              : 'The rollback leaves the approval queue; nothing ran.'}
      </p>
      <CountedTextArea
        label={
          decision === 'CANCEL' ? 'Reason for Cancelling' : required ? 'Reason for Denying' : 'Comments (optional)'
        }
        value={text}
        onChange={setText}
        max={ROLLBACK_LIMITS.comments}
        required={required}
        rows={3}
        disabled={call.isPending}
      />
      {call.error && <ErrorBanner error={call.error} />}
    </Modal>
  );
}
