import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { useActionMutation } from '../../api/hooks.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { Modal } from '../Modal.tsx';

/** What the dialog says about the promotion being abandoned. */
export interface AbandonTarget {
  promotionId: string;
  status: string;
  processName: string | null;
  packageVersion: string | null;
  branchName: string | null;
  testPromotionId: string | null;
}

/**
 * Abandoning ends a promotion for good (issue 12): a required reason, one call however often the
 * button is pressed, and every page's data refetched so each shows the new status.
 */
export function AbandonDialog({
  target: p,
  onClose,
  onAbandoned,
}: {
  target: AbandonTarget;
  onClose(): void;
  onAbandoned(message: string): void;
}) {
  const [reason, setReason] = useState('');
  const abandon = useActionMutation('abandonPromotion');
  const queries = useQueryClient();
  const inReview = p.status === 'PENDING_PEER_REVIEW' || p.status === 'PENDING_ADMIN_REVIEW';
  return (
    <Modal
      title="Abandon Promotion"
      onCancel={onClose}
      actions={
        <button
          type="button"
          className="danger"
          disabled={!reason.trim() || abandon.isPending}
          onClick={() =>
            abandon.mutate(
              { promotionId: p.promotionId, reason: reason.trim() },
              {
                onSuccess: (d) => {
                  // Queues, P9, P3 and My work all list it: each refetches what it shows.
                  void queries.invalidateQueries();
                  onAbandoned(d.message);
                },
              },
            )
          }
        >
          {abandon.isPending ? 'Abandoning...' : 'Abandon Promotion'}
        </button>
      }
    >
      <p>
        Abandon <strong>{p.processName ?? 'this promotion'}</strong> v{p.packageVersion ?? '-'}? It ends as abandoned
        and its branch{p.branchName ? <code> {p.branchName}</code> : ''} is deleted
        {p.testPromotionId && inReview ? ', and the test deployment it came from ends with it' : ''}.
        {inReview ? ' The reviewers who have it in their queue are told.' : ''} This cannot be undone: to start over,
        promote the package again from the Package Browser.
      </p>
      <CountedTextArea
        label="Reason for Abandoning"
        value={reason}
        onChange={setReason}
        max={LIMITS.comments}
        required
        rows={3}
        disabled={abandon.isPending}
        placeholder="Why is this promotion no longer needed?"
      />
      {abandon.error && <ErrorBanner error={abandon.error} />}
    </Modal>
  );
}
