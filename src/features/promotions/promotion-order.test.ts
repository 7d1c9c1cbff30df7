import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentKind, promotionOrder } from './promotion-order.ts';

test('Boomi types fold into kinds', () => {
  assert.deepEqual(
    [
      'profile.json',
      'connector-settings',
      'connector-action',
      'transform.map',
      'process',
      'processroute',
      'script.processing',
      'crossref',
    ].map(componentKind),
    ['profile', 'connection', 'operation', 'map', 'process', 'processroute', 'script', 'other'],
  );
});

test('bottom-up by references, type rank breaks ties, root last', () => {
  const items = [
    { id: 'root', type: 'process', references: ['sub', 'map', 'op'] },
    { id: 'sub', type: 'process', references: ['sub2'] },
    { id: 'sub2', type: 'process', references: ['op'] },
    { id: 'map', type: 'transform.map', references: ['p1', 'p2'] },
    { id: 'op', type: 'connector-action', references: ['conn', 'p1'] },
    { id: 'p2', type: 'profile.xml', references: [] },
    { id: 'conn', type: 'connector-settings', references: [] },
    { id: 'p1', type: 'profile.json', references: [] },
  ];
  const { ordered, cycles } = promotionOrder(items, 'root');
  assert.deepEqual(
    ordered.map((i) => i.id),
    ['p2', 'p1', 'conn', 'op', 'map', 'sub2', 'sub', 'root'],
  );
  assert.deepEqual(cycles, []);
});

test('a sub-process that calls another goes after it, whatever the input order', () => {
  const items = [
    { id: 'a', type: 'process', references: ['b'] },
    { id: 'b', type: 'process', references: [] },
    { id: 'root', type: 'process', references: ['a'] },
  ];
  assert.deepEqual(
    promotionOrder(items, 'root').ordered.map((i) => i.id),
    ['b', 'a', 'root'],
  );
});

test('cycles are broken and reported, every component appears once', () => {
  const items = [
    { id: 'root', type: 'process', references: ['x'] },
    { id: 'x', type: 'process', references: ['y'] },
    { id: 'y', type: 'process', references: ['x'] },
  ];
  const { ordered, cycles } = promotionOrder(items, 'root');
  assert.deepEqual(ordered.map((i) => i.id).sort(), ['root', 'x', 'y']);
  assert.equal(ordered.at(-1)!.id, 'root');
  assert.equal(cycles.length, 1);
});
