import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeField } from './environment-values.ts';

test('a stripped path reads as the element, attribute or connector field it names', () => {
  assert.equal(describeField('password'), 'password');
  assert.equal(describeField('@url'), 'url (attribute)');
  assert.equal(describeField('field[host]'), 'host (field)');
});
