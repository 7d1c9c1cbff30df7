import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO, generateComponents, type Emulator } from '../../emulator/index.ts';
import { DEVA, client, eq, queryAll, testEmulator, where, type Client, type QueryResult } from './helpers.ts';

interface Meta {
  componentId: string;
  name: string;
  type: string;
  version: number;
  currentVersion: boolean;
  deleted: boolean;
  createdDate: string;
}

const op = (operator: string, property: string, ...argument: string[]) => ({ operator, property, argument });

describe('emulator query engine', () => {
  let emu: Emulator;
  let c: Client;
  const names = async (filter: object) =>
    (await queryAll<Meta>(c, 'ComponentMetadata', { QueryFilter: { expression: filter } }, { account: DEVA }))
      .map((m) => m.name)
      .sort();

  before(() => {
    emu = testEmulator();
    c = client(emu);
    emu.control.addFixture({
      components: generateComponents({
        seed: 'paging',
        accountId: DEVA,
        count: 230,
        folder: 'DevTeamARoot/Paging',
        namePrefix: 'Paging Item',
      }),
    });
  });
  after(() => emu.close());

  test('EQUALS, NOT_EQUALS, LIKE with % and _, CONTAINS, NOT_CONTAINS', async () => {
    assert.deepEqual(await names(op('EQUALS', 'name', 'Order Processing Main')), ['Order Processing Main']);
    assert.deepEqual(await names(op('LIKE', 'name', 'Order%Main')), ['Order Processing Main']);
    assert.deepEqual(await names(op('LIKE', 'name', 'Orders DB - _nsert Order')), ['Orders DB - Insert Order']);
    assert.equal((await names(op('LIKE', 'name', 'order%'))).length, 0, 'strings compare case-sensitively');
    assert.deepEqual(await names(op('CONTAINS', 'name', 'Upsert')), ['Orders DB - Upsert Invoice']);
    const all = await names(op('IS_NOT_NULL', 'componentId'));
    assert.equal((await names(op('NOT_CONTAINS', 'name', 'Paging'))).length, all.length - 230);
    const json = (await names(op('EQUALS', 'type', 'profile.json'))).length;
    assert.ok(json > 230);
    assert.equal((await names(op('NOT_EQUALS', 'type', 'profile.json'))).length, all.length - json);
  });

  test('typed comparisons: booleans, integers, dates with GREATER/LESS/BETWEEN, IS_NULL', async () => {
    assert.ok((await names(op('EQUALS', 'currentVersion', 'true'))).length > 0);
    assert.equal((await names(op('EQUALS', 'deleted', 'true'))).length, 0);
    const invoices = await names({
      operator: 'and',
      nestedExpression: [op('BETWEEN', 'createdDate', '2025-01-08T00:00:00Z', '2025-01-08T23:59:59Z')],
    });
    assert.ok(invoices.includes('Invoice Sync'));
    assert.ok(!invoices.includes('Order Processing Main'));
    const later = await names(op('GREATER_THAN', 'createdDate', '2025-01-12T00:00:00Z'));
    assert.ok(later.includes('Customer Master Sync') && !later.includes('Invoice Sync'));
    const early = await names(op('LESS_THAN_OR_EQUAL', 'createdDate', '2024-12-02T09:00:00Z'));
    assert.deepEqual(early, ['Orders DB']);
    const invoice = DEMO.packages.invoiceSync.componentId;
    assert.deepEqual(
      await names({
        operator: 'and',
        nestedExpression: [eq('componentId', invoice), op('GREATER_THAN_OR_EQUAL', 'version', '1')],
      }),
      ['Invoice Sync'],
    );
    assert.deepEqual(
      await names({
        operator: 'and',
        nestedExpression: [eq('componentId', invoice), op('GREATER_THAN', 'version', '1')],
      }),
      [],
    );
    assert.equal(
      (await names(op('IS_NULL', 'copiedFromComponentId'))).length,
      (await names(op('IS_NOT_NULL', 'componentId'))).length,
    );
  });

  test('nested and/or groups; an empty filter or empty group matches everything', async () => {
    const filter = {
      operator: 'or',
      nestedExpression: [
        op('EQUALS', 'name', 'Invoice Sync'),
        { operator: 'and', nestedExpression: [op('EQUALS', 'type', 'transform.map'), op('LIKE', 'name', 'Order%')] },
      ],
    };
    assert.deepEqual(await names(filter), ['Invoice Sync', 'Order JSON to XML', 'Order XML to Ack JSON']);
    const all = await queryAll(c, 'ComponentMetadata', {}, { account: DEVA });
    const emptyGroup = await queryAll(
      c,
      'ComponentMetadata',
      { QueryFilter: { expression: { operator: 'and', nestedExpression: [] } } },
      { account: DEVA },
    );
    assert.equal(all.length, emptyGroup.length);
    assert.ok(all.length > 230);
  });

  test('the same query in XML, with xsi:type and attributes, gives the same rows', async () => {
    const xml = `<QueryConfig xmlns="http://api.platform.boomi.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><QueryFilter>
      <expression operator="or" xsi:type="GroupingExpression">
        <nestedExpression operator="EQUALS" property="name" xsi:type="SimpleExpression"><argument>Invoice Sync</argument></nestedExpression>
        <nestedExpression operator="EQUALS" property="name" xsi:type="SimpleExpression"><argument>Shipment Tracker</argument></nestedExpression>
      </expression></QueryFilter></QueryConfig>`;
    const res = await c.post('ComponentMetadata/query', xml, { account: DEVA, xml: true });
    assert.equal(res.status, 200);
    assert.match(
      res.body,
      /<bns:QueryResult xmlns:bns="http:\/\/api.platform.boomi.com\/" xmlns:xsi="[^"]+" numberOfResults="1"><bns:result xsi:type="ComponentMetadata" componentId="[^"]+" version="1" name="Invoice Sync"/,
    );
  });

  test('paging: 100 per page, an opaque queryToken only while more remain, queryMore with the raw token', async () => {
    const body = where(op('LIKE', 'name', 'Paging Item%'));
    const first = await c.post<QueryResult<Meta>>('ComponentMetadata/query', body, { account: DEVA });
    assert.equal(first.json.numberOfResults, 100);
    assert.equal(first.json.result.length, 100);
    assert.ok(first.json.queryToken && first.json.queryToken.length > 40);
    const second = await c.call<QueryResult<Meta>>('POST', 'ComponentMetadata/queryMore', first.json.queryToken, {
      account: DEVA,
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(second.json.result.length, 100);
    const third = await c.call<QueryResult<Meta>>('POST', 'ComponentMetadata/queryMore', second.json.queryToken, {
      account: DEVA,
    });
    assert.equal(third.json.numberOfResults, 30);
    assert.equal(third.json.queryToken, undefined);
    const ids = new Set([...first.json.result, ...second.json.result, ...third.json.result].map((m) => m.componentId));
    assert.equal(ids.size, 230);
    const xmlPage = await c.post('ComponentMetadata/query', body, {
      account: DEVA,
      headers: { accept: 'application/xml' },
    });
    assert.match(xmlPage.body, /numberOfResults="100"><bns:queryToken>[^<]+<\/bns:queryToken><bns:result /);
    const bad = await c.call('POST', 'ComponentMetadata/queryMore', 'not-a-token', { account: DEVA });
    assert.equal(bad.status, 400);
    const otherObject = await c.call('POST', 'Folder/queryMore', first.json.queryToken, { account: DEVA });
    assert.equal(otherObject.status, 400);
  });

  test('allow-lists and co-requirements answer 400', async () => {
    const cases: [string, object][] = [
      ['ComponentMetadata', where(op('STARTS_WITH', 'name', 'Order'))],
      ['ComponentMetadata', where(op('EQUALS', 'folderFullPath', 'x'))],
      ['ComponentMetadata', where(op('EQUALS', 'version', '1'))],
      ['ComponentMetadata', where(op('BETWEEN', 'createdDate', '2025-01-01T00:00:00Z'))],
      [
        'ComponentMetadata',
        where(op('EQUALS', 'version', 'one'), eq('componentId', DEMO.packages.invoiceSync.componentId)),
      ],
      ['Folder', where(op('EQUALS', 'fullPath', 'Acme/#Connections'))],
      ['ComponentReference', where(eq('parentComponentId', DEMO.packages.invoiceSync.componentId))],
      ['ComponentReference', where(eq('type', 'DEPENDENT'))],
      ['MergeRequest', where(eq('stage', 'MERGED'))],
      ['MergeRequest', where(op('LIKE', 'sourceBranchId', 'Q%'))],
      ['Environment', where({ operator: 'xor', nestedExpression: [] })],
    ];
    for (const [object, body] of cases) {
      const res = await c.post(`${object}/query`, body, { account: DEVA });
      assert.equal(res.status, 400, `${object} ${JSON.stringify(body)} -> ${res.body}`);
      assert.equal((res.json as { '@type': string })['@type'], 'Error');
    }
  });

  test('Account properties match case-insensitively (schema enum vs doc examples)', async () => {
    const upper = await c.post<QueryResult>('Account/query', where(op('EQUALS', 'STATUS', 'active')));
    const lower = await c.post<QueryResult>('Account/query', where(op('NOT_EQUALS', 'status', 'deleted')));
    // The demo's two dev accounts and its client account.
    assert.equal(upper.json.numberOfResults, 3);
    assert.equal(lower.json.numberOfResults, 3);
  });
});
