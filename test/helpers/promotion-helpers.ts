import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { createBoomiClient, q, type BoomiClient, type ComponentXml } from '../../src/boomi/index.ts';
import type { Db } from '../../src/platform/db.ts';
import { referencedIds } from '../../src/features/promotions/xml/rewrite-references.ts';
import { CDATA, TEXT, componentObject, elementsOf, localName } from '../../src/features/promotions/xml/dom.ts';
import { DEMO, type Fixture } from '../../emulator/index.ts';
import { buildTestApp, demoAuth, type TestApp } from './test-app.ts';
import { dropDb, type DbVariant } from './test-db.ts';

// Helpers for the promotion engine's integration tests (test/promotions.int.test.ts).

export const DEVA = 'acme-DEVA';

export interface TreeComponent {
  devComponentId: string;
  name: string;
  type: string;
  folderFullPath: string;
}
export interface WireResult extends TreeComponent {
  action: string;
  status: string;
  prodComponentId: string | null;
  prodVersion: number | null;
  configStripped: boolean;
  strippedElements: string[];
  errorMessage: string | null;
  reason?: string | null;
}
export interface Answer {
  status: number;
  body: Record<string, unknown> & { results?: WireResult[] };
}
export interface Pkg {
  packageId: string;
  componentId: string;
}

/** Polls `probe` until it answers something other than undefined, or fails at the deadline. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The dependency tree as resolveDependencies lists it, in executePromotion's component shape. */
export async function treeOf(t: TestApp, rootComponentId: string, devAccountId = DEVA): Promise<TreeComponent[]> {
  const res = await t.action('resolveDependencies', { devAccountId, rootComponentId }, 'alice');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return (res.body.components as TreeComponent[]).map(({ devComponentId, name, type, folderFullPath }) => ({
    devComponentId,
    name,
    type,
    folderFullPath,
  }));
}

export const executeBody = (pkg: Pkg, components: TreeComponent[], devAccountId = DEVA) => ({
  devAccountId,
  devPackageId: pkg.packageId,
  packageVersion: '1.0.0',
  rootComponentId: pkg.componentId,
  components,
});

/** executePromotion of a package's whole tree, waiting for the job (the default). */
export async function promote(t: TestApp, pkg: Pkg, as = 'alice', tree?: TreeComponent[]): Promise<Answer> {
  return t.action(
    'executePromotion',
    executeBody(pkg, tree ?? (await treeOf(t, pkg.componentId))),
    as,
  ) as Promise<Answer>;
}

export async function getAs(t: TestApp, url: string, as: string) {
  return t.inject({ method: 'GET', url, headers: { authorization: demoAuth(as) } });
}

/** A client on the primary account for reading what the service wrote (its own pacing, not the service's). */
export function primaryClient(t: TestApp): BoomiClient {
  return createBoomiClient(
    {
      baseUrl: t.config.boomi.baseUrl,
      accountId: DEMO.primaryAccountId,
      user: t.config.boomi.user,
      token: t.config.boomi.token,
      rateLimitPerSecond: 50,
      maxConcurrency: 16,
      polling: { branch: { intervalMs: 20, timeoutMs: 10_000 } },
    },
    { rateLimiter: { acquire: async () => {} } },
  );
}

export async function branchNames(client: BoomiClient): Promise<string[]> {
  return (await client.branches.query(q.isNotNull('id'))).filter((b) => b.deleted !== true).map((b) => b.name ?? b.id);
}

/** Every test starts from the demo fixture and a dev account with no open promotion. */
export async function cleanSlate(t: TestApp, db: Db): Promise<void> {
  t.emulator!.control.reset();
  // The emulator is back to its fixture, so engine mappings point at components it no longer has.
  await db.exec("delete from promotion_log; delete from component_mapping where mapping_source = 'PROMOTION_ENGINE'");
}

/**
 * The lifecycle every engine and workflow suite shares: a fresh database of the variant, the app
 * on an emulator, a clean slate before each test, everything closed after. `ready` receives them.
 */
export function emulatorSuite(
  variant: DbVariant,
  opts: { env?: Record<string, string> },
  ready: (s: { db: Db; t: TestApp }) => Promise<void> | void,
): void {
  const s = {} as { db: Db; t: TestApp };
  before(async () => {
    s.db = await variant.open();
    s.t = await buildTestApp(s.db, { emulator: true, ...(opts.env ? { env: opts.env } : {}) });
    await ready(s);
  });
  beforeEach(() => cleanSlate(s.t, s.db));
  after(async () => {
    await s.t?.app.close();
    await dropDb(s.db);
  });
}

export async function count(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from (${sql}) x`, params);
  return rows[0]!.n;
}

/** The server-sent events of a stream that ends by itself, as `{ event, data }`. */
export async function sseEvents(
  t: TestApp,
  url: string,
  as: string,
): Promise<{ status: number; events: { event: string; data: Record<string, unknown> }[] }> {
  const res = await getAs(t, url, as);
  const events = res.body
    .split('\n\n')
    .filter((block) => block.startsWith('event:'))
    .map((block) => {
      const line = (k: string) =>
        block
          .split('\n')
          .find((l) => l.startsWith(`${k}: `))
          ?.slice(k.length + 2) ?? '';
      return { event: line('event'), data: JSON.parse(line('data')) as Record<string, unknown> };
    });
  return { status: res.statusCode, events };
}

/** What a promotion left on its branch, read back, with the dev originals. */
export interface ReadBack {
  promoted: { result: WireResult; branch: ComponentXml; dev: ComponentXml }[];
  devToProd: Map<string, string>;
}

/**
 * Checks every CREATED component on the branch: version 1, mirrored folder, absent from main,
 * and every reference rewritten to exactly the production ids of what the dev copy referred to.
 */
export async function verifyOnBranch(
  client: BoomiClient,
  body: Answer['body'],
  tree: TreeComponent[],
): Promise<ReadBack> {
  const branchId = body.branchId as string;
  const results = body.results!;
  const devToProd = new Map(
    results.filter((r) => r.prodComponentId).map((r) => [r.devComponentId, r.prodComponentId!]),
  );
  const devIds = new Set(tree.map((c) => c.devComponentId));
  const prodConnections = new Set(DEMO.prodConnections.map((c) => c.id));
  const prodIds = new Set(results.filter((r) => r.action === 'CREATED').map((r) => r.prodComponentId));
  const folderOf = new Map(tree.map((c) => [c.devComponentId, c.folderFullPath]));
  const promoted = await Promise.all(
    results
      .filter((r) => r.action === 'CREATED')
      .map(async (result) => {
        const prodId = result.prodComponentId!;
        const [branch, dev] = await Promise.all([
          client.components.get(prodId, { branchId }),
          client.components.get(result.devComponentId, { overrideAccount: DEVA }),
        ]);
        assert.equal(branch.attributes.version, 1, result.name);
        assert.equal(
          branch.attributes.folderFullPath,
          `Acme/Promoted/${folderOf.get(result.devComponentId)}`,
          result.name,
        );
        assert.ok(branch.attributes.folderFullPath!.startsWith('Acme/Promoted/DevTeamARoot/'));
        await assert.rejects(
          client.components.get(prodId),
          (e: { code?: string }) => e.code === 'COMPONENT_NOT_FOUND',
          `${result.name} must not be on main`,
        );
        const refs = referencedIds(branch.doc).sort();
        for (const id of refs) {
          assert.ok(!devIds.has(id), `${result.name} still refers to dev component ${id}`);
          assert.ok(
            prodIds.has(id) || prodConnections.has(id),
            `${result.name} refers to ${id}, neither promoted here nor a #Connections component`,
          );
        }
        const expected = referencedIds(dev.doc)
          .filter((id) => id !== result.devComponentId)
          .map((id) => devToProd.get(id) ?? `unmapped ${id}`)
          .sort();
        assert.deepEqual(refs, expected, `${result.name}: references rewritten one for one`);
        return { result, branch, dev };
      }),
  );
  return { promoted, devToProd };
}

/** Every result comes after the results of the components it refers to (bottom-up). */
export function assertBottomUp(results: WireResult[], docs: ReadBack['promoted']) {
  const position = new Map(results.map((r, i) => [r.devComponentId, i]));
  for (const { result, dev } of docs) {
    for (const ref of referencedIds(dev.doc)) {
      if (position.has(ref) && ref !== result.devComponentId)
        assert.ok(position.get(ref)! < position.get(result.devComponentId)!, `${result.name} written before ${ref}`);
    }
  }
}

const ENV_NAMES = new Set(['host', 'url', 'password', 'port', 'hostname', 'encryptedvalue']);

/** Environment values in a component: element text, attributes and `<field id=... value=...>` named host/url/password/port. */
export function environmentValues(doc: ComponentXml): string[] {
  const values = new Set<string>();
  for (const el of elementsOf(componentObject(doc.doc)!)) {
    if (ENV_NAMES.has(localName(el).toLowerCase()) && el.textContent?.trim()) values.add(el.textContent.trim());
    if (
      localName(el) === 'field' &&
      ENV_NAMES.has((el.getAttribute('id') ?? '').toLowerCase()) &&
      el.getAttribute('value')
    )
      values.add(el.getAttribute('value')!);
    for (let i = 0; i < el.attributes.length; i++) {
      const a = el.attributes.item(i)!;
      if (ENV_NAMES.has(localName(a).toLowerCase()) && a.value.trim()) values.add(a.value.trim());
    }
  }
  return [...values];
}

/** Every attribute value and text in the component's configuration. */
export function allValues(doc: ComponentXml): Set<string> {
  const values = new Set<string>();
  for (const el of elementsOf(componentObject(doc.doc)!)) {
    for (let i = 0; i < el.attributes.length; i++) values.add(el.attributes.item(i)!.value.trim());
    for (let c = el.firstChild; c; c = c.nextSibling)
      if (c.nodeType === TEXT || c.nodeType === CDATA) values.add((c.nodeValue ?? '').trim());
  }
  values.delete('');
  return values;
}

/** A small package whose operation carries environment values in elements, attributes and fields. */
export const SECRETS = {
  rootId: '5ec2e750-0000-4000-8000-000000000001',
  operationId: '5ec2e750-0000-4000-8000-000000000002',
  packageId: '5ec2e750-0000-4000-8000-0000000000a1',
  values: [
    'https://orders-dev.acme.internal:8443/v2',
    'orders-dev.acme.internal',
    '8443',
    'Dev-Pa55word!',
    'sftp-dev.acme.internal',
    'field-secret-77',
  ],
};

export function secretsFixture(): Fixture {
  const orderApi = DEMO.connectionMappings.find(
    (m) => m.devAccountId === DEVA && m.name === 'Orders API',
  )!.devComponentId;
  const folder = 'DevTeamARoot/Secrets/Secret Sync';
  const [url, host, port, password, sftpHost, fieldSecret] = SECRETS.values;
  const operation = [
    '<Operation xmlns="" returnApplicationErrors="false" trackResponse="false">',
    '  <Configuration>',
    `    <HttpSendAction dataContentType="application/json" methodType="POST" url="${url}">`,
    `      <AuthOverride user="svc-dev" password="${password}"/>`,
    `      <host>${host}</host>`,
    `      <port>${port}</port>`,
    '    </HttpSendAction>',
    '  </Configuration>',
    '  <GenericOperationConfig>',
    `    <field id="host" type="string" value="${sftpHost}"/>`,
    `    <field id="password" type="password" value="${fieldSecret}"/>`,
    '    <field id="directory" type="string" value="/outbound"/>',
    '  </GenericOperationConfig>',
    `  <ConnectionReference connectionId="${orderApi}"/>`,
    '</Operation>',
  ].join('\n');
  return {
    components: [
      {
        accountId: DEVA,
        id: SECRETS.operationId,
        name: 'Secret Sync - Post',
        type: 'connector-action',
        subType: 'http',
        folder: `${folder}/Operations`,
        object: operation,
      },
      {
        accountId: DEVA,
        id: SECRETS.rootId,
        name: 'Secret Sync',
        type: 'process',
        folder: `${folder}/Processes`,
        params: {
          shapes: [{ kind: 'connector', label: 'Post', connectionId: orderApi, operationId: SECRETS.operationId }],
        },
      },
    ],
    packages: [{ accountId: DEVA, packageId: SECRETS.packageId, componentId: SECRETS.rootId, packageVersion: '1.0.0' }],
  };
}
