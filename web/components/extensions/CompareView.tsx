import { useState } from 'react';
import { SECTION_LABELS } from '../../../src/contracts/extension-limits.ts';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { Badge, type Tone } from '../Badge.tsx';
import { QueryError } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import type { ClientEnvironment } from './AccountPicker.tsx';
import { SecretBadge } from './PropertyRow.tsx';

type Row = ActionResponse<'diffExtensions'>['rows'][number];
type Side = Row['left'];

const STATE: Record<Row['state'], [string, Tone]> = {
  SAME: ['Same', 'gray'],
  DIFFERENT: ['Different', 'amber'],
  ONLY_LEFT: ['Only in Test', 'blue'],
  ONLY_RIGHT: ['Only in Production', 'purple'],
};

function SideValue({ side }: { side: Side }) {
  if (!side) return <span className="muted">absent</span>;
  if (side.encrypted) return <SecretBadge set={side.set} />;
  if (side.useDefault) return <span className="muted">(default)</span>;
  return <span className="value-text">{side.value ?? ''}</span>;
}

/** Test and Production of one account side by side, field by field (diffExtensions). */
export function CompareView({
  clientAccountId,
  test,
  prod,
}: {
  clientAccountId: string;
  test: ClientEnvironment;
  prod: ClientEnvironment;
}) {
  const [onlyDifferences, setOnlyDifferences] = useState(true);
  const diff = useActionQuery(
    'diffExtensions',
    { clientAccountId, leftEnvironmentId: test.environmentId, rightEnvironmentId: prod.environmentId, onlyDifferences },
    { staleTime: 0 },
  );
  const c = diff.data?.counts;
  return (
    <section aria-labelledby="compare-title" className="compare-view">
      <h3 id="compare-title">
        Compare Test ({test.environmentName}) / Production ({prod.environmentName})
      </h3>
      <label className="checkbox">
        <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} />
        Only differences
      </label>
      {c && (
        <div className="pills" role="status">
          <Badge tone="amber">{c.different} different</Badge>
          <Badge tone="blue">{c.onlyLeft} only in Test</Badge>
          <Badge tone="purple">{c.onlyRight} only in Production</Badge>
          <Badge tone="gray">{c.same} same</Badge>
        </div>
      )}
      {diff.isPending ? (
        <Loading text="Comparing environments..." />
      ) : diff.error ? (
        <QueryError error={diff.error} onRetry={() => void diff.refetch()} />
      ) : diff.data.rows.length === 0 ? (
        <div className="empty-state" role="status">
          {onlyDifferences ? 'Test and Production hold the same values.' : 'Neither environment has extensions.'}
        </div>
      ) : (
        <div className="table-wrap">
          <table aria-label="Test and Production values" className="compare-table">
            <thead>
              <tr>
                <th scope="col">Component</th>
                <th scope="col">Field</th>
                <th scope="col">Test</th>
                <th scope="col">Production</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {diff.data.rows.map((r) => {
                const [label, tone] = STATE[r.state];
                return (
                  <tr key={`${r.section}/${r.componentId}/${r.fieldId}`}>
                    <td>
                      {r.componentName}
                      <div className="muted">{SECTION_LABELS[r.section]}</div>
                    </td>
                    <td>{r.label}</td>
                    <td>
                      <SideValue side={r.left} />
                    </td>
                    <td>
                      <SideValue side={r.right} />
                    </td>
                    <td>
                      <Badge tone={tone}>{label}</Badge>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
