import { useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { useMe } from '../../app/session.tsx';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { LIVE_QUERY } from '../LiveRefresh.tsx';
import { Modal } from '../Modal.tsx';
import { formatDate } from '../format.ts';
import './freezes.css';

/**
 * P7 and P9: approved production deployments waiting for their time (or for a freeze to end),
 * with who scheduled them; an admin can call one off (the promotion stays approved).
 */
export function ScheduledDeployments() {
  const me = useMe();
  const query = useActionQuery('queryStatus', { status: 'ADMIN_APPROVED', limit: 500 }, LIVE_QUERY);
  const cancel = useActionMutation('cancelScheduledDeployment');
  const [confirm, setConfirm] = useState<{ promotionId: string; label: string } | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const scheduled = (query.data?.promotions ?? [])
    .filter((p) => p.scheduledDeployAt)
    .sort((a, b) => a.scheduledDeployAt!.localeCompare(b.scheduledDeployAt!));
  if (!scheduled.length && !done) return null;
  return (
    <section className="panel scheduled-deployments" aria-labelledby="scheduled-title">
      <h3 id="scheduled-title">Scheduled production deployments</h3>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {scheduled.length === 0 ? (
        <p className="muted">None scheduled.</p>
      ) : (
        <ul aria-label="Scheduled production deployments">
          {scheduled.map((p) => {
            const label = `${p.processName ?? p.promotionId} v${p.packageVersion ?? '-'}`;
            return (
              <li key={p.promotionId}>
                <div>
                  <strong>{label}</strong>
                  <div>
                    Deploys at <time dateTime={p.scheduledDeployAt!}>{formatDate(p.scheduledDeployAt)}</time>
                    {p.adminApprovedBy && <> · scheduled by {p.adminApprovedBy}</>}
                  </div>
                  {p.scheduleNote && <div className="muted">{p.scheduleNote}</div>}
                </div>
                {me.tier === 'ADMIN' && (
                  <button
                    type="button"
                    className="secondary small"
                    aria-label={`Cancel the scheduled deployment of ${label}`}
                    onClick={() => {
                      setDone(null);
                      setReason('');
                      setConfirm({ promotionId: p.promotionId, label });
                    }}
                  >
                    Cancel schedule
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {confirm && (
        <Modal
          title="Cancel Scheduled Deployment"
          onCancel={() => setConfirm(null)}
          actions={
            <button
              type="button"
              className="danger"
              disabled={cancel.isPending}
              onClick={() =>
                cancel.mutate(
                  { promotionId: confirm.promotionId, ...(reason.trim() ? { reason: reason.trim() } : {}) },
                  {
                    onSuccess: () => {
                      setConfirm(null);
                      setDone(`The scheduled deployment of ${confirm.label} is cancelled; it stays approved.`);
                    },
                  },
                )
              }
            >
              Cancel Schedule
            </button>
          }
        >
          <p>
            Call off the scheduled deployment of <strong>{confirm.label}</strong>? It stays approved: an admin can
            deploy it now or cancel it.
          </p>
          <CountedTextArea label="Reason (optional)" value={reason} onChange={setReason} max={LIMITS.comments} />
          {cancel.error && <ErrorBanner error={cancel.error} />}
        </Modal>
      )}
    </section>
  );
}
