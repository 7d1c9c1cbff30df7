import { Link, useSearchParams } from 'react-router';
import { useActionQuery } from '../api/hooks.ts';
import { Badge } from '../components/Badge.tsx';
import { QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { formatDate } from '../components/format.ts';
import { ReleaseStatusBadge } from '../components/releases/RollbackStatusBadge.tsx';

/**
 * A process's releases (issue 14), newest first: what ran in each environment, when, from which
 * promotion or rollback, who asked and who approved. Rolled-back releases and rollbacks are marked.
 */
export function ReleaseHistory() {
  const [params] = useSearchParams();
  const processId = params.get('processId');
  const promotionId = params.get('promotionId');
  const request = processId ? { processId } : { promotionId: promotionId ?? '' };
  const history = useActionQuery('listReleases', request, { staleTime: 0, enabled: !!(processId || promotionId) });
  if (!processId && !promotionId) return <p role="alert">Open the release history from a promotion.</p>;
  if (history.isPending) return <Loading />;
  if (history.error) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  const { releases, processName } = history.data;
  return (
    <section aria-labelledby="releases-title">
      <h2 id="releases-title">Release History{processName ? `: ${processName}` : ''}</h2>
      {releases.length === 0 ? (
        <div className="empty-state" role="status">
          No releases of this process yet
        </div>
      ) : (
        <div className="table-wrap">
          <table aria-label="Releases">
            <thead>
              <tr>
                <th>Released</th>
                <th>Target</th>
                <th>Release</th>
                <th>Package</th>
                <th>Environments</th>
                <th>Asked / approved by</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <tr key={`${r.target}-${r.rollbackId ?? r.promotionId}`}>
                  <td>{formatDate(r.releasedAt)}</td>
                  <td>
                    <Badge tone={r.target === 'PRODUCTION' ? 'blue' : 'teal'}>{r.target}</Badge>
                  </td>
                  <td>
                    {r.rollbackId ? (
                      <>
                        <Link to={`/rollbacks/${encodeURIComponent(r.rollbackId)}`}>Rollback</Link>
                        {r.restores && ` to v${r.restores.packageVersion}`}
                        {r.reason && <div className="muted user-text">{r.reason}</div>}
                      </>
                    ) : (
                      <Link to={`/promotions/${encodeURIComponent(r.promotionId)}`}>
                        {r.kind === 'HOTFIX' ? 'Hotfix' : 'Promotion'}
                      </Link>
                    )}
                    {r.breakGlass && (
                      <div>
                        <Badge tone="red" label="Deployed by break-glass">
                          BREAK-GLASS
                        </Badge>{' '}
                        <span className="muted">
                          {r.breakGlass.by}: {r.breakGlass.reason}
                        </span>
                      </div>
                    )}
                  </td>
                  <td>
                    v{r.packageVersion}
                    {r.integrationPackName && <div className="muted">{r.integrationPackName}</div>}
                  </td>
                  <td>
                    {r.environments.length === 0
                      ? '-'
                      : r.environments.map((e) => `${e.environmentName}${e.deployed ? '' : ' (failed)'}`).join(', ')}
                  </td>
                  <td>
                    {r.initiatedBy}
                    {r.approvedBy.length > 0 && <div className="muted">approved: {r.approvedBy.join(', ')}</div>}
                  </td>
                  <td>
                    <ReleaseStatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
