import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CREATE_NEW } from '../deploy/DeploymentForm.tsx';
import { corrections, fieldsOf } from './retry-corrections.ts';

const stored = fieldsOf({ packageVersion: '1.0.0', existingPackId: 'pack-orders', environments: null });
const all = ['env-prod', 'env-dr'];

test('a retry sends nothing the admin left as it was', () => {
  assert.deepEqual(corrections(stored, stored, all), {});
  // The environment list arriving ticks every environment: the same as "none chosen".
  assert.deepEqual(corrections(stored, { ...stored, environments: ['env-dr', 'env-prod'] }, all), {});
});

test('a retry sends each changed choice, and only those', () => {
  assert.deepEqual(
    corrections(stored, { ...stored, packageVersion: ' 1.0.1 ', pack: CREATE_NEW, newPackName: 'Orders Retry ' }, all),
    { packageVersion: '1.0.1', createNewPack: true, newPackName: 'Orders Retry' },
  );
  assert.deepEqual(corrections(stored, { ...stored, environments: ['env-prod'] }, all), {
    targetEnvironments: [{ environmentId: 'env-prod' }],
  });
  assert.deepEqual(corrections(stored, { ...stored, pack: 'pack-other' }, all), {
    createNewPack: false,
    existingPackId: 'pack-other',
  });
});

test('a stored new pack is kept unless its name or the kind of pack changes', () => {
  const newPack = fieldsOf({
    packageVersion: '2.0.0',
    createNewPack: true,
    newPackName: 'Orders v2',
    environments: ['e'],
  });
  assert.equal(newPack.pack, CREATE_NEW);
  assert.deepEqual(corrections(newPack, newPack, ['e']), {});
  assert.deepEqual(corrections(newPack, { ...newPack, newPackName: 'Orders v3' }, ['e']), {
    createNewPack: true,
    newPackName: 'Orders v3',
  });
});
