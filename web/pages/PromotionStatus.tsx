import { notFound } from '../api/client.ts';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useActionQuery, useJob } from '../api/hooks.ts';
import { Badge, HotfixBadge, StatusBadge } from '../components/Badge.tsx';
import { CopyableId } from '../components/CopyButton.tsx';
import { Loading, Progress } from '../components/Loading.tsx';
import { ErrorPanel, QueryError } from '../components/ErrorPanel.tsx';
import { ResultsGrid, type ComponentResult, type DiffTarget } from '../components/promotion/ResultsGrid.tsx';
import { LazyDiffPanel } from '../components/diff/LazyDiffPanel.tsx';
import { DeploymentTarget, type Target } from '../components/promotion/DeploymentTarget.tsx';
import { hotfixDraftKey } from '../components/promotion/hotfix-draft.ts';
import { CredentialWarning } from '../components/promotion/CredentialWarning.tsx';
import { RuntimePanel } from '../components/runtime/RuntimePanel.tsx';
import { WhereThisStands } from '../components/promotion/WhereThisStands.tsx';
import { isFinished } from '../../src/contracts/promotion-guide.ts';
import { Decisions } from '../components/promotion/Decisions.tsx';
import { PromotionTimeline } from '../components/promotion/PromotionTimeline.tsx';
import { ApprovalsPanel } from '../components/review/ApprovalsPanel.tsx';
import { RollbackPanel } from '../components/releases/RollbackPanel.tsx';
import { PolicyFindings } from '../components/checks/PolicyFindings.tsx';

/** Statuses of records never deployed anywhere: P3 does not ask for their runtime. */
const NEVER_DEPLOYED = ['IN_PROGRESS', 'FAILED', 'COMPLETED'];

/**
 * P3: the running promotion's progress, then its results, diffs and the deployment target
 * (20-dashboard.md §4 P3). Keyed by the URL, so a reload or a reopened tab finds the same state.
 */
export function PromotionStatus() {
  const { promotionId = '' } = useParams();
  const status = useActionQuery(
    'queryStatus',
    { promotionId, includeResults: true, limit: 1 },
    {
      staleTime: 0,
      refetchInterval: (q) => (q.state.data?.promotions[0]?.status === 'IN_PROGRESS' ? 2000 : false),
    },
  );
  const record = status.data?.promotions[0];
  const job = useJob(record?.status === 'IN_PROGRESS' ? record.jobId : null);
  const refetch = status.refetch;
  useEffect(() => {
    if (job?.state === 'SUCCEEDED' || job?.state === 'FAILED') void refetch();
  }, [job?.state, refetch]);

  if (status.isPending) return <Loading />;
  if (status.error) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  if (!record) return <ErrorPanel error={notFound('Promotion not found')} />;
  if (record.status === 'IN_PROGRESS') {
    const p = job?.progress;
    return (
      <section className="overlay" aria-labelledby="p3-wait">
        <span className="spinner large-spinner" aria-hidden="true" />
        <h2 id="p3-wait">Promoting components to primary account...</h2>
        {p && p.total > 0 && (
          <Progress
            done={p.done}
            total={p.total}
            label={`Processing component ${Math.min(p.done + 1, p.total)} of ${p.total}...${p.step ? ` (${p.step})` : ''}`}
          />
        )}
        <p className="muted">
          This may take several minutes. You can safely close this window and come back to this page later.
        </p>
      </section>
    );
  }
  return <Results record={record as Record & { results?: ComponentResult[] }} />;
}

type Record = NonNullable<ReturnType<typeof useActionQuery<'queryStatus'>>['data']>['promotions'][number];

function Results({ record: r }: { record: Record & { results?: ComponentResult[] } }) {
  const navigate = useNavigate();
  const results = r.results ?? [];
  const [diff, setDiff] = useState<DiffTarget | null>(null);
  const [target, setTarget] = useState<Target>('test');
  const [justification, setJustification] = useState(() => sessionStorage.getItem(hotfixDraftKey(r.promotionId)) ?? '');
  const [error, setError] = useState<string | null>(null);
  const stripped = results.filter((x) => x.configStripped);
  const failed = r.componentsFailed > 0 || results.some((x) => x.status === 'FAILED');
  const decidable = r.status === 'COMPLETED';

  const proceed = () => {
    if (target === 'hotfix') {
      const text = justification.trim();
      if (!text) {
        setError('Hotfix justification is required');
        return;
      }
      sessionStorage.setItem(hotfixDraftKey(r.promotionId), text);
      navigate(`/promotions/${r.promotionId}/deploy?mode=hotfix`, { state: { hotfixJustification: text } });
      return;
    }
    navigate(`/promotions/${r.promotionId}/deploy?mode=test`);
  };
  return (
    <section aria-labelledby="p3-title">
      <h2 id="p3-title">Promotion Results</h2>
      <p className="page-identity">
        Process: {r.processName ?? '-'} v{r.packageVersion ?? '-'} · <StatusBadge status={r.status} />
        {r.isHotfix && (
          <>
            {' '}
            <HotfixBadge breakGlass={r.breakGlass} />
          </>
        )}
      </p>
      <Decisions record={r} />
      <WhereThisStands record={r} />
      <ApprovalsPanel promotionId={r.promotionId} breakGlass={r.breakGlass} />
      <div className="pills" role="group" aria-label="Summary">
        <span>
          Promotion ID: <CopyableId id={r.promotionId} />
        </span>
        {r.componentsCreated > 0 && <Badge tone="blue">+ Created: {r.componentsCreated}</Badge>}
        {r.componentsUpdated > 0 && <Badge tone="green">↻ Updated: {r.componentsUpdated}</Badge>}
        {r.componentsFailed > 0 && (
          <Badge tone="red" large>
            ✕ Failed: {r.componentsFailed}
          </Badge>
        )}
        {r.branchId && (
          <span>
            Branch: <code>{r.branchName}</code>
          </span>
        )}
        {r.connectionsSkipped > 0 && <Badge tone="cyan">🔗 Connections (Shared): {r.connectionsSkipped}</Badge>}
      </div>
      {r.status === 'FAILED' && r.errorMessage && (
        <div className="banner banner-error" role="alert">
          <span>{r.errorMessage}</span>
        </div>
      )}
      {stripped.length > 0 && (
        <CredentialWarning components={stripped.map((x) => ({ name: x.name, fields: x.strippedElements }))} />
      )}
      {failed && (
        <div className="banner banner-error" role="alert">
          <div>
            <strong>Fix the following issues and re-run promotion:</strong>
            <ul>
              {results
                .filter((x) => x.status === 'FAILED')
                .map((x) => (
                  <li key={x.devComponentId}>
                    {x.name}: {x.errorMessage ?? 'failed'}
                  </li>
                ))}
            </ul>
            <span>
              Typical causes: an API timeout (retry), a missing dependency (review the tree), a permission error (ask an
              admin). Start again from the <Link to="/packages">Package Browser</Link>.
            </span>
          </div>
        </div>
      )}
      {r.status !== 'FAILED' && <PolicyFindings promotionId={r.promotionId} />}
      <ResultsGrid results={results} canDiff={!!r.branchId} onDiff={setDiff} />
      {r.branchId && (
        <LazyDiffPanel branchId={r.branchId} promotionId={r.promotionId} target={diff} onClose={() => setDiff(null)} />
      )}
      {!NEVER_DEPLOYED.includes(r.status) && (
        <RuntimePanel promotionId={r.promotionId} deployed={r.status === 'TEST_DEPLOYED' || r.status === 'DEPLOYED'} />
      )}
      {decidable && !failed && (
        <DeploymentTarget
          target={target}
          onTarget={(t) => {
            setTarget(t);
            setError(null);
          }}
          justification={justification}
          onJustification={(v) => {
            setJustification(v);
            setError(null);
          }}
          error={error}
        />
      )}
      {(r.status === 'TEST_DEPLOY_FAILED' || r.status === 'TEST_DEPLOYING') && (
        <p>
          <Link to={`/promotions/${r.promotionId}/deploy?mode=test`}>Go to the test deployment</Link>
        </p>
      )}
      {(r.status === 'DEPLOYED' || r.status === 'ROLLED_BACK') && r.targetEnvironment === 'PRODUCTION' && (
        <RollbackPanel
          promotionId={r.promotionId}
          status={r.status}
          label={`${r.processName ?? 'this release'} v${r.packageVersion ?? '-'}`}
        />
      )}
      <PromotionTimeline promotionId={r.promotionId} version={`${r.status} ${r.updatedAt}`} />
      <div className="button-bar footer-bar">
        {/* Leaving does not close an open promotion: say where it waits. */}
        <button type="button" className="secondary" onClick={() => navigate('/packages')}>
          {isFinished(r.status) ? 'Done' : 'Back to Packages'}
        </button>
        {!isFinished(r.status) && (
          <span className="muted">
            This promotion stays open: find it again in <Link to="/my-work">My Work</Link>.
          </span>
        )}
        <span className="spacer" />
        {decidable && (
          <span
            title={
              failed
                ? 'Some components failed. Fix issues and re-run promotion before submitting for deployment.'
                : undefined
            }
          >
            <button type="button" className="large" disabled={failed} onClick={proceed}>
              Continue to Deployment →
            </button>
          </span>
        )}
      </div>
    </section>
  );
}
