import type { ActionResponse } from '../../api/client.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { useMe } from '../../app/session.tsx';
import { Badge } from '../Badge.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { dateWithAge, formatDate, plural } from '../format.ts';
import { changeLabel, changedByText, recordedVsActual, type Finding } from './drift-text.ts';

/** P9: what changed in production outside Promo, the last check, and the branches Boomi holds. */
export function DriftPanel() {
  const me = useMe();
  const query = useActionQuery('listDrift', {});
  const check = useActionMutation('checkDrift');
  const data = query.data;
  const last = data?.lastCheck;
  return (
    <section className="panel" aria-labelledby="drift-title">
      <div className="title-row">
        <h3 id="drift-title">Production Drift</h3>
        {me.tier === 'ADMIN' && (
          <button
            type="button"
            className="small"
            disabled={check.isPending}
            onClick={() => check.mutate({}, { onSuccess: () => void query.refetch() })}
          >
            {check.isPending ? 'Checking…' : 'Check now'}
          </button>
        )}
      </div>
      {query.error ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : !data ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <p className="muted" role="status" aria-label="Last drift check">
            {last
              ? `Last check ${formatDate(last.finishedAt ?? last.startedAt)} (${last.outcome.toLowerCase()}${
                  last.outcome === 'FAILED' && last.errorMessage ? `: ${last.errorMessage}` : ''
                }), ${last.requestedBy === 'schedule' ? 'scheduled' : `by ${last.requestedBy}`}.`
              : 'No check has run yet.'}{' '}
            Schedule: {data.schedule === 'off' ? 'off' : <code>{data.schedule}</code>}
          </p>
          {check.error && <ErrorBanner error={check.error} />}
          <DriftTable findings={data.findings} />
          <BranchesPanel branches={data.branches} />
        </>
      )}
    </section>
  );
}

function DriftTable({ findings }: { findings: readonly Finding[] }) {
  if (!findings.length) return <p role="status">✓ Production matches what Promo recorded.</p>;
  return (
    <div className="table-wrap">
      <table aria-label="Drift findings">
        <thead>
          <tr>
            <th>Kind</th>
            <th>Component / Process</th>
            <th>Environment</th>
            <th>What changed</th>
            <th>Recorded vs Boomi</th>
            <th>Changed by</th>
            <th>First seen</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={`${f.kind}|${f.environmentId ?? ''}|${f.componentId}`}>
              <td>{f.kind === 'COMPONENT' ? 'Component' : 'Deployment'}</td>
              <td>
                <strong>{f.componentName ?? f.componentId}</strong>
              </td>
              <td>{f.environmentName ?? 'main'}</td>
              <td>
                <Badge tone="amber">{changeLabel(f.change)}</Badge>
              </td>
              <td>{recordedVsActual(f)}</td>
              <td>{changedByText(f)}</td>
              <td title={f.firstSeenAt}>{dateWithAge(f.firstSeenAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BranchesPanel({ branches }: { branches: ActionResponse<'listDrift'>['branches'] }) {
  if (!branches) return <p className="muted">Branches: not reconciled yet.</p>;
  const near = branches.count >= branches.threshold - 2;
  return (
    <div aria-labelledby="branches-title">
      <h4 id="branches-title">Branches</h4>
      <p role="status" aria-label="Branch count">
        <Badge tone={near ? 'red' : 'green'}>
          {branches.count} of {branches.threshold}
        </Badge>{' '}
        branches in the primary account (main included), as Boomi counted them on {formatDate(branches.checkedAt)}.
        {branches.orphansDeleted.length > 0 &&
          ` The last run deleted ${plural(branches.orphansDeleted.length, 'orphan branch', 'orphan branches')}: ${branches.orphansDeleted
            .map((b) => b.branchName)
            .join(', ')}.`}
      </p>
      {branches.stale.length > 0 && (
        <>
          <p>Older than {branches.staleDays} days:</p>
          <ul aria-label="Stale branches">
            {branches.stale.map((b) => (
              <li key={b.branchId}>
                <code>{b.branchName}</code> ({b.ageDays ?? '?'} days)
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
