import { useState, type ReactNode } from 'react';
import { useActionMutation } from '../../api/hooks.ts';
import { callAction, type ActionResponse } from '../../api/client.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';

export type Mapping = ActionResponse<'manageMappings'>['mappings'][number];
type Account = { accountId: string; accountName: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The users' component types and the Boomi type each is stored as. */
export const COMPONENT_TYPES = [
  ['process', 'process'],
  ['connection', 'connector-settings'],
  ['map', 'transform.map'],
  ['profile', 'profile.xml'],
  ['operation', 'connector-action'],
] as const;

function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: (id: string) => ReactNode;
}) {
  const id = `f-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export const guidError = (v: string, what: string) =>
  !v.trim()
    ? `${what} is required`
    : !GUID.test(v.trim())
      ? `${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`
      : undefined;

/** "Add/Edit Mapping": fix a wrong mapping or record a component promoted outside Promo. */
export function MappingForm({
  editing,
  accounts,
  primaryAccountId,
  onSaved,
  onCancel,
}: {
  editing: Mapping | null;
  accounts: Account[];
  primaryAccountId: string;
  onSaved(): void;
  onCancel(): void;
}) {
  const save = useActionMutation('manageMappings');
  const [f, setF] = useState({
    devComponentId: editing?.devComponentId ?? '',
    devAccountId: editing?.devAccountId ?? accounts[0]?.accountId ?? '',
    prodComponentId: editing?.prodComponentId ?? '',
    componentName: editing?.componentName ?? '',
    componentType: editing?.componentType ?? 'process',
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [duplicate, setDuplicate] = useState(false);
  const submit = async () => {
    setDuplicate(false);
    const e = {
      devComponentId: guidError(f.devComponentId, 'Dev Component ID'),
      devAccountId: f.devAccountId ? undefined : 'Dev Account ID is required',
      prodComponentId: guidError(f.prodComponentId, 'Prod Component ID'),
      componentName: !f.componentName.trim()
        ? 'Component Name is required'
        : f.componentName.length > 200
          ? 'Component Name cannot exceed 200 characters'
          : undefined,
    };
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    // The API upserts (10-backend.md §2.7); a new mapping must not silently replace an existing one.
    if (!editing) {
      const existing = await callAction('manageMappings', {
        operation: 'list',
        filters: { devComponentId: f.devComponentId.trim(), devAccountId: f.devAccountId },
      }).catch(() => null);
      if (existing && existing.totalCount > 0) {
        setDuplicate(true);
        return;
      }
    }
    save.mutate(
      {
        operation: editing ? 'update' : 'create',
        mapping: {
          ...f,
          devComponentId: f.devComponentId.trim(),
          prodComponentId: f.prodComponentId.trim(),
          componentName: f.componentName.trim(),
        },
      },
      { onSuccess: onSaved },
    );
  };
  return (
    <form
      className="panel mapping-form"
      aria-label="Add/Edit Mapping"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{editing ? 'Edit Mapping' : 'Add Mapping'}</h3>
      {save.error && <ErrorBanner error={save.error} />}
      {duplicate && (
        <div className="banner banner-error" role="alert">
          A mapping for this dev component in this dev account already exists. Edit that mapping instead.
        </div>
      )}
      <Field label="Dev Component ID" error={errors.devComponentId}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={40}
            placeholder="Enter dev component GUID..."
            value={f.devComponentId}
            readOnly={!!editing}
            onChange={(e) => setF({ ...f, devComponentId: e.target.value })}
          />
        )}
      </Field>
      <Field label="Dev Account ID" error={errors.devAccountId}>
        {(id) => (
          <select
            id={id}
            value={f.devAccountId}
            disabled={!!editing}
            onChange={(e) => setF({ ...f, devAccountId: e.target.value })}
          >
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.accountName} ({a.accountId})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Prod Component ID" error={errors.prodComponentId}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={40}
            placeholder="Enter prod component GUID..."
            value={f.prodComponentId}
            onChange={(e) => setF({ ...f, prodComponentId: e.target.value })}
          />
        )}
      </Field>
      <Field label="Component Name" error={errors.componentName}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={200}
            placeholder="e.g., Order Processing Main"
            value={f.componentName}
            onChange={(e) => setF({ ...f, componentName: e.target.value })}
          />
        )}
      </Field>
      <Field label="Component Type">
        {(id) => (
          <select id={id} value={f.componentType} onChange={(e) => setF({ ...f, componentType: e.target.value })}>
            {COMPONENT_TYPES.map(([label, type]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
            {!COMPONENT_TYPES.some(([, t]) => t === f.componentType) && (
              <option value={f.componentType}>{f.componentType}</option>
            )}
          </select>
        )}
      </Field>
      <Field label="Prod Account ID">{(id) => <input id={id} type="text" value={primaryAccountId} readOnly />}</Field>
      <div className="button-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending}>
          Save Mapping
        </button>
      </div>
    </form>
  );
}

/** "Seed Connection Mapping": link a dev account's connection to the parent's #Connections one. */
export function SeedConnectionForm({
  accounts,
  onSaved,
  onCancel,
}: {
  accounts: Account[];
  onSaved(): void;
  onCancel(): void;
}) {
  const save = useActionMutation('manageMappings');
  const [f, setF] = useState({
    devAccountId: accounts[0]?.accountId ?? '',
    devComponentId: '',
    componentName: '',
    prodComponentId: '',
  });
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const submit = () => {
    const e = {
      devComponentId: guidError(f.devComponentId, 'Dev Connection Component ID'),
      componentName: f.componentName.trim() ? undefined : 'Connection Name is required',
      prodComponentId: guidError(f.prodComponentId, 'Parent Account Connection ID'),
    };
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    save.mutate(
      {
        operation: 'create',
        mapping: {
          devAccountId: f.devAccountId,
          devComponentId: f.devComponentId.trim(),
          prodComponentId: f.prodComponentId.trim(),
          componentName: f.componentName.trim(),
          componentType: 'connector-settings',
          mappingSource: 'ADMIN_SEEDING',
        },
      },
      { onSuccess: onSaved },
    );
  };
  return (
    <form
      className="panel mapping-form"
      aria-label="Connection Mapping Seeding"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>Connection Mapping Seeding</h3>
      <p className="muted">
        Connections are set up once in the primary account's #Connections folder. Each dev account has its own
        connection ids, which are mapped here to the parent's id; one parent connection can serve many dev accounts.
      </p>
      {save.error && <ErrorBanner error={save.error} />}
      <Field label="Dev Account">
        {(id) => (
          <select id={id} value={f.devAccountId} onChange={(e) => setF({ ...f, devAccountId: e.target.value })}>
            {accounts.map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.accountName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Dev Connection Component ID" error={errors.devComponentId}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={40}
            placeholder="The connection's component id in the dev account"
            value={f.devComponentId}
            onChange={(e) => setF({ ...f, devComponentId: e.target.value })}
          />
        )}
      </Field>
      <Field label="Connection Name" error={errors.componentName}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={200}
            placeholder="e.g., SFTP - Orders Server"
            value={f.componentName}
            onChange={(e) => setF({ ...f, componentName: e.target.value })}
          />
        )}
      </Field>
      <Field label="Parent Account Connection ID (from #Connections folder)" error={errors.prodComponentId}>
        {(id) => (
          <input
            id={id}
            type="text"
            maxLength={40}
            placeholder="The canonical connection id in the primary account"
            value={f.prodComponentId}
            onChange={(e) => setF({ ...f, prodComponentId: e.target.value })}
          />
        )}
      </Field>
      <p className="muted">Find it in the primary account's Build tab, #Connections folder.</p>
      <div className="button-bar">
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        <button type="submit" disabled={save.isPending}>
          Seed Connection Mapping
        </button>
      </div>
    </form>
  );
}
