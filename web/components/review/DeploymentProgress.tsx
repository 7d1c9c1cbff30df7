import type { JobView } from '../../api/client.ts';
import { Progress } from '../Loading.tsx';

interface DeployResponse {
  status?: string;
  errorMessage?: string | null;
  prodPackageId?: string | null;
  releaseId?: string | null;
  integrationPackName?: string | null;
  deploymentResults?: Array<{ environmentName: string; deployed: boolean; errorMessage: string | null }>;
}

/** The approved production deployment as it runs, then its outcome per environment (P7). */
export function DeploymentProgress({ job }: { job: JobView }) {
  if (job.state === 'QUEUED' || job.state === 'RUNNING') {
    const step = job.progress.step ?? 'Merging branch to main';
    return <Progress done={job.progress.done} total={job.progress.total} label={`${step}...`} />;
  }
  const r = (job.response ?? {}) as DeployResponse & { errorCode?: string };
  const envs = r.deploymentResults ?? [];
  if (job.state === 'SUCCEEDED') {
    return (
      <div className="banner banner-success" role="status">
        <div>
          <strong>Branch merged, packaged, and deployed successfully!</strong>
          <div>
            Prod Package ID: <code>{r.prodPackageId ?? '-'}</code> · Release: <code>{r.releaseId ?? '-'}</code> · Pack:{' '}
            {r.integrationPackName ?? '-'}
          </div>
          {envs.length > 0 && (
            <ul>
              {envs.map((e) => (
                <li key={e.environmentName}>
                  {e.environmentName}: {e.deployed ? 'deployed' : `failed — ${e.errorMessage ?? ''}`}
                </li>
              ))}
            </ul>
          )}
          {r.errorMessage && <div>{r.errorMessage}</div>}
        </div>
      </div>
    );
  }
  return (
    <div className="banner banner-error" role="alert">
      <div>
        <strong>The production deployment failed: {r.errorMessage ?? 'unknown error'}</strong>
        {envs.length > 0 && (
          <ul>
            {envs.map((e) => (
              <li key={e.environmentName}>
                {e.environmentName}: {e.deployed ? 'deployed' : `failed — ${e.errorMessage ?? ''}`}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
