import { ComponentDriftNote } from '../drift/ComponentDriftNote.tsx';
import type { ActionResponse } from '../../api/client.ts';
import { Badge, TypeBadge, typeLabel, type Tone } from '../Badge.tsx';
import { dash, plural, shortId } from '../format.ts';
import { WHERE_TO_SET_VALUES, describeField } from './environment-values.ts';
import './promotion.css';

export type Dependency = ActionResponse<'resolveDependencies'>['components'][number];

const PROD_TONES: Record<string, Tone> = {
  NEW: 'blue',
  UPDATE: 'green',
  MAPPED: 'cyan',
  UNMAPPED: 'red',
  ERROR: 'red',
};
const RANK: Record<string, number> = { profile: 1, connection: 2, operation: 3, map: 4, process: 5 };

/** Deployment order (profiles, connections, operations, maps, processes), the root process last. */
export function deploymentOrder(rows: Dependency[], rootId: string): Dependency[] {
  const rank = (d: Dependency) => (d.devComponentId === rootId ? 99 : (RANK[typeLabel(d.type)] ?? 3));
  return rows
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .map((x) => x.d);
}

const rowClass = (d: Dependency) =>
  d.prodStatus === 'UNMAPPED' ? 'row-unmapped' : d.isSharedConnection ? 'row-shared' : d.hasEnvConfig ? 'row-env' : '';

/** P2's dependency grid: what each dev component will become in the primary account. */
export function DependencyGrid({ rows, rootId }: { rows: Dependency[]; rootId: string }) {
  return (
    <div className="table-wrap" style={{ minHeight: 300 }}>
      <table aria-label="Dependencies" className="striped">
        <thead>
          <tr>
            <th>Component Name</th>
            <th>Type</th>
            <th className="num">Dev Version</th>
            <th>Prod Status</th>
            <th>Prod Component</th>
            <th className="num">Prod Version</th>
            <th>Env Config</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => {
            const isNew = d.prodStatus === 'NEW';
            return (
              <tr key={d.devComponentId} className={rowClass(d)}>
                <td>
                  {d.devComponentId === rootId ? <strong>{d.name}</strong> : d.name}
                  {d.drift && (
                    <>
                      <br />
                      <ComponentDriftNote drift={d.drift} />
                    </>
                  )}
                </td>
                <td>
                  <TypeBadge type={d.type} shared={d.isSharedConnection} />
                </td>
                <td className="num">{d.devVersion}</td>
                <td>
                  <Badge tone={PROD_TONES[d.prodStatus] ?? 'gray'}>{d.prodStatus}</Badge>
                </td>
                <td title={isNew ? undefined : d.prodComponentId}>{isNew ? '-' : shortId(d.prodComponentId, 8)}</td>
                <td className="num">{isNew || !d.prodCurrentVersion ? '-' : dash(d.prodCurrentVersion)}</td>
                <td
                  title={`Environment values (credentials, hosts) the promotion strips; set them again ${WHERE_TO_SET_VALUES}`}
                >
                  <EnvConfig d={d} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What the promotion will strip from the component, by name: the count's badge and the fields. */
function EnvConfig({ d }: { d: Dependency }) {
  if (!d.hasEnvConfig) return <span className="ok">✓ No</span>;
  return (
    <>
      <Badge tone="orange">⚠ {plural(d.strippedFields.length, 'value')}</Badge>
      <ul className="stripped-fields" aria-label={`Stripped from ${d.name}`}>
        {d.strippedFields.map((f) => (
          <li key={f}>
            <code title={f}>{describeField(f)}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
