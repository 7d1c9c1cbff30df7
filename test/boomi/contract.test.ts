import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { createBoomiClient, type BoomiClient } from '../../src/boomi/boomi-client.ts';
import { q } from '../../src/boomi/query.ts';
import { ComponentXml, toWriteXml } from '../../src/boomi/objects/component-xml.ts';
import { AccountSchema } from '../../src/boomi/objects/account.ts';
import { BranchSchema } from '../../src/boomi/objects/branch.ts';
import { ComponentMetadataSchema } from '../../src/boomi/objects/component-metadata.ts';
import { ComponentReferenceResultSchema } from '../../src/boomi/objects/component-reference.ts';
import { EnvironmentSchema, EnvironmentExtensionsSchema } from '../../src/boomi/objects/environment.ts';
import { FolderSchema } from '../../src/boomi/objects/folder.ts';
import {
  IntegrationPackSchema,
  PublisherIntegrationPackSchema,
  ReleaseIntegrationPackSchema,
  ReleaseIntegrationPackStatusSchema,
} from '../../src/boomi/objects/integration-pack.ts';
import { MergeRequestSchema } from '../../src/boomi/objects/merge-request.ts';
import { DeployedPackageSchema, PackagedComponentSchema } from '../../src/boomi/objects/packaging.ts';
import { BNS_NS, parseXml, xmlToObject } from '../../src/boomi/wire-xml.ts';
import { QueryResultSchema, decodeJson, validate } from '../../src/boomi/wire-json.ts';
import { isAppError } from '../../src/platform/errors.ts';
import {
  buildValidators,
  deref,
  exampleOf,
  findOperation,
  refName,
  requestContent,
  responseContent,
  spec,
} from './helpers/openapi.ts';
import { scriptedFetch, type RecordedRequest } from './helpers/scripted-fetch.ts';

const ROOT = '/partner/api/rest/v1/acme-PRIMARY';
const COMPONENT =
  '<bns:Component xmlns:bns="http://api.platform.boomi.com/" componentId="c-1" name="n" type="process" version="1"><bns:object><process xmlns=""/></bns:object></bns:Component>';

/** Answers every request with Boomi's own 200 example for that operation. */
function docAnsweringFetch() {
  const { fetch, requests } = scriptedFetch(
    Array.from({ length: 200 }, () => (req: RecordedRequest) => {
      const path = req.url.pathname.slice(ROOT.length);
      const found = findOperation(req.method, path);
      if (!found)
        return new Response(JSON.stringify({ message: `no such operation ${req.method} ${path}` }), { status: 404 });
      if (path.startsWith('/Component/') || path === '/Component')
        return new Response(COMPONENT, { status: 200, headers: { 'content-type': 'application/xml' } });
      if (req.method === 'DELETE') return new Response(null, { status: 200 });
      const example = structuredClone(exampleOf(responseContent(found)['application/json'])) as
        Record<string, unknown> | undefined;
      // one page is enough here; paging has its own tests
      if (example && 'queryToken' in example) delete example.queryToken;
      return new Response(JSON.stringify(example ?? {}), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }),
  );
  const client = createBoomiClient(
    { baseUrl: 'https://boomi.test', accountId: 'acme-PRIMARY', user: 'BOOMI_TOKEN.promo@acme.example', token: 't' },
    { fetch, rateLimiter: { acquire: async () => {} } },
  );
  return { client, requests };
}

// Account queries: the schema's property enum is upper-case (ACCOUNTID, STATUS, …) while every
// Boomi example uses camelCase (§2.5, §3.8). The client follows the examples; the test accepts
// both spellings and checks separately that Boomi's own example fails the unpatched enum.
const ACCOUNT_CAMEL = ['accountId', 'dateCreated', 'expirationDate', 'name', 'status', 'widgetAccount', 'overDeployed'];
// PublisherIntegrationPackExpression declares a `status` property with an empty enum, which no
// JSON Schema validator accepts; it is not a property the client sends.
const patchSchemaDefects = (schemas: Record<string, Record<string, unknown>>) => {
  delete (schemas.PublisherIntegrationPackExpression!.properties as Record<string, unknown>).status;
};
const validators = buildValidators((schemas) => {
  patchSchemaDefects(schemas);
  const prop = (schemas.AccountSimpleExpression!.properties as Record<string, { enum: string[] }>).property!;
  prop.enum = [...prop.enum, ...ACCOUNT_CAMEL];
});

/** Required properties that Boomi's own request example omits are response-only; relax just those. */
function requestValidator(method: string, path: string) {
  const found = findOperation(method, path);
  assert.ok(found, `${method} ${path} is not an operation of the OpenAPI file`);
  const media = requestContent(found)['application/json'];
  assert.ok(media, `${method} ${found.template} takes no JSON body`);
  const name = refName(media.schema)!;
  const example = exampleOf(media) as Record<string, unknown>;
  const required = (validators.schemas[name]!.required as string[] | undefined) ?? [];
  const relax = required.filter((r) => !(r in (example ?? {})));
  return { validate: validators.validator(name, relax), relax, name };
}

type Call = [label: string, run: (c: BoomiClient) => Promise<unknown>];

const CALLS: Call[] = [
  [
    'ComponentMetadata.query',
    (c) =>
      c.componentMetadata.query(q.and(q.eq('componentId', 'x'), q.eq('currentVersion', true), q.eq('deleted', false)), {
        overrideAccount: 'acme-DEVA',
      }),
  ],
  [
    'ComponentMetadata.query (every operator)',
    (c) =>
      c.componentMetadata.query(
        q.or(
          q.eq('name', 'a'),
          q.ne('name', 'b'),
          q.like('name', 'P%'),
          q.isNull('folderId'),
          q.isNotNull('componentId'),
          q.between('modifiedDate', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'),
          q.gt('version', 1),
          q.gte('version', 1),
          q.lt('version', 9),
          q.lte('version', 9),
          q.contains('name', 'x'),
          q.notContains('name', 'y'),
        ),
      ),
  ],
  ['ComponentReference.query', (c) => c.componentReferences.children('p-1', 4, { type: 'DEPENDENT' })],
  ['ComponentReference.query (parents)', (c) => c.componentReferences.parents('c-1')],
  ['Folder.query', (c) => c.folders.query(q.and(q.eq('name', 'Promoted'), q.eq('deleted', false)))],
  ['Folder.create', (c) => c.folders.create({ name: 'Orders', parentId: 'RjoxMjM0NQ' })],
  ['Folder.create (root)', (c) => c.folders.create({ name: 'Promoted' })],
  [
    'PackagedComponent.create',
    (c) =>
      c.packagedComponents.create({
        componentId: 'c',
        packageVersion: '1.0',
        notes: 'n',
        branchName: 'promo-1',
        shareable: true,
      }),
  ],
  [
    'PackagedComponent.query',
    (c) => c.packagedComponents.query(q.eq('componentType', 'process'), { overrideAccount: 'acme-DEVA' }),
  ],
  ['DeployedPackage.create', (c) => c.deployedPackages.create({ environmentId: 'e', packageId: 'p', notes: 'n' })],
  [
    'DeployedPackage.create (componentId)',
    (c) => c.deployedPackages.create({ environmentId: 'e', componentId: 'c', listenerStatus: 'PAUSED' }),
  ],
  ['DeployedPackage.query', (c) => c.deployedPackages.query(q.and(q.eq('environmentId', 'e'), q.eq('active', true)))],
  ['Environment.query', (c) => c.environments.query(q.eq('classification', 'TEST'))],
  ['Account.query', (c) => c.accounts.query(q.ne('status', 'deleted'))],
  [
    'PublisherIntegrationPack.create',
    (c) => c.publisherIntegrationPacks.create({ name: 'Orders - TEST', description: 'd', installationType: 'MULTI' }),
  ],
  ['PublisherIntegrationPack.query', (c) => c.publisherIntegrationPacks.query(q.like('name', '% - TEST'))],
  [
    'PublisherIntegrationPack.addPackagedComponents',
    (c) => c.publisherIntegrationPacks.addPackagedComponents('ip-1', ['c-9']),
  ],
  ['IntegrationPack.query', (c) => c.integrationPacks.query(q.eq('installationType', 'MULTI'))],
  [
    'ReleaseIntegrationPack.create',
    (c) => c.releases.create({ packId: 'ip-1', components: [{ componentId: 'c', version: '1.0' }] }),
  ],
  [
    'ReleaseIntegrationPack.create (scheduled)',
    (c) =>
      c.releases.create({
        packId: 'ip-1',
        components: [{ componentId: 'c', version: '1.0' }],
        releaseOnDate: '2025-02-20',
      }),
  ],
  ['Branch.create', (c) => c.branches.create({ name: 'promo-1', parentId: 'Qjox', description: 'd' })],
  ['Branch.create (from package)', (c) => c.branches.create({ name: 'promo-2', packageId: 'pkg' })],
  ['Branch.query', (c) => c.branches.findByName('main')],
  [
    'MergeRequest.create',
    (c) => c.mergeRequests.create({ sourceBranchId: 'QjoyMDQ1', destinationBranchId: 'Qjox', note: 'n' }),
  ],
  ['MergeRequest.execute', (c) => c.mergeRequests.execute('TVI6MTIz')],
  ['MergeRequest.query', (c) => c.mergeRequests.query(q.eq('sourceBranchId', 'QjoyMDQ1'))],
  [
    'EnvironmentExtensions.update',
    (c) =>
      c.environmentExtensions.update('env-1', {
        connections: {
          connection: [{ id: 'conn', name: 'HTTP', field: [{ id: 'url', value: 'https://x', useDefault: false }] }],
        },
      }),
  ],
  ['EnvironmentExtensions.query', (c) => c.environmentExtensions.query(q.eq('environmentId', 'env-1'))],
  ['EnvironmentMapExtensionsSummary.query', (c) => c.mapExtensionSummaries.query(q.eq('environmentId', 'env-1'))],
  ['EnvironmentMapExtension.get', (c) => c.mapExtensions.get('bWFwLWV4dA')],
  [
    'EnvironmentMapExtension.update',
    (c) =>
      c.mapExtensions.update('bWFwLWV4dA', {
        id: 'bWFwLWV4dA',
        Map: {
          BrowseSettings: { SourceBrowse: {}, DestinationBrowse: {} },
          SourceProfile: { componentId: 'p-1', type: 'profile.json', Node: [] },
          DestinationProfile: { componentId: 'p-2', type: 'profile.xml', Node: [] },
          SourceProfileExtensions: { Node: [] },
          DestinationProfileExtensions: { Node: [] },
          ExtendedMappings: { Mapping: [{ fromXPath: 'a', toFunction: 'FUNCEXT--1' }] },
          ExtendedFunctions: {
            Function: [
              {
                id: 'FUNCEXT--1',
                type: 'CustomScripting',
                Inputs: { Input: [] },
                Outputs: { Output: [] },
                Configuration: {
                  Scripting: {
                    language: 'Javascript',
                    Script: 'var b = a;',
                    Inputs: { Input: [] },
                    Outputs: { Output: [] },
                  },
                },
              },
            ],
          },
        },
      }),
  ],
];

describe("contract: the client's requests against Boomi's OpenAPI file", () => {
  for (const [label, run] of CALLS) {
    it(`${label}: JSON bodies validate and the operation exists`, async () => {
      const { client, requests } = docAnsweringFetch();
      await run(client);
      assert.ok(requests.length > 0);
      for (const r of requests) {
        const path = r.url.pathname.slice(ROOT.length);
        assert.ok(findOperation(r.method, path), `${r.method} ${path} exists`);
        if (r.body === undefined) continue;
        assert.equal(r.headers['content-type'], 'application/json');
        const { validate, relax } = requestValidator(r.method, path);
        const ok = validate(JSON.parse(r.body));
        assert.ok(
          ok,
          `${label} ${r.method} ${path} (relaxed: ${relax.join(', ') || 'none'}): ${JSON.stringify(validate.errors)} for ${r.body}`,
        );
      }
    });
  }

  it('relaxes only properties that are read-only on create (checked against the examples)', () => {
    assert.deepEqual(requestValidator('POST', '/PackagedComponent').relax.sort(), [
      'branchName',
      'componentType',
      'createdBy',
      'createdDate',
      'packageId',
    ]);
    assert.deepEqual(requestValidator('POST', '/MergeRequest').relax, ['MergeRequestDetails']);
    assert.deepEqual(requestValidator('POST', '/Branch').relax, []);
    assert.deepEqual(requestValidator('POST', '/ReleaseIntegrationPack').relax, []);
  });

  it("Boomi's own Account query example fails the upper-case enum (the documented inconsistency)", () => {
    const strict = buildValidators(patchSchemaDefects).validator('AccountQueryConfig');
    const example = exampleOf(requestContent(findOperation('POST', '/Account/query')!)['application/json']);
    assert.equal(strict(example), false);
  });

  it('the runtime objects are outside the subset, so client-runtime-calls.test.ts checks their documented shapes', () => {
    for (const [method, path] of [
      ['POST', '/Atom/query'],
      ['GET', '/Atom/a'],
      ['POST', '/EnvironmentAtomAttachment'],
      ['POST', '/ProcessSchedules/query'],
      ['POST', '/ProcessScheduleStatus/s'],
      ['POST', '/changeListenerStatus'],
      ['POST', '/async/ListenerStatus/query'],
    ] as const)
      assert.equal(findOperation(method, path), undefined, `${method} ${path} is in the subset now: check it here`);
  });

  it('queryMore takes the token as text/plain', async () => {
    const op = findOperation('POST', '/Branch/queryMore')!;
    assert.deepEqual(Object.keys(requestContent(op)), ['text/plain']);
  });

  it('Component bodies are XML in the Boomi namespace with bns:object, and go to documented paths', async () => {
    const { client, requests } = docAnsweringFetch();
    const fetched = ComponentXml.parse(COMPONENT);
    await client.components.create(toWriteXml(fetched, { folderId: 'F1', branchId: 'B1' }));
    await client.components.update('c-1', toWriteXml(fetched, { componentId: 'c-1', branchId: 'B1' }));
    await client.components.get('c-1', { branchId: 'B1' });
    for (const r of requests) {
      const found = findOperation(r.method, r.url.pathname.slice(ROOT.length));
      assert.ok(found);
      if (!r.body) continue;
      assert.deepEqual(Object.keys(requestContent(found)), ['application/xml']);
      assert.equal(r.headers['content-type'], 'application/xml');
      const root = parseXml(r.body).documentElement!;
      assert.equal(root.namespaceURI, BNS_NS);
      assert.equal(root.localName, 'Component');
    }
  });
});

/** Which client schema reads which object's answers. */
const SCHEMAS: Record<string, z.ZodType> = {
  Account: AccountSchema,
  Branch: BranchSchema,
  ComponentMetadata: ComponentMetadataSchema,
  ComponentReference: ComponentReferenceResultSchema,
  DeployedPackage: DeployedPackageSchema,
  Environment: EnvironmentSchema,
  EnvironmentExtensions: EnvironmentExtensionsSchema,
  Folder: FolderSchema,
  IntegrationPack: IntegrationPackSchema,
  MergeRequest: MergeRequestSchema,
  PackagedComponent: PackagedComponentSchema,
  PublisherIntegrationPack: PublisherIntegrationPackSchema,
  ReleaseIntegrationPack: ReleaseIntegrationPackSchema,
  ReleaseIntegrationPackStatus: ReleaseIntegrationPackStatusSchema,
};

function examples(): Array<{ where: string; object: string; media: string; value: unknown }> {
  const out: Array<{ where: string; object: string; media: string; value: unknown }> = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const object = template.split('/')[1]!;
    for (const [method, op] of Object.entries(item)) {
      const blocks: Array<[string, Record<string, Record<string, unknown>>]> = [
        [
          'request',
          ((op.requestBody as Record<string, unknown> | undefined)?.content ?? {}) as Record<
            string,
            Record<string, unknown>
          >,
        ],
        ...Object.entries(
          (op.responses ?? {}) as Record<string, { content?: Record<string, Record<string, unknown>> }>,
        ).map(([s, r]) => [s, r.content ?? {}] as [string, Record<string, Record<string, unknown>>]),
      ];
      for (const [status, content] of blocks) {
        for (const [media, m] of Object.entries(content)) {
          const values =
            m.example !== undefined
              ? [m.example]
              : Object.values((m.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value);
          for (const value of values.map(deref))
            out.push({ where: `${method.toUpperCase()} ${template} ${status} ${media}`, object, media, value });
        }
      }
    }
  }
  return out;
}

// Boomi's file has a few XML examples that are not well-formed; the client must refuse them,
// not repair them. Listed with what is wrong.
const BROKEN_XML: Record<string, RegExp> = {
  'POST /AccountGroup/{id} request application/xml': /"<" inside a start tag/, // start tag never closed
  'POST /AccountGroup/{id} 200 application/xml': /"<" inside a start tag/,
  'POST /Environment/query 200 application/xml': /not well-formed/, // xsi prefix never declared
  'POST /Environment/queryMore 200 application/xml': /not well-formed/, // the same example
  'POST /PackagedComponent/query 200 application/xml': /not well-formed/, // xsi prefix never declared
  'POST /PackagedComponent/queryMore 200 application/xml': /not well-formed/, // the same example
  'GET /EnvironmentExtensions/{id} 200 application/xml': /tag mismatch/,
  'POST /EnvironmentExtensions/{id} request application/xml': /tag mismatch/,
  'POST /EnvironmentExtensions/{id} 200 application/xml': /tag mismatch/,
  'POST /EnvironmentExtensions/query 200 application/xml': /tag mismatch/,
  'POST /EnvironmentExtensions/queryMore 200 application/xml': /tag mismatch/,
  'POST /PublisherIntegrationPack 200 application/xml': /not well-formed/, // end tag cut into the next element
  'POST /ReleaseIntegrationPack 200 application/xml': /redefined/, // releaseOnDate given twice
  'GET /ReleaseIntegrationPackStatus/{id} 200 application/xml': /not well-formed/, // `"./>`
};

// JSON examples in Boomi's file that show another object altogether (copy-paste slips).
const WRONG_JSON: Record<string, string> = {
  'GET /MergeRequest/{id} 200 application/json': 'shows a UserAccountProperty',
};

describe("contract: Boomi's examples parse with the client", () => {
  const all = examples();
  const xmlExamples = all.filter((e) => typeof e.value === 'string' && /^\s*</.test(e.value as string));

  it('finds the XML examples', () => {
    assert.ok(xmlExamples.length >= 100, `${xmlExamples.length} XML examples`);
  });

  it('parses every well-formed XML example and refuses exactly the broken ones', () => {
    const refused: string[] = [];
    for (const e of xmlExamples) {
      try {
        parseXml(e.value as string);
      } catch (err) {
        assert.ok(isAppError(err) && err.code === 'XML_PARSE_ERROR', e.where);
        const why = BROKEN_XML[e.where];
        assert.ok(why, `${e.where} refused: ${(err as Error).message}`);
        assert.match((err as Error).message, why, e.where);
        refused.push(e.where);
      }
    }
    assert.deepEqual(refused.sort(), Object.keys(BROKEN_XML).sort());
  });

  it('reads every well-formed Component XML example as a ComponentXml', () => {
    const components = xmlExamples.filter(
      (e) => e.object === 'Component' && /<bns:Component[\s>]/.test(e.value as string),
    );
    assert.ok(components.length >= 4);
    for (const e of components) {
      const c = ComponentXml.parse(e.value as string);
      assert.ok(c.attributes.name, e.where);
      assert.ok(c.configuration, `${e.where} has a configuration`);
      // what the client would send back is still a component
      ComponentXml.parse(toWriteXml(c, { folderId: 'F' }));
    }
  });

  it('decodes the XML and JSON answers of every object it uses with its row schemas', () => {
    let checked = 0;
    for (const e of all) {
      const schema = SCHEMAS[e.object];
      if (!schema || e.where.includes(' request ') || e.where.includes('/bulk') || !/ 200 /.test(e.where)) continue;
      if (BROKEN_XML[e.where]) continue;
      // the same decoding path as live answers: JSON text -> decodeJson with the object's schema
      const value = e.media === 'application/xml' ? xmlToObject(parseXml(e.value as string).documentElement!) : e.value;
      const text = JSON.stringify(value);
      try {
        if (/\/query(More)? /.test(e.where)) {
          for (const row of decodeJson(text, QueryResultSchema, `${e.object}.query`).result)
            validate(row, schema, `${e.object}.query`);
        } else {
          decodeJson(text, schema, `${e.object}.get`);
        }
        assert.ok(!WRONG_JSON[e.where], `${e.where} was listed as wrong but decodes`);
      } catch (err) {
        if (WRONG_JSON[e.where]) continue;
        assert.fail(`${e.where}: ${(err as Error).message}`);
      }
      checked++;
    }
    assert.ok(checked >= 40, `${checked} examples decoded`);
  });
});
