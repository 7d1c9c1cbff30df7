import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAppError } from '../../platform/errors.ts';
import { ComponentXml, toWriteXml } from './component-xml.ts';
import { childElements, parseXml } from '../wire-xml.ts';

const fixture = readFileSync(new URL('../../../test/boomi/fixtures/process-component.xml', import.meta.url), 'utf8');

describe('ComponentXml', () => {
  it('gives typed access to the wrapper attributes', () => {
    const c = ComponentXml.parse(fixture);
    assert.deepEqual(c.attributes, {
      componentId: '5d0e6c9a-7f0b-4a52-9a6e-2b1f0c3d4e5f',
      name: 'Order Processing & Routing',
      type: 'process',
      subType: undefined,
      version: 4,
      folderFullPath: 'Acme/Orders/Main',
      folderId: 'RjoxMjM0NQ',
      folderName: 'Main',
      branchId: 'Qjox',
      branchName: 'main',
      currentVersion: true,
      deleted: false,
      createdDate: '2025-01-10T09:00:00Z',
      createdBy: 'dev@acme.example',
      modifiedDate: '2025-02-01T12:30:00Z',
      modifiedBy: 'dev@acme.example',
      copiedFromComponentId: undefined,
      copiedFromComponentVersion: undefined,
    });
    assert.equal(c.configuration?.nodeName, 'process');
    assert.match(c.description ?? '', /^Routes orders <EU> & "US"\./);
    assert.deepEqual(c.encryptedValues, []);
    assert.equal(c.text, fixture);
  });

  it('lets the caller edit the DOM and writes the edit back', () => {
    const c = ComponentXml.parse(fixture);
    const map = c.doc.getElementsByTagName('map')[0]!;
    map.setAttribute('mapId', 'prod-map-id');
    const out = c.toXml();
    assert.match(out, /<map mapId="prod-map-id"\/>/);
    assert.equal(
      out.replace('prod-map-id', '1a2b3c4d-0000-4000-8000-000000000003'),
      ComponentXml.parse(fixture).toXml(),
    );
  });

  it('refuses a document that is not a component', () => {
    assert.throws(
      () => ComponentXml.parse('<bns:Branch xmlns:bns="http://api.platform.boomi.com/"/>'),
      (e) => isAppError(e) && e.code === 'XML_PARSE_ERROR' && /Component/.test(e.message),
    );
    assert.throws(
      () => ComponentXml.parse('<bns:Component xmlns:bns="http://api.platform.boomi.com/"/>'),
      /bns:object/,
    );
  });
});

describe('toWriteXml (10-backend.md §8.D #51)', () => {
  it('builds a create body: keeps object/description/namespaces, drops read-only and placement attributes', () => {
    const src = ComponentXml.parse(fixture);
    const body = toWriteXml(src, {
      folderId: 'RjoxOTk5',
      branchId: 'QjoyMDQ1',
      folderFullPath: 'Acme/Promoted/Orders/Main',
    });
    const root = parseXml(body).documentElement!;
    const attrs = Array.from({ length: root.attributes.length }, (_, i) => root.attributes.item(i)!.name);
    assert.deepEqual(attrs, ['xmlns:bns', 'xmlns:xsi', 'folderFullPath', 'name', 'type', 'folderId', 'branchId']);
    assert.equal(root.getAttribute('folderFullPath'), 'Acme/Promoted/Orders/Main');
    assert.equal(root.getAttribute('name'), 'Order Processing & Routing');
    assert.deepEqual(
      childElements(root).map((e) => e.nodeName),
      ['bns:description', 'bns:object'],
    );
    // bns:object is byte-for-byte the source's
    const objectOf = (xml: string) => xml.slice(xml.indexOf('<bns:object>'), xml.indexOf('</bns:object>'));
    assert.equal(objectOf(body), objectOf(src.toXml()));
    assert.match(body, /<xsi:hint xsi:type="string">typed<\/xsi:hint>/);
    const startTag = body.slice(body.indexOf('<bns:Component'), body.indexOf('>', body.indexOf('<bns:Component')));
    assert.doesNotMatch(
      startTag,
      /version=|createdDate=|currentVersion=|branchName=|folderName=|componentId=|deleted=/,
    );
  });

  it('builds an update body for another component id, renaming and replacing the description', () => {
    const body = toWriteXml(ComponentXml.parse(fixture), {
      componentId: 'prod-id-1',
      name: 'Order Processing',
      description: 'promoted',
    });
    const c = ComponentXml.parse(body);
    assert.equal(c.attributes.componentId, 'prod-id-1');
    assert.equal(c.attributes.name, 'Order Processing');
    assert.equal(c.attributes.branchId, undefined, 'never re-posts the branch it was read from');
    assert.equal(c.attributes.folderId, undefined);
    assert.equal(c.description, 'promoted');
  });

  it('drops or adds the description on request', () => {
    const src = ComponentXml.parse(fixture);
    assert.equal(ComponentXml.parse(toWriteXml(src, { description: null })).description, undefined);
    const bare = ComponentXml.parse(toWriteXml(src, { description: null }));
    const added = ComponentXml.parse(toWriteXml(bare, { description: 'new & shiny' }));
    assert.equal(added.description, 'new & shiny');
    assert.deepEqual(
      childElements(added.root).map((e) => e.localName),
      ['description', 'object'],
    );
  });

  it('keeps subType for connectors and refuses a root outside the Boomi namespace', () => {
    const conn = ComponentXml.parse(
      '<bns:Component xmlns:bns="http://api.platform.boomi.com/" componentId="c" name="HTTP" type="connector-settings" subType="http" version="2"><bns:encryptedValues><bns:encryptedValue path="//AuthSettings/@password" isSet="true"/></bns:encryptedValues><bns:object><HttpSettings xmlns="" url="https://x"/></bns:object></bns:Component>',
    );
    assert.deepEqual(conn.encryptedValues, [{ path: '//AuthSettings/@password', isSet: true }]);
    const out = ComponentXml.parse(toWriteXml(conn));
    assert.equal(out.attributes.subType, 'http');
    assert.equal(out.attributes.version, undefined);
    const foreign = ComponentXml.parse('<Component xmlns="urn:other"><object/></Component>');
    assert.throws(() => toWriteXml(foreign), /not in the Boomi namespace/);
  });
});
