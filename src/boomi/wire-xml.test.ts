import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAppError } from '../platform/errors.ts';
import {
  BNS_NS,
  childElements,
  firstChildElement,
  parseXml,
  serializeXml,
  xmlErrorMessage,
  xmlToObject,
} from './wire-xml.ts';

const fixture = readFileSync(new URL('../../test/boomi/fixtures/process-component.xml', import.meta.url), 'utf8');

const refusal = (fn: () => unknown, pattern: RegExp) => {
  try {
    fn();
  } catch (e) {
    assert.ok(isAppError(e), `expected AppError, got ${String(e)}`);
    assert.equal(e.code, 'XML_PARSE_ERROR');
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail('expected an XML_PARSE_ERROR');
};

describe('wire-xml round trip', () => {
  it('writes realistic component XML back unchanged (namespaces, attribute order, CDATA, whitespace, entities)', () => {
    const out = serializeXml(parseXml(fixture));
    // Only equivalent spellings change: a quote escaped in text, a character reference for a
    // printable character, and the newline after the root element (not part of the document).
    const expected = fixture.trimEnd().replace('&quot;US&quot;', '"US"').replace('&#x263A;', '\u263A');
    assert.equal(out, expected);
    // and the second pass is byte-identical
    assert.equal(serializeXml(parseXml(out)), out);
  });

  it('keeps values exactly: entities decoded in the DOM and re-escaped on output', () => {
    const doc = parseXml(fixture);
    const root = doc.documentElement!;
    assert.equal(root.getAttribute('name'), 'Order Processing & Routing');
    assert.equal(root.namespaceURI, BNS_NS);
    assert.equal(root.prefix, 'bns');
    const description = firstChildElement(root, 'description')!;
    assert.equal(description.textContent, 'Routes orders <EU> & "US".\n  Second line, indented   with  spaces.');
    const meta = doc.getElementsByTagName('ext:meta')[0]!;
    assert.equal(meta.getAttributeNS('urn:example:ext', 'note'), 'multi\nline\tattr');
    assert.equal(meta.textContent, '  text with   spaces  ');
    assert.match(serializeXml(meta), /ext:note="multi&#10;line&#9;attr"/);
    const script = doc.getElementsByTagName('script')[0]!;
    assert.equal(script.firstChild?.nodeType, 4, 'CDATA section kept as CDATA');
    assert.match(script.textContent ?? '', /a < b && c > d/);
  });

  it('keeps the empty default namespace of the configuration root', () => {
    const doc = parseXml(fixture);
    const process = childElements(firstChildElement(doc.documentElement!, 'object')!)[0]!;
    assert.equal(process.namespaceURI, null);
    assert.match(serializeXml(process), /^<process xmlns="" allowSimultaneous="false"/);
  });

  it('decodes Boomi API elements to the JSON shape', () => {
    const doc =
      parseXml(`<bns:QueryResult xmlns:bns="${BNS_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" numberOfResults="2">
      <bns:queryToken>abc/+=</bns:queryToken>
      <bns:result xsi:type="bns:Branch" id="Qjox" name="main" ready="true"/>
      <bns:result xsi:type="Branch" id="Qjoy" name="b"/></bns:QueryResult>`);
    assert.deepEqual(xmlToObject(doc.documentElement!), {
      numberOfResults: '2',
      queryToken: 'abc/+=',
      result: [
        { '@type': 'Branch', id: 'Qjox', name: 'main', ready: 'true' },
        { '@type': 'Branch', id: 'Qjoy', name: 'b' },
      ],
    });
  });

  it('reads the documented XML error shape', () => {
    assert.equal(
      xmlErrorMessage('<error><message>Access denied due to insufficient permissions.</message></error>'),
      'Access denied due to insufficient permissions.',
    );
    assert.equal(xmlErrorMessage('not xml'), undefined);
  });

  it('strips a leading BOM', () => {
    assert.equal(parseXml('\uFEFF<a/>').documentElement?.nodeName, 'a');
  });
});

describe('wire-xml refuses hostile or broken XML', () => {
  it('refuses an external entity (XXE)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
    const e = refusal(() => parseXml(xxe), /DOCTYPE/);
    assert.doesNotMatch(JSON.stringify(e.details), /root:/);
  });

  it('refuses billion-laughs entity expansion before expanding anything', () => {
    let decl = '<!ENTITY lol0 "lolololololololololol">';
    for (let i = 1; i < 10; i++) decl += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [${decl}]><lolz>&lol9;</lolz>`;
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    refusal(() => parseXml(bomb), /DOCTYPE/);
    assert.ok(performance.now() - t0 < 100, 'refused at once');
    assert.ok(process.memoryUsage().heapUsed - before < 10 * 1024 * 1024, 'no expansion in memory');
  });

  it('refuses an undeclared entity reference', () => {
    refusal(() => parseXml('<a>&nbsp;</a>'), /not well-formed/);
  });

  it('refuses 100k levels of nesting without building them', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    const before = process.memoryUsage().heapUsed;
    const e = refusal(() => parseXml(deep), /nested deeper than 256/);
    assert.equal(e.details?.maxDepth, 256);
    assert.ok(process.memoryUsage().heapUsed - before < 20 * 1024 * 1024, 'bounded memory');
  });

  it('honours a configured depth limit', () => {
    assert.doesNotThrow(() => parseXml('<a><b><c/></b></a>', { maxDepth: 2 }));
    refusal(() => parseXml('<a><b><c></c></b></a>', { maxDepth: 2 }), /deeper than 2/);
  });

  it('refuses a document over the size limit before scanning it', () => {
    // Malformed and too deep as well: only a size check that runs first can name the size.
    const big = `<!DOCTYPE x><a>${'<b>'.repeat(300)}${'x'.repeat(21 * 1024 * 1024)}`;
    refusal(() => parseXml(big), /larger than 20971520 bytes/);
    refusal(() => parseXml('<a>€€€€</a>', { maxBytes: 12 }), /larger than 12 bytes/);
  });

  it('refuses too many nodes', () => {
    refusal(() => parseXml(`<a>${'<b x="1"/>'.repeat(600)}</a>`, { maxNodes: 1000 }), /more than 1000 elements/);
  });

  it('refuses malformed XML with a clear message', () => {
    refusal(() => parseXml('<a><b></a>'), /not well-formed/);
    refusal(() => parseXml('<a attr="x></a>'), /unterminated attribute value/);
    refusal(() => parseXml('just text'), /no root element/);
    refusal(() => parseXml('<a><!-- never closed </a>'), /unterminated comment/);
  });

  it('does not mistake markup inside CDATA, comments or attribute values for structure', () => {
    const doc = parseXml('<a t="x > y"><![CDATA[<!DOCTYPE x><b><b><b>]]><!-- <!ENTITY e "x"> --></a>', { maxDepth: 1 });
    assert.equal(doc.documentElement?.getAttribute('t'), 'x > y');
  });
});
