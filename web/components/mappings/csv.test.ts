import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv } from './csv.ts';

test('quotes what needs quoting and defuses spreadsheet formulas', () => {
  assert.equal(csvCell('Orders API'), 'Orders API');
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('-1'), "'-1");
  assert.equal(csvCell(null), '');
  assert.equal(csvCell(3), '3');
  assert.equal(
    toCsv([
      ['a', 'b'],
      ['c', 'd,e'],
    ]),
    'a,b\r\nc,"d,e"\r\n',
  );
});
