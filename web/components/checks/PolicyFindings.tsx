import { useActionQuery } from '../../api/hooks.ts';
import { Badge } from '../Badge.tsx';
import { CardList } from '../CardList.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import './policy.css';

const severityBadge = (f: { severity: 'BLOCK' | 'WARN' }) =>
  f.severity === 'BLOCK' ? <Badge tone="red">⛔ BLOCK</Badge> : <Badge tone="amber">⚠ WARN</Badge>;

/**
 * P3, P6, P7: what the policy rules found in the promoted components, BLOCK first. A BLOCK finding
 * stops the production submission; a WARN finding is for the reviewers to weigh.
 */
export function PolicyFindings({ promotionId }: { promotionId: string }) {
  const query = useActionQuery('getPolicyFindings', { promotionId });
  if (query.error) return <ErrorBanner error={query.error} onRetry={() => void query.refetch()} />;
  const check = query.data?.check;
  if (!check) return null;
  const blocking = check.blockCount > 0;
  return (
    <div className="policy-findings" role="region" aria-label="Policy checks">
      <div
        className={`banner ${blocking ? 'banner-error' : check.findings.length ? 'banner-warning' : 'banner-success'}`}
      >
        <span>
          <strong>
            Policy checks:{' '}
            {blocking
              ? `${check.blockCount} blocking finding${check.blockCount === 1 ? '' : 's'}: production submission is refused until they are fixed`
              : check.findings.length
                ? `${check.warnCount} warning${check.warnCount === 1 ? '' : 's'}`
                : 'no findings'}
          </strong>{' '}
          <span className="muted">
            ({check.componentsChecked} components checked
            {check.carriedForward ? `, ${check.carriedForward} carried forward unchanged` : ''}
            {check.stale ? '; the rules changed since, so a production submission checks again' : ''})
          </span>
        </span>
      </div>
      {check.findings.length > 0 && (
        <div className="table-wrap has-cards">
          <table aria-label="Policy findings">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Component</th>
                <th>Rule</th>
                <th>Element</th>
              </tr>
            </thead>
            <tbody>
              {check.findings.map((f, i) => (
                <tr key={`${f.devComponentId} ${f.ruleId} ${f.elementPath} ${i}`}>
                  <td>{severityBadge(f)}</td>
                  <td>
                    {f.componentName} <span className="muted">({f.componentType})</span>
                  </td>
                  <td>
                    <strong>{f.ruleTitle}</strong>
                    <br />
                    <span>{f.message}</span>
                  </td>
                  <td>
                    <code>{f.elementPath}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {check.findings.length > 0 && (
        <CardList
          label="Policy findings"
          items={check.findings}
          itemKey={(f) => `${f.devComponentId} ${f.ruleId} ${f.elementPath}`}
          title={(f) => f.ruleTitle}
          badges={(f) => severityBadge(f)}
          facts={(f) => [
            ['Component', `${f.componentName} (${f.componentType})`],
            ['Finding', f.message],
            ['Element', <code key="path">{f.elementPath}</code>],
          ]}
        />
      )}
    </div>
  );
}
