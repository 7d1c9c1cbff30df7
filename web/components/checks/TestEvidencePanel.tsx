import { useState } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { Badge, type Tone } from '../Badge.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { formatDate } from '../format.ts';

type Run = ActionResponse<'getTestRuns'>['runs'][number];

const TONES: Record<Run['status'], Tone> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  PASSED: 'green',
  FAILED: 'red',
  TIMED_OUT: 'amber',
  REFUSED: 'red',
  NOT_RUN: 'amber',
};

const duration = (ms: number | null) => (ms === null ? '-' : ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

function RunFacts({ run }: { run: Run }) {
  return (
    <dl className="facts">
      <dt>Outcome</dt>
      <dd>
        <Badge tone={TONES[run.status]}>{run.status.replace('_', ' ')}</Badge>
        {run.boomiStatus && <span className="muted"> · Boomi {run.boomiStatus}</span>}
      </dd>
      <dt>Started</dt>
      <dd>{run.startedAt ? formatDate(run.startedAt) : `asked ${formatDate(run.requestedAt)}`}</dd>
      <dt>Duration</dt>
      <dd>{duration(run.durationMs)}</dd>
      <dt>Documents</dt>
      <dd>
        {run.inboundDocumentCount ?? '-'} in · {run.outboundDocumentCount ?? '-'} out
      </dd>
      <dt>Runtime</dt>
      <dd>{run.atomName ?? run.atomId ?? '-'}</dd>
      <dt>Execution</dt>
      <dd>{run.executionId ? <code>{run.executionId}</code> : '-'}</dd>
      {run.errorMessage && (
        <>
          <dt>Error</dt>
          <dd className="user-text">{run.errorMessage}</dd>
        </>
      )}
    </dl>
  );
}

/**
 * The test process runs of a record (for a production record, of the test record it came from)
 * and whether they are the evidence the approval policy asks for. Shown on P9, P6 and P7; on P9
 * (`manage`) a contributor names the test process and runs it again.
 */
export function TestEvidencePanel({ promotionId, manage = false }: { promotionId: string; manage?: boolean }) {
  const q = useActionQuery(
    'getTestRuns',
    { promotionId },
    {
      // While a run is under way its outcome is a few seconds away: look again until it ends.
      refetchInterval: (query) =>
        query.state.data?.runs.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING') ? 2000 : false,
    },
  );
  const rerun = useActionMutation('runTestProcess');
  const setProcess = useActionMutation('setTestProcess');
  const [draft, setDraft] = useState<string | null>(null);
  if (q.isPending) return null;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  // A hotfix never went through Test: there is no evidence to show.
  if (!d.testPromotionId) return null;
  const [latest, ...older] = d.runs;
  const title = `test-evidence-${promotionId}`;
  return (
    <section className="panel" aria-labelledby={title}>
      <h3 id={title}>Test Evidence</h3>
      <p>
        Test process: {d.testProcessId ? <code>{d.testProcessId}</code> : <span className="muted">none named</span>}
        {d.evidence.required && (
          <>
            {' '}
            · the approval policy requires a passing run newer than the last Test deployment:{' '}
            <Badge tone={d.evidence.satisfied ? 'green' : 'red'}>{d.evidence.satisfied ? 'met' : 'not met'}</Badge>
          </>
        )}
      </p>
      {d.evidence.reason && d.testProcessId && <p className="muted">{d.evidence.reason}.</p>}
      {latest ? <RunFacts run={latest} /> : d.testProcessId && <p className="muted">No test run yet.</p>}
      {older.length > 0 && (
        <details>
          <summary>Earlier runs ({older.length})</summary>
          <ul>
            {older.map((r) => (
              <li key={r.runId}>
                <Badge tone={TONES[r.status]}>{r.status.replace('_', ' ')}</Badge> {formatDate(r.requestedAt)}
                {r.errorMessage && <span className="user-text"> · {r.errorMessage}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {rerun.error && <ErrorBanner error={rerun.error} />}
      {setProcess.error && <ErrorBanner error={setProcess.error} />}
      {manage && d.testPromotionId === promotionId && (
        <div className="button-bar">
          {d.testProcessId && (
            <button type="button" disabled={rerun.isPending} onClick={() => rerun.mutate({ promotionId })}>
              Run test process again
            </button>
          )}
          {d.processId && (
            <>
              <label htmlFor={`${title}-process`}>Test process id</label>
              <input
                id={`${title}-process`}
                type="text"
                value={draft ?? d.testProcessId ?? ''}
                onChange={(e) => setDraft(e.target.value)}
              />
              <button
                type="button"
                className="secondary"
                disabled={setProcess.isPending || draft === null}
                onClick={() =>
                  setProcess.mutate(
                    { processId: d.processId!, testProcessId: draft?.trim() ? draft.trim() : null },
                    { onSuccess: () => setDraft(null) },
                  )
                }
              >
                Save test process
              </button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
