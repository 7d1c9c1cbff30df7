import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  OPERATOR_ARITY,
  QUERY_OPERATORS,
  q,
  queryArgument,
  queryConfigJson,
  queryConfigXml,
  type QueryExpression,
  type SimpleExpression,
} from './query.ts';
import { parseXml, xmlToObject, XSI_NS, BNS_NS } from './wire-xml.ts';

const xmlBody = (e: QueryExpression) => {
  const doc = parseXml(queryConfigXml(e));
  return doc.documentElement!;
};

describe('QueryConfig', () => {
  it('has every operator of §2.2 and no STARTS_WITH / NOT_LIKE', () => {
    assert.deepEqual([...QUERY_OPERATORS].sort(), [
      'BETWEEN',
      'CONTAINS',
      'EQUALS',
      'GREATER_THAN',
      'GREATER_THAN_OR_EQUAL',
      'IS_NOT_NULL',
      'IS_NULL',
      'LESS_THAN',
      'LESS_THAN_OR_EQUAL',
      'LIKE',
      'NOT_CONTAINS',
      'NOT_EQUALS',
    ]);
  });

  const cases: Array<[string, QueryExpression, unknown]> = [
    ['EQUALS', q.eq('name', 'main'), { operator: 'EQUALS', property: 'name', argument: ['main'] }],
    ['NOT_EQUALS', q.ne('status', 'deleted'), { operator: 'NOT_EQUALS', property: 'status', argument: ['deleted'] }],
    ['LIKE', q.like('name', 'PROMO - %'), { operator: 'LIKE', property: 'name', argument: ['PROMO - %'] }],
    ['IS_NULL', q.isNull('parentId'), { operator: 'IS_NULL', property: 'parentId' }],
    ['IS_NOT_NULL', q.isNotNull('id'), { operator: 'IS_NOT_NULL', property: 'id' }],
    [
      'BETWEEN',
      q.between('createdDate', new Date(Date.UTC(2025, 0, 1)), '2025-02-01T00:00:00Z'),
      { operator: 'BETWEEN', property: 'createdDate', argument: ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'] },
    ],
    ['GREATER_THAN', q.gt('version', 3), { operator: 'GREATER_THAN', property: 'version', argument: ['3'] }],
    [
      'GREATER_THAN_OR_EQUAL',
      q.gte('version', 3),
      { operator: 'GREATER_THAN_OR_EQUAL', property: 'version', argument: ['3'] },
    ],
    ['LESS_THAN', q.lt('version', 3), { operator: 'LESS_THAN', property: 'version', argument: ['3'] }],
    [
      'LESS_THAN_OR_EQUAL',
      q.lte('version', 3),
      { operator: 'LESS_THAN_OR_EQUAL', property: 'version', argument: ['3'] },
    ],
    ['CONTAINS', q.contains('name', 'Order'), { operator: 'CONTAINS', property: 'name', argument: ['Order'] }],
    ['NOT_CONTAINS', q.notContains('name', 'Test'), { operator: 'NOT_CONTAINS', property: 'name', argument: ['Test'] }],
  ];

  for (const [op, expr, json] of cases) {
    it(`serializes ${op} as JSON and XML`, () => {
      assert.deepEqual(queryConfigJson(expr), { QueryFilter: { expression: json } });
      const root = xmlBody(expr);
      assert.equal(root.localName, 'QueryConfig');
      assert.equal(root.namespaceURI, BNS_NS);
      const filter = root.firstChild as unknown as typeof root;
      assert.equal(filter.localName, 'QueryFilter');
      const expression = filter.firstChild as unknown as typeof root;
      assert.equal(expression.localName, 'expression');
      assert.equal(expression.namespaceURI, BNS_NS);
      assert.equal(expression.getAttributeNS(XSI_NS, 'type'), 'SimpleExpression');
      assert.equal(expression.getAttribute('operator'), op);
      const args = (json as { argument?: string[] }).argument ?? [];
      assert.deepEqual(xmlToObject(expression), {
        '@type': 'SimpleExpression',
        operator: op,
        property: (json as { property: string }).property,
        ...(args.length === 0 ? {} : { argument: args.length === 1 ? args[0] : args }),
      });
    });
  }

  it('serializes nested and/or groups', () => {
    const expr = q.and(
      q.eq('currentVersion', true),
      q.eq('deleted', false),
      q.or(q.like('name', 'A%'), q.and(q.eq('type', 'process'), q.isNotNull('folderId'))),
    );
    assert.deepEqual(queryConfigJson(expr), {
      QueryFilter: {
        expression: {
          operator: 'and',
          nestedExpression: [
            { operator: 'EQUALS', property: 'currentVersion', argument: ['true'] },
            { operator: 'EQUALS', property: 'deleted', argument: ['false'] },
            {
              operator: 'or',
              nestedExpression: [
                { operator: 'LIKE', property: 'name', argument: ['A%'] },
                {
                  operator: 'and',
                  nestedExpression: [
                    { operator: 'EQUALS', property: 'type', argument: ['process'] },
                    { operator: 'IS_NOT_NULL', property: 'folderId' },
                  ],
                },
              ],
            },
          ],
        },
      },
    });
    const xml = queryConfigXml(expr);
    assert.ok(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?><QueryConfig xmlns="http://api.platform.boomi.com/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><QueryFilter><expression xsi:type="GroupingExpression" operator="and"><nestedExpression xsi:type="SimpleExpression" operator="EQUALS" property="currentVersion"><argument>true</argument></nestedExpression>',
      ),
      xml,
    );
    assert.match(
      xml,
      /<nestedExpression xsi:type="GroupingExpression" operator="or"><nestedExpression xsi:type="SimpleExpression" operator="LIKE" property="name"><argument>A%<\/argument><\/nestedExpression><nestedExpression xsi:type="GroupingExpression" operator="and">/,
    );
    assert.match(
      xml,
      /<nestedExpression xsi:type="SimpleExpression" operator="IS_NOT_NULL" property="folderId"\/><\/nestedExpression><\/nestedExpression><\/expression><\/QueryFilter><\/QueryConfig>$/,
    );
  });

  it('escapes argument values in XML', () => {
    const xml = queryConfigXml(q.eq('name', 'A & <B> "c"'));
    assert.match(xml, /<argument>A &amp; &lt;B&gt; "c"<\/argument>/);
    assert.equal(
      xmlBody(q.eq('name', 'A & <B>')).getElementsByTagNameNS(BNS_NS, 'argument')[0]!.textContent,
      'A & <B>',
    );
  });

  it('checks arity and refuses empty groups', () => {
    for (const op of QUERY_OPERATORS) {
      const args = Array.from({ length: OPERATOR_ARITY[op] }, (_, i) => `v${i}`);
      assert.equal((q.op(op, 'p', ...args) as SimpleExpression).argument.length, args.length);
      assert.throws(() => q.op(op, 'p', ...args, 'extra'), RangeError);
    }
    assert.throws(() => q.and(), /at least one/);
  });

  it('formats argument values the way Boomi compares them', () => {
    assert.equal(queryArgument(true), 'true');
    assert.equal(queryArgument(7), '7');
    assert.equal(queryArgument(new Date('2025-03-04T05:06:07.890Z')), '2025-03-04T05:06:07Z');
  });
});
