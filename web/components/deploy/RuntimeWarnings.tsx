import { useId } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';

type Environment = ActionResponse<'listEnvironments'>['environments'][number];

/** The warnings of the chosen environments; `null` chooses every one (what the service deploys to then). */
export const warningsOf = (environments: readonly Environment[], chosen: readonly string[] | null | undefined) =>
  environments
    .filter((e) => !chosen || chosen.includes(e.environmentId))
    .map((e) => e.runtimeWarning)
    .filter((w): w is string => !!w);

/**
 * Why a deployment to these environments would not run (no runtime attached, none online), from
 * the same `listEnvironments` answer the environment checkboxes show, so both agree.
 */
export function useRuntimeWarnings(target: 'TEST' | 'PRODUCTION', chosen: readonly string[] | null | undefined) {
  const list = useActionQuery('listEnvironments', { target });
  return warningsOf(list.data?.environments ?? [], chosen);
}

/**
 * The runtime warnings, before a deployment is made or approved and on its confirmation. Boomi
 * accepts a deployment where no runtime is online, so this warns and never blocks.
 */
export function RuntimeWarnings({
  warnings,
  intro = 'Boomi accepts the deployment, but the process does not run there until a runtime is online. You can still go ahead.',
}: {
  warnings: readonly string[];
  intro?: string;
}) {
  const id = useId();
  if (!warnings.length) return null;
  return (
    <section className="panel panel-warning runtime-warnings" aria-labelledby={id}>
      <h3 id={id}>
        <span aria-hidden="true">⚠ </span>Runtime warnings
      </h3>
      <p>{intro}</p>
      <ul>
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </section>
  );
}
