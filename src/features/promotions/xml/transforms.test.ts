import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { stripEnvironmentValues } from './strip-environment-values.ts';
import { referencedIds, rewriteReferences } from './rewrite-references.ts';
import { normalizeXml } from './normalize-xml.ts';

const CONN = '11111111-1111-4111-8111-111111111111';
const PROFILE = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';

const component = (object: string, wrapper = '') =>
  new DOMParser().parseFromString(
    `<?xml version="1.0" encoding="UTF-8"?><bns:Component xmlns:bns="http://api.platform.boomi.com/" componentId="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" name="Orders API" type="connector-settings" version="3"${wrapper}><bns:encryptedValues/><bns:object>${object}</bns:object></bns:Component>`,
    'text/xml',
  );
const text = (d: ReturnType<typeof component>) => new XMLSerializer().serializeToString(d);

test('strips environment values in elements, attributes and generic fields, and reports them once', () => {
  const doc = component(
    `<DatabaseConnectionSettings xmlns="" host="db.dev.internal" port="5432" user="svc" password="hash123" maxConnections="10">
      <host>db.dev.internal</host><port>5432</port><Password>hash123</Password><databaseName>orders</databaseName>
      <url>jdbc:postgresql://db.dev.internal:5432/orders</url><bns:password>x</bns:password>
      <AuthSettings apiKey="k-123" tokenSecret=""/>
      <field id="password" type="password" value="hash"/><field id="remoteDirectory" value="/in"/>
      <EncryptedValue>abc</EncryptedValue><url/></DatabaseConnectionSettings>`,
  );
  const { stripped } = stripEnvironmentValues(doc);
  const out = text(doc);
  for (const secret of ['db.dev.internal', '5432', 'hash123', 'jdbc:', 'k-123', '>abc<', 'value="hash"'])
    assert.ok(!out.includes(secret), `${secret} left in ${out}`);
  assert.ok(
    out.includes('maxConnections="10"') &&
      out.includes('<databaseName>orders</databaseName>') &&
      out.includes('value="/in"'),
    'non-secrets stay',
  );
  assert.ok(out.includes('name="Orders API"'), 'the wrapper is not touched');
  assert.deepEqual(stripped, [
    '@host',
    '@port',
    '@password',
    'host',
    'port',
    'Password',
    'url',
    'password',
    '@apiKey',
    'field[password]',
    'EncryptedValue',
  ]);
});

test('a component with nothing to strip reports nothing; settings about secrets stay', () => {
  const doc = component(
    '<Profile><element name="url" key="1"/><shape allowDynamicCredentials="NONE" useToken="true" credentialType="BASIC"/></Profile>',
  );
  assert.deepEqual(stripEnvironmentValues(doc).stripped, []);
});

test('rewrites whole-value references only, once, and lists what it could not map', () => {
  const prodConn = '99999999-9999-4999-8999-999999999999';
  const doc = component(
    `<Operation><ConnectionReference connectionId="${CONN}"/><field id="profile" value="${PROFILE}"/>
     <note>uses ${CONN} inside text</note><ref>${OTHER}</ref><chain id="${prodConn}"/></Operation>`,
  );
  // A production id that is also a dev id must not be rewritten a second time.
  const mapping = new Map([
    [CONN, prodConn],
    [prodConn, 'should-not-chain'],
    [PROFILE, '88888888-8888-4888-8888-888888888888'],
  ]);
  assert.deepEqual(referencedIds(doc).sort(), [CONN, PROFILE, OTHER, prodConn].sort());
  const r = rewriteReferences(doc, mapping);
  const out = text(doc);
  assert.ok(out.includes(`connectionId="${prodConn}"`));
  assert.ok(out.includes('value="88888888-8888-4888-8888-888888888888"'));
  assert.ok(out.includes(`uses ${CONN} inside text`), 'ids inside longer text are not references');
  assert.ok(out.includes(`chain id="should-not-chain"`), 'an id equal to a dev id is itself a reference');
  assert.equal(r.rewritten, 3);
  assert.deepEqual(r.unmapped, [OTHER]);
  assert.ok(out.includes('componentId="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"'), 'the wrapper is not touched');
});

test('normalization: sorted attributes, 2-space indent, no declaration, volatile wrapper attributes gone', () => {
  const a = component(
    '<Settings b="2" a="1"><x>v</x><![CDATA[ raw <x> ]]></Settings>',
    ' modifiedDate="2026-01-01T00:00:00Z" modifiedBy="bob"',
  );
  const b = component(
    '<Settings  a="1"   b="2"><x>v</x><![CDATA[ raw <x> ]]></Settings>',
    ' modifiedDate="2026-02-02T00:00:00Z"',
  );
  const na = normalizeXml(a);
  assert.equal(na, normalizeXml(b), 'equal meaning, equal text');
  assert.equal(
    na,
    [
      '<bns:Component componentId="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" name="Orders API" type="connector-settings" xmlns:bns="http://api.platform.boomi.com/">',
      '  <bns:encryptedValues/>',
      '  <bns:object>',
      '    <Settings a="1" b="2">',
      '      <x>v</x>',
      '      <![CDATA[ raw <x> ]]>',
      '    </Settings>',
      '  </bns:object>',
      '</bns:Component>',
    ].join('\n'),
  );
});
