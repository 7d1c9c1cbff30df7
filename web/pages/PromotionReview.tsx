import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useActionQuery, useStartAction } from '../api/hooks.ts';
import { notFound, type ApiError } from '../api/client.ts';
import { Badge } from '../components/Badge.tsx';
import { Loading } from '../components/Loading.tsx';
import { ErrorPanel, QueryError } from '../components/ErrorPanel.tsx';
import { Modal } from '../components/Modal.tsx';
import { DependencyGrid, deploymentOrder } from '../components/promotion/DependencyGrid.tsx';
import { BlockingPromotions } from '../components/promotion/BlockingPromotions.tsx';
import { MissingMappings } from '../components/promotion/MissingMappings.tsx';
import { plural } from '../components/format.ts';
import { DriftWarning } from '../components/drift/DriftWarning.tsx';

/**
 * P2: the resolved dependency tree and what it will do to the primary account, then the
 * promotion itself (20-dashboard.md §4 P2). Works from its URL alone: the package's process id
 * and version come from the query string, or from the account's package list after a bare link.
 */
export function PromotionReview() {
  const { accountId = '', packageId = '' } = useParams();
  const [params] = useSearchParams();
  const known = params.get('componentId');
  const packages = useActionQuery('listDevPackages', { devAccountId: accountId }, { enabled: !known });
  const accounts = useActionQuery('getDevAccounts', {});
  const fromList = packages.data?.packages.find((p) => p.packageId === packageId);
  const pkg = known
    ? {
        componentId: known,
        packageVersion: params.get('version') ?? '',
        componentName: params.get('name') ?? '',
        createdBy: params.get('createdBy') ?? '',
      }
    : fromList;
  const accountName = accounts.data?.devAccounts.find((a) => a.accountId === accountId)?.accountName ?? accountId;

  if (!known && packages.isPending) return <Loading text="Analyzing dependencies..." />;
  if (!known && packages.error) return <QueryError error={packages.error} onRetry={() => void packages.refetch()} />;
  if (!pkg) return <ErrorPanel error={notFound('Please select a package first')} />;
  return <Review accountId={accountId} accountName={accountName} packageId={packageId} pkg={pkg} />;
}

function Review({
  accountId,
  accountName,
  packageId,
  pkg,
}: {
  accountId: string;
  accountName: string;
  packageId: string;
  pkg: { componentId: string; packageVersion: string; componentName: string; createdBy: string };
}) {
  const navigate = useNavigate();
  const tree = useActionQuery(
    'resolveDependencies',
    { devAccountId: accountId, rootComponentId: pkg.componentId },
    { staleTime: 0 },
  );
  const promote = useStartAction('executePromotion');
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);

  const title = `Review: ${pkg.componentName || tree.data?.rootProcessName || ''} (v${pkg.packageVersion})`;
  if (tree.isPending)
    return (
      <>
        <h2>{title}</h2>
        <Loading text="Analyzing dependencies..." minHeight={300} />
      </>
    );
  if (tree.error) return <QueryError error={tree.error} onRetry={() => void tree.refetch()} />;
  const t = tree.data;
  const rows = deploymentOrder(t.components, pkg.componentId);
  const unmapped = t.unmappedConnectionCount;
  const start = () => {
    setConfirming(false);
    promote.mutate(
      {
        devAccountId: accountId,
        devPackageId: packageId,
        packageVersion: pkg.packageVersion,
        rootComponentId: pkg.componentId,
        components: t.components.map((c) => ({
          devComponentId: c.devComponentId,
          name: c.name,
          type: c.type,
          folderFullPath: c.folderFullPath,
        })),
        promotionMetadata: { processName: t.rootProcessName },
        ...(pkg.createdBy ? { devPackageCreator: pkg.createdBy } : {}),
        ...(force ? { force: true } : {}),
      },
      { onSuccess: (r) => navigate(`/promotions/${encodeURIComponent(String(r.promotionId))}`) },
    );
  };
  if (promote.error) return <PromotionError error={promote.error} onRetry={start} />;
  return (
    <section aria-labelledby="p2-title">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a
          href="/packages"
          onClick={(e) => {
            e.preventDefault();
            navigate('/packages');
          }}
        >
          Package Browser
        </a>{' '}
        &gt; Promotion Review
      </nav>
      <h2 id="p2-title">{title}</h2>
      <p className="page-identity">From: {accountName}</p>
      <div className="pills" role="group" aria-label="Summary">
        <strong className="root-process">Root Process: {t.rootProcessName}</strong>
        <span>Total Components: {t.totalComponents}</span>
        <Badge tone="blue">+ {plural(t.newCount, 'component')} to create</Badge>
        <Badge tone="green">↻ {plural(t.updateCount, 'component')} to update</Badge>
        {t.envConfigCount > 0 && (
          <Badge tone="orange">⚠ {plural(t.envConfigCount, 'component')} with credentials to reconfigure</Badge>
        )}
        <Badge tone="cyan">🔗 {plural(t.sharedConnectionCount, 'shared connection')} (pre-mapped)</Badge>
        {unmapped > 0 && (
          <Badge tone="red">✕ {plural(unmapped, 'connection')} missing mappings — promotion will fail</Badge>
        )}
      </div>
      <BlockingPromotions devAccountId={accountId} componentIds={t.components.map((c) => c.devComponentId)} />
      <MissingMappings
        missing={t.components.filter((c) => c.prodStatus === 'UNMAPPED')}
        account={{ id: accountId, name: accountName }}
        packageLabel={`${t.rootProcessName} v${pkg.packageVersion}`}
      />
      <DriftWarning components={t.components} />
      {t.cycles.length > 0 && (
        <div className="banner banner-warning" role="status">
          Reference cycles found: {t.cycles.map((c) => c.join(' → ')).join('; ')}
        </div>
      )}
      {rows.length === 0 ? (
        <div className="empty-state">No dependencies found. Please return to Package Browser.</div>
      ) : (
        <DependencyGrid rows={rows} rootId={pkg.componentId} />
      )}
      <div className="button-bar footer-bar">
        <button type="button" className="secondary" onClick={() => navigate('/packages')}>
          Cancel
        </button>
        <span className="spacer" />
        <span
          title={
            unmapped > 0
              ? `Cannot promote — ${plural(unmapped, 'connection')} missing mappings: seed them above, or ask an admin to.`
              : undefined
          }
        >
          <button
            type="button"
            className="success large"
            disabled={unmapped > 0 || promote.isPending || promote.isSuccess}
            onClick={() => setConfirming(true)}
          >
            {promote.isPending ? (
              <>
                <span className="spinner" aria-hidden="true" /> Promoting...
              </>
            ) : (
              'Promote to Primary Account'
            )}
          </button>
        </span>
      </div>
      {unmapped > 0 && (
        <p className="field-error" role="note">
          Cannot promote — {plural(unmapped, 'connection')} missing mappings: seed them above, or ask an admin to.
        </p>
      )}
      {promote.isPending && (
        <div className="overlay" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <p>Promoting components to primary account... This may take several minutes.</p>
        </div>
      )}
      {confirming && (
        <Modal
          title="Confirm Promotion"
          onCancel={() => setConfirming(false)}
          actions={
            <button type="button" onClick={start}>
              Confirm Promotion
            </button>
          }
        >
          <p>
            Promote {t.rootProcessName}? This will create or update {plural(t.totalComponents, 'component')} in the
            primary account.
          </p>
          <ul>
            <li>Root process: {t.rootProcessName}</li>
            <li>{t.newCount} to create</li>
            <li>{t.updateCount} to update</li>
            <li>{plural(t.envConfigCount, 'component')} needing credential reconfiguration</li>
            <li>{plural(t.sharedConnectionCount, 'shared connection')} (pre-mapped, not promoted)</li>
          </ul>
          <p className="muted">
            Components whose dev and production versions are the ones Promo last promoted are not read again; they are
            reported unchanged.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Re-read and compare
            every component
          </label>
        </Modal>
      )}
    </section>
  );
}

interface MissingMapping {
  devComponentId: string;
  name: string;
  type: string;
}

/** The error page for a refused promotion; a missing connection mapping lists what to seed. */
function PromotionError({ error, onRetry }: { error: ApiError; onRetry(): void }) {
  const missing = (error.body.missingConnectionMappings as MissingMapping[] | undefined) ?? [];
  return (
    <ErrorPanel error={error} onRetry={onRetry}>
      {missing.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Missing connection mappings">
            <thead>
              <tr>
                <th>Connection</th>
                <th>Type</th>
                <th>Dev component id</th>
              </tr>
            </thead>
            <tbody>
              {missing.map((m) => (
                <tr key={m.devComponentId}>
                  <td>{m.name}</td>
                  <td>{m.type}</td>
                  <td>
                    <code>{m.devComponentId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ErrorPanel>
  );
}
