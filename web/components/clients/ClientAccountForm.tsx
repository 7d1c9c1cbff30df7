import { useId, useState, type FormEvent } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { useActionMutation } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import type { ClientAccount } from '../extensions/AccountPicker.tsx';

interface Team {
  ssoGroupId: string;
  ssoGroupName: string;
}

function Text({
  label,
  value,
  onChange,
  disabled,
  max = LIMITS.id,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  disabled?: boolean;
  max?: number;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        required
        value={value}
        maxLength={max}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

const envOf = (a: ClientAccount | null, role: 'TEST' | 'PROD') =>
  a?.environments.find((e) => e.role === role)?.environmentId ?? '';

/**
 * Add or edit a client account: its Boomi account id (fixed once saved), name, Test and Production
 * environments, and the teams (SSO groups) whose members may manage its extensions.
 */
export function ClientAccountForm({
  editing,
  onSaved,
  onCancel,
}: {
  editing: ClientAccount | null;
  onSaved(a: ClientAccount): void;
  onCancel(): void;
}) {
  const save = useActionMutation('manageClientAccounts');
  const base = useId();
  const [accountId, setAccountId] = useState(editing?.clientAccountId ?? '');
  const [name, setName] = useState(editing?.clientAccountName ?? '');
  const [testEnv, setTestEnv] = useState(envOf(editing, 'TEST'));
  const [prodEnv, setProdEnv] = useState(envOf(editing, 'PROD'));
  const [teams, setTeams] = useState<Team[]>(editing?.teams.map((t) => ({ ...t })) ?? []);
  const setTeam = (i: number, t: Partial<Team>) => setTeams(teams.map((x, j) => (j === i ? { ...x, ...t } : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      {
        operation: 'upsert',
        clientAccountId: accountId.trim(),
        clientAccountName: name.trim(),
        testEnvironmentId: testEnv.trim(),
        prodEnvironmentId: prodEnv.trim(),
        teams: teams
          .filter((t) => t.ssoGroupId.trim())
          .map((t) => ({ ssoGroupId: t.ssoGroupId.trim(), ssoGroupName: t.ssoGroupName.trim() })),
      },
      { onSuccess: (r) => onSaved(r.clientAccount) },
    );
  };
  const title = editing ? `Edit ${editing.clientAccountName}` : 'Add client account';
  return (
    <form className="panel mapping-form" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <Text label="Boomi account ID" value={accountId} onChange={setAccountId} disabled={!!editing} />
      <Text label="Name" value={name} onChange={setName} max={LIMITS.name} />
      <Text label="Test environment ID" value={testEnv} onChange={setTestEnv} />
      <Text label="Production environment ID" value={prodEnv} onChange={setProdEnv} />
      <fieldset className="environments">
        <legend>Teams that may see it</legend>
        {teams.length === 0 && <p className="muted">No teams yet: only admins see this account.</p>}
        {teams.map((t, i) => (
          <div key={i} className="team-row">
            <div className="field">
              <label htmlFor={`${base}-team-${i}-id`}>SSO group ID (team {i + 1})</label>
              <input
                id={`${base}-team-${i}-id`}
                type="text"
                value={t.ssoGroupId}
                maxLength={LIMITS.groupName}
                onChange={(e) => setTeam(i, { ssoGroupId: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${base}-team-${i}-name`}>Team name (team {i + 1})</label>
              <input
                id={`${base}-team-${i}-name`}
                type="text"
                value={t.ssoGroupName}
                maxLength={LIMITS.groupName}
                onChange={(e) => setTeam(i, { ssoGroupName: e.target.value })}
              />
            </div>
            <button
              type="button"
              className="link-button danger-link"
              aria-label={`Remove team ${i + 1}`}
              onClick={() => setTeams(teams.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary small"
          disabled={teams.length >= LIMITS.groups}
          onClick={() => setTeams([...teams, { ssoGroupId: '', ssoGroupName: '' }])}
        >
          + Add team
        </button>
      </fieldset>
      {save.error && <ErrorBanner error={save.error} />}
      <div className="button-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving...' : 'Save client account'}
        </button>
      </div>
    </form>
  );
}
