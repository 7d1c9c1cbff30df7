import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { useActionMutation } from '../../api/hooks.ts';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { plural } from '../format.ts';
import {
  EMPTY_EDITOR,
  change,
  changeCount,
  redo,
  toChanges,
  undo,
  type FieldRef,
  type FieldState,
} from './edit-model.ts';
import { ExtensionTree } from './ExtensionTree.tsx';
import type { Extensions } from './PropertyRow.tsx';
import { UnsavedGuard } from './UnsavedGuard.tsx';

const SAVED_FOR_MS = 5_000;

/** The search box applies itself after a 300 ms pause, so a long page is not filtered per keystroke. */
function useDebounced(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * P10's editor of one environment: inline edits with undo/redo (Ctrl+Z, Ctrl+Shift+Z), the count
 * of unsaved changes, the guard on leaving, and "Save extensions" sending only what changed.
 */
export function ExtensionEditor({ data, admin }: { data: Extensions; admin: boolean }) {
  const [state, setState] = useState(EMPTY_EDITOR);
  const [search, setSearch] = useState('');
  const query = useDebounced(search);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useActionMutation('updateExtensions');
  const count = changeCount(state.edits);
  const onChange = useCallback(
    (ref: FieldRef, original: FieldState, next: FieldState, typing?: boolean) =>
      setState((s) => change(s, ref, original, next, typing)),
    [],
  );
  useEffect(() => {
    if (!saved) return;
    const t = setTimeout(() => setSaved(null), SAVED_FOR_MS);
    return () => clearTimeout(t);
  }, [saved]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const key = e.key.toLowerCase();
    if (key === 'z' || key === 'y') {
      // The browser's own undo would change one input behind the editor's back.
      e.preventDefault();
      setState((s) => (key === 'y' || e.shiftKey ? redo(s) : undo(s)));
    }
  };
  const submit = () => {
    setSaved(null);
    save.mutate(
      { clientAccountId: data.clientAccountId, environmentId: data.environmentId, changes: toChanges(state.edits) },
      {
        onSuccess: (r) => {
          setState(EMPTY_EDITOR);
          setSaved(`Extensions saved. ${plural(r.updatedFieldCount, 'field')} updated.`);
        },
      },
    );
  };
  return (
    <div className="extension-editor" onKeyDown={onKeyDown}>
      <UnsavedGuard count={save.isPending ? 0 : count} />
      <div className="editor-toolbar" role="toolbar" aria-label="Extension edits">
        <label className="filter search-filter">
          Search
          <input
            type="search"
            placeholder="Component, field or value..."
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="secondary small"
          disabled={!state.undo.length}
          aria-keyshortcuts="Control+Z"
          onClick={() => setState(undo)}
        >
          ↶ Undo
        </button>
        <button
          type="button"
          className="secondary small"
          disabled={!state.redo.length}
          aria-keyshortcuts="Control+Shift+Z"
          onClick={() => setState(redo)}
        >
          ↷ Redo
        </button>
        <span className="unsaved-count" aria-live="polite">
          {count ? plural(count, 'unsaved change') : 'No unsaved changes'}
        </span>
      </div>
      {saved && (
        <div className="banner banner-success" role="status">
          {saved}
        </div>
      )}
      {save.error && <ErrorBanner error={save.error} />}
      <ExtensionTree components={data.components} query={query} edits={state.edits} admin={admin} onChange={onChange} />
      <div className="button-bar footer-bar save-bar">
        <button
          type="button"
          className="secondary"
          disabled={!count || save.isPending}
          onClick={() => setState(EMPTY_EDITOR)}
        >
          Discard changes
        </button>
        <span className="spacer" />
        <button type="button" className="success" disabled={!count || save.isPending} onClick={submit}>
          {save.isPending ? 'Saving...' : 'Save extensions'}
        </button>
      </div>
    </div>
  );
}
