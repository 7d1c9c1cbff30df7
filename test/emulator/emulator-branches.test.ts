import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BOOMI_EMULATOR_MESSAGES as M } from '../../emulator/index.ts';
import {
  attr,
  client,
  componentXml,
  eq,
  profileObject,
  queryAll,
  testEmulator,
  where,
  type Client,
} from './helpers.ts';

interface Branch {
  id: string;
  name: string;
  parentId?: string;
  ready: boolean;
  stage: string;
  deleted: boolean;
}

interface Merge {
  id: string;
  stage: string;
  previousStage: string;
  priorityBranch: string;
  MergeRequestDetails: {
    MergeRequestDetail: {
      componentGuid: string;
      changeType: string;
      conflict: boolean;
      sourceRevision: number;
      mergeRevision?: number;
      stage: string;
    }[];
  };
}

/** An emulator on a hand-driven clock, with one-second stages. */
function clocked() {
  let now = Date.parse('2025-03-03T10:00:00Z');
  const emu = testEmulator({
    now: () => now,
    stageTimings: {
      branchCreateMs: 1000,
      branchDeleteMs: 1000,
      mergeDraftMs: 1000,
      mergeReviewMs: 500,
      mergeExecuteMs: 1000,
    },
  });
  return { emu, c: client(emu), tick: (ms: number) => (now += ms) };
}

async function mainId(c: Client): Promise<string> {
  const rows = await queryAll<Branch>(c, 'Branch', where(eq('name', 'main')));
  return rows[0]!.id;
}

async function newProfile(c: Client, name: string): Promise<string> {
  const res = await c.xml('POST', 'Component', componentXml({ name, type: 'profile.json' }, profileObject(name)));
  assert.equal(res.status, 200, res.body);
  return attr(res.body, 'componentId')!;
}

async function readyBranch(c: Client, tick: (ms: number) => void, name: string, main: string): Promise<string> {
  const b = await c.post<Branch>('Branch', { name, parentId: main });
  assert.equal(b.status, 200, b.body);
  tick(1000);
  assert.equal((await c.get<Branch>(`Branch/${b.json.id}`)).json.stage, 'NORMAL');
  return b.json.id;
}

describe('emulator branches and merge requests', () => {
  test('branch lifecycle: CREATING -> NORMAL, rename, DELETING -> gone (404), main protected', async () => {
    const { emu, c, tick } = clocked();
    try {
      const main = await mainId(c);
      assert.match(main, /^[A-Za-z0-9+/]+$/);
      const created = await c.post<Branch>('Branch', {
        name: 'promo-P-1',
        parentId: main,
        description: 'promotion P-1',
      });
      assert.deepEqual([created.json.stage, created.json.ready, created.json.parentId], ['CREATING', false, main]);
      assert.equal(Buffer.from(created.json.id, 'base64').toString().startsWith('B:'), true);
      assert.equal((await c.get<Branch>(`Branch/${created.json.id}`)).json.ready, false);
      const early = await c.xml(
        'POST',
        'Component',
        componentXml({ name: 'Early', type: 'profile.json', branchId: created.json.id }, profileObject('E')),
      );
      assert.equal(early.status, 400, 'writes wait for the branch to be ready');
      tick(1000);
      const ready = await c.get<Branch>(`Branch/${created.json.id}`);
      assert.deepEqual([ready.json.stage, ready.json.ready], ['NORMAL', true]);
      assert.equal((await c.post('Branch', { name: 'promo-P-1', parentId: main })).status, 400);
      assert.equal(
        (await c.post<Branch>(`Branch/${created.json.id}`, { id: created.json.id, name: 'promo-P-1b' })).json.name,
        'promo-P-1b',
      );
      assert.equal((await c.post(`Branch/${main}`, { name: 'trunk' })).status, 400);
      assert.equal((await c.del(`Branch/${main}`)).status, 400);
      assert.equal((await c.del(`Branch/${created.json.id}`)).status, 200);
      const deleting = await c.get<Branch>(`Branch/${created.json.id}`);
      assert.deepEqual([deleting.json.stage, deleting.json.deleted], ['DELETING', true]);
      tick(1000);
      assert.equal((await c.get(`Branch/${created.json.id}`)).status, 404);
      assert.equal((await c.del(`Branch/${created.json.id}`)).status, 404);
      const xml = await c.get(`Branch/${main}`, { xml: true });
      assert.match(
        xml.body,
        /<bns:Branch xmlns:bns="http:\/\/api.platform.boomi.com\/" xmlns:xsi="[^"]+" id="[^"]+" name="main" description="main branch" createdBy="[^"]+" createdDate="[^"]+" ready="true" deleted="false" stage="NORMAL"\/>/,
      );
    } finally {
      await emu.close();
    }
  });

  test('branch limit: creation beyond the limit (main counted) is refused until one is deleted', async () => {
    const { emu, c } = clocked();
    try {
      emu.control.setBranchLimit(3);
      const main = await mainId(c);
      const a = await c.post<Branch>('Branch', { name: 'a', parentId: main });
      assert.equal((await c.post('Branch', { name: 'b', parentId: main })).status, 200);
      const third = await c.post<{ message: string }>('Branch', { name: 'c', parentId: main });
      assert.equal(third.status, 400);
      assert.equal(third.json.message, M.branchLimit(3));
      await c.del(`Branch/${a.json.id}`);
      assert.equal((await c.post('Branch', { name: 'c', parentId: main })).status, 200);
    } finally {
      await emu.close();
    }
  });

  test('branches are virtual copies: edits on a branch do not touch main; metadata by branch', async () => {
    const { emu, c, tick } = clocked();
    try {
      const main = await mainId(c);
      const shared = await newProfile(c, 'Shared');
      const branch = await readyBranch(c, tick, 'feature', main);
      const onBranch = await c.xml('GET', `Component/${shared}~${branch}`);
      assert.equal(attr(onBranch.body, 'branchId'), branch);
      assert.equal(attr(onBranch.body, 'version'), '1');
      const edit = await c.xml(
        'POST',
        `Component/${shared}`,
        componentXml(
          { componentId: shared, name: 'Shared', type: 'profile.json', branchId: branch },
          profileObject('Shared', 'changed'),
        ),
      );
      assert.equal(attr(edit.body, 'version'), '2');
      assert.equal(attr(edit.body, 'branchName'), 'feature');
      assert.equal(attr((await c.xml('GET', `Component/${shared}`)).body, 'version'), '1');
      // Create on the branch with the (undocumented, accepted) POST Component~{branchId} form.
      const only = await c.xml(
        'POST',
        `Component~${branch}`,
        componentXml({ name: 'Branch Only', type: 'profile.json' }, profileObject('B')),
      );
      const onlyId = attr(only.body, 'componentId')!;
      assert.equal((await c.xml('GET', `Component/${onlyId}`)).status, 400);
      assert.equal((await c.xml('GET', `Component/${onlyId}~${branch}`)).status, 200);
      type Meta = { componentId: string; version: number; branchId: string; currentVersion: boolean };
      const mainRows = await queryAll<Meta>(c, 'ComponentMetadata', where(eq('componentId', shared)));
      assert.deepEqual(
        mainRows.map((r) => [r.version, r.branchId, r.currentVersion]),
        [[1, main, true]],
      );
      const branchRows = await queryAll<Meta>(
        c,
        'ComponentMetadata',
        where(eq('componentId', shared), eq('branchId', branch)),
      );
      assert.deepEqual(
        branchRows.map((r) => [r.version, r.branchId, r.currentVersion]),
        [[2, branch, true]],
      );
    } finally {
      await emu.close();
    }
  });

  test('merge OVERRIDE/SOURCE: DRAFTING -> DRAFTED -> REVIEWING -> (execute) MERGING -> MERGED; branch content becomes new main versions', async () => {
    const { emu, c, tick } = clocked();
    try {
      const main = await mainId(c);
      const changed = await newProfile(c, 'Changed');
      const conflicted = await newProfile(c, 'Conflicted');
      const branch = await readyBranch(c, tick, 'promo-P-2', main);
      await c.xml(
        'POST',
        `Component/${changed}`,
        componentXml(
          { componentId: changed, name: 'Changed', type: 'profile.json', branchId: branch },
          profileObject('Changed', 'v2'),
        ),
      );
      await c.xml(
        'POST',
        `Component/${conflicted}`,
        componentXml(
          { componentId: conflicted, name: 'Conflicted', type: 'profile.json', branchId: branch },
          profileObject('Conflicted', 'branch'),
        ),
      );
      await c.xml(
        'POST',
        `Component/${conflicted}`,
        componentXml(
          { componentId: conflicted, name: 'Conflicted', type: 'profile.json' },
          profileObject('Conflicted', 'main'),
        ),
      );
      const added = attr(
        (
          await c.xml(
            'POST',
            'Component',
            componentXml({ name: 'Added', type: 'profile.json', branchId: branch }, profileObject('Added')),
          )
        ).body,
        'componentId',
      )!;

      const mr = await c.post<Merge>('MergeRequest', {
        sourceBranchId: branch,
        destinationBranchId: main,
        strategy: 'OVERRIDE',
        priorityBranch: 'SOURCE',
      });
      assert.deepEqual([mr.json.stage, mr.json.previousStage], ['DRAFTING', 'NOT_EXIST']);
      assert.equal(Buffer.from(mr.json.id, 'base64').toString().startsWith('MR:'), true);
      const tooEarly = await c.post(`MergeRequest/execute/${mr.json.id}`, {
        id: mr.json.id,
        mergeRequestAction: 'MERGE',
      });
      assert.equal(tooEarly.status, 400);
      tick(1000);
      const drafted = await c.get<Merge>(`MergeRequest/${mr.json.id}`);
      assert.deepEqual([drafted.json.stage, drafted.json.previousStage], ['DRAFTED', 'DRAFTING']);
      const details = new Map(drafted.json.MergeRequestDetails.MergeRequestDetail.map((d) => [d.componentGuid, d]));
      assert.equal(details.size, 3);
      assert.deepEqual([details.get(changed)?.changeType, details.get(changed)?.conflict], ['MODIFIED', false]);
      assert.deepEqual([details.get(conflicted)?.changeType, details.get(conflicted)?.conflict], ['MODIFIED', true]);
      assert.equal(details.get(added)?.changeType, 'ADDED');
      assert.equal(
        (await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' })).status,
        400,
      );
      tick(500);
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'REVIEWING');
      const exec = await c.post<Merge>(`MergeRequest/execute/${mr.json.id}`, {
        id: mr.json.id,
        mergeRequestAction: 'MERGE',
      });
      assert.deepEqual([exec.json.stage, exec.json.previousStage], ['MERGING', 'REVIEWING']);
      assert.equal(attr((await c.xml('GET', `Component/${changed}`)).body, 'version'), '1');
      tick(1000);
      const merged = await c.get<Merge>(`MergeRequest/${mr.json.id}`);
      assert.deepEqual([merged.json.stage, merged.json.previousStage], ['MERGED', 'MERGING']);
      const mainChanged = await c.xml('GET', `Component/${changed}`);
      assert.equal(attr(mainChanged.body, 'version'), '3');
      assert.match(mainChanged.body, /name="v2"/);
      assert.match((await c.xml('GET', `Component/${conflicted}`)).body, /name="branch"/);
      assert.equal((await c.xml('GET', `Component/${added}`)).status, 200);
      const byDest = await queryAll<Merge>(c, 'MergeRequest', where(eq('destinationBranchId', main)));
      assert.deepEqual(
        byDest.map((m) => m.id),
        [mr.json.id],
      );
    } finally {
      await emu.close();
    }
  });

  test('priorityBranch DESTINATION keeps main on conflicts; faults give FAILED_TO_DRAFT and FAILED_TO_MERGE, then retries', async () => {
    const { emu, c, tick } = clocked();
    try {
      emu.control.setStageTimings({ mergeDraftMs: 0, mergeReviewMs: 0, mergeExecuteMs: 0 });
      const main = await mainId(c);
      const comp = await newProfile(c, 'Both');
      const branch = await readyBranch(c, tick, 'b1', main);
      await c.xml(
        'POST',
        `Component/${comp}`,
        componentXml(
          { componentId: comp, name: 'Both', type: 'profile.json', branchId: branch },
          profileObject('Both', 'branch'),
        ),
      );
      await c.xml(
        'POST',
        `Component/${comp}`,
        componentXml({ componentId: comp, name: 'Both', type: 'profile.json' }, profileObject('Both', 'main')),
      );

      emu.control.addFault({ merge: 'FAILED_TO_DRAFT', times: 1 });
      const mr = await c.post<Merge>('MergeRequest', {
        sourceBranchId: branch,
        destinationBranchId: main,
        strategy: 'OVERRIDE',
        priorityBranch: 'DESTINATION',
      });
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'FAILED_TO_DRAFT');
      await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'RETRY_DRAFTING' });
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'REVIEWING');

      emu.control.addFault({ merge: 'FAILED_TO_MERGE', times: 1 });
      await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' });
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'FAILED_TO_MERGE');
      await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' });
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'MERGED');
      assert.match((await c.xml('GET', `Component/${comp}`)).body, /name="main"/);
      assert.equal(
        (await c.post('MergeRequest', { sourceBranchId: branch, destinationBranchId: main, priorityBranch: branch }))
          .status,
        400,
      );
    } finally {
      await emu.close();
    }
  });

  test('CONFLICT_RESOLVE needs resolutions; REVERT restores the destination', async () => {
    const { emu, c, tick } = clocked();
    try {
      emu.control.setStageTimings({ mergeDraftMs: 0, mergeReviewMs: 0, mergeExecuteMs: 0 });
      const main = await mainId(c);
      const comp = await newProfile(c, 'Resolve');
      const branch = await readyBranch(c, tick, 'b2', main);
      await c.xml(
        'POST',
        `Component/${comp}`,
        componentXml(
          { componentId: comp, name: 'Resolve', type: 'profile.json', branchId: branch },
          profileObject('Resolve', 'branch'),
        ),
      );
      await c.xml(
        'POST',
        `Component/${comp}`,
        componentXml({ componentId: comp, name: 'Resolve', type: 'profile.json' }, profileObject('Resolve', 'main')),
      );
      const mr = await c.post<Merge>('MergeRequest', {
        sourceBranchId: branch,
        destinationBranchId: main,
        strategy: 'CONFLICT_RESOLVE',
        priorityBranch: 'DESTINATION',
      });
      await c.get(`MergeRequest/${mr.json.id}`);
      assert.equal(
        (await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' })).status,
        400,
      );
      const resolved = await c.post<Merge>(`MergeRequest/${mr.json.id}`, {
        id: mr.json.id,
        MergeRequestDetails: { MergeRequestDetail: [{ componentGuid: comp, resolution: 'OVERRIDE' }] },
      });
      assert.equal(resolved.json.MergeRequestDetails.MergeRequestDetail[0]?.stage, 'CONFLICT_RESOLVED');
      await c.post(`MergeRequest/execute/${mr.json.id}`, { id: mr.json.id, mergeRequestAction: 'MERGE' });
      assert.equal((await c.get<Merge>(`MergeRequest/${mr.json.id}`)).json.stage, 'MERGED');
      assert.match((await c.xml('GET', `Component/${comp}`)).body, /name="branch"/);
      const reverted = await c.post<Merge>(`MergeRequest/execute/${mr.json.id}`, {
        id: mr.json.id,
        mergeRequestAction: 'REVERT',
      });
      assert.equal(reverted.json.stage, 'REVERTED');
      assert.match((await c.xml('GET', `Component/${comp}`)).body, /name="main"/);
    } finally {
      await emu.close();
    }
  });

  test('a branch created from a packaged component starts from the package snapshot', async () => {
    const { emu, c, tick } = clocked();
    try {
      const pkgRes = await c.post<{ packageId: string }>(
        'PackagedComponent',
        {
          componentId: (
            await queryAll<{ componentId: string }>(
              c,
              'ComponentMetadata',
              where(eq('name', 'Order Processing Main')),
              { account: 'acme-DEVA' },
            )
          )[0]!.componentId,
          packageVersion: '9.9',
        },
        { account: 'acme-DEVA' },
      );
      assert.equal(pkgRes.status, 200, pkgRes.body);
      const b = await c.post<Branch>(
        'Branch',
        { name: 'hotfix', packageId: pkgRes.json.packageId },
        { account: 'acme-DEVA' },
      );
      assert.equal(b.status, 200, b.body);
      tick(1000);
      assert.equal((await c.get<Branch>(`Branch/${b.json.id}`, { account: 'acme-DEVA' })).json.ready, true);
    } finally {
      await emu.close();
    }
  });
});
