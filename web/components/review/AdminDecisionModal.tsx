import { useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { Modal } from '../Modal.tsx';
import { RuntimeWarnings } from '../deploy/RuntimeWarnings.tsx';
import { usePackLabel, type ReviewItem } from './ReviewSections.tsx';
import { DeployWhen, useDeployWhen } from '../freezes/DeployWhen.tsx';

type Decision =
  { decision: 'APPROVED'; hotfixAcknowledged?: boolean; deployAt?: string } | { decision: 'DENIED'; comments: string };

/** P7's two modals: approval (with the hotfix acknowledgement) and denial (with its reason). */
export function AdminDecisionModal({
  r,
  kind,
  runtimeWarnings = [],
  onCancel,
  onConfirm,
}: {
  r: ReviewItem;
  kind: 'approve' | 'deny';
  /** Target environments where the deployment would not run, repeated where the admin confirms. */
  runtimeWarnings?: readonly string[];
  onCancel(): void;
  onConfirm(d: Decision): void;
}) {
  const [ack, setAck] = useState(false);
  const [reason, setReason] = useState('');
  const pack = usePackLabel(r);
  const when = useDeployWhen();
  if (kind === 'deny') {
    return (
      <Modal
        title="Deny Deployment Request"
        onCancel={onCancel}
        actions={
          <button
            type="button"
            className="danger"
            disabled={!reason.trim()}
            onClick={() => onConfirm({ decision: 'DENIED', comments: reason.trim() })}
          >
            Confirm Denial
          </button>
        }
      >
        <CountedTextArea
          label="Reason for Denial"
          value={reason}
          onChange={setReason}
          max={LIMITS.comments}
          required
          placeholder="Explain why this deployment is being denied..."
        />
        <p className="muted">
          The branch is deleted; main is not touched. The submitter and the peer reviewer are told.
        </p>
      </Modal>
    );
  }
  return (
    <Modal
      title="Confirm Approval"
      onCancel={onCancel}
      actions={
        <button
          type="button"
          className="success"
          disabled={(r.isHotfix && !ack) || !when.ready}
          onClick={() =>
            onConfirm({
              decision: 'APPROVED',
              ...(r.isHotfix ? { hotfixAcknowledged: true } : {}),
              ...(when.deployAt ? { deployAt: when.deployAt } : {}),
            })
          }
        >
          {when.deployAt ? 'Confirm and Schedule' : 'Confirm Approval'}
        </button>
      }
    >
      <p>Approve and deploy this promotion to production?</p>
      <dl className="facts">
        <dt>Process</dt>
        <dd>{r.processName}</dd>
        <dt>Package Version</dt>
        <dd>{r.packageVersion}</dd>
        <dt>Integration Pack</dt>
        <dd>{pack}</dd>
        <dt>Total Components</dt>
        <dd>{r.componentsTotal}</dd>
      </dl>
      <p>
        The branch is merged to main, the process is packaged from main, and the Integration Pack is released and
        deployed to the production environments of the request.
      </p>
      <DeployWhen when={when} />
      <RuntimeWarnings
        warnings={runtimeWarnings}
        intro="The deployment is made, but the process does not run there until a runtime is online:"
      />
      {r.isHotfix && (
        <>
          <p className="field-error">
            <strong>⚠ This is an emergency hotfix that bypassed the test environment.</strong>
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} /> I acknowledge this is an
            emergency hotfix that bypassed testing
          </label>
        </>
      )}
    </Modal>
  );
}
