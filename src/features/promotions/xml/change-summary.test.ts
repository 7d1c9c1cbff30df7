import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { summarizeChanges } from './change-summary.ts';

const doc = (object: string, version = '1') =>
  new DOMParser().parseFromString(
    `<bns:Component xmlns:bns="http://api.platform.boomi.com/" name="P" version="${version}"><bns:object><process>${object}</process></bns:object></bns:Component>`,
    'text/xml',
  );

test('counts added, removed and changed elements and attributes, matching siblings by key', () => {
  const main = doc(
    '<shapes><shape shapename="shape1" x="10"/><shape shapename="shape2" x="20"/><shape shapename="old"/></shapes><note>a</note>',
  );
  const branch = doc(
    '<shapes><shape shapename="shape2" x="25" y="1"/><shape shapename="shape1" x="10"/><shape shapename="new"><step/></shape></shapes><note>b</note>',
    '2',
  );
  const s = summarizeChanges(main, branch);
  assert.equal(s.elementsAdded, 2, 'new shape and its step');
  assert.equal(s.elementsRemoved, 1);
  assert.equal(s.attributesChanged, 1);
  assert.equal(s.attributesAdded, 1);
  assert.equal(s.elementsChanged, 2, 'shape2 and the note text');
  assert.ok(
    s.changes.some(
      (c) => c.kind === 'changed' && c.path.endsWith('shape[@shapename="shape2"]/@x') && c.detail === '"20" -> "25"',
    ),
  );
  assert.ok(!s.changes.some((c) => c.path.endsWith('/step')), 'children of an added element are not listed again');
  assert.ok(!s.changes.some((c) => c.path.includes('@version')), 'volatile wrapper attributes are ignored');
});

test('a new component (no main) is all additions', () => {
  const s = summarizeChanges(undefined, doc('<shapes/>'));
  assert.equal(s.elementsRemoved + s.elementsChanged, 0);
  assert.ok(s.elementsAdded >= 4);
  assert.equal(s.changes.length, 1, 'only the root is listed');
});
