import { useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import type { ActionResponse } from '../../api/client.ts';
import { useActionMutation } from '../../api/hooks.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { Modal } from '../Modal.tsx';
import type { ReviewItem } from './ReviewSections.tsx';

/** What P7 says once a failed production deployment is cancelled. */
export function cancelledMessage(d: ActionResponse<'cancelProductionDeployment'>): string {
  return [
    'Production deployment cancelled; the submitter and the author have been notified.',
    d.branchDeleted ? 'The branch was deleted.' : 'The branch could not be deleted yet.',
    // The merge ran before the step that failed: main changed, though no pack released it.
    d.mergedToMain ? 'Main already holds the merged components, though no Integration Pack released them.' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** P7's way out of a failed production deployment other than a retry: closed with a reason. */
export function CancelDeploymentModal({
  r,
  onCancel,
  onCancelled,
}: {
  r: ReviewItem;
  onCancel(): void;
  onCancelled(message: string): void;
}) {
  const [reason, setReason] = useState('');
  const cancel = useActionMutation('cancelProductionDeployment');
  return (
    <Modal
      title="Cancel Production Deployment"
      onCancel={onCancel}
      actions={
        <button
          type="button"
          className="danger"
          disabled={!reason.trim() || cancel.isPending}
          onClick={() =>
            cancel.mutate(
              { promotionId: r.promotionId, reason: reason.trim() },
              { onSuccess: (d) => onCancelled(cancelledMessage(d)) },
            )
          }
        >
          {cancel.isPending ? 'Cancelling...' : 'Confirm Cancellation'}
        </button>
      }
    >
      <p>
        The deployment of {r.processName ?? '-'} v{r.packageVersion ?? '-'} is not retried: the promotion ends as
        cancelled, its branch is deleted
        {r.testPromotionId ? ' and its test deployment is cancelled with it' : ''}, and the submitter and the author are
        told.
      </p>
      <CountedTextArea
        label="Reason for Cancellation"
        value={reason}
        onChange={setReason}
        max={LIMITS.comments}
        required
        disabled={cancel.isPending}
        placeholder="Explain why this deployment is cancelled instead of retried..."
      />
      {cancel.error && <ErrorBanner error={cancel.error} />}
    </Modal>
  );
}
