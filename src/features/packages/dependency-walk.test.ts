import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findCycles,
  walkReferences,
  type LevelSource,
  type WalkComponent,
  type WalkReference,
} from './dependency-walk.ts';
import { buildDependencyReport } from './dependency-report.ts';

interface FakeComponent {
  type: string;
  refs?: string[];
  deleted?: boolean;
  /** Its metadata lookup fails. */
  brokenMeta?: boolean;
  /** Its reference lookup fails. */
  brokenRefs?: boolean;
}

/** An in-memory dev account; counts the level lookups the walk makes. */
function fakeSource(account: Record<string, FakeComponent>) {
  const calls = { components: 0, references: 0 };
  const source: LevelSource = {
    async components(ids) {
      calls.components++;
      const out = new Map<string, WalkComponent | Error>();
      for (const id of ids) {
        const c = account[id];
        if (!c) continue;
        out.set(
          id,
          c.brokenMeta
            ? new Error(`metadata of ${id} failed`)
            : {
                id,
                name: id.toUpperCase(),
                type: c.type,
                version: 3,
                folderId: `f-${c.type}`,
                deleted: c.deleted ?? false,
              },
        );
      }
      return out;
    },
    async references(parents) {
      calls.references++;
      const out = new Map<string, WalkReference[] | Error>();
      for (const p of parents) {
        const c = account[p.id]!;
        out.set(
          p.id,
          c.brokenRefs
            ? new Error(`references of ${p.id} failed`)
            : (c.refs ?? []).map((childId) => ({
                childId,
                type: account[childId]?.type === 'processroute' ? 'INDEPENDENT' : 'DEPENDENT',
              })),
        );
      }
      return out;
    },
  };
  return { source, calls };
}

const tree: Record<string, FakeComponent> = {
  root: { type: 'process', refs: ['op', 'map', 'sub', 'conn'] },
  op: { type: 'connector-action', refs: ['conn', 'p1'] },
  map: { type: 'transform.map', refs: ['p1', 'p2'] },
  sub: { type: 'process', refs: ['op', 'route'] },
  route: { type: 'processroute', refs: ['p2'] },
  conn: { type: 'connector-settings' },
  p1: { type: 'profile.json' },
  p2: { type: 'profile.xml' },
};

test('breadth-first by levels: each component once, depth and the reference type that found it', async () => {
  const { source, calls } = fakeSource(tree);
  const walk = await walkReferences('root', source, { maxComponents: 100 });
  assert.deepEqual(
    walk.nodes.map((n) => [n.id, n.depth, n.dependencyType]),
    [
      ['root', 0, null],
      ['op', 1, 'DEPENDENT'],
      ['map', 1, 'DEPENDENT'],
      ['sub', 1, 'DEPENDENT'],
      ['conn', 1, 'DEPENDENT'],
      ['p1', 2, 'DEPENDENT'],
      ['p2', 2, 'DEPENDENT'],
      ['route', 2, 'INDEPENDENT'],
    ],
  );
  assert.deepEqual(walk.nodes.find((n) => n.id === 'sub')!.references, ['op', 'route']);
  assert.deepEqual(walk.cycles, []);
  assert.equal(walk.partial, false);
  // Three levels: one metadata and one reference lookup each, however wide the level.
  assert.deepEqual(calls, { components: 3, references: 3 });
});

test('a reference cycle ends the walk and is reported once', async () => {
  const { source } = fakeSource({
    root: { type: 'process', refs: ['a'] },
    a: { type: 'process', refs: ['b'] },
    b: { type: 'process', refs: ['c', 'root'] },
    c: { type: 'process', refs: ['a', 'c'] },
  });
  const walk = await walkReferences('root', source, { maxComponents: 100 });
  assert.deepEqual(
    walk.nodes.map((n) => n.id),
    ['root', 'a', 'b', 'c'],
  );
  assert.deepEqual(walk.cycles, [['a', 'b', 'c'], ['c'], ['root', 'a', 'b']]);
});

test('a missing, deleted or unreadable component is marked and the walk goes on around it', async () => {
  const { source } = fakeSource({
    root: { type: 'process', refs: ['gone', 'del', 'bad', 'noRefs', 'ok'] },
    del: { type: 'process', deleted: true, refs: ['hidden'] },
    bad: { type: 'transform.map', brokenMeta: true },
    noRefs: { type: 'process', brokenRefs: true, refs: ['hidden'] },
    ok: { type: 'process', refs: ['leaf'] },
    leaf: { type: 'profile.json' },
    hidden: { type: 'profile.json' },
  });
  const walk = await walkReferences('root', source, { maxComponents: 100 });
  const reason = Object.fromEntries(walk.nodes.map((n) => [n.id, n.failure?.reason ?? 'ok']));
  assert.deepEqual(reason, {
    root: 'ok',
    gone: 'not-found',
    del: 'deleted',
    bad: 'error',
    noRefs: 'error',
    ok: 'ok',
    leaf: 'ok',
  });
});

test('the component limit stops the walk and says so', async () => {
  const { source } = fakeSource(tree);
  const walk = await walkReferences('root', source, { maxComponents: 4 });
  assert.equal(walk.nodes.length, 4);
  assert.equal(walk.partial, true);
});

test('a missing root leaves a single not-found node', async () => {
  const { source, calls } = fakeSource({});
  const walk = await walkReferences('nope', source, { maxComponents: 10 });
  assert.deepEqual(
    walk.nodes.map((n) => [n.id, n.failure?.reason]),
    [['nope', 'not-found']],
  );
  assert.deepEqual(calls, { components: 1, references: 0 });
});

test('findCycles survives a long chain and ignores references outside the graph', () => {
  const graph = new Map<string, string[]>();
  for (let i = 0; i < 20_000; i++) graph.set(`n${i}`, [`n${i + 1}`, 'elsewhere']);
  graph.set('n20000', ['n0']);
  const cycles = findCycles('n0', graph);
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0]!.length, 20_001);
});

test('report: NEW/UPDATE from mappings, MAPPED/UNMAPPED connections, ERROR with its message, what goes, counts', async () => {
  const { source } = fakeSource({
    ...tree,
    root: { type: 'process', refs: ['op', 'map', 'sub', 'conn', 'conn2', 'gone'] },
    conn2: { type: 'connector-settings' },
  });
  const walk = await walkReferences('root', source, { maxComponents: 100 });
  const report = buildDependencyReport({
    walk,
    devAccountId: 'dev-1',
    mappings: new Map([
      ['conn', { prodComponentId: 'prod-conn', prodLatestVersion: 2 }],
      ['map', { prodComponentId: 'prod-map', prodLatestVersion: 7 }],
    ]),
    folders: new Map<string, string | Error>([
      ['f-process', 'Root/Processes'],
      ['f-profile.xml', new Error('HTTP 400')],
    ]),
    // The forecast: what the promotion's stripping rule found in each component it read.
    stripped: new Map<string, string[] | Error>([
      ['op', ['@url', 'field[password]']],
      ['map', []],
      ['sub', new Error('HTTP 503')],
    ]),
  });
  const by = Object.fromEntries(report.components.map((c) => [c.devComponentId, c]));
  assert.equal(report.rootProcessName, 'ROOT');
  assert.equal(by.root!.folderFullPath, 'Root/Processes');
  assert.deepEqual(
    [by.map!.prodStatus, by.map!.prodComponentId, by.map!.prodCurrentVersion],
    ['UPDATE', 'prod-map', 7],
  );
  assert.deepEqual(
    [by.op!.prodStatus, by.op!.prodComponentId, by.op!.prodCurrentVersion, by.op!.hasEnvConfig, by.op!.strippedFields],
    ['NEW', '', 0, true, ['@url', 'field[password]']],
  );
  assert.deepEqual([by.map!.hasEnvConfig, by.map!.strippedFields], [false, []]);
  // A connection is never promoted, so nothing of it is stripped.
  assert.deepEqual([by.conn!.prodStatus, by.conn!.isSharedConnection, by.conn!.hasEnvConfig], ['MAPPED', true, false]);
  assert.deepEqual([by.sub!.prodStatus, by.sub!.hasEnvConfig], ['ERROR', false]);
  assert.match(by.sub!.errorMessage!, /could not be read from dev account dev-1: HTTP 503/);
  assert.equal(by.conn2!.prodStatus, 'UNMAPPED');
  assert.deepEqual([by.gone!.prodStatus, by.gone!.errorMessage], ['ERROR', 'Component not found in dev account dev-1']);
  assert.equal(by.p2!.prodStatus, 'ERROR');
  assert.match(by.p2!.errorMessage!, /Folder f-profile.xml could not be read/);
  assert.deepEqual(
    [
      report.totalComponents,
      report.newCount,
      report.updateCount,
      report.envConfigCount,
      report.sharedConnectionCount,
      report.unmappedConnectionCount,
    ],
    [10, 4, 1, 1, 2, 1],
  );
});
