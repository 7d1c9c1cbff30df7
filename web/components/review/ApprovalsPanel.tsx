import { useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { useActionMutation, useActionQuery, useStartAction } from '../../api/hooks.ts';
import { Badge } from '../Badge.tsx';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { Modal } from '../Modal.tsx';
import { formatDate } from '../format.ts';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Who approved a record, what its path still needs under the approval policy, approvals voided
 * because what they approved changed, and (for a hotfix the policy lets break glass) the admin's
 * way to deploy it now. Shown on P3, P6 and P7.
 */
export function ApprovalsPanel({ promotionId, breakGlass }: { promotionId: string; breakGlass?: BreakGlass | null }) {
  const q = useActionQuery('getApprovals', { promotionId });
  const [open, setOpen] = useState(false);
  const forTest = useActionMutation('approveForTest');
  if (q.isPending) return null;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  if (!a.path) return null;
  const standing = a.approvals.filter((x) => !x.voidedAt);
  const voided = a.approvals.filter((x) => x.voidedAt);
  const given = (role: 'PEER' | 'ADMIN') => standing.filter((x) => x.role === role).length;
  return (
    <section className="panel" aria-labelledby={`approvals-${promotionId}`}>
      <h3 id={`approvals-${promotionId}`}>Approvals</h3>
      {breakGlass && (
        <div className="banner banner-error" role="note">
          <strong>Deployed by break-glass</strong> by {breakGlass.by} on {formatDate(breakGlass.at)}, with fewer
          approvals than the policy asks. Reason: <span className="user-text">{breakGlass.reason}</span>
        </div>
      )}
      <p>
        {a.path} path (policy version {a.policyVersion}): {given('PEER')} of {plural(a.required.peers, 'peer approval')}
        , {given('ADMIN')} of {plural(a.required.admins, 'admin approval')}.
      </p>
      {standing.length + voided.length > 0 && (
        <ul className="approvals">
          {[...standing, ...voided].map((x) => (
            <li key={`${x.approvedBy}-${x.approvedAt}`}>
              <Badge tone={x.voidedAt ? 'gray' : 'green'}>{x.voidedAt ? `${x.role} · VOID` : x.role}</Badge>{' '}
              {x.voidedAt ? <s>{x.approvedBy}</s> : x.approvedBy} · {formatDate(x.approvedAt)}
              {x.comments && <span className="user-text"> · {x.comments}</span>}
              {x.voidReason && <div className="muted">Voided: {x.voidReason}</div>}
            </li>
          ))}
        </ul>
      )}
      {a.callerIneligibleReason && a.remaining.peers + a.remaining.admins > 0 && (
        <p className="muted">You cannot give the next approval: {a.callerIneligibleReason}.</p>
      )}
      {a.path === 'TEST' && !a.callerIneligibleReason && a.remaining.peers + a.remaining.admins > 0 && (
        <button
          type="button"
          disabled={forTest.isPending}
          onClick={() => forTest.mutate({ promotionId }, { onSuccess: () => void q.refetch() })}
        >
          Approve for Test
        </button>
      )}
      {forTest.error && <ErrorBanner error={forTest.error} />}
      {a.breakGlassAllowed && (
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          Break glass: deploy now
        </button>
      )}
      {open && <BreakGlassDialog promotionId={promotionId} onClose={() => setOpen(false)} />}
    </section>
  );
}

export interface BreakGlass {
  by: string;
  reason: string;
  at: string;
}

function BreakGlassDialog({ promotionId, onClose }: { promotionId: string; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [ack, setAck] = useState(false);
  const run = useStartAction('breakGlassDeploy');
  const ready = reason.trim().length >= 10 && ack;
  if (run.data) {
    return (
      <Modal title="Break-glass deployment started" onCancel={onClose} actions={null}>
        <p role="status">
          The hotfix is being deployed to production. Every admin has been emailed; the record shows it as break-glass.
        </p>
      </Modal>
    );
  }
  return (
    <Modal
      title="Break glass: deploy this hotfix now"
      onCancel={onClose}
      actions={
        <button
          type="button"
          className="danger"
          disabled={!ready || run.isPending}
          onClick={() => run.mutate({ promotionId, reason: reason.trim(), hotfixAcknowledged: true })}
        >
          Deploy with break-glass
        </button>
      }
    >
      <p>
        This deploys the emergency hotfix with fewer approvals than the approval policy asks, even during a freeze
        window. It is recorded as break-glass, every admin is emailed, and it shows on every page and in the release
        history.
      </p>
      <CountedTextArea
        label="Why it cannot wait (at least 10 characters)"
        value={reason}
        onChange={setReason}
        max={LIMITS.justification}
        required
      />
      <label className="checkbox">
        <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} /> I understand this hotfix
        skips the remaining reviews
      </label>
      {run.error && <ErrorBanner error={run.error} />}
    </Modal>
  );
}
