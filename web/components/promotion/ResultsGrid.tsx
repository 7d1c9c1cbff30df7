import { useState, type ReactNode } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { Badge, TypeBadge, type Tone } from '../Badge.tsx';
import { CardList } from '../CardList.tsx';
import { dash, shortId, truncate } from '../format.ts';

export type ComponentResult = NonNullable<ActionResponse<'queryStatus'>['promotions'][number]['results']>[number];
export type DiffTarget = { prodComponentId: string; componentName: string; componentAction: 'CREATE' | 'UPDATE' };

const ACTIONS: Record<string, [string, Tone]> = {
  CREATED: ['CREATE', 'blue'],
  UPDATED: ['UPDATE', 'green'],
  UNCHANGED: ['UNCHANGED', 'gray'],
  SKIPPED: ['SKIPPED', 'gray'],
  PRE_MAPPED: ['PRE_MAPPED', 'cyan'],
  FAILED: ['FAILED', 'red'],
};
const STATUS: Record<string, [string, Tone]> = {
  SUCCESS: ['✓ SUCCESS', 'green'],
  FAILED: ['✕ FAILED', 'red'],
  SKIPPED: ['SKIPPED', 'gray'],
};

export function ActionBadge({ r }: { r: ComponentResult }) {
  const [label, tone] = ACTIONS[r.action] ?? [r.action, 'gray'];
  const shared = r.action === 'PRE_MAPPED' || (r.action === 'SKIPPED' && r.type === 'connector-settings');
  return <Badge tone={tone}>{r.action === 'SKIPPED' && shared ? 'SKIPPED_CONNECTION (shared)' : label}</Badge>;
}

type Filter = 'all' | 'failed' | 'stripped';

/**
 * Per-component results (P3, P6, P7): action and status pills, failed and skipped rows marked,
 * and a diff link for every created or updated component while the branch exists.
 */
export function ResultsGrid({
  results,
  canDiff,
  onDiff,
}: {
  results: ComponentResult[];
  canDiff: boolean;
  onDiff(t: DiffTarget): void;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  const rows = results.filter(
    (r) => filter === 'all' || (filter === 'failed' ? r.status === 'FAILED' : r.configStripped),
  );
  return (
    <>
      <div className="filters" role="group" aria-label="Show">
        {(
          [
            ['all', 'Show All'],
            ['failed', 'Show Failed Only'],
            ['stripped', 'Show Config Stripped Only'],
          ] as const
        ).map(([f, label]) => (
          <button
            key={f}
            type="button"
            className="secondary small"
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="table-wrap has-cards" style={{ minHeight: 300 }}>
        <table aria-label="Promotion results">
          <thead>
            <tr>
              <th>Component</th>
              <th>Action</th>
              <th>Status</th>
              <th>Prod Component ID</th>
              <th className="num">Prod Version</th>
              <th>Config Stripped</th>
              <th>Error</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const done = r.status === 'SUCCESS';
              return (
                <tr key={r.devComponentId} className={rowTone(r)}>
                  <td>
                    {r.configStripped && (
                      <span aria-label="configuration stripped" title="Configuration stripped">
                        ⚠{' '}
                      </span>
                    )}
                    {r.name} <TypeBadge type={r.type} />
                  </td>
                  <td>
                    <ActionBadge r={r} />
                    <Reason r={r} />
                  </td>
                  <td>
                    <StatusPill r={r} />
                  </td>
                  <td title={r.prodComponentId ?? undefined}>{done ? shortId(r.prodComponentId, 12) : '-'}</td>
                  <td className="num">{done ? dash(r.prodVersion) : '-'}</td>
                  <td title={STRIPPED_TIP}>
                    <Stripped r={r} />
                  </td>
                  <td className="error-cell" title={r.errorMessage ?? undefined}>
                    {r.status === 'FAILED' ? truncate(r.errorMessage, 50) : '-'}
                  </td>
                  <td>
                    <DiffLink r={r} canDiff={canDiff} onDiff={onDiff} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <CardList
        label="Promotion results"
        items={rows}
        itemKey={(r) => r.devComponentId}
        tone={rowTone}
        title={(r) => (
          <>
            {r.configStripped && (
              <span role="img" aria-label="configuration stripped">
                ⚠{' '}
              </span>
            )}
            <strong>{r.name}</strong>
          </>
        )}
        badges={(r) => (
          <>
            <TypeBadge type={r.type} />
            <ActionBadge r={r} />
            <StatusPill r={r} />
          </>
        )}
        facts={(r) => {
          const done = r.status === 'SUCCESS';
          const facts: Array<[string, ReactNode]> = [
            [
              'Prod Component',
              done ? (
                <>
                  <code title={r.prodComponentId ?? undefined}>{shortId(r.prodComponentId, 12)}</code> v
                  {dash(r.prodVersion)}
                </>
              ) : (
                '-'
              ),
            ],
            ['Config Stripped', <Stripped r={r} />],
          ];
          if (r.status === 'FAILED')
            facts.push(['Error', <span className="error-cell">{r.errorMessage ?? 'failed'}</span>]);
          if (r.reason) facts.push(['Why', r.reason]);
          return facts;
        }}
        actions={(r) => <DiffLink r={r} canDiff={canDiff} onDiff={onDiff} />}
      />
    </>
  );
}

const STRIPPED_TIP = 'The credential configuration was removed for security';

const rowTone = (r: ComponentResult) =>
  r.status === 'FAILED' ? 'row-failed' : r.status === 'SKIPPED' ? 'row-skipped' : '';

/** Why a component came out so: skipped unchanged (with its versions), production changed outside Promo. */
function Reason({ r }: { r: ComponentResult }) {
  if (!r.reason) return null;
  return (
    <div className="result-reason" title={r.reason}>
      {truncate(r.reason, 90)}
    </div>
  );
}

function StatusPill({ r }: { r: ComponentResult }) {
  const [status, tone] = STATUS[r.status] ?? [r.status, 'gray'];
  return <Badge tone={tone}>{status}</Badge>;
}

function Stripped({ r }: { r: ComponentResult }) {
  return r.configStripped ? <Badge tone="orange">⚠ Yes</Badge> : <span className="ok">✓ No</span>;
}

/** "View Diff" for an updated component, "View New" for a created one, while the branch exists. */
function DiffLink({ r, canDiff, onDiff }: { r: ComponentResult; canDiff: boolean; onDiff(t: DiffTarget): void }) {
  if (!canDiff || !r.prodComponentId || (r.action !== 'CREATED' && r.action !== 'UPDATED')) return null;
  const created = r.action === 'CREATED';
  return (
    <button
      type="button"
      className="link-button"
      onClick={() =>
        onDiff({
          prodComponentId: r.prodComponentId!,
          componentName: r.name,
          componentAction: created ? 'CREATE' : 'UPDATE',
        })
      }
    >
      {created ? 'View New' : 'View Diff'}
    </button>
  );
}
