import { useState } from 'react';
import { Link } from 'react-router';
import { useActionMutation, useActionQuery } from '../api/hooks.ts';
import { Badge } from '../components/Badge.tsx';
import { CardList } from '../components/CardList.tsx';
import { ErrorBanner, QueryError } from '../components/ErrorPanel.tsx';
import { Loading } from '../components/Loading.tsx';
import { Modal } from '../components/Modal.tsx';
import { formatDate } from '../components/format.ts';
import { ClientAccountForm } from '../components/clients/ClientAccountForm.tsx';
import { ClientPacks } from '../components/clients/ClientPacks.tsx';
import { environmentLabel, type ClientAccount } from '../components/extensions/AccountPicker.tsx';
import '../components/extensions/extensions.css';

const teamsText = (a: ClientAccount) =>
  a.isPrimary ? 'Everyone' : a.teams.map((t) => t.ssoGroupName || t.ssoGroupId).join(', ') || 'Admins only';

/** Admin: the client accounts whose extensions Promo manages, their teams and installed packs. */
export function ClientAccounts() {
  const list = useActionQuery('listClientAccounts', { includeInactive: true }, { staleTime: 0 });
  const toggle = useActionMutation('manageClientAccounts');
  const [form, setForm] = useState<{ editing: ClientAccount | null } | null>(null);
  const [confirm, setConfirm] = useState<ClientAccount | null>(null);
  const [packsOf, setPacksOf] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const accounts = list.data?.clientAccounts ?? [];
  const opened = accounts.find((a) => a.clientAccountId === packsOf);
  const status = (a: ClientAccount) =>
    a.isPrimary ? (
      <Badge tone="blue">Primary</Badge>
    ) : a.isActive ? (
      <Badge tone="green">Active</Badge>
    ) : (
      <Badge tone="gray">Inactive</Badge>
    );
  const actions = (a: ClientAccount) =>
    a.isPrimary ? null : (
      <span className="row-actions">
        <button
          type="button"
          className="link-button"
          aria-label={`Edit ${a.clientAccountName}`}
          onClick={() => {
            setDone(null);
            setForm({ editing: a });
          }}
        >
          Edit
        </button>
        <button
          type="button"
          className="link-button"
          aria-expanded={packsOf === a.clientAccountId}
          aria-label={`Packs of ${a.clientAccountName}`}
          onClick={() => setPacksOf(packsOf === a.clientAccountId ? null : a.clientAccountId)}
        >
          Packs
        </button>
        <button
          type="button"
          className={a.isActive ? 'link-button danger-link' : 'link-button'}
          aria-label={`${a.isActive ? 'Deactivate' : 'Reactivate'} ${a.clientAccountName}`}
          onClick={() => setConfirm(a)}
        >
          {a.isActive ? 'Deactivate' : 'Reactivate'}
        </button>
      </span>
    );
  return (
    <section aria-labelledby="clients-title">
      <div className="title-row">
        <h2 id="clients-title">Client Accounts</h2>
        <Link to="/extensions">Extension Manager</Link>
      </div>
      {done && (
        <div className="banner banner-success" role="status">
          {done}
        </div>
      )}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          <div className="table-wrap has-cards">
            <table aria-label="Client accounts">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Account ID</th>
                  <th scope="col">Environments</th>
                  <th scope="col">Teams</th>
                  <th scope="col">Status</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.clientAccountId}>
                    <td>{a.clientAccountName}</td>
                    <td>
                      <code>{a.clientAccountId}</code>
                    </td>
                    <td>{a.environments.map(environmentLabel).join('; ') || '-'}</td>
                    <td>{teamsText(a)}</td>
                    <td>{status(a)}</td>
                    <td>
                      {formatDate(a.updatedAt)}
                      {a.updatedBy && <div className="muted">{a.updatedBy}</div>}
                    </td>
                    <td>{actions(a)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CardList
            label="Client accounts"
            items={accounts}
            itemKey={(a) => a.clientAccountId}
            title={(a) => <strong>{a.clientAccountName}</strong>}
            badges={status}
            facts={(a) => [
              ['Account ID', a.clientAccountId],
              ['Environments', a.environments.map(environmentLabel).join('; ') || '-'],
              ['Teams', teamsText(a)],
              ['Updated', formatDate(a.updatedAt)],
            ]}
            actions={actions}
          />
        </>
      )}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={() => setForm({ editing: null })}>
          Add client account
        </button>
      </div>
      {form && (
        <ClientAccountForm
          key={form.editing?.clientAccountId ?? 'new'}
          editing={form.editing}
          onCancel={() => setForm(null)}
          onSaved={(a) => {
            setForm(null);
            setDone(`Client account ${a.clientAccountName} saved.`);
          }}
        />
      )}
      {opened && <ClientPacks clientAccountId={opened.clientAccountId} clientAccountName={opened.clientAccountName} />}
      {confirm && (
        <Modal
          title={`${confirm.isActive ? 'Deactivate' : 'Reactivate'} Client Account`}
          onCancel={() => setConfirm(null)}
          actions={
            <button
              type="button"
              className={confirm.isActive ? 'danger' : undefined}
              disabled={toggle.isPending}
              onClick={() =>
                toggle.mutate(
                  {
                    operation: confirm.isActive ? 'deactivate' : 'reactivate',
                    clientAccountId: confirm.clientAccountId,
                  },
                  {
                    onSuccess: (r) => {
                      setConfirm(null);
                      setDone(
                        `${r.clientAccount.clientAccountName} ${r.clientAccount.isActive ? 'reactivated' : 'deactivated'}.`,
                      );
                    },
                  },
                )
              }
            >
              {confirm.isActive ? 'Deactivate' : 'Reactivate'}
            </button>
          }
        >
          <p>
            {confirm.isActive
              ? `Deactivate ${confirm.clientAccountName}? Its teams no longer see it in the Extension Manager; nothing in Boomi changes.`
              : `Reactivate ${confirm.clientAccountName}? Its teams see it in the Extension Manager again.`}
          </p>
          {toggle.error && <ErrorBanner error={toggle.error} />}
        </Modal>
      )}
    </section>
  );
}
