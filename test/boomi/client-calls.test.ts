import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBoomiClient } from '../../src/boomi/boomi-client.ts';
import { ComponentXml } from '../../src/boomi/objects/component-xml.ts';
import { isAppError } from '../../src/platform/errors.ts';
import { FakeClock } from './helpers/fake-clock.ts';
import { boomiError, json, scriptedFetch, xml, type Step } from './helpers/scripted-fetch.ts';

const fixture = readFileSync(new URL('./fixtures/process-component.xml', import.meta.url), 'utf8');

function setup(steps: Step[]) {
  const clock = new FakeClock(0, true);
  const script = scriptedFetch(steps);
  const client = createBoomiClient(
    {
      baseUrl: 'https://boomi.test',
      accountId: 'acme-PRIMARY',
      user: 'BOOMI_TOKEN.promo@acme.example',
      token: 't',
      polling: { branch: { intervalMs: 1000, timeoutMs: 10_000 } },
    },
    { clock, fetch: script.fetch, random: () => 0.5, rateLimiter: { acquire: async () => {} } },
  );
  const sent = () =>
    script.requests.map(
      (r) => `${r.method} ${r.url.pathname.replace('/partner/api/rest/v1/acme-PRIMARY', '')}${r.url.search}`,
    );
  return { client, clock, script, sent };
}

const mr = (stage: string, extra: Record<string, unknown> = {}) =>
  json(200, { '@type': 'MergeRequest', id: 'TVI6MTIz', stage, ...extra });

describe('Component calls (XML only)', () => {
  it('reads latest, a revision and a branch copy with Accept: application/xml', async () => {
    const { client, script, sent } = setup([xml(200, fixture), xml(200, fixture), xml(200, fixture)]);
    const c = await client.components.get('5d0e', { overrideAccount: 'acme-DEVA' });
    await client.components.get('5d0e', { version: 3 });
    await client.components.get('5d0e', { branchId: 'QjoyMDQ1' });
    assert.equal(c.attributes.version, 4);
    assert.deepEqual(sent(), [
      'GET /Component/5d0e?overrideAccount=acme-DEVA',
      'GET /Component/5d0e~3',
      'GET /Component/5d0e~QjoyMDQ1',
    ]);
    assert.ok(script.requests.every((r) => r.headers.accept === 'application/xml'));
    await assert.rejects(client.components.get('x', { version: 1, branchId: 'b' }), RangeError);
  });

  it('creates on a branch through the branchId attribute, never Component~{branchId}', async () => {
    const { client, script, sent } = setup([xml(200, fixture)]);
    const body =
      '<bns:Component xmlns:bns="http://api.platform.boomi.com/" name="n" type="process" folderId="F1"><bns:object><process xmlns=""/></bns:object></bns:Component>';
    const created = await client.components.create(body, { branchId: 'QjoyMDQ1' });
    assert.equal(created.attributes.componentId, '5d0e6c9a-7f0b-4a52-9a6e-2b1f0c3d4e5f');
    assert.deepEqual(sent(), ['POST /Component']);
    const req = script.requests[0]!;
    assert.equal(req.headers['content-type'], 'application/xml');
    assert.equal(req.headers.accept, 'application/xml');
    assert.equal(ComponentXml.parse(req.body!).attributes.branchId, 'QjoyMDQ1');
  });

  it('updates by id (body componentId set to the path id) and reads a "no material change" refusal as unchanged', async () => {
    const { client, script, sent } = setup([
      xml(200, fixture),
      boomiError(400, 'Update rejected: no material change to the component.'),
    ]);
    const src = ComponentXml.parse(
      '<bns:Component xmlns:bns="http://api.platform.boomi.com/" name="n" type="process"><bns:object><process xmlns=""/></bns:object></bns:Component>',
    );
    const r1 = await client.components.update('prod-1', src, { branchId: 'B2' });
    assert.equal(r1.status, 'written');
    const sentBody = ComponentXml.parse(script.requests[0]!.body!);
    assert.equal(sentBody.attributes.componentId, 'prod-1');
    assert.equal(sentBody.attributes.branchId, 'B2');
    const r2 = await client.components.update('prod-1', src);
    assert.deepEqual(r2, { status: 'unchanged', message: 'Update rejected: no material change to the component.' });
    assert.deepEqual(sent(), ['POST /Component/prod-1', 'POST /Component/prod-1']);
    const other = ComponentXml.parse(fixture);
    await assert.rejects(client.components.update('prod-1', other), /carries componentId/);
  });

  it('refuses hostile component XML from the server with XML_PARSE_ERROR', async () => {
    const { client } = setup([xml(200, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><bns:Component/>')]);
    await assert.rejects(client.components.get('c'), (e) => isAppError(e) && e.code === 'XML_PARSE_ERROR');
  });
});

describe('Dependency and package calls', () => {
  it('queries children by parentComponentId and parentVersion and flattens references', async () => {
    const { client, script, sent } = setup([
      json(200, {
        '@type': 'QueryResult',
        numberOfResults: 2,
        result: [
          {
            '@type': 'ComponentReference',
            references: [{ parentComponentId: 'p', parentVersion: 4, componentId: 'c1', type: 'DEPENDENT' }],
          },
          {
            '@type': 'ComponentReference',
            references: { parentComponentId: 'p', parentVersion: '4', componentId: 'c2', type: 'INDEPENDENT' },
          },
        ],
      }),
    ]);
    const refs = await client.componentReferences.children('p', 4, { overrideAccount: 'acme-DEVA' });
    assert.deepEqual(
      refs.map((r) => [r.componentId, r.parentVersion, r.type]),
      [
        ['c1', 4, 'DEPENDENT'],
        ['c2', 4, 'INDEPENDENT'],
      ],
    );
    assert.deepEqual(sent(), ['POST /ComponentReference/query?overrideAccount=acme-DEVA']);
    assert.deepEqual(JSON.parse(script.requests[0]!.body!), {
      QueryFilter: {
        expression: {
          operator: 'and',
          nestedExpression: [
            { operator: 'EQUALS', property: 'parentComponentId', argument: ['p'] },
            { operator: 'EQUALS', property: 'parentVersion', argument: ['4'] },
          ],
        },
      },
    });
  });

  it('packages from a branch and deploys the package', async () => {
    const { client, script } = setup([
      json(200, {
        '@type': 'PackagedComponent',
        packageId: 'pkg-1',
        packageVersion: '1.0',
        componentId: 'c',
        componentVersion: 6,
        shareable: true,
        branchName: 'promo-1',
      }),
      json(200, {
        '@type': 'DeployedPackage',
        deploymentId: 'd-1',
        packageId: 'pkg-1',
        environmentId: 'env',
        active: 'true',
        version: 2,
      }),
    ]);
    const pkg = await client.packagedComponents.create({
      componentId: 'c',
      packageVersion: '1.0',
      branchName: 'promo-1',
      shareable: true,
      notes: undefined,
    });
    assert.equal(pkg.componentVersion, '6');
    assert.deepEqual(JSON.parse(script.requests[0]!.body!), {
      componentId: 'c',
      packageVersion: '1.0',
      branchName: 'promo-1',
      shareable: true,
    });
    const dep = await client.deployedPackages.create({ environmentId: 'env', packageId: 'pkg-1', notes: 'n' });
    assert.equal(dep.active, true);
    assert.deepEqual(JSON.parse(script.requests[1]!.body!), { environmentId: 'env', packageId: 'pkg-1', notes: 'n' });
  });

  it('adds a packaged component to a publisher pack with the full current list', async () => {
    const pack = {
      '@type': 'PublisherIntegrationPack',
      id: 'ip',
      name: 'Orders',
      installationType: 'MULTI',
      Description: 'd',
      PublisherPackagedComponents: {
        PublisherPackagedComponent: [{ componentId: 'a' }, { componentId: 'gone', deleted: true }],
      },
    };
    const { client, script, sent } = setup([json(200, pack), json(200, pack)]);
    await client.publisherIntegrationPacks.addPackagedComponents('ip', ['b', 'a']);
    assert.deepEqual(sent(), ['GET /PublisherIntegrationPack/ip', 'POST /PublisherIntegrationPack/ip']);
    assert.deepEqual(JSON.parse(script.requests[1]!.body!), {
      id: 'ip',
      name: 'Orders',
      installationType: 'MULTI',
      Description: 'd',
      operationType: 'ADD',
      PublisherPackagedComponents: { PublisherPackagedComponent: [{ componentId: 'a' }, { componentId: 'b' }] },
    });
  });
});

describe('Branch lifecycle and polling', () => {
  it('creates from main, polls until ready on the injected clock, deletes (404 = already gone)', async () => {
    const b = (ready: unknown, stage: string) =>
      json(200, { '@type': 'Branch', id: 'QjoyMDQ1', name: 'promo-1', parentId: 'Qjox', ready, stage });
    const { client, clock, script, sent } = setup([
      json(200, {
        '@type': 'QueryResult',
        numberOfResults: '1',
        result: [{ '@type': 'Branch', id: 'Qjox', name: 'main', ready: true, stage: 'NORMAL' }],
      }),
      b('false', 'CREATING'),
      b(false, 'CREATING'),
      b('false', 'CREATING'),
      b('true', 'NORMAL'),
      json(200, ''),
      boomiError(404, 'Branch not found'),
    ]);
    const main = await client.branches.findByName('main');
    const created = await client.branches.create({ name: 'promo-1', parentId: main!.id });
    assert.equal(created.ready, false);
    const ready = await client.branches.waitUntilReady(created.id);
    assert.equal(ready.stage, 'NORMAL');
    assert.deepEqual(clock.sleeps, [1000, 1000]);
    assert.equal(await client.branches.delete(created.id), true);
    assert.equal(await client.branches.delete(created.id), false);
    assert.deepEqual(sent(), [
      'POST /Branch/query',
      'POST /Branch',
      'GET /Branch/QjoyMDQ1',
      'GET /Branch/QjoyMDQ1',
      'GET /Branch/QjoyMDQ1',
      'DELETE /Branch/QjoyMDQ1',
      'DELETE /Branch/QjoyMDQ1',
    ]);
    assert.deepEqual(JSON.parse(script.requests[1]!.body!), { name: 'promo-1', parentId: 'Qjox' });
  });

  it('gives BRANCH_CREATION_TIMEOUT at the deadline', async () => {
    const steps = Array.from({ length: 20 }, () => json(200, { id: 'B', ready: false, stage: 'CREATING' }));
    const { client, clock } = setup(steps);
    await assert.rejects(
      client.branches.waitUntilReady('B', { intervalMs: 2000, timeoutMs: 7000 }),
      (e) => isAppError(e) && e.code === 'BRANCH_CREATION_TIMEOUT',
    );
    assert.deepEqual(clock.sleeps, [2000, 2000, 2000]);
  });
});

describe('Merge request lifecycle', () => {
  it('creates (OVERRIDE, SOURCE), waits for REVIEWING, executes MERGE at /MergeRequest/execute/{id}, waits for MERGED', async () => {
    const { client, script, sent, clock } = setup([
      mr('DRAFTING', { previousStage: 'NOT_EXIST' }),
      mr('DRAFTING'),
      mr('DRAFTED'),
      mr('REVIEWING', {
        MergeRequestDetails: { MergeRequestDetail: { componentGuid: 'c', changeType: 'MODIFIED', conflict: 'false' } },
      }),
      mr('MERGING', { previousStage: 'REVIEWING' }),
      mr('MERGING'),
      mr('MERGED'),
    ]);
    const created = await client.mergeRequests.create({ sourceBranchId: 'QjoyMDQ1', destinationBranchId: 'Qjox' });
    assert.deepEqual(JSON.parse(script.requests[0]!.body!), {
      sourceBranchId: 'QjoyMDQ1',
      destinationBranchId: 'Qjox',
      strategy: 'OVERRIDE',
      priorityBranch: 'SOURCE',
    });
    const reviewing = await client.mergeRequests.waitForStage(created.id, 'REVIEWING', { intervalMs: 500 });
    assert.equal(reviewing.MergeRequestDetails?.MergeRequestDetail[0]?.conflict, false);
    await client.mergeRequests.execute(created.id);
    assert.deepEqual(JSON.parse(script.requests[4]!.body!), { id: 'TVI6MTIz', mergeRequestAction: 'MERGE' });
    await client.mergeRequests.waitForStage(created.id, 'MERGED', { intervalMs: 500 });
    assert.deepEqual(sent(), [
      'POST /MergeRequest',
      'GET /MergeRequest/TVI6MTIz',
      'GET /MergeRequest/TVI6MTIz',
      'GET /MergeRequest/TVI6MTIz',
      'POST /MergeRequest/execute/TVI6MTIz',
      'GET /MergeRequest/TVI6MTIz',
      'GET /MergeRequest/TVI6MTIz',
    ]);
    assert.deepEqual(clock.sleeps, [500, 500, 500]);
  });

  it('fails with MERGE_FAILED on FAILED_TO_MERGE and MERGE_TIMEOUT at the deadline', async () => {
    const { client } = setup([mr('MERGING'), mr('FAILED_TO_MERGE'), mr('DRAFTING'), mr('DRAFTING'), mr('DRAFTING')]);
    await assert.rejects(
      client.mergeRequests.waitForStage('TVI6MTIz', 'MERGED'),
      (e) => isAppError(e) && e.code === 'MERGE_FAILED' && e.details?.stage === 'FAILED_TO_MERGE',
    );
    await assert.rejects(
      client.mergeRequests.waitForStage('TVI6MTIz', 'REVIEWING', { intervalMs: 1000, timeoutMs: 2500 }),
      (e) => isAppError(e) && e.code === 'MERGE_TIMEOUT',
    );
  });
});

describe('Release polling', () => {
  const status = (httpStatus: number, releaseStatus?: string) =>
    releaseStatus
      ? json(httpStatus, {
          '@type': 'ReleaseIntegrationPackStatus',
          requestId: 'release-1',
          releaseStatus,
          responseStatusCode: httpStatus,
        })
      : new Response(null, { status: httpStatus });

  it('releases with every component and polls 202 -> 200 SUCCESS', async () => {
    const { client, script, clock } = setup([
      json(200, {
        '@type': 'ReleaseIntegrationPack',
        id: 'ip',
        requestId: 'release-1',
        releaseSchedule: 'IMMEDIATELY',
      }),
      status(202, 'IN_PROGRESS'),
      status(202),
      status(200, 'SUCCESS'),
    ]);
    const rel = await client.releases.create({
      packId: 'ip',
      components: [
        { componentId: 'a', version: '1.0' },
        { componentId: 'b', version: '2.1' },
      ],
    });
    assert.deepEqual(JSON.parse(script.requests[0]!.body!), {
      id: 'ip',
      releaseSchedule: 'IMMEDIATELY',
      ReleasePackagedComponents: {
        ReleasePackagedComponent: [
          { componentId: 'a', version: '1.0' },
          { componentId: 'b', version: '2.1' },
        ],
      },
    });
    const done = await client.releases.waitForCompletion(rel.requestId, { intervalMs: 3000 });
    assert.equal(done.releaseStatus, 'SUCCESS');
    assert.deepEqual(clock.sleeps, [3000, 3000]);
  });

  it('returns ERROR as a finished status, and RELEASE_TIMEOUT when it never finishes', async () => {
    const { client } = setup([
      status(202, 'IN_PROGRESS'),
      status(200, 'ERROR'),
      status(202, 'SCHEDULED'),
      status(202, 'SCHEDULED'),
      status(202, 'SCHEDULED'),
    ]);
    assert.equal((await client.releases.waitForCompletion('release-1', { intervalMs: 10 })).releaseStatus, 'ERROR');
    await assert.rejects(
      client.releases.waitForCompletion('release-1', { intervalMs: 1000, timeoutMs: 1500 }),
      (e) => isAppError(e) && e.code === 'RELEASE_TIMEOUT',
    );
  });
});

describe('Component bulk GET', () => {
  it('reads up to five components in one XML call, each item its component or its refusal', async () => {
    const inner = fixture.replace(/^<\?xml[^>]*>\s*/, '');
    const result = inner.replace(/^<bns:Component\b/, '<bns:Result').replace(/<\/bns:Component>\s*$/, '</bns:Result>');
    const body =
      `<bns:BulkResult xmlns:bns="http://api.platform.boomi.com/">` +
      `<bns:response index="0" id="a" statusCode="200">${result.replace(/ xmlns:bns="[^"]*"/, '')}</bns:response>` +
      `<bns:response index="1" id="b" statusCode="400" errorMessage="No such component"/></bns:BulkResult>`;
    const { client, script, sent } = setup([xml(200, body)]);
    const items = await client.components.bulkGet(['a', 'b'], { overrideAccount: 'acme-DEVA' });
    assert.deepEqual(sent(), ['POST /Component/bulk?overrideAccount=acme-DEVA']);
    const req = script.requests[0]!;
    assert.match(
      req.body ?? '',
      /<bns:BulkRequest xmlns:bns="http:\/\/api.platform.boomi.com\/" type="GET"><bns:request id="a"\/><bns:request id="b"\/>/,
    );
    const [a, b] = items;
    assert.ok(a && 'component' in a, a && 'error' in a ? a.error.message : 'no item');
    assert.equal(a.component.attributes.componentId, ComponentXml.parse(fixture).attributes.componentId);
    assert.ok(b && 'error' in b && isAppError(b.error));
    assert.equal(b.error.message, 'No such component');
    await assert.rejects(client.components.bulkGet(['1', '2', '3', '4', '5', '6']), RangeError);
  });
});
