import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useActionMutation } from '../../api/hooks.ts';
import { useMe } from '../../app/session.tsx';
import { typeLabel } from '../Badge.tsx';
import { CopyButton, CopyableId } from '../CopyButton.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { plural } from '../format.ts';
import { guidError } from '../mappings/MappingForms.tsx';
import type { Dependency } from './DependencyGrid.tsx';

interface Account {
  id: string;
  name: string;
}

/** The plain-text request a contributor sends an admin: everything needed to seed, nothing to look up. */
export function mappingRequest(account: Account, packageLabel: string, missing: Dependency[]): string {
  return [
    `Please seed connection mappings for dev account ${account.name} (${account.id}), so that ${packageLabel} can be promoted:`,
    ...missing.map((c) => `- ${c.name} / ${c.type} / dev id ${c.devComponentId}`),
    'Map each to its component in the primary account\'s #Connections folder (Mapping Viewer > "Seed Connection Mapping").',
  ].join('\n');
}

/**
 * P2's list of the tree's connections without a mapping (each blocks the promotion): every dev
 * connection with its name, type and id. An admin seeds each one here; the tree is then resolved
 * again (the mapping write refreshes it) and the connection leaves the list. A contributor gets
 * the request to send an admin instead.
 */
export function MissingMappings({
  missing,
  account,
  packageLabel,
}: {
  missing: Dependency[];
  account: Account;
  packageLabel: string;
}) {
  const admin = useMe().tier === 'ADMIN';
  const titleId = useId();
  const [seeded, setSeeded] = useState<string[]>([]);
  if (missing.length === 0)
    return seeded.length > 0 ? (
      <div className="banner banner-success" role="status">
        ✓ Mapping seeded for {seeded.join(', ')}. No connection is missing a mapping now: the promotion can start.
      </div>
    ) : null;
  const request = mappingRequest(account, packageLabel, missing);
  return (
    <section className="panel missing-mappings" aria-labelledby={titleId}>
      <h3 id={titleId}>✕ {plural(missing.length, 'connection', 'connections')} without a mapping</h3>
      <p>
        Connections are never promoted: each dev connection maps to one shared connection in the primary account&apos;s
        #Connections folder.{' '}
        {admin
          ? 'Seed the missing mappings here; the tree is checked again after each one.'
          : 'Only an admin can seed a mapping; send them the request below.'}
      </p>
      <ul className="missing-list">
        {missing.map((c) => (
          <li key={c.devComponentId}>
            <dl className="facts">
              <dt>Connection</dt>
              <dd>
                <strong>{c.name || '-'}</strong>
              </dd>
              <dt>Type</dt>
              <dd>
                {typeLabel(c.type)} <span className="muted">({c.type})</span>
              </dd>
              <dt>Dev component id</dt>
              <dd>
                <CopyableId id={c.devComponentId} />
              </dd>
            </dl>
            {admin && (
              <SeedMapping connection={c} accountId={account.id} onSeeded={() => setSeeded((s) => [...s, c.name])} />
            )}
          </li>
        ))}
      </ul>
      {admin ? (
        <p className="muted">
          All mappings: <Link to="/admin/mappings">Mapping Viewer</Link>
        </p>
      ) : (
        <div className="mapping-request">
          <pre className="request-text" aria-label="Request for an admin">
            {request}
          </pre>
          <CopyButton value={request} label="Copy request" ariaLabel="Copy the request for an admin" />
        </div>
      )}
    </section>
  );
}

/** An admin's inline "Seed mapping": the production connection's id, checked before it is sent. */
function SeedMapping({
  connection: c,
  accountId,
  onSeeded,
}: {
  connection: Dependency;
  accountId: string;
  onSeeded(): void;
}) {
  const id = useId();
  const save = useActionMutation('manageMappings');
  const [prodId, setProdId] = useState('');
  const [error, setError] = useState<string | undefined>();
  if (save.isSuccess)
    return (
      <p className="ok" role="status">
        ✓ Mapping seeded. Checking the dependency tree again...
      </p>
    );
  const submit = () => {
    const e = guidError(prodId, 'The production connection id');
    setError(e);
    if (e) return;
    save.mutate(
      {
        operation: 'create',
        mapping: {
          devAccountId: accountId,
          devComponentId: c.devComponentId,
          prodComponentId: prodId.trim(),
          componentName: c.name,
          componentType: c.type,
          mappingSource: 'ADMIN_SEEDING',
        },
      },
      { onSuccess: onSeeded },
    );
  };
  return (
    <form
      className="seed-inline"
      aria-label={`Seed mapping for ${c.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${id}-prod`}>Production connection id (#Connections)</label>
      <div className="seed-inline-row">
        <input
          id={`${id}-prod`}
          type="text"
          maxLength={40}
          placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
          value={prodId}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setProdId(e.target.value);
            setError(undefined);
          }}
        />
        <button type="submit" disabled={save.isPending}>
          Seed mapping
        </button>
      </div>
      {error && (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      )}
      {save.error && <ErrorBanner error={save.error} />}
    </form>
  );
}
