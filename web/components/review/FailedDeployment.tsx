import { useState } from 'react';
import type { ActionRequest } from '../../api/client.ts';
import { useStartAction } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { RuntimeWarnings } from '../deploy/RuntimeWarnings.tsx';
import { CancelDeploymentModal } from './CancelDeploymentModal.tsx';
import { RetryWithChanges } from './RetryWithChanges.tsx';
import type { ReviewItem } from './ReviewSections.tsx';

/**
 * The ways out of a failed production deployment (P7): retry it as approved, retry it with
 * corrected choices, or cancel it with a reason. The approval stands and the branch is kept
 * until one of them is taken.
 */
export function FailedDeployment({
  r,
  busy,
  runtimeWarnings,
  onStarted,
  onCancelled,
}: {
  r: ReviewItem;
  /** Another call of the detail is running (the page's own approval, say). */
  busy: boolean;
  /** The stored request's environments without an online runtime (the form shows its own choice's). */
  runtimeWarnings: readonly string[];
  onStarted(jobId: string): void;
  onCancelled(message: string): void;
}) {
  const [changing, setChanging] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const retry = useStartAction('packageAndDeploy');
  const disabled = busy || retry.isPending;
  // One retry call at a time, plain or corrected; its refusal shows where it was made.
  const [fromForm, setFromForm] = useState(false);
  const start = (request: ActionRequest<'packageAndDeploy'>, form: boolean) => {
    setFromForm(form);
    retry.mutate(request, {
      onSuccess: (d) => {
        if ('jobId' in d && d.jobId) onStarted(d.jobId);
      },
    });
  };
  return (
    <section className="panel failed-deployment" aria-label="Failed deployment">
      <p>The branch is kept and the approval stands. Retry the deployment, correct its choices first, or cancel it.</p>
      {retry.error && !(changing && fromForm) && <ErrorBanner error={retry.error} />}
      {!changing && (
        <RuntimeWarnings
          warnings={runtimeWarnings}
          intro="A retry deploys there again, but the process does not run until a runtime is online:"
        />
      )}
      <div className="button-bar">
        <button type="button" className="danger" disabled={disabled} onClick={() => setCancelling(true)}>
          Cancel Deployment
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="secondary"
          disabled={disabled}
          aria-expanded={changing}
          onClick={() => setChanging(!changing)}
        >
          Retry with Changes
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => start({ promotionId: r.promotionId, deploymentTarget: 'PRODUCTION' }, false)}
        >
          {retry.isPending ? 'Retrying...' : 'Retry Deployment'}
        </button>
      </div>
      {changing && (
        <RetryWithChanges
          r={r}
          pending={retry.isPending}
          error={fromForm ? retry.error : null}
          onRetry={(request) => start(request, true)}
          onClose={() => setChanging(false)}
        />
      )}
      {cancelling && <CancelDeploymentModal r={r} onCancel={() => setCancelling(false)} onCancelled={onCancelled} />}
    </section>
  );
}
