import { memo, useState } from 'react';
import type { ActionResponse } from '../../api/client.ts';
import { Badge } from '../Badge.tsx';
import type { Edit, FieldRef, FieldState } from './edit-model.ts';

export type Extensions = ActionResponse<'getExtensions'>;
export type ExtensionComponent = Extensions['components'][number];
export type ExtensionField = ExtensionComponent['fields'][number];

export type OnFieldChange = (ref: FieldRef, original: FieldState, next: FieldState, typing?: boolean) => void;

interface RowProps {
  component: ExtensionComponent;
  field: ExtensionField;
  edit: Edit | undefined;
  /** The caller may change this component's plain values. */
  canEdit: boolean;
  admin: boolean;
  onChange: OnFieldChange;
}

/** Set / not set: an encrypted field's value never reaches the browser, only whether there is one. */
export function SecretBadge({ set }: { set: boolean }) {
  return set ? (
    <Badge tone="green" label="Encrypted value set">
      set
    </Badge>
  ) : (
    <Badge tone="amber" label="Encrypted value not set">
      not set
    </Badge>
  );
}

/** One field of a component: its label, value (or set / not set), and "Use default". */
export const PropertyRow = memo(function PropertyRow({ component, field, edit, canEdit, admin, onChange }: RowProps) {
  const ref: FieldRef = { section: component.section, componentId: component.componentId, fieldId: field.fieldId };
  const original: FieldState = { value: field.value, useDefault: field.useDefault };
  const shown = edit?.next ?? original;
  const name = `${field.label} (${component.componentName})`;
  // Encrypted values are replaced by admins only; the new value is sent and never shown again.
  const editable = field.encrypted ? canEdit && admin : canEdit;
  return (
    <tr className={edit ? 'row-changed' : undefined}>
      <th scope="row" className="field-label">
        <span className="field-name">{field.label}</span>
        {field.label !== field.fieldId && <code className="field-id">{field.fieldId}</code>}
        {edit && <Badge tone="blue">changed</Badge>}
      </th>
      <td className="field-value">
        {field.encrypted ? (
          <SecretValue field={field} edit={edit} editable={editable} name={name} onReplace={replace} />
        ) : (
          <input
            type="text"
            aria-label={`Value of ${name}`}
            value={shown.useDefault ? '' : (shown.value ?? '')}
            placeholder={shown.useDefault ? '(default)' : ''}
            disabled={!editable || shown.useDefault}
            onChange={(e) => onChange(ref, original, { value: e.target.value, useDefault: false }, true)}
          />
        )}
      </td>
      <td className="field-default">
        <label className="checkbox-inline">
          <input
            type="checkbox"
            checked={shown.useDefault}
            disabled={!editable}
            aria-label={`Use default for ${name}`}
            onChange={(e) =>
              onChange(ref, original, e.target.checked ? { value: null, useDefault: true } : resumed(field, edit))
            }
          />
          <span aria-hidden="true">Use default</span>
        </label>
      </td>
    </tr>
  );

  function replace(value: string | null) {
    onChange(ref, original, value === null ? original : { value, useDefault: false }, value !== null);
  }
});

/** Unticking "Use default" brings back the value the field had before (or the loaded one). */
function resumed(field: ExtensionField, edit: Edit | undefined): FieldState {
  const before = edit?.next.useDefault ? edit.original : edit?.next;
  return { value: before?.value ?? field.value ?? '', useDefault: false };
}

function SecretValue({
  field,
  edit,
  editable,
  name,
  onReplace,
}: {
  field: ExtensionField;
  edit: Edit | undefined;
  editable: boolean;
  name: string;
  onReplace(value: string | null): void;
}) {
  const [replacing, setReplacing] = useState(false);
  const pending = !!edit && !edit.next.useDefault;
  return (
    <div className="secret">
      <SecretBadge set={field.encryptedValueSet} />
      {pending && <Badge tone="blue">new value entered</Badge>}
      {editable &&
        (replacing || pending ? (
          <>
            {/* Uncontrolled: React would copy a controlled value into the element's attribute. */}
            <input
              key={pending ? 'entered' : 'blank'}
              type="password"
              autoComplete="new-password"
              aria-label={`New value for ${name}`}
              onChange={(e) => onReplace(e.target.value)}
            />
            <button
              type="button"
              className="link-button"
              aria-label={`Keep the current value of ${name}`}
              onClick={() => {
                setReplacing(false);
                onReplace(null);
              }}
            >
              Keep current
            </button>
          </>
        ) : (
          <button
            type="button"
            className="secondary small"
            aria-label={`Replace ${name}`}
            onClick={() => setReplacing(true)}
          >
            Replace
          </button>
        ))}
    </div>
  );
}
