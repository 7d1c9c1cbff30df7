import type { ExtensionSection } from '../../../src/contracts/extension-limits.ts';

/** A field as the editor shows it: its value, or left to the default. */
export interface FieldState {
  value: string | null;
  useDefault: boolean;
}

/** Where a field lives; ids may hold any character, so the key joins them with a NUL. */
export interface FieldRef {
  section: ExtensionSection;
  componentId: string;
  fieldId: string;
}

export const componentKey = (section: string, componentId: string) => `${section}\u0000${componentId}`;

/** One edited field: what was loaded (sent back as `expected`) and what the user wants now. */
export interface Edit extends FieldRef {
  original: FieldState;
  next: FieldState;
}

/**
 * The user's changes, per component: only the edited component's inner map is replaced on a
 * keystroke, so a page of 500 components re-renders the one card being typed in.
 */
export type Edits = ReadonlyMap<string, ReadonlyMap<string, Edit>>;

interface Step {
  ref: FieldRef;
  before: Edit | undefined;
  after: Edit | undefined;
  /** Typing into one field is one step: the next keystroke there extends it instead of adding one. */
  typing: boolean;
}

export interface EditorState {
  edits: Edits;
  undo: readonly Step[];
  redo: readonly Step[];
}

export const UNDO_STEPS = 50;
export const EMPTY_EDITOR: EditorState = { edits: new Map(), undo: [], redo: [] };

const same = (a: FieldState, b: FieldState) =>
  a.useDefault === b.useDefault && (a.useDefault || (a.value ?? '') === (b.value ?? ''));

export const editOf = (edits: Edits, ref: FieldRef) =>
  edits.get(componentKey(ref.section, ref.componentId))?.get(ref.fieldId);

function put(edits: Edits, ref: FieldRef, edit: Edit | undefined): Edits {
  const key = componentKey(ref.section, ref.componentId);
  const fields = new Map(edits.get(key));
  if (edit) fields.set(ref.fieldId, edit);
  else fields.delete(ref.fieldId);
  const out = new Map(edits);
  if (fields.size) out.set(key, fields);
  else out.delete(key);
  return out;
}

/**
 * Sets a field. A value equal to the loaded one is no change at all (typing a value back removes
 * the edit), so the count of unsaved changes and the save request hold real changes only.
 */
export function change(
  state: EditorState,
  ref: FieldRef,
  original: FieldState,
  next: FieldState,
  typing = false,
): EditorState {
  const before = editOf(state.edits, ref);
  const after = same(original, next) ? undefined : { ...ref, original, next };
  const last = state.undo[state.undo.length - 1];
  const extend = typing && last?.typing && sameRef(last.ref, ref);
  const step: Step = { ref, before: extend ? last.before : before, after, typing };
  const undo = extend ? [...state.undo.slice(0, -1), step] : [...state.undo, step].slice(-UNDO_STEPS);
  return { edits: put(state.edits, ref, after), undo, redo: [] };
}

const sameRef = (a: FieldRef, b: FieldRef) =>
  a.section === b.section && a.componentId === b.componentId && a.fieldId === b.fieldId;

export function undo(state: EditorState): EditorState {
  const step = state.undo[state.undo.length - 1];
  if (!step) return state;
  return {
    edits: put(state.edits, step.ref, step.before),
    undo: state.undo.slice(0, -1),
    redo: [...state.redo, { ...step, typing: false }],
  };
}

export function redo(state: EditorState): EditorState {
  const step = state.redo[state.redo.length - 1];
  if (!step) return state;
  return {
    edits: put(state.edits, step.ref, step.after),
    undo: [...state.undo, step],
    redo: state.redo.slice(0, -1),
  };
}

export const changeCount = (edits: Edits) => [...edits.values()].reduce((n, fields) => n + fields.size, 0);

/** The save request's `changes`: each edited field with what the editor loaded as `expected`. */
export function toChanges(edits: Edits) {
  return [...edits.values()].flatMap((fields) =>
    [...fields.values()].map((e) => ({
      section: e.section,
      componentId: e.componentId,
      fieldId: e.fieldId,
      ...(e.next.useDefault ? {} : { value: e.next.value ?? '' }),
      useDefault: e.next.useDefault,
      expected: { value: e.original.value, useDefault: e.original.useDefault },
    })),
  );
}
