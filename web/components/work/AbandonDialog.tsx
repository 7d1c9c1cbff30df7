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

/** Abandon ends a promotion for good; withdraw takes it back from review to change and resubmit. */
export type CloseKind = 'abandon' | 'withdraw';

/**
 * Closing a promotion (issue 12): one call however often the button is pressed, and every page's
 * data refetched so each shows the new status. Abandoning needs a reason; withdrawing may give one.
 */
export function AbandonDialog({
  target: p,
  kind = 'abandon',
  onClose,
  onAbandoned,
}: {
  target: AbandonTarget;
  kind?: CloseKind;
  onClose(): void;
  onAbandoned(message: string): void;
}) {
  const [reason, setReason] = useState('');
  const abandon = useActionMutation('abandonPromotion');
  const withdraw = useActionMutation('withdrawPromotion');
  const call = kind === 'abandon' ? abandon : withdraw;
  const queries = useQueryClient();
  const inReview = p.status === 'PENDING_PEER_REVIEW' || p.status === 'PENDING_ADMIN_REVIEW';
  const title = kind === 'abandon' ? 'Abandon Promotion' : 'Withdraw from Review';
  const done = (message: string) => {
    // Queues, P9, P3 and My work all list it: each refetches what it shows.
    void queries.invalidateQueries();
    onAbandoned(message);
  };
  const send = () => {
    const body = { promotionId: p.promotionId, reason: reason.trim() };
    if (kind === 'abandon') abandon.mutate(body, { onSuccess: (d) => done(d.message) });
    else
      withdraw.mutate(
        { promotionId: p.promotionId, ...(body.reason ? { reason: body.reason } : {}) },
        {
          onSuccess: () =>
            done(
              p.testPromotionId
                ? 'Withdrawn from review. Its test deployment is kept: submit it to production again when ready.'
                : 'Withdrawn from review; its branch was deleted. Promote the package again when ready.',
            ),
        },
      );
  };
  return (
    <Modal
      title={title}
      onCancel={onClose}
      actions={
        <button
          type="button"
          className="danger"
          disabled={(kind === 'abandon' && !reason.trim()) || call.isPending}
          onClick={send}
        >
          {call.isPending ? (kind === 'abandon' ? 'Abandoning...' : 'Withdrawing...') : title}
        </button>
      }
    >
      {kind === 'withdraw' ? (
        <p>
          Withdraw <strong>{p.processName ?? 'this promotion'}</strong> v{p.packageVersion ?? '-'} from review? The
          reviewers no longer see it.{' '}
          {p.testPromotionId
            ? 'Its test deployment stays as it is, so you can submit it to production again.'
            : 'Its branch is deleted; promote the package again to start over.'}
        </p>
      ) : (
        <p>
          Abandon <strong>{p.processName ?? 'this promotion'}</strong> v{p.packageVersion ?? '-'}? It ends as abandoned
          and its branch{p.branchName ? <code> {p.branchName}</code> : ''} is deleted
          {p.testPromotionId && inReview ? ', and the test deployment it came from ends with it' : ''}.
          {inReview ? ' The reviewers who have it in their queue are told.' : ''} This cannot be undone: to start over,
          promote the package again from the Package Browser.
        </p>
      )}
      <CountedTextArea
        label={kind === 'abandon' ? 'Reason for Abandoning' : 'Reason for Withdrawing (optional)'}
        value={reason}
        onChange={setReason}
        max={LIMITS.comments}
        required={kind === 'abandon'}
        rows={3}
        disabled={call.isPending}
        placeholder={kind === 'abandon' ? 'Why is this promotion no longer needed?' : 'What will you change?'}
      />
      {call.error && <ErrorBanner error={call.error} />}
    </Modal>
  );
}
