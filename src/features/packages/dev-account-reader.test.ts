import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  BoomiClient,
  CallOptions,
  ComponentMetadata,
  ComponentReferenceRow,
  QueryExpression,
} from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';
import { devAccountReader } from './dev-account-reader.ts';

// The reader against a hand-made client: which calls it makes, and how it falls back.

const isOr = (e: QueryExpression) => 'nestedExpression' in e && e.operator === 'or';
/** Every value a property is compared with anywhere in the expression. */
function valuesOf(e: QueryExpression, property: string): string[] {
  if ('nestedExpression' in e) return e.nestedExpression.flatMap((n) => valuesOf(n, property));
  return e.property === property ? [...e.argument] : [];
}

function fakeClient(opts: { refuseOr?: boolean; brokenIds?: string[] } = {}) {
  const calls: string[] = [];
  const accounts: string[] = [];
  const refs: Record<string, string[]> = { a: ['c'], b: ['c', 'd'], c: [], d: [] };
  const guard = (what: string, o?: CallOptions) => {
    calls.push(what);
    accounts.push(o?.overrideAccount ?? '');
  };
  const client = {
    componentMetadata: {
      async query(e: QueryExpression, o?: CallOptions): Promise<ComponentMetadata[]> {
        guard('meta.query', o);
        const ids = valuesOf(e, 'componentId');
        if (ids.some((id) => opts.brokenIds?.includes(id))) throw new AppError('API_ERROR', 'bad id in filter');
        return ids.filter((id) => id in refs).map((id) => ({ componentId: id, version: 2, name: id, type: 'process' }));
      },
      async get(id: string, o?: CallOptions): Promise<ComponentMetadata> {
        guard('meta.get', o);
        if (opts.brokenIds?.includes(id)) throw new AppError('API_ERROR', `cannot read ${id}`);
        if (!(id in refs)) throw new AppError('COMPONENT_NOT_FOUND', id);
        return { componentId: id, version: 2, name: id, type: 'process' };
      },
    },
    componentReferences: {
      async query(e: QueryExpression, o?: CallOptions) {
        guard('refs.query', o);
        if (opts.refuseOr && isOr(e)) throw new AppError('API_ERROR', 'Invalid query filter');
        const rows: ComponentReferenceRow[] = valuesOf(e, 'parentComponentId').flatMap((p) =>
          (refs[p] ?? []).map((c) => ({ parentComponentId: p, parentVersion: 2, componentId: c, type: 'DEPENDENT' })),
        );
        return rows.map((r) => ({ references: [r] }));
      },
      async children(id: string, version: number, o?: CallOptions): Promise<ComponentReferenceRow[]> {
        guard('refs.children', o);
        return (refs[id] ?? []).map((c) => ({
          parentComponentId: id,
          parentVersion: version,
          componentId: c,
          type: 'DEPENDENT',
        }));
      },
    },
  };
  return { client: client as unknown as BoomiClient, calls, accounts };
}

const childIds = (m: Map<string, ComponentReferenceRow[] | Error>, id: string) => {
  const v = m.get(id);
  return v instanceof Error ? v : v?.map((r) => r.componentId);
};

test('a level of parents costs one grouped reference query, against the dev account', async () => {
  const { client, calls, accounts } = fakeClient();
  const reader = devAccountReader(client, 'dev-1');
  const got = await reader.children([
    { id: 'a', version: 2 },
    { id: 'b', version: 2 },
    { id: 'c', version: 2 },
  ]);
  assert.deepEqual([childIds(got, 'a'), childIds(got, 'b'), childIds(got, 'c')], [['c'], ['c', 'd'], []]);
  assert.deepEqual(calls, ['refs.query']);
  assert.deepEqual(accounts, ['dev-1']);
});

test('Boomi refusing OR-grouped parents: one query per parent, and the request stops trying groups', async () => {
  const { client, calls } = fakeClient({ refuseOr: true });
  const reader = devAccountReader(client, 'dev-1');
  const first = await reader.children([
    { id: 'a', version: 2 },
    { id: 'b', version: 2 },
  ]);
  assert.deepEqual([childIds(first, 'a'), childIds(first, 'b')], [['c'], ['c', 'd']]);
  const second = await reader.children([
    { id: 'c', version: 2 },
    { id: 'd', version: 2 },
  ]);
  assert.deepEqual([childIds(second, 'c'), childIds(second, 'd')], [[], []]);
  assert.deepEqual(calls, ['refs.query', 'refs.children', 'refs.children', 'refs.children', 'refs.children']);
});

test('a metadata group that fails is asked again id by id, so only the bad id is marked', async () => {
  const { client, calls } = fakeClient({ brokenIds: ['b'] });
  const got = await devAccountReader(client, 'dev-1').currentMetadata(['a', 'b', 'zz']);
  assert.equal((got.get('a') as ComponentMetadata).name, 'a');
  assert.ok(got.get('b') instanceof Error);
  assert.equal(got.has('zz'), false, 'not found is absent, not an error');
  assert.deepEqual(calls.sort(), ['meta.get', 'meta.get', 'meta.get', 'meta.query']);
});

test('fatal failures are thrown, not attached to a component', async () => {
  const client = {
    componentMetadata: {
      query: async () => {
        throw new AppError('AUTH_FAILED', 'no');
      },
    },
  } as unknown as BoomiClient;
  await assert.rejects(
    devAccountReader(client, 'dev-1').currentMetadata(['a', 'b']),
    (e: unknown) => e instanceof AppError && e.code === 'AUTH_FAILED',
  );
});

test('ids go in groups of at most 50', async () => {
  const { client, calls } = fakeClient();
  const ids = Array.from({ length: 120 }, (_, i) => `x${i}`);
  await devAccountReader(client, 'dev-1').currentMetadata(ids);
  assert.deepEqual(calls, ['meta.query', 'meta.query', 'meta.query']);
});
