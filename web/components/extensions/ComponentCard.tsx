import { memo } from 'react';
import { SECTION_LABELS } from '../../../src/contracts/extension-limits.ts';
import { Badge } from '../Badge.tsx';
import { plural } from '../format.ts';
import type { Edit } from './edit-model.ts';
import { PropertyRow, type ExtensionComponent, type OnFieldChange } from './PropertyRow.tsx';

/** Contributors change connections through an admin, whatever the access cache says. */
export const mayEdit = (c: ExtensionComponent, admin: boolean) => c.editable && (admin || c.section !== 'connections');

/**
 * One component's fields with the banners that say what a change reaches. Memoised on its edits:
 * typing in one card leaves the other cards of a long page alone.
 */
export const ComponentCard = memo(function ComponentCard({
  component: c,
  edits,
  admin,
  onChange,
}: {
  component: ExtensionComponent;
  edits: ReadonlyMap<string, Edit> | undefined;
  admin: boolean;
  onChange: OnFieldChange;
}) {
  const canEdit = mayEdit(c, admin);
  const owners = c.ownerProcesses.map((o) => o.processName);
  // Boomi replaces a process property component whole and never returns its secrets, so a save
  // of any of its values must carry every secret again (the service refuses it otherwise).
  const secretsToRetype =
    c.section === 'processProperties' && edits?.size
      ? c.fields.filter((f) => f.encrypted && f.encryptedValueSet && !edits.get(f.fieldId))
      : [];
  return (
    <article className="extension-component" aria-label={`${c.componentName} (${SECTION_LABELS[c.section]})`}>
      <header className="extension-component-head">
        <h5>{c.componentName}</h5>
        {c.isShared && <Badge tone="purple">shared</Badge>}
        {!canEdit && <Badge tone="gray">read only</Badge>}
        {edits?.size ? <Badge tone="blue">{plural(edits.size, 'change')}</Badge> : null}
      </header>
      {owners.length > 1 && <p className="muted owners">Used by {owners.join(', ')}</p>}
      {c.isShared && (
        <div className="banner banner-warning extension-banner">
          Shared component: changing it changes every team’s processes that use it
          {c.devAccounts.length ? ` (${c.devAccounts.map((a) => a.devAccountName).join(', ')})` : ''}.
        </div>
      )}
      {c.section === 'connections' && (
        <div className="banner banner-info extension-banner">
          Connection settings are changed by admins only{admin ? '' : ': ask an admin to change them'}.
        </div>
      )}
      {c.section === 'properties' && (
        <div className="banner banner-info extension-banner">
          Dynamic process property: it applies to every process in this environment.
        </div>
      )}
      {secretsToRetype.length > 0 && (
        <div className="banner banner-warning extension-banner" role="status">
          Boomi saves this component as a whole and never returns its secrets: enter{' '}
          {secretsToRetype.map((f) => `‘${f.label}’`).join(', ')} again before saving.
        </div>
      )}
      {c.readOnlyReason && <p className="read-only-reason">Read only: {c.readOnlyReason}</p>}
      {c.rowCount !== null && (
        <p className="muted">
          Cross-reference table with {plural(c.rowCount, 'row')}: its rows are edited in Boomi and copied as a whole.
        </p>
      )}
      {c.fields.length > 0 && (
        <div className="table-wrap">
          <table className="property-table" aria-label={`Fields of ${c.componentName}`}>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Value</th>
                <th scope="col">Default</th>
              </tr>
            </thead>
            <tbody>
              {c.fields.map((f) => (
                <PropertyRow
                  key={f.fieldId}
                  component={c}
                  field={f}
                  edit={edits?.get(f.fieldId)}
                  canEdit={canEdit}
                  admin={admin}
                  onChange={onChange}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
});
