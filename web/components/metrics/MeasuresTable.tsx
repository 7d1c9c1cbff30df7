import type { ActionResponse } from '../../api/client.ts';
import { formatDuration, formatPerDay, formatRate } from './metrics-format.ts';

type Measures = ActionResponse<'getDeliveryMetrics'>['overall'];

/** The four measures of each row (a team, a process or a bucket) as text. */
export function MeasuresTable({
  label,
  first,
  rows,
}: {
  label: string;
  first: string;
  rows: Array<{ key: string; name: string; m: Measures }>;
}) {
  if (!rows.length)
    return (
      <p className="muted" role="status">
        No production deployments in this period.
      </p>
    );
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="num">
              Deployments
            </th>
            <th scope="col">Frequency</th>
            <th scope="col">Lead time (median / p90)</th>
            <th scope="col">Change failure rate</th>
            <th scope="col">Time to restore (median / p90)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, name, m }) => (
            <tr key={key}>
              <th scope="row" className="user-text">
                {name}
              </th>
              <td className="num">{m.deployments}</td>
              <td>{formatPerDay(m.deploymentsPerDay)}</td>
              <td>
                {formatDuration(m.leadTimeSeconds.median)} / {formatDuration(m.leadTimeSeconds.p90)}
              </td>
              <td>
                {formatRate(m.changeFailureRate)} ({m.changeFailures})
              </td>
              <td>
                {formatDuration(m.timeToRestoreSeconds.median)} / {formatDuration(m.timeToRestoreSeconds.p90)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
