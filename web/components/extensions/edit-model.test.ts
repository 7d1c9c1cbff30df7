import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_EDITOR, UNDO_STEPS, change, changeCount, editOf, redo, toChanges, undo } from './edit-model.ts';

const host = { section: 'processProperties' as const, componentId: 'pp-1', fieldId: 'host' };
const port = { ...host, fieldId: 'port' };
const loaded = { value: 'test.example', useDefault: false };

test('typing into one field is one undo step; undo and redo walk it back and forth', () => {
  let s = change(EMPTY_EDITOR, host, loaded, { value: 'p', useDefault: false }, true);
  s = change(s, host, loaded, { value: 'prod', useDefault: false }, true);
  assert.equal(s.undo.length, 1);
  assert.equal(editOf(s.edits, host)?.next.value, 'prod');
  s = undo(s);
  assert.equal(editOf(s.edits, host), undefined);
  assert.equal(changeCount(s.edits), 0);
  s = redo(s);
  assert.equal(editOf(s.edits, host)?.next.value, 'prod');
  // Typing again after an undo or a redo starts a new step, not the old one.
  s = change(s, host, loaded, { value: 'prod2', useDefault: false }, true);
  assert.equal(s.undo.length, 2);
  assert.equal(undo(s).edits.get('processProperties\u0000pp-1')?.get('host')?.next.value, 'prod');
});

test('a value typed back to the loaded one is no change, and a new edit clears the redo steps', () => {
  let s = change(EMPTY_EDITOR, host, loaded, { value: 'x', useDefault: false });
  s = change(s, port, { value: '21', useDefault: false }, { value: '22', useDefault: false });
  assert.equal(changeCount(s.edits), 2);
  s = change(s, host, loaded, { value: 'test.example', useDefault: false });
  assert.equal(changeCount(s.edits), 1);
  s = undo(s);
  assert.equal(s.redo.length, 1);
  s = change(s, port, { value: '21', useDefault: false }, { value: '23', useDefault: false });
  assert.equal(s.redo.length, 0);
});

test('at most fifty steps are kept', () => {
  let s = EMPTY_EDITOR;
  for (let i = 0; i < UNDO_STEPS + 10; i++) s = change(s, host, loaded, { value: String(i), useDefault: false });
  assert.equal(s.undo.length, UNDO_STEPS);
});

test('the save request sends only changed fields, each with what was loaded as expected', () => {
  let s = change(EMPTY_EDITOR, host, loaded, { value: 'prod.example', useDefault: false });
  s = change(s, port, { value: '21', useDefault: false }, { value: null, useDefault: true });
  assert.deepEqual(toChanges(s.edits), [
    { ...host, value: 'prod.example', useDefault: false, expected: loaded },
    { ...port, useDefault: true, expected: { value: '21', useDefault: false } },
  ]);
});
