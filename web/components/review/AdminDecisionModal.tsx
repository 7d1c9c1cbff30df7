import { useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { Modal } from '../Modal.tsx';
import { RuntimeWarnings } from '../deploy/RuntimeWarnings.tsx';
import { usePackLabel, type ReviewItem } from './ReviewSections.tsx';
import { DeployWhen, useDeployWhen } from '../freezes/DeployWhen.tsx';
import type { Finding } from '../drift/drift-text.ts';

type Decision =
  | { decision: 'APPROVED'; hotfixAcknowledged?: boolean; deployAt?: string; driftAcknowledged?: boolean }
  | { decision: 'DENIED'; comments: string };

/** P7's two modals: approval (with the hotfix acknowledgement) and denial (with its reason). */
export function AdminDecisionModal({
  r,
  kind,
  runtimeWarnings = [],
  drifted = [],
  onCancel,
  onConfirm,
}: {
  r: ReviewItem;
  kind: 'approve' | 'deny';
  /** Target environments where the deployment would not run, repeated where the admin confirms. */
  runtimeWarnings?: readonly string[];
  /** Production components changed outside Promo that the merge overwrites: approving needs the acknowledgement. */
  drifted?: readonly Finding[];
  onCancel(): void;
  onConfirm(d: Decision): void;
}) {
  const [ack, setAck] = useState(false);
  const [driftAck, setDriftAck] = useState(false);
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
          disabled={(r.isHotfix && !ack) || !when.ready || (drifted.length > 0 && !driftAck)}
          onClick={() =>
            onConfirm({
              decision: 'APPROVED',
              ...(r.isHotfix ? { hotfixAcknowledged: true } : {}),
              ...(when.deployAt ? { deployAt: when.deployAt } : {}),
              ...(drifted.length ? { driftAcknowledged: true } : {}),
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
      {drifted.length > 0 && (
        <>
          <p className="field-error">
            <strong>
              ⚠ Production changed outside Promo:{' '}
              {drifted.map((f) => `${f.componentName ?? f.componentId} (by ${f.changedBy ?? 'unknown'})`).join(', ')}.
            </strong>
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={driftAck} onChange={(e) => setDriftAck(e.target.checked)} /> I acknowledge
            that approving overwrites these changes in production
          </label>
        </>
      )}
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
