import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTimelineEvent, type KnownNames } from './timeline-event.ts';
import type { RecordedAuditEvent } from '../audit/audit-log.ts';

const names: KnownNames = {
  packs: new Map([['pack-1', 'Orders']]),
  environments: new Map([['env-p', 'Production']]),
};
const event = (action: string, details: Record<string, unknown>): RecordedAuditEvent => ({
  id: 7,
  occurredAt: new Date('2026-03-01T10:00:00Z'),
  actor: 'bob@acme.example',
  action,
  promotionId: 'p-1',
  fromStatus: 'PENDING_PEER_REVIEW',
  toStatus: 'WITHDRAWN',
  details,
});

test('an action of any name keeps who, when, the status change and the details a person reads', () => {
  const e = toTimelineEvent(event('PROMOTION_ABANDONED', { reason: 'Superseded by 2.0', jobId: 'job-9' }), names);
  assert.deepEqual(e, {
    id: 7,
    promotionId: 'p-1',
    action: 'PROMOTION_ABANDONED',
    actor: 'bob@acme.example',
    occurredAt: '2026-03-01T10:00:00.000Z',
    fromStatus: 'PENDING_PEER_REVIEW',
    toStatus: 'WITHDRAWN',
    reason: 'Superseded by 2.0',
  });
});

test('a production request names its pack and environments; nothing else of the request travels', () => {
  const e = toTimelineEvent(
    event('PRODUCTION_SUBMITTED', {
      testPromotionId: 't-1',
      deploymentRequest: {
        packageVersion: '1.0.1',
        existingPackId: 'pack-1',
        deploymentNotes: 'internal notes',
        targetEnvironments: [{ environmentId: 'env-p' }, { environmentId: 'env-x' }],
        password: 'never',
      },
    }),
    names,
  );
  assert.deepEqual(
    [e.packageVersion, e.pack, e.environments],
    [
      '1.0.1',
      { id: 'pack-1', name: 'Orders' },
      [{ environmentId: 'env-p', name: 'Production' }, { environmentId: 'env-x' }],
    ],
  );
  const text = JSON.stringify(e);
  for (const hidden of ['never', 'internal notes', 't-1']) assert.ok(!text.includes(hidden), hidden);
});

test("deployment results mark environments that were not deployed; a promotion's counts are kept", () => {
  const deployed = toTimelineEvent(
    event('DEPLOYED', {
      integrationPackId: 'pack-2',
      environments: [
        { environmentId: 'env-p', deployed: true },
        { environmentId: 'env-q', deployed: false },
      ],
    }),
    names,
  );
  assert.deepEqual(
    [deployed.pack, deployed.environments],
    [
      { id: 'pack-2' },
      [
        { environmentId: 'env-p', name: 'Production', deployed: true },
        { environmentId: 'env-q', deployed: false },
      ],
    ],
  );
  const created = toTimelineEvent(event('TEST_DEPLOYMENT_STARTED', { newPackName: 'Orders 2 - TEST' }), names);
  assert.deepEqual(created.pack, { name: 'Orders 2 - TEST' });
  const completed = toTimelineEvent(
    event('PROMOTION_COMPLETED', { componentsCreated: 3, componentsUpdated: 1, unchanged: 2, connectionsSkipped: 1 }),
    names,
  );
  assert.deepEqual(completed.components, { created: 3, updated: 1, unchanged: 2, failed: 0, connections: 1 });
  const failed = toTimelineEvent(
    event('PROMOTION_FAILED', { errorCode: 'PROMOTION_FAILED', errorMessage: 'x' }),
    names,
  );
  assert.deepEqual([failed.errorCode, failed.errorMessage, failed.components], ['PROMOTION_FAILED', 'x', undefined]);
});
