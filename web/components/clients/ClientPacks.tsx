import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ActionRequest, ActionResponse } from '../../api/client.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { Badge, type Tone } from '../Badge.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { LIVE_QUERY, LiveRefresh } from '../LiveRefresh.tsx';
import { Modal } from '../Modal.tsx';
import { environmentLabel } from '../extensions/AccountPicker.tsx';

type Packs = ActionResponse<'getClientPacks'>;
type Pack = Packs['packs'][number];
type PackEnvironment = Pack['environments'][number];

const PROPAGATION: Record<PackEnvironment['propagation'], [string, Tone]> = {
  CURRENT: ['Current', 'green'],
  PROPAGATING: ['Propagating...', 'amber'],
  NOT_ATTACHED: ['Not attached', 'gray'],
  UNKNOWN: ['Unknown', 'gray'],
};

const propagating = (d: Packs | undefined) =>
  !!d?.packs.some((p) => p.environments.some((e) => e.propagation === 'PROPAGATING'));

/**
 * The Integration Packs installed in one client account: per environment the version it runs and
 * whether the latest release has reached it, read again every 10 s while a release propagates.
 */
export function ClientPacks({
  clientAccountId,
  clientAccountName,
}: {
  clientAccountId: string;
  clientAccountName: string;
}) {
  const packs = useActionQuery(
    'getClientPacks',
    { clientAccountId },
    { ...LIVE_QUERY, refetchInterval: (q) => (propagating(q.state.data) ? LIVE_QUERY.refetchInterval : false) },
  );
  const manage = useActionMutation('manageClientPacks');
  const client = useQueryClient();
  // The answer is the account's packs as they are now: shown at once, without waiting for a refetch.
  const apply = (request: ActionRequest<'manageClientPacks'>, then?: () => void) =>
    manage.mutate(request, {
      onSuccess: (answer) => {
        client.setQueryData(['getClientPacks', { clientAccountId }], answer);
        then?.();
      },
    });
  const [install, setInstall] = useState('');
  const [removing, setRemoving] = useState<Pack | null>(null);
  if (packs.isPending) return <Loading text="Loading packs..." />;
  if (packs.error) return <QueryError error={packs.error} onRetry={() => void packs.refetch()} />;
  const d = packs.data;
  return (
    <section className="client-packs" aria-label={`Packs of ${clientAccountName}`}>
      <div className="title-row">
        <h3>Integration Packs of {clientAccountName}</h3>
        {propagating(d) && <LiveRefresh query={packs} count={null} noun={['pack', 'packs']} />}
      </div>
      {manage.error && <ErrorBanner error={manage.error} />}
      {d.packs.length === 0 && <p className="muted">No packs installed.</p>}
      {d.packs.map((p) => (
        <div key={p.integrationPackInstanceId} className="pack">
          <div className="pack-head">
            <strong>{p.integrationPackName}</strong>
            <span>
              Latest released: <strong>{p.latestReleasedVersion ?? '-'}</strong>
            </span>
            <button
              type="button"
              className="link-button danger-link"
              aria-label={`Uninstall ${p.integrationPackName}`}
              onClick={() => setRemoving(p)}
            >
              Uninstall
            </button>
          </div>
          <ul className="pack-environments">
            {p.environments.map((e) => {
              const [label, tone] = PROPAGATION[e.propagation];
              const attached = e.attachmentId !== null;
              return (
                <li key={e.environmentId}>
                  {environmentLabel(e)} · runs {e.runningVersion ?? '-'}{' '}
                  <Badge tone={tone} label={`${p.integrationPackName} in ${e.environmentName}: ${label}`}>
                    {label}
                  </Badge>{' '}
                  <button
                    type="button"
                    className="secondary small"
                    disabled={manage.isPending}
                    aria-label={`${attached ? 'Detach' : 'Attach'} ${p.integrationPackName} ${attached ? 'from' : 'to'} ${e.environmentName}`}
                    onClick={() =>
                      apply({
                        operation: attached ? 'detach' : 'attach',
                        clientAccountId,
                        integrationPackInstanceId: p.integrationPackInstanceId,
                        environmentId: e.environmentId,
                      })
                    }
                  >
                    {attached ? 'Detach' : 'Attach'}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {d.installable.length > 0 && (
        <div className="filter-bar">
          <label className="filter">
            Install a pack
            <select value={install} onChange={(e) => setInstall(e.target.value)}>
              <option value="">Choose a production pack...</option>
              {d.installable.map((i) => (
                <option key={i.integrationPackId} value={i.integrationPackId}>
                  {i.integrationPackName}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={!install || manage.isPending}
            onClick={() =>
              apply({ operation: 'install', clientAccountId, integrationPackId: install }, () => setInstall(''))
            }
          >
            Install
          </button>
        </div>
      )}
      {removing && (
        <Modal
          title="Uninstall Integration Pack"
          onCancel={() => setRemoving(null)}
          actions={
            <button
              type="button"
              className="danger"
              disabled={manage.isPending}
              onClick={() =>
                apply(
                  {
                    operation: 'uninstall',
                    clientAccountId,
                    integrationPackInstanceId: removing.integrationPackInstanceId,
                  },
                  () => setRemoving(null),
                )
              }
            >
              Uninstall
            </button>
          }
        >
          <p>
            Uninstall <strong>{removing.integrationPackName}</strong> from {clientAccountName}? Its processes stop
            running in every environment it is attached to.
          </p>
          {manage.error && <ErrorBanner error={manage.error} />}
        </Modal>
      )}
    </section>
  );
}
