import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain, planComponent } from './change-plan.ts';

const recorded = { prodComponentId: 'p1', prodLatestVersion: 7, devVersion: 3, contentHash: 'h' };
const plan = (over: Partial<Parameters<typeof planComponent>[0]> = {}) =>
  planComponent({ recorded, dev: { version: 3 }, main: { version: 7 }, force: false, ...over });

test('both versions as Promo last promoted them: skipped, with the versions', () => {
  assert.deepEqual(plan(), {
    kind: 'skip',
    reason: 'dev version 3 and production version 7 are the ones Promo last promoted',
  });
});

test('a new dev version is read and written unless its content hashes the same', () => {
  assert.deepEqual(plan({ dev: { version: 4 } }), { kind: 'read', compare: 'hash', reason: null });
  assert.deepEqual(
    plan({ dev: undefined }),
    { kind: 'read', compare: 'hash', reason: null },
    'gone from dev: the read says why',
  );
  assert.deepEqual(plan({ dev: { version: 3, deleted: true } }).kind, 'read');
});

test('production moved outside Promo: read and compared with the branch, and said', () => {
  assert.deepEqual(plan({ main: { version: 9, modifiedBy: 'mallory@acme.example' } }), {
    kind: 'read',
    compare: 'branch',
    reason:
      'production changed outside Promo: main is at version 9 by mallory@acme.example, Promo last wrote version 7',
  });
  assert.match(String((plan({ main: { version: 7, deleted: true } }) as { reason: string }).reason), /deleted on main/);
  assert.match(String((plan({ main: undefined }) as { reason: string }).reason), /not found on main/);
});

test('nothing recorded, a new component, or force: never skipped', () => {
  assert.deepEqual(plan({ recorded: { ...recorded, devVersion: null } }), {
    kind: 'read',
    compare: 'branch',
    reason: null,
  });
  assert.deepEqual(plan({ recorded: { ...recorded, contentHash: null } }).kind, 'read');
  assert.deepEqual(plan({ recorded: undefined }), { kind: 'read', compare: 'new', reason: null });
  assert.deepEqual(plan({ force: true }), { kind: 'read', compare: 'branch', reason: 'forced: re-read and compared' });
});

test('explain joins what the plan knew with what the write found', () => {
  const forced = plan({ force: true });
  assert.equal(
    explain(forced, 'main matches the dev component'),
    'forced: re-read and compared; main matches the dev component',
  );
  assert.equal(explain(plan({ dev: { version: 4 } }), null), null);
  assert.equal(explain(plan({ dev: { version: 4 } }), 'x'), 'x');
});
