import type { useActionQuery } from '../../api/hooks.ts';
import { Badge, type Tone } from '../Badge.tsx';
import { formatDate } from '../format.ts';

type Rollback = NonNullable<ReturnType<typeof useActionQuery<'getRollback'>>['data']>['rollback'];

const LABELS: Record<string, string> = {
  RELEASE_PACK: 'Release the pack with the previous package',
  REDEPLOY: 'Deploy the previous package again',
  RESTORE_MAIN: 'Bring main back to the previous versions',
  FINISH: 'Record the rollback',
};
const TONES: Record<string, Tone> = { PENDING: 'gray', RUNNING: 'blue', DONE: 'green', FAILED: 'red', SKIPPED: 'gray' };

/** The steps as the record has them: which ran, when, what each did or why it failed. */
export function RollbackSteps({ rollback: r }: { rollback: Rollback }) {
  return (
    <div className="table-wrap">
      <table aria-label="Rollback steps">
        <thead>
          <tr>
            <th>Step</th>
            <th>Status</th>
            <th>Started</th>
            <th>Finished</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {r.steps.map((s) => (
            <tr key={s.step}>
              <td>{LABELS[s.step] ?? s.step}</td>
              <td>
                <Badge tone={TONES[s.status] ?? 'gray'}>{s.status}</Badge>
              </td>
              <td>{formatDate(s.startedAt)}</td>
              <td>{formatDate(s.finishedAt)}</td>
              <td>
                {s.error ? <span className="field-error">{s.error}</span> : (s.detail ?? '')}
                {s.step === 'REDEPLOY' && r.environmentResults.length > 0 && (
                  <ul>
                    {r.environmentResults.map((e) => (
                      <li key={e.environmentId}>
                        {e.environmentName}: {e.deployed ? 'deployed' : `not deployed (${e.errorMessage ?? 'failed'})`}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
