import assert from 'node:assert/strict';
import { after, beforeEach, describe, test } from 'node:test';
import { DEMO, type Emulator } from '../../emulator/index.ts';
import { client, eq, testEmulator, where, type Client, type QueryResult } from './helpers.ts';

// EnvironmentMapExtension GET and UPDATE (a full replace) and EnvironmentMapExtensionsSummary
// QUERY, with the demo's script functions (JavaScript on Test, Groovy on Production).

const NS = 'http://api.platform.boomi.com/';
const M = DEMO.mapExtensions;

type Doc = Record<string, unknown> & { Map: Record<string, unknown> };
const scripting = (doc: Doc) => {
  const fns = (doc.Map['ExtendedFunctions'] as { Function: Record<string, unknown>[] }).Function;
  return (fns[0]!['Configuration'] as { Scripting: { language: string; Script: string } }).Scripting;
};

const scriptMap = (language: string, script: string | undefined, extra: object = {}) => ({
  Map: {
    ExtendedFunctions: {
      Function: [
        {
          id: 'FUNCEXT--7',
          type: 'CustomScripting',
          Inputs: { Input: [{ key: 1, name: 'a' }] },
          Outputs: { Output: [{ key: 2, name: 'b' }] },
          Configuration: {
            Scripting: {
              language,
              ...(script === undefined ? {} : { Script: script }),
              Inputs: { Input: [{ index: 1, name: 'a', dataType: 'CHARACTER' }] },
              Outputs: { Output: [{ index: 1, name: 'b', dataType: 'CHARACTER' }] },
            },
          },
        },
      ],
    },
    ExtendedMappings: { Mapping: [{ fromXPath: 'Root/Object/orderId', toFunction: 'FUNCEXT--7' }] },
    ...extra,
  },
});

describe('EnvironmentMapExtension and EnvironmentMapExtensionsSummary', () => {
  let emu: Emulator;
  let c: Client;
  beforeEach(async () => {
    await emu?.close();
    emu = testEmulator();
    c = client(emu);
  });
  after(() => emu.close());

  test("the summary query lists an environment's extensible maps with their field sets", async () => {
    const res = await c.post<QueryResult>(
      'EnvironmentMapExtensionsSummary/query',
      where(eq('environmentId', DEMO.environments.test.id)),
    );
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.numberOfResults, 2);
    const s = res.json.result.find((r) => r['id'] === M.test.id)!;
    assert.equal(s['@type'], 'EnvironmentMapExtensionsSummary');
    assert.equal(s['mapId'], M.test.mapId);
    assert.equal(s['processId'], M.test.processId);
    assert.equal(s['environmentId'], DEMO.environments.test.id);
    assert.equal(s['extensionGroupId'], '');
    assert.equal(s['name'], 'Order JSON Profile - Order XML Profile');
    const source = s['SourceFieldSet'] as { connectionId: string; BrowseField: { name: string }[] };
    assert.equal(source.connectionId, '08538b46-944d-5fa4-b23a-aa06298edf6e');
    assert.deepEqual(
      source.BrowseField.map((b) => b.name),
      ['url', 'user', 'password'],
    );
    assert.ok(s['DestinationFieldSet']);
    const none = await c.post<QueryResult>(
      'EnvironmentMapExtensionsSummary/query',
      where(eq('extensionGroupId', 'no-such-group')),
    );
    assert.equal(none.json.numberOfResults, 0);
  });

  test('GET returns the map with its script functions: JavaScript on Test, Groovy on Production', async () => {
    const test = await c.get<Doc>(`EnvironmentMapExtension/${M.test.id}`);
    assert.equal(test.status, 200, test.body);
    assert.equal(test.json['mapId'], M.test.mapId);
    assert.equal(scripting(test.json).language, 'Javascript');
    assert.match(scripting(test.json).Script, /var result/);
    const prod = await c.get<Doc>(`EnvironmentMapExtension/${M.production.id}`);
    assert.equal(scripting(prod.json).language, 'GROOVY');
    const xml = await c.get(`EnvironmentMapExtension/${M.test.id}`, { xml: true });
    assert.match(xml.body, /<bns:Scripting language="Javascript">.*<bns:Script>var result = region === 'EU'/);
  });

  test('UPDATE replaces the whole document and answers it; sending it again changes nothing', async () => {
    const body = scriptMap('GROOVY2', 'b = a.toUpperCase()');
    const first = await c.post<Doc>(`EnvironmentMapExtension/${M.test.id}`, body);
    assert.equal(first.status, 200, first.body);
    assert.equal(scripting(first.json).language, 'GROOVY2');
    // What was not sent is gone (answered empty, as Boomi's schema requires the element).
    assert.equal((first.json.Map['SourceProfile'] as Record<string, unknown>)['componentId'], undefined);
    const again = await c.post<Doc>(`EnvironmentMapExtension/${M.test.id}`, body);
    assert.deepEqual(again.json, first.json);
    assert.deepEqual((await c.get<Doc>(`EnvironmentMapExtension/${M.test.id}`)).json, first.json);
  });

  test('an XML update carries the script as element text', async () => {
    const xml = `<bns:EnvironmentMapExtension xmlns:bns="${NS}" id="${M.test.id}"><bns:Map><bns:ExtendedFunctions><bns:Function id="F1" type="CustomScripting"><bns:Inputs/><bns:Outputs/><bns:Configuration><bns:Scripting language="Javascript"><bns:Script>var b = a &amp;&amp; 'x';</bns:Script></bns:Scripting></bns:Configuration></bns:Function></bns:ExtendedFunctions><bns:ExtendedMappings><bns:Mapping fromFunction="F1" toXPath="Order/OrderKey"/></bns:ExtendedMappings></bns:Map></bns:EnvironmentMapExtension>`;
    const res = await c.post(`EnvironmentMapExtension/${M.test.id}`, xml, { xml: true });
    assert.equal(res.status, 200, res.body);
    const doc = (await c.get<Doc>(`EnvironmentMapExtension/${M.test.id}`)).json;
    assert.equal(scripting(doc).Script, "var b = a && 'x';");
  });

  test('malformed bodies are refused with a Boomi-style 400 and change nothing', async () => {
    const before = (await c.get<Doc>(`EnvironmentMapExtension/${M.test.id}`)).json;
    const cases: [object, RegExp][] = [
      [{}, /Map is required/],
      [
        scriptMap('JAVASCRIPT', 'x'),
        /Invalid value for language: JAVASCRIPT; expected one of GROOVY, GROOVY2, Javascript/,
      ],
      [scriptMap('GROOVY', undefined), /Scripting needs a Script/],
      [{ Map: { ExtendedFunctions: { Function: [{ id: 'F', type: 'Magic' }] } } }, /Invalid value for type: Magic/],
      [
        { Map: { ExtendedMappings: { Mapping: [{ fromFunction: 'NOPE', toXPath: 'a' }] } } },
        /function NOPE, which is not in ExtendedFunctions/,
      ],
      [{ Map: { ExtendedMappings: { Mapping: [{ fromXPath: 'a' }] } } }, /toXPath or toFunction/],
      [{ mapId: 'another-map', ...scriptMap('GROOVY', 'x') }, /mapId another-map does not match/],
    ];
    for (const [body, message] of cases) {
      const res = await c.post<{ '@type': string; message: string }>(`EnvironmentMapExtension/${M.test.id}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json['@type'], 'Error');
      assert.match(res.json.message, message);
    }
    assert.deepEqual((await c.get<Doc>(`EnvironmentMapExtension/${M.test.id}`)).json, before);
    assert.equal((await c.get('EnvironmentMapExtension/nope')).status, 400);
  });

  test('a client account reads and updates its own map extensions through overrideAccount', async () => {
    const account = DEMO.clientAccount.accountId;
    const list = await c.post<QueryResult>('EnvironmentMapExtensionsSummary/query', {}, { account });
    assert.deepEqual(list.json.result.map((r) => r['id']).sort(), [M.clientTest.id, M.clientProduction.id].sort());
    const doc = await c.get<Doc>(`EnvironmentMapExtension/${M.clientProduction.id}`, { account });
    assert.equal(scripting(doc.json).language, 'GROOVY');
    const res = await c.post(`EnvironmentMapExtension/${M.clientProduction.id}`, scriptMap('GROOVY', 'b = a'), {
      account,
    });
    assert.equal(res.status, 200, res.body);
    // Not visible from the primary account.
    assert.equal((await c.get(`EnvironmentMapExtension/${M.clientProduction.id}`)).status, 400);
  });
});
