import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ROLLBACK_LIMITS } from '../../../src/contracts/releases.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { Modal } from '../Modal.tsx';
import { formatDate } from '../format.ts';

/**
 * Asks to roll back a release (issue 14): what runs now, what will run again (the release before
 * it, from the history), and a required reason. An admin who did not ask approves it.
 */
export function RollbackDialog({
  release,
  onClose,
}: {
  /** The release to roll back: a promotion, or a finished rollback. */
  release: { promotionId: string; rollbackId?: string | undefined; label: string };
  onClose(): void;
}) {
  const navigate = useNavigate();
  const [reason, setReason] = useState('');
  const history = useActionQuery('listReleases', { promotionId: release.promotionId }, { staleTime: 0 });
  const ask = useActionMutation('rollbackRelease');
  const production = (history.data?.releases ?? []).filter((r) => r.target === 'PRODUCTION');
  const own = release.rollbackId ?? release.promotionId;
  const at = production.findIndex(
    (r) => (r.rollbackId ?? r.promotionId) === own && (r.kind === 'ROLLBACK') === !!release.rollbackId,
  );
  const previous = at >= 0 ? production[at + 1] : undefined;
  const send = () =>
    ask.mutate(
      {
        ...(release.rollbackId ? { rollbackId: release.rollbackId } : { promotionId: release.promotionId }),
        reason: reason.trim(),
      },
      { onSuccess: (d) => navigate(`/rollbacks/${encodeURIComponent(d.rollback.rollbackId)}`) },
    );
  return (
    <Modal
      title="Roll Back Release"
      onCancel={onClose}
      actions={
        <button type="button" className="danger" disabled={!reason.trim() || !previous || ask.isPending} onClick={send}>
          {ask.isPending ? 'Requesting...' : 'Request Rollback'}
        </button>
      }
    >
      {history.isPending ? (
        <Loading />
      ) : previous ? (
        <p>
          Roll back <strong>{release.label}</strong>? Production runs the previous release again: package{' '}
          <strong>v{previous.packageVersion}</strong>, released {formatDate(previous.releasedAt)}
          {previous.integrationPackName ? ` in ${previous.integrationPackName}` : ''}. Main goes back to its components,
          and an admin who did not ask must approve it first.
        </p>
      ) : (
        <p role="alert">This release has no earlier release to go back to.</p>
      )}
      <CountedTextArea
        label="Reason for the Rollback"
        value={reason}
        onChange={setReason}
        max={ROLLBACK_LIMITS.reason}
        required
        rows={3}
        disabled={ask.isPending}
        placeholder="What is wrong with the running release?"
      />
      {ask.error && <ErrorBanner error={ask.error} />}
    </Modal>
  );
}
