import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareComponents, compareDeployments, resolutions } from './drift-rules.ts';
import { judgeBranches } from './branch-rules.ts';
import type { PromotedComponent } from '../mappings/mapping-store.ts';
import type { DriftFinding } from './drift-store.ts';

const promoted = (id: string, recordedVersion: number, versionRead = true): PromotedComponent => ({
  prodComponentId: id,
  componentName: `C ${id}`,
  recordedVersion,
  devAccountIds: ['acme-DEVA'],
  versionRead,
});

describe('drift rules', () => {
  it('a component drifts when main moved past the record or lost it; a missed read-back of our merge is adopted', () => {
    const { drift, adopt } = compareComponents(
      [promoted('a', 2), promoted('b', 2), promoted('c', 2), promoted('d', 2), promoted('e', 1, false)],
      new Map([
        ['a', { version: 2 }],
        ['b', { version: 3, modifiedBy: 'mallory@acme.example', modifiedDate: '2025-02-01T12:00:00Z' }],
        ['c', { version: 3, deleted: true, modifiedBy: 'mallory@acme.example' }],
        ['e', { version: 2, modifiedBy: 'promo@acme.example' }],
      ]),
      'PROMO@acme.example',
    );
    assert.deepEqual(
      drift.map((d) => [d.subject, d.change, d.changedBy, d.recordedVersion, d.actualVersion]),
      [
        ['b', 'MODIFIED', 'mallory@acme.example', 2, 3],
        ['c', 'DELETED', 'mallory@acme.example', 2, 3],
        ['d', 'MISSING', null, 2, null],
      ],
    );
    assert.deepEqual([...adopt], [['e', 2]]);
  });

  it('a deployment drifts when another package runs, none does, or a promoted process was deployed by hand', () => {
    const env = (id: string) => ({ id, name: id, classification: 'PROD' });
    const recorded = (environmentId: string, componentId: string, packageId: string) => ({
      environmentId,
      componentId,
      packageId,
      processName: componentId,
      packageVersion: '1.0',
      promotionId: 'p',
      devAccountId: 'acme-DEVA',
    });
    const drift = compareDeployments(
      [env('E1'), env('E2')],
      new Map([
        [
          'E1',
          [
            { componentId: 'p1', packageId: 'pk1' },
            { componentId: 'p2', packageId: 'other', deployedBy: 'mallory@acme.example' },
            { componentId: 'x', packageId: 'pkx' },
          ],
        ],
        ['E2', [{ componentId: 'p1', packageId: 'pk9', deployedBy: 'mallory@acme.example' }]],
      ]),
      [recorded('E1', 'p1', 'pk1'), recorded('E1', 'p2', 'pk2'), recorded('E1', 'p3', 'pk3')],
      new Map([['p1', promoted('p1', 1)]]),
    );
    assert.deepEqual(
      drift.map((d) => [d.subject, d.change, d.actualPackageId, d.changedBy]),
      [
        ['E1/p2', 'REPLACED', 'other', 'mallory@acme.example'],
        ['E1/p3', 'MISSING', null, null],
        ['E2/p1', 'UNRECORDED', 'pk9', 'mallory@acme.example'],
      ],
    );
  });

  it('a finding no longer seen resolves: by Promo when its record moved, else as matching again', () => {
    const open = [
      { kind: 'COMPONENT', subject: 'a', recordedVersion: 2 },
      { kind: 'COMPONENT', subject: 'b', recordedVersion: 2 },
      { kind: 'COMPONENT', subject: 'c', recordedVersion: 2 },
    ] as DriftFinding[];
    const seen = [{ kind: 'COMPONENT', subject: 'c' }] as DriftFinding[];
    assert.deepEqual(
      resolutions(
        open,
        seen,
        new Map([
          ['a', promoted('a', 4)],
          ['b', promoted('b', 2)],
        ]),
        [],
      ),
      [
        { kind: 'COMPONENT', subject: 'a', resolution: 'RECORDED_BY_PROMO' },
        { kind: 'COMPONENT', subject: 'b', resolution: 'MATCHES_AGAIN' },
      ],
    );
  });
});

describe('branch rules', () => {
  const now = Date.parse('2025-03-01T00:00:00Z');
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const live = '11111111-1111-4111-8111-111111111111';
  const dead = '22222222-2222-4222-8222-222222222222';
  const fresh = '33333333-3333-4333-8333-333333333333';

  it('deletes only Promo-named branches no live promotion owns, past the grace; reports stale ones', () => {
    const v = judgeBranches(
      [
        { id: 'm', name: 'main', createdDate: ago(400) },
        { id: 'b1', name: `promo-${live}`, createdDate: ago(40) },
        { id: 'b2', name: `promo-${dead}`, createdDate: ago(2) },
        { id: 'b3', name: `promo-${fresh}`, createdDate: new Date(now - 60_000).toISOString() },
        { id: 'b4', name: 'hotfix-by-hand', createdDate: ago(90) },
        { id: 'b5', name: `promo-${dead}-copy`, createdDate: ago(2) },
        { id: 'b6', name: `promo-${dead}`, createdDate: ago(2), deleted: true },
      ],
      { promotionIds: new Set([live]), branchIds: new Set() },
      { now, graceMs: 5 * 60_000, staleDays: 30 },
    );
    assert.deepEqual(
      v.orphans.map((b) => b.branchId),
      ['b2'],
    );
    assert.deepEqual(
      v.stale.map((b) => [b.branchId, b.ageDays]),
      [
        ['b1', 40],
        ['b4', 90],
      ],
    );
    assert.equal(v.live.length, 6, 'every branch not deleted counts, main included');
  });
});
