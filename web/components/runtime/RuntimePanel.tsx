import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { useMe } from '../../app/session.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { Modal } from '../Modal.tsx';
import { EnvironmentRuntime, type ProcessRuntime, type RuntimeChange } from './EnvironmentRuntime.tsx';
import './runtime.css';

interface Pending extends RuntimeChange {
  environmentId: string;
  environmentName: string;
}

const DONE: Record<string, string> = {
  DISABLE: 'Schedules disabled',
  ENABLE: 'Schedules enabled',
  PAUSE: 'Listener paused',
  RESUME: 'Listener resumed',
  RESTART: 'Listener restarted',
};

/** Stopping a process in production asks first; the other switches act at once. */
const needsConfirmation = (target: string, c: RuntimeChange) =>
  target === 'PRODUCTION' && (c.schedules === 'DISABLE' || c.listener === 'PAUSE');

/**
 * P3's Runtime section: where the deployed process runs (per environment, per runtime), its
 * schedules and listener; admins switch them. A promotion deployed nowhere has no section: the
 * service answers INVALID_PROMOTION_STATUS, which here is an answer, not an error.
 */
export function RuntimePanel({ promotionId, deployed }: { promotionId: string; deployed: boolean }) {
  const admin = useMe().tier === 'ADMIN';
  const request = { promotionId };
  const view = useActionQuery('getProcessRuntime', request, { staleTime: 0 });
  const client = useQueryClient();
  const change = useActionMutation('setProcessRuntime');
  const [confirming, setConfirming] = useState<Pending | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (view.error?.code === 'INVALID_PROMOTION_STATUS') return null;
  // Records that may not have been deployed load quietly, so a section that will not exist never flashes.
  if (view.isPending && !deployed) return null;
  const apply = (p: Pending) => {
    setConfirming(null);
    setDone(null);
    const { environmentName, ...body } = p;
    change.mutate(
      { promotionId, ...body },
      {
        onSuccess: (fresh) => {
          // The answer is the refreshed view of that one environment; the others stay as read.
          client.setQueryData<ProcessRuntime>(['getProcessRuntime', request], (old) =>
            old
              ? {
                  ...old,
                  environments: old.environments.map(
                    (e) => fresh.environments.find((f) => f.environmentId === e.environmentId) ?? e,
                  ),
                }
              : fresh,
          );
          setDone(`${DONE[p.schedules ?? p.listener ?? '']} in ${environmentName}.`);
        },
      },
    );
  };
  return (
    <section className="runtime-panel" aria-labelledby="p3-runtime">
      <div className="title-row">
        <h3 id="p3-runtime">Runtime</h3>
        <button
          type="button"
          className="secondary"
          disabled={view.isFetching || change.isPending}
          onClick={() => void view.refetch()}
        >
          Refresh runtime
        </button>
      </div>
      {view.isPending ? (
        <Loading text="Loading runtime..." />
      ) : view.error ? (
        <ErrorBanner error={view.error} onRetry={() => void view.refetch()} />
      ) : (
        <>
          <p className="muted">
            Deployed to {view.data.target === 'PRODUCTION' ? 'production' : 'test'}: where the process runs, and when.
          </p>
          {done && (
            <p className="banner banner-success" role="status">
              {done}
            </p>
          )}
          {view.data.environments.map((e) => (
            <div key={e.environmentId}>
              <EnvironmentRuntime
                environment={e}
                admin={admin}
                busy={change.isPending}
                onChange={(c) => {
                  const p = { ...c, environmentId: e.environmentId, environmentName: e.environmentName };
                  if (needsConfirmation(view.data.target, c)) setConfirming(p);
                  else apply(p);
                }}
              />
              {change.error && change.variables?.environmentId === e.environmentId && (
                <ErrorBanner error={change.error} />
              )}
            </div>
          ))}
        </>
      )}
      {confirming && (
        <Modal
          title={`${confirming.schedules ? 'Disable Schedules' : 'Pause Listener'} in Production`}
          onCancel={() => setConfirming(null)}
          actions={
            <button type="button" className="danger" disabled={change.isPending} onClick={() => apply(confirming)}>
              {confirming.schedules ? 'Disable Schedules' : 'Pause Listener'}
            </button>
          }
        >
          <p>
            {confirming.schedules
              ? `The process stops running on its schedules on every runtime of ${confirming.environmentName} until they are enabled again.`
              : `The listener stops taking messages on every runtime of ${confirming.environmentName} until it is resumed.`}
          </p>
        </Modal>
      )}
    </section>
  );
}
