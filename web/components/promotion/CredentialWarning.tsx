import { useId, useState } from 'react';
import { PHONE, useMediaQuery } from '../use-media-query.ts';
import { plural } from '../format.ts';
import { WHERE_TO_SET_VALUES, describeField } from './environment-values.ts';
import './promotion.css';

export interface StrippedComponent {
  name: string;
  /** What the promotion stripped from it (`strippedElements`): names and paths, never values. */
  fields: string[];
}

/**
 * P3's "Credential Reconfiguration Required" box (20-dashboard.md §4 P3): per component, the
 * values the promotion stripped and where they must be set again. On a phone it starts folded to
 * its title and the number of components (§3.9), so the results stay in reach.
 */
export function CredentialWarning({ components }: { components: StrippedComponent[] }) {
  const phone = useMediaQuery(PHONE);
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const title = '⚠ Credential Reconfiguration Required';
  const shown = !phone || open;
  return (
    <div className="panel panel-warning credential-warning" role="note" aria-labelledby={`${bodyId}-title`}>
      <h3 id={`${bodyId}-title`}>
        {phone ? (
          <button
            type="button"
            className="disclosure"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
          >
            {title} <span className="muted">({plural(components.length, 'component')})</span>
          </button>
        ) : (
          title
        )}
      </h3>
      <div id={bodyId} hidden={!shown}>
        <p>
          Passwords, hosts and other environment values were removed from{' '}
          {components.length === 1 ? 'this component' : `these ${plural(components.length, 'component')}`} for security;
          the primary account never receives a dev account's values. Set each value below again{' '}
          <strong>{WHERE_TO_SET_VALUES}</strong>.
        </p>
        <ul className="stripped-components" aria-label="Stripped values by component">
          {components.map((c, i) => (
            <li key={i}>
              <strong>{c.name}</strong>
              {c.fields.length > 0 && (
                <ul className="stripped-fields" aria-label={`Stripped from ${c.name}`}>
                  {c.fields.map((f) => (
                    <li key={f}>
                      <code title={f}>{describeField(f)}</code>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
        <p className="muted">
          Shared connections are pre-configured in the primary account and are never promoted, so they are not listed.
        </p>
      </div>
    </div>
  );
}
