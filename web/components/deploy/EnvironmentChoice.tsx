import { useEffect, useId } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { Badge, RuntimeStatusBadge } from '../Badge.tsx';
import { Loading } from '../Loading.tsx';

type Environment = ActionResponse<'listEnvironments'>['environments'][number];

/** What runs deployments in an environment: its runtimes and their status, or that it has none. */
function RuntimeState({ id, environment: e }: { id: string; environment: Environment }) {
  return (
    <span id={id} className="runtime-state">
      {e.runtimes.length === 0 ? (
        <Badge tone="red">no runtime attached</Badge>
      ) : (
        e.runtimes.map((r) => (
          <span key={r.atomId} className="runtime-state-item">
            {r.atomName} <RuntimeStatusBadge status={r.status} />
          </span>
        ))
      )}
    </span>
  );
}

/**
 * Target environments: every one of the target's classification is chosen until unticked. Each
 * shows its runtimes' state, so a deployment that would not run is seen before it is made.
 */
export function EnvironmentChoice({
  purpose,
  chosen,
  onChange,
  error,
}: {
  purpose: 'TEST' | 'PRODUCTION';
  chosen: string[] | null;
  onChange(ids: string[]): void;
  error?: string | undefined;
}) {
  const id = useId();
  const list = useActionQuery('listEnvironments', { target: purpose });
  const all = list.data?.environments ?? [];
  useEffect(() => {
    if (list.data && chosen === null) onChange(list.data.environments.map((e) => e.environmentId));
    // Only when the list arrives: the user's later choices are theirs.
  }, [list.data]);
  const label = purpose === 'TEST' ? 'Test Environments' : 'Production Environments';
  if (list.error)
    return (
      <p className="muted">
        The environments could not be listed; the deployment goes to every {purpose === 'TEST' ? 'TEST' : 'production'}{' '}
        environment of the primary account.
      </p>
    );
  return (
    <fieldset className="field environments" aria-invalid={!!error}>
      <legend>{label}</legend>
      {list.isPending ? (
        <Loading />
      ) : (
        all.map((e, i) => (
          <div key={e.environmentId} className="environment-option">
            <label className="checkbox">
              <input
                type="checkbox"
                aria-describedby={`${id}-rt-${i}`}
                checked={chosen?.includes(e.environmentId) ?? true}
                onChange={(ev) =>
                  onChange(
                    ev.target.checked
                      ? [...(chosen ?? []), e.environmentId]
                      : (chosen ?? all.map((x) => x.environmentId)).filter((x) => x !== e.environmentId),
                  )
                }
              />
              {e.environmentName}
            </label>
            <RuntimeState id={`${id}-rt-${i}`} environment={e} />
          </div>
        ))
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
