import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useActionMutation, useActionQuery, useJob, useStartAction } from '../api/hooks.ts';
import { jobError, notFound, type ActionResponse } from '../api/client.ts';
import { useMe } from '../app/session.tsx';
import { StatusBadge } from '../components/Badge.tsx';
import { CopyableId } from '../components/CopyButton.tsx';
import { ErrorBanner, ErrorPanel, QueryError } from '../components/ErrorPanel.tsx';
import { Loading, Progress } from '../components/Loading.tsx';
import { CountedTextArea } from '../components/CountedTextArea.tsx';
import { formatDate } from '../components/format.ts';
import {
  DeploymentForm,
  environmentChoice,
  packChoice,
  serverFieldErrors,
  validate,
  type DeploymentFields,
  type FieldErrors,
} from '../components/deploy/DeploymentForm.tsx';
import { RuntimeWarnings, useRuntimeWarnings } from '../components/deploy/RuntimeWarnings.tsx';
import { SubmittedForReview } from '../components/deploy/SubmittedForReview.tsx';
import { hotfixDraftKey } from '../components/promotion/hotfix-draft.ts';
import { LIMITS } from '../../src/contracts/limits.ts';

type Mode = 'test' | 'production' | 'hotfix';
type Record = ActionResponse<'queryStatus'>['promotions'][number];

const HEADERS: { [M in Mode]: string } = {
  test: 'Deploy to Test Environment',
  production: 'Submit for Production Deployment',
  hotfix: 'Submit Emergency Hotfix for Peer Review',
};

/**
 * P4 in its three modes (20-dashboard.md §4 P4): deploy a promotion to test at once, or submit a
 * production request (from a test deployment, or as an emergency hotfix) for peer review.
 */
export function DeploymentSubmission() {
  const { promotionId = '' } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const mode: Mode = location.pathname.startsWith('/test-deployments/')
    ? 'production'
    : params.get('mode') === 'hotfix'
      ? 'hotfix'
      : 'test';
  const status = useActionQuery('queryStatus', { promotionId, limit: 1 }, { staleTime: 0 });
  const record = status.data?.promotions[0];
  if (status.isPending) return <Loading />;
  if (status.error) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  if (!record) return <ErrorPanel error={notFound('No active promotion for deployment')} />;
  return (
    <Submission key={`${mode}-${promotionId}`} mode={mode} record={record} refresh={() => void status.refetch()} />
  );
}

/** Which statuses each mode may start from (§2.4 status guards). */
const ALLOWED: { [M in Mode]: string[] } = {
  test: ['COMPLETED', 'TEST_DEPLOY_FAILED', 'TEST_DEPLOYING', 'TEST_DEPLOYED'],
  hotfix: ['COMPLETED'],
  production: ['TEST_DEPLOYED'],
};

function Submission({ mode, record: r, refresh }: { mode: Mode; record: Record; refresh(): void }) {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [fields, setFields] = useState<DeploymentFields>({
    packageVersion: mode === 'production' ? '' : (r.packageVersion ?? ''),
    pack: '',
    manualPackId: '',
    newPackName: '',
    newPackDescription: '',
    notes: '',
    environments: null,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const carried = (location.state as { hotfixJustification?: string } | null)?.hotfixJustification;
  const [justification, setJustification] = useState(
    () => carried ?? sessionStorage.getItem(hotfixDraftKey(r.promotionId)) ?? '',
  );
  const [justificationError, setJustificationError] = useState<string | null>(null);
  const deploy = useStartAction('packageAndDeploy');
  const submit = useActionMutation('submitForPeerReview');
  // A deployment already running (this page reloaded, or another tab) is followed, not restarted.
  const started = deploy.data && 'jobId' in deploy.data ? deploy.data.jobId : null;
  const job = useJob(started ?? (r.status === 'TEST_DEPLOYING' ? r.jobId : null));
  useEffect(() => {
    if (job?.state === 'SUCCEEDED' || job?.state === 'FAILED') refresh();
  }, [job?.state, refresh]);

  const cancelTo = mode === 'production' ? '/production-readiness' : `/promotions/${r.promotionId}`;
  const purpose = mode === 'test' ? 'TEST' : 'PRODUCTION';
  const canStart = ALLOWED[mode].includes(r.status);
  const running =
    deploy.isPending || r.status === 'TEST_DEPLOYING' || (!!job && (job.state === 'QUEUED' || job.state === 'RUNNING'));
  const failedJob = job?.state === 'FAILED' ? job.response : null;
  const warnings = useRuntimeWarnings(purpose, fields.environments);
  // The service adds its warnings to a synchronous answer; a followed job does not carry them, so
  // the confirmation repeats what the page warned about before this deployment was started here.
  const deployedWarnings = (job?.response?.runtimeWarnings as string[] | undefined) ?? (started ? warnings : []);
  // A refusal naming a field is shown next to that field, not as a banner.
  const fieldRefusal = (e: unknown) => {
    const f = serverFieldErrors(e);
    if (f) setErrors(f);
  };
  const deployError = deploy.error && !serverFieldErrors(deploy.error) ? deploy.error : null;
  const submitError = submit.error && !serverFieldErrors(submit.error) ? submit.error : null;

  const onSubmit = () => {
    const e = validate(fields, purpose, false);
    const noJustification = mode === 'hotfix' && !justification.trim();
    setErrors(e);
    setJustificationError(noJustification ? 'Hotfix justification is required' : null);
    if (Object.keys(e).length || noJustification) {
      document.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    const common = {
      packageVersion: fields.packageVersion.trim(),
      ...(fields.notes ? { deploymentNotes: fields.notes } : {}),
      ...packChoice(fields),
      ...environmentChoice(fields),
    };
    if (mode === 'test')
      deploy.mutate({ promotionId: r.promotionId, deploymentTarget: 'TEST', ...common }, { onError: fieldRefusal });
    else
      submit.mutate(
        {
          promotionId: r.promotionId,
          ...common,
          ...(mode === 'hotfix' ? { isHotfix: true, hotfixJustification: justification.trim() } : {}),
        },
        {
          onSuccess: () => sessionStorage.removeItem(hotfixDraftKey(r.promotionId)),
          onError: fieldRefusal,
        },
      );
  };

  if (submit.data) {
    return (
      <SubmittedForReview
        promotionId={submit.data.promotionId}
        packageVersion={fields.packageVersion}
        environments={fields.environments}
        runtimeWarnings={submit.data.runtimeWarnings}
      />
    );
  }
  return (
    <section aria-labelledby="p4-title">
      <h2 id="p4-title">{HEADERS[mode]}</h2>
      <div className="context-bar">
        <span>Process: {r.processName ?? '-'}</span>
        <span>Components: {r.componentsTotal}</span>
        <span>
          Promotion ID: <CopyableId id={r.promotionId} />
        </span>
        <span>
          Status: <StatusBadge status={r.status} />
        </span>
      </div>
      {mode === 'test' && (
        <div className="banner banner-info">
          These components go to your test Integration Pack and test environments. No reviews required.
        </div>
      )}
      {mode === 'production' && (
        <div className="banner banner-success">
          This promotion was previously validated in the test environment. It now needs a peer review and an admin
          approval before it reaches production.
        </div>
      )}
      {mode === 'hotfix' && (
        <div className="banner banner-error" role="alert">
          <strong>
            ⚠ EMERGENCY HOTFIX: this deployment bypasses the test environment. Both a peer review and an admin approval
            are still required.
          </strong>
        </div>
      )}
      {mode === 'production' && (
        <div className="panel panel-tested" aria-labelledby="tested-title">
          <h3 id="tested-title">Previously Tested Deployment</h3>
          <dl className="facts">
            <dt>Test Deployed</dt>
            <dd>{formatDate(r.testDeployedAt)}</dd>
            <dt>Test Integration Pack</dt>
            <dd>{r.testIntegrationPackName ?? '-'}</dd>
            <dt>Promotion ID (Test)</dt>
            <dd>
              <CopyableId id={r.promotionId} />
            </dd>
            <dt>Components</dt>
            <dd>
              {r.componentsTotal} total — {r.componentsCreated} created, {r.componentsUpdated} updated
            </dd>
          </dl>
        </div>
      )}
      {mode === 'hotfix' && (
        <div className="panel panel-hotfix" aria-labelledby="hotfix-title">
          <h3 id="hotfix-title">⚠ Emergency Hotfix Justification</h3>
          {carried || sessionStorage.getItem(hotfixDraftKey(r.promotionId)) ? (
            <p className="user-text">{justification}</p>
          ) : (
            <CountedTextArea
              label="Hotfix Justification (Required)"
              value={justification}
              onChange={setJustification}
              max={LIMITS.justification}
              required
              error={justificationError}
            />
          )}
          <p className="muted">Submitted by: {me.email}</p>
        </div>
      )}
      {!canStart ? (
        <div className="banner banner-warning" role="status">
          This promotion is {r.status.replaceAll('_', ' ').toLowerCase()}, so it cannot be{' '}
          {mode === 'test' ? 'deployed to test' : 'submitted'} from here.{' '}
          <Link to={`/promotions/${r.promotionId}`}>View Promotion Status</Link>
        </div>
      ) : r.status === 'TEST_DEPLOYED' && mode === 'test' ? (
        <>
          <div className="banner banner-success" role="status">
            <div>
              <strong>Successfully deployed to Test Integration Pack: {r.testIntegrationPackName}</strong>
              <div>The promotion branch is kept for the production review.</div>
            </div>
            <span className="button-bar">
              <button type="button" className="secondary" onClick={() => navigate('/packages')}>
                Return to Dashboard
              </button>
              <button type="button" onClick={() => navigate('/production-readiness')}>
                View in Production Readiness
              </button>
            </span>
          </div>
          <RuntimeWarnings
            warnings={deployedWarnings}
            intro="The deployment was made, but the process does not run until a runtime is online:"
          />
        </>
      ) : (
        <>
          {running && job && (
            <Progress done={job.progress.done} total={job.progress.total} label={job.progress.step ?? 'Deploying...'} />
          )}
          {(deployError || failedJob || (r.status === 'TEST_DEPLOY_FAILED' && !running)) && (
            <ErrorBanner
              error={
                deployError ??
                jobError(
                  failedJob ?? { errorCode: 'TEST_DEPLOY_FAILED', errorMessage: r.errorMessage },
                  'The test deployment failed',
                )
              }
              onRetry={onSubmit}
            />
          )}
          {submitError && <ErrorBanner error={submitError} />}
          {mode !== 'test' && (
            <p className="muted">
              Boomi keeps one package per version of a process: production needs a version no earlier deployment of this
              process used.
            </p>
          )}
          <DeploymentForm
            processName={r.processName ?? ''}
            purpose={purpose}
            fields={fields}
            onChange={setFields}
            errors={errors}
            disabled={running || submit.isPending}
          />
          <RuntimeWarnings warnings={warnings} />
          <div className="button-bar footer-bar">
            <button type="button" className="secondary" onClick={() => navigate(cancelTo)}>
              Cancel
            </button>
            <span className="spacer" />
            {mode === 'test' && (
              <button type="button" disabled={running} onClick={onSubmit}>
                {running ? (
                  <>
                    <span className="spinner" aria-hidden="true" /> Deploying...
                  </>
                ) : (
                  'Deploy to Test'
                )}
              </button>
            )}
            {mode === 'production' && (
              <button type="button" className="success" disabled={submit.isPending} onClick={onSubmit}>
                Submit for Peer Review
              </button>
            )}
            {mode === 'hotfix' && (
              <button type="button" className="danger" disabled={submit.isPending} onClick={onSubmit}>
                Submit Emergency Hotfix for Peer Review
              </button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
