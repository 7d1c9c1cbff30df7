import { useId, useState } from 'react';
import { PHONE, useMediaQuery } from '../use-media-query.ts';

/**
 * P3's "Credential Reconfiguration Required" box (20-dashboard.md §4 P3). On a phone it starts
 * folded to its title and the number of components (§3.9), so the results stay in reach.
 */
export function CredentialWarning({ names }: { names: string[] }) {
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
            {title} <span className="muted">({names.length})</span>
          </button>
        ) : (
          title
        )}
      </h3>
      <div id={bodyId} hidden={!shown}>
        <ul>
          {names.map((name, i) => (
            <li key={i}>{name}</li>
          ))}
        </ul>
        <p>
          Passwords, hosts and other environment values were removed from these components for security; the primary
          account never receives a dev account's credentials.
        </p>
        <ol>
          <li>Go to the Build tab of the primary account.</li>
          <li>Open each component listed above.</li>
          <li>Enter the credentials and settings for the target environment.</li>
          <li>Test the connection and save.</li>
        </ol>
        <p className="muted">
          Shared connections are pre-configured in the primary account, so mostly non-connection components are
          affected.
        </p>
      </div>
    </div>
  );
}
