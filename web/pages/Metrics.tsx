import { useEffect, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import type { ActionResponse } from '../api/client.ts';
import { useActionQuery } from '../api/hooks.ts';
import { QueryError } from '../components/ErrorPanel.tsx';
import { plural } from '../components/format.ts';
import { Loading } from '../components/Loading.tsx';
import { UPlotChart } from '../components/metrics/UPlotChart.tsx';
import { MeasuresTable } from '../components/metrics/MeasuresTable.tsx';
import {
  PRESETS,
  bucketLabel,
  dayStart,
  formatDuration,
  formatPerDay,
  formatRate,
  presetPeriod,
  type Preset,
} from '../components/metrics/metrics-format.ts';
import '../components/metrics/metrics.css';

type Result = ActionResponse<'getDeliveryMetrics'>;
type Point = Result['series'][number];
type Bucket = 'day' | 'week' | 'month';

const MEASURES = {
  deployments: { label: 'Deployments', unit: 'deployments', of: (p: Point) => p.deployments },
  leadTime: {
    label: 'Lead time (median)',
    unit: 'hours',
    of: (p: Point) => hours(p.leadTimeSeconds.median),
  },
  changeFailureRate: {
    label: 'Change failure rate',
    unit: '%',
    of: (p: Point) => (p.changeFailureRate === null ? null : Math.round(p.changeFailureRate * 1000) / 10),
  },
  timeToRestore: {
    label: 'Time to restore (median)',
    unit: 'hours',
    of: (p: Point) => hours(p.timeToRestoreSeconds.median),
  },
} as const;
type MeasureKey = keyof typeof MEASURES;

const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 10) / 10);
const DAY_MS = 86_400_000;

/** Delivery (DORA) metrics: the four measures for a period, their trend, and the teams side by side. */
export function Metrics() {
  const [preset, setPreset] = useState<Preset | 'custom'>('90d');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [bucket, setBucket] = useState<Bucket>('week');
  const [team, setTeam] = useState('');
  const [measure, setMeasure] = useState<MeasureKey>('deployments');
  const [knownTeams, setKnownTeams] = useState<Array<{ team: string; teamName: string }>>([]);

  const customOk = preset === 'custom' && custom.from && custom.to && custom.from <= custom.to;
  const period =
    preset !== 'custom'
      ? presetPeriod(preset)
      : customOk
        ? { from: dayStart(custom.from), to: new Date(Date.parse(dayStart(custom.to)) + DAY_MS).toISOString() }
        : presetPeriod('90d');
  const request = { from: period.from, to: period.to, bucket, ...(team ? { team } : {}) };
  const q = useActionQuery('getDeliveryMetrics', request, { placeholderData: keepPreviousData });
  const m = q.data;

  // The team picker keeps every team seen without a filter: a filtered answer names only one.
  useEffect(() => {
    if (m && !team) setKnownTeams(m.teams.map((t) => ({ team: t.team, teamName: t.teamName })));
  }, [m, team]);

  const csv = `/api/metrics/delivery.csv?${new URLSearchParams(request).toString()}`;
  const chosen = MEASURES[measure];
  return (
    <section aria-labelledby="metrics-title">
      <div className="title-row">
        <h2 id="metrics-title">Delivery Metrics</h2>
      </div>
      <p className="muted">
        Production deployments of the period: how often, how fast a change gets there from its first promotion, how many
        were followed by a rollback or a hotfix within {m?.period.failureWindowHours ?? 168} hours, and how long the fix
        took.
      </p>
      <div className="filter-bar" role="search" aria-label="Period and team">
        <label className="filter">
          Period
          <select
            value={preset}
            onChange={(e) => {
              const v = e.target.value as Preset | 'custom';
              setPreset(v);
              const p = PRESETS.find((x) => x.value === v);
              if (p) setBucket(p.bucket);
            }}
          >
            {PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom dates</option>
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label className="filter">
              From
              <input type="date" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </label>
            <label className="filter">
              To (inclusive)
              <input type="date" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </label>
          </>
        )}
        <label className="filter">
          Group by
          <select value={bucket} onChange={(e) => setBucket(e.target.value as Bucket)}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label className="filter">
          Team
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">All teams</option>
            {knownTeams.map((t) => (
              <option key={t.team} value={t.team}>
                {t.teamName}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        <a className="button secondary" href={csv} download>
          Download CSV
        </a>
      </div>
      {preset === 'custom' && !customOk && (
        <p className="muted" role="status">
          Choose a start and an end date (the end on or after the start); until then the last 90 days are shown.
        </p>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <QueryError error={q.error} onRetry={() => void q.refetch()} />
      ) : m ? (
        <>
          <dl className="metrics-cards" aria-label="Measures of the period">
            <div className="metrics-card">
              <dt>Deployment frequency</dt>
              <dd className="metrics-value">{formatPerDay(m.overall.deploymentsPerDay)}</dd>
              <dd className="muted">{plural(m.overall.deployments, 'production deployment')}</dd>
            </div>
            <div className="metrics-card">
              <dt>Lead time for changes</dt>
              <dd className="metrics-value">{formatDuration(m.overall.leadTimeSeconds.median)}</dd>
              <dd className="muted">median; p90 {formatDuration(m.overall.leadTimeSeconds.p90)}</dd>
            </div>
            <div className="metrics-card">
              <dt>Change failure rate</dt>
              <dd className="metrics-value">{formatRate(m.overall.changeFailureRate)}</dd>
              <dd className="muted">{m.overall.changeFailures} followed by a rollback or hotfix</dd>
            </div>
            <div className="metrics-card">
              <dt>Time to restore</dt>
              <dd className="metrics-value">{formatDuration(m.overall.timeToRestoreSeconds.median)}</dd>
              <dd className="muted">median; p90 {formatDuration(m.overall.timeToRestoreSeconds.p90)}</dd>
            </div>
          </dl>
          <div className="filter-bar">
            <label className="filter">
              Chart
              <select value={measure} onChange={(e) => setMeasure(e.target.value as MeasureKey)}>
                {Object.entries(MEASURES).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <div className="metrics-charts">
            <UPlotChart
              title={`${chosen.label} per ${m.period.bucket}`}
              unit={chosen.unit}
              labels={m.series.map((p) => bucketLabel(p.bucketStart, m.period.bucket))}
              series={[
                { label: 'All teams', values: m.series.map(chosen.of) },
                ...m.teams.map((t) => ({ label: t.teamName, values: t.series.map(chosen.of) })),
              ]}
            />
            <UPlotChart
              title={`${chosen.label} by team`}
              unit={chosen.unit}
              bars
              labels={m.teams.map((t) => t.teamName)}
              series={[{ label: chosen.label, values: m.teams.map((t) => chosen.of({ ...t, bucketStart: '' })) }]}
            />
          </div>
          <h3>By team</h3>
          <MeasuresTable
            label="Measures by team"
            first="Team"
            rows={m.teams.map((t) => ({ key: t.team, name: t.teamName, m: t }))}
          />
          <h3>By process</h3>
          <MeasuresTable
            label="Measures by process"
            first="Process"
            rows={m.processes.map((p) => ({ key: p.processId, name: p.processName ?? p.processId, m: p }))}
          />
          <details>
            <summary>Trend as a table</summary>
            <MeasuresTable
              label={`Measures per ${m.period.bucket}`}
              first={m.period.bucket === 'month' ? 'Month' : m.period.bucket === 'week' ? 'Week of' : 'Day'}
              rows={m.series.map((p) => ({
                key: p.bucketStart,
                name: bucketLabel(p.bucketStart, m.period.bucket),
                m: p,
              }))}
            />
          </details>
        </>
      ) : null}
    </section>
  );
}
