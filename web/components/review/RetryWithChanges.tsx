import { useId, useMemo, useState } from 'react';
import type { ActionRequest } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import {
  DeploymentForm,
  serverFieldErrors,
  validate,
  type DeploymentFields,
  type FieldErrors,
} from '../deploy/DeploymentForm.tsx';
import { RuntimeWarnings, warningsOf } from '../deploy/RuntimeWarnings.tsx';
import { corrections, fieldsOf } from './retry-corrections.ts';
import { deploymentRequestOf, requestedEnvironments, type ReviewItem } from './ReviewSections.tsx';

/**
 * P7's retry of a failed production deployment with corrected choices: the production pack
 * (existing or new), the package version and the target environments, in the same form P4 uses,
 * starting from what the request stored. The service checks the changes before anything runs.
 */
export function RetryWithChanges({
  r,
  pending,
  error,
  onRetry,
  onClose,
}: {
  r: ReviewItem;
  /** The retry call is running: the form is locked. */
  pending: boolean;
  /** The refusal of this form's last retry, if any. */
  error: unknown;
  onRetry(request: ActionRequest<'packageAndDeploy'>): void;
  onClose(): void;
}) {
  const titleId = useId();
  const stored = useMemo(
    () =>
      fieldsOf({
        ...deploymentRequestOf(r),
        packageVersion: r.packageVersion ?? deploymentRequestOf(r).packageVersion,
        deploymentNotes: r.deploymentNotes,
        environments: requestedEnvironments(r),
      }),
    [r],
  );
  const [fields, setFields] = useState<DeploymentFields>(stored);
  const [errors, setErrors] = useState<FieldErrors>({});
  const environments = useActionQuery('listEnvironments', { target: 'PRODUCTION' }).data?.environments ?? [];
  const all = environments.map((e) => e.environmentId);
  // A refusal naming a field goes next to that field; any other above the form.
  const refused = serverFieldErrors(error);
  const otherError = error && !refused ? error : null;

  const submit = () => {
    const invalid = validate(fields, 'PRODUCTION', false);
    setErrors(invalid);
    if (Object.keys(invalid).length) {
      document.querySelector<HTMLElement>('.retry-changes [aria-invalid=true]')?.focus();
      return;
    }
    onRetry({ promotionId: r.promotionId, deploymentTarget: 'PRODUCTION', ...corrections(stored, fields, all) });
  };
  return (
    <section className="panel retry-changes" aria-labelledby={titleId}>
      <h3 id={titleId}>Retry with Changes</h3>
      <p className="muted">
        Only what you change is sent; the rest of the request stays as submitted. Boomi keeps one package per version of
        a process, so a retry after a package was made may need a new version.
      </p>
      {otherError && <ErrorBanner error={otherError} />}
      <DeploymentForm
        processName={r.processName ?? ''}
        purpose="PRODUCTION"
        fields={fields}
        onChange={setFields}
        errors={{ ...refused, ...errors }}
        disabled={pending}
      />
      <RuntimeWarnings warnings={warningsOf(environments, fields.environments)} />
      <div className="button-bar">
        <button type="button" className="secondary" disabled={pending} onClick={onClose}>
          Discard Changes
        </button>
        <span className="spacer" />
        <button type="button" disabled={pending} onClick={submit}>
          {pending ? (
            <>
              <span className="spinner" aria-hidden="true" /> Retrying...
            </>
          ) : (
            'Retry with These Changes'
          )}
        </button>
      </div>
    </section>
  );
}
