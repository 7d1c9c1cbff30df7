import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { compileRules, rulesFingerprint, xpathProblem } from './policy-engine.ts';
import { DEFAULT_POLICY_RULES } from './policy-rules.ts';

const BNS = 'http://api.platform.boomi.com/';

function component(o: { name?: string; type: string; subType?: string; description?: string; object: string }) {
  const sub = o.subType ? ` subType="${o.subType}"` : '';
  const description = o.description === undefined ? '' : `<bns:description>${o.description}</bns:description>`;
  const xml =
    `<bns:Component xmlns:bns="${BNS}" componentId="c1" name="${o.name ?? 'Orders Sync'}" type="${o.type}"${sub}>` +
    `${description}<bns:object>${o.object}</bns:object></bns:Component>`;
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  return { devComponentId: 'c1', name: o.name ?? 'Orders Sync', type: o.type, doc };
}

const check = compileRules(DEFAULT_POLICY_RULES);
const hits = (c: ReturnType<typeof component>, ruleId: string) => check(c).filter((f) => f.ruleId === ruleId);

const process = '<process xmlns=""><shapes><shape name="shape1" shapetype="start"/></shapes></process>';

describe('default policy rules', () => {
  test('a component still named "New ..." is found; a real name is not', () => {
    const broken = hits(
      component({ name: 'New Map', type: 'transform.map', object: '<Map xmlns=""/>' }),
      'boomi.name.new-default',
    );
    assert.deepEqual(
      broken.map((f) => f.elementPath),
      ['/bns:Component/@name'],
    );
    assert.equal(
      hits(
        component({ name: 'Newsletter Map', type: 'transform.map', object: '<Map xmlns=""/>' }),
        'boomi.name.new-default',
      ).length,
      0,
    );
  });

  test('a process without a description is found; one with a description, and other types, are not', () => {
    const rule = 'boomi.process.description';
    assert.equal(hits(component({ type: 'process', object: process }), rule).length, 1);
    assert.equal(hits(component({ type: 'process', description: '  ', object: process }), rule).length, 1);
    assert.equal(hits(component({ type: 'process', description: 'Pulls orders', object: process }), rule).length, 0);
    assert.equal(hits(component({ type: 'transform.map', object: '<Map xmlns=""/>' }), rule).length, 0);
  });

  test('a password, URL or user name typed into a connector field is found and named, never its value', () => {
    const rule = 'boomi.connector.credentials-typed-in';
    const op = component({
      type: 'connector-action',
      subType: 'http',
      object:
        '<Operation xmlns=""><Configuration><HttpSendAction methodType="POST" url="https://x.example/v2">' +
        '<AuthOverride user="svc-dev" password="Pa55!"/><url>https://x.example</url></HttpSendAction></Configuration>' +
        '<GenericOperationConfig><field id="username" value="bob"/><field id="directory" value="/out"/></GenericOperationConfig>' +
        '</Operation>',
    });
    const found = hits(op, rule);
    assert.deepEqual(
      found.map((f) => [f.elementPath, f.detail]),
      [
        ['/bns:Component/bns:object/Operation/Configuration/HttpSendAction/@url', 'URL in HttpSendAction/@url'],
        [
          '/bns:Component/bns:object/Operation/Configuration/HttpSendAction/AuthOverride/@user',
          'user name in AuthOverride/@user',
        ],
        [
          '/bns:Component/bns:object/Operation/Configuration/HttpSendAction/AuthOverride/@password',
          'password in AuthOverride/@password',
        ],
        ['/bns:Component/bns:object/Operation/Configuration/HttpSendAction/url', 'URL in <url>'],
        ['/bns:Component/bns:object/Operation/GenericOperationConfig/field[1]/@value', "user name in field 'username'"],
      ],
    );
    assert.ok(!JSON.stringify(found).includes('Pa55!'), 'the value is never in a finding');
    const kept = component({
      type: 'connector-action',
      subType: 'http',
      object:
        '<Operation xmlns=""><Configuration><HttpSendAction methodType="POST" url="">' +
        '<AuthOverride user="" password=""/></HttpSendAction></Configuration>' +
        '<connectoraction allowDynamicCredentials="NONE" useRefreshToken="true"/><field id="password" value=""/></Operation>',
    });
    assert.equal(hits(kept, rule).length, 0);
  });

  test('a queue without a dead-letter setting is found; one with it, and non-queue connectors, are not', () => {
    const rule = 'boomi.queue.dead-letter';
    const noDlq = component({ type: 'queue', object: '<QueueConfiguration xmlns="" name="orders" retries="3"/>' });
    assert.deepEqual(
      hits(noDlq, rule).map((f) => f.elementPath),
      ['/bns:Component/bns:object/QueueConfiguration'],
    );
    const off = component({
      type: 'connector-action',
      subType: 'atomqueue',
      object: '<Operation xmlns="" deadLetterQueue="false"/>',
    });
    assert.equal(hits(off, rule).length, 1);
    const withDlq = component({ type: 'queue', object: '<QueueConfiguration xmlns="" deadLetterQueue="orders-dlq"/>' });
    assert.equal(hits(withDlq, rule).length, 0);
    const jmsOn = component({
      type: 'connector-settings',
      subType: 'jms',
      object: '<Jms xmlns=""><deadLetter>DLQ.ORDERS</deadLetter></Jms>',
    });
    assert.equal(hits(jmsOn, rule).length, 0);
    assert.equal(
      hits(component({ type: 'connector-action', subType: 'http', object: '<Operation xmlns=""/>' }), rule).length,
      0,
    );
  });

  test('a listener with maximum connections 0 is found; a positive maximum is not', () => {
    const rule = 'boomi.listener.max-connections';
    const listen = (max: string) =>
      component({
        type: 'connector-action',
        subType: 'wss',
        object: `<Operation xmlns=""><Configuration><WebServicesServerListenAction maxConnections="${max}"/></Configuration></Operation>`,
      });
    assert.deepEqual(
      hits(listen('0'), rule).map((f) => f.elementPath),
      ['/bns:Component/bns:object/Operation/Configuration/WebServicesServerListenAction/@maxConnections'],
    );
    assert.equal(hits(listen('10'), rule).length, 0);
    const element = component({
      type: 'process',
      object: '<process xmlns=""><listener><maxConnections>0</maxConnections></listener></process>',
    });
    assert.equal(hits(element, rule).length, 1);
  });
});

describe('custom XPath rules', () => {
  test('an XPath that cannot be a rule is named with the reason', () => {
    assert.equal(xpathProblem("//shape[@shapetype='stop']"), undefined);
    assert.equal(xpathProblem('count(//shape) > 20'), undefined);
    assert.match(xpathProblem('//shape[') ?? '', /does not parse/);
    assert.match(xpathProblem('//shape[frobnicate(@x)]') ?? '', /unknown function frobnicate/);
    assert.match(xpathProblem('//shape[@x = $limit]') ?? '', /variables/);
    assert.match(xpathProblem('//foo:shape') ?? '', /namespace prefix 'foo'/);
    assert.match(xpathProblem('count(//shape)') ?? '', /select nodes/);
    assert.equal(xpathProblem("//shape[contains(@userlabel, 'foo:bar(')]"), undefined, 'string literals are text');
    assert.equal(xpathProblem('/bns:Component/child::bns:object'), undefined);
  });

  test('a custom rule runs like the defaults; a boolean answer is a finding on the component', () => {
    const run = compileRules([
      {
        ruleId: 'acme.no-stop',
        title: 'Stop shapes',
        message: 'm',
        severity: 'WARN',
        enabled: true,
        componentTypes: ['process'],
        checkKind: 'XPATH',
        check: "//shape[@shapetype='start']",
        builtIn: false,
      },
      {
        ruleId: 'acme.small',
        title: 'Small',
        message: 'm',
        severity: 'WARN',
        enabled: true,
        componentTypes: [],
        checkKind: 'XPATH',
        check: 'count(//shape) < 5',
        builtIn: false,
      },
    ]);
    const found = run(component({ type: 'process', object: process }));
    assert.deepEqual(
      found.map((f) => [f.ruleId, f.elementPath]),
      [
        ['acme.no-stop', '/bns:Component/bns:object/process/shapes/shape'],
        ['acme.small', '/'],
      ],
    );
  });

  test('the fingerprint follows what rules check, not whether they are on or how they are graded', () => {
    const base = rulesFingerprint(DEFAULT_POLICY_RULES);
    const regraded = DEFAULT_POLICY_RULES.map((r) => ({ ...r, severity: 'BLOCK' as const, enabled: false }));
    assert.equal(rulesFingerprint(regraded), base);
    const changed = DEFAULT_POLICY_RULES.map((r, i) => (i === 0 ? { ...r, check: '//x' } : r));
    assert.notEqual(rulesFingerprint(changed), base);
  });
});
