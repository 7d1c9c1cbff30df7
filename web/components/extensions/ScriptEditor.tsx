import { useId, useState } from 'react';
import { EXTENSION_LIMITS } from '../../../src/contracts/extension-limits.ts';
import type { ErrorCode } from '../../../src/contracts/errors.ts';
import type { ActionResponse } from '../../api/client.ts';
import { ERROR_GUIDANCE } from '../../api/error-guidance.ts';
import { useActionMutation, useActionQuery } from '../../api/hooks.ts';
import { Badge } from '../Badge.tsx';
import { ErrorBanner, QueryError } from '../ErrorPanel.tsx';
import { Loading } from '../Loading.tsx';
import { plural } from '../format.ts';

type MapExtension = ActionResponse<'getMapExtension'>;
type Script = MapExtension['scripts'][number];

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** A map extension's scripts: edit, validate each, and (admins) save the changed ones together. */
export function ScriptEditor(p: {
  clientAccountId: string;
  environmentId: string;
  mapExtensionId: string;
  admin: boolean;
}) {
  const { clientAccountId, environmentId, mapExtensionId } = p;
  const map = useActionQuery('getMapExtension', { clientAccountId, environmentId, mapExtensionId }, { staleTime: 0 });
  if (map.isPending) return <Loading text="Loading scripts..." />;
  if (map.error) return <QueryError error={map.error} onRetry={() => void map.refetch()} />;
  // A new fingerprint (saved here, or reloaded after a conflict) starts from what Boomi holds.
  return <Scripts key={map.data.fingerprint} {...p} map={map.data} reload={() => void map.refetch()} />;
}

function Scripts({
  clientAccountId,
  environmentId,
  admin,
  map,
  reload,
}: {
  clientAccountId: string;
  environmentId: string;
  admin: boolean;
  map: MapExtension;
  reload(): void;
}) {
  const [drafts, setDrafts] = useState<ReadonlyMap<string, string>>(new Map());
  const save = useActionMutation('updateMapExtension');
  const changed = map.scripts.filter((s) => drafts.has(s.functionKey) && drafts.get(s.functionKey) !== s.script);
  const conflict = save.error?.code === 'MAP_EXTENSION_CONFLICT';
  return (
    <section className="script-editor" aria-labelledby="script-editor-title">
      <h4 id="script-editor-title">Scripts of {map.name}</h4>
      {save.isSuccess && (
        <div className="banner banner-success" role="status">
          Scripts saved.
        </div>
      )}
      {save.error && (
        <ErrorBanner error={save.error} onRetry={conflict ? reload : undefined} retryLabel="Reload map extension" />
      )}
      {map.scripts.length === 0 && <p className="muted">This map extension has no scripts.</p>}
      {map.scripts.map((s) => (
        <ScriptBox
          key={s.functionKey}
          script={s}
          value={drafts.get(s.functionKey) ?? s.script}
          onChange={(v) => setDrafts(new Map(drafts).set(s.functionKey, v))}
        />
      ))}
      {admin && map.scripts.length > 0 && (
        <div className="button-bar">
          <span className="muted">{plural(changed.length, 'changed script')}</span>
          <span className="spacer" />
          <button
            type="button"
            className="success"
            disabled={!changed.length || save.isPending}
            onClick={() =>
              save.mutate({
                clientAccountId,
                environmentId,
                mapExtensionId: map.mapExtensionId,
                fingerprint: map.fingerprint,
                scripts: changed.map((s) => ({ functionKey: s.functionKey, script: drafts.get(s.functionKey)! })),
              })
            }
          >
            {save.isPending ? 'Saving...' : 'Save scripts'}
          </button>
        </div>
      )}
    </section>
  );
}

function ScriptBox({ script, value, onChange }: { script: Script; value: string; onChange(v: string): void }) {
  const id = useId();
  const validate = useActionMutation('validateScript');
  const result = validate.data;
  const size = bytes(value);
  return (
    <div className="script-box">
      <div className="script-head">
        <label htmlFor={id}>
          <strong>{script.name}</strong>
        </label>
        <Badge tone={script.language === 'GROOVY' ? 'teal' : 'orange'}>{script.language}</Badge>
      </div>
      <textarea
        id={id}
        className="code"
        rows={Math.min(20, Math.max(6, value.split('\n').length + 1))}
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-size`}
        onChange={(e) => {
          validate.reset();
          onChange(e.target.value);
        }}
      />
      <div className="field-foot">
        <button
          type="button"
          className="secondary small"
          disabled={validate.isPending}
          aria-label={`Validate ${script.name}`}
          onClick={() =>
            validate.mutate({ language: script.language, functionName: script.name, scriptContent: value })
          }
        >
          {validate.isPending ? 'Validating...' : 'Validate'}
        </button>
        <span id={`${id}-size`} className={size > EXTENSION_LIMITS.scriptBytes ? 'field-error' : 'counter'}>
          {size} / {EXTENSION_LIMITS.scriptBytes} bytes
        </span>
      </div>
      {validate.error && <ErrorBanner error={validate.error} />}
      {result &&
        (result.isValid ? (
          <div className="banner banner-success" role="status">
            No problems found{result.warningCount ? ` (${plural(result.warningCount, 'warning')})` : ''}.
          </div>
        ) : (
          <div className="banner banner-error" role="alert">
            <div>
              <strong>
                {result.errors.length ? `${plural(result.errors.length, 'problem')} found` : 'Not validated'}
              </strong>
              {result.errorCode && <div>{ERROR_GUIDANCE[result.errorCode as ErrorCode] ?? result.errorCode}</div>}
              <ul className="script-problems">
                {result.errors.map((e, i) => (
                  <li key={i}>
                    {e.line !== null && `Line ${e.line}${e.column !== null ? `, column ${e.column}` : ''}: `}
                    {e.message} <Badge tone="red">{e.type}</Badge>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        ))}
    </div>
  );
}
