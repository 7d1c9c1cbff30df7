import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createScriptValidator, parseLanguage, SCRIPT_MAX_BYTES } from './script-validator.ts';

const clock = () => new Date('2026-03-01T10:00:00Z');
// No Groovy here: these cases never reach the compiler, and JavaScript never needs one.
const validator = createScriptValidator({ clock });

describe('script validation before any compiler', () => {
  it('refuses a blank script', async () => {
    const r = await validator.validate('GROOVY', ' \n\t ');
    assert.equal(r.isValid, false);
    assert.equal(r.errorCode, 'SCRIPT_EMPTY');
    assert.equal(r.validatedAt, '2026-03-01T10:00:00.000Z');
  });

  it('counts the limit in UTF-8 bytes, not characters', async () => {
    const atLimit = `var s = '${'a'.repeat(SCRIPT_MAX_BYTES - 11)}';`;
    assert.equal(Buffer.byteLength(atLimit), SCRIPT_MAX_BYTES);
    assert.equal((await validator.validate('JAVASCRIPT', atLimit)).isValid, true);
    // 3,500 euro signs are 3,500 characters but 10,500 bytes.
    const r = await validator.validate('JAVASCRIPT', `var s = '${'€'.repeat(3500)}';`);
    assert.equal(r.errorCode, 'SCRIPT_TOO_LARGE');
    assert.deepEqual(
      r.errors.map((e) => e.type),
      ['SIZE'],
    );
  });

  it('reads the language case-insensitively', () => {
    assert.equal(parseLanguage('groovy'), 'GROOVY');
    assert.equal(parseLanguage(' JavaScript '), 'JAVASCRIPT');
    assert.equal(parseLanguage('python'), null);
  });
});

describe('JavaScript map scripts (ECMAScript 5.1)', () => {
  it('accepts a valid ES5 map function', async () => {
    const script = [
      'var parts = input1.split(",");',
      'function pad(s, n) { while (s.length < n) { s = "0" + s; } return s; }',
      'output1 = pad(parts[0], 8) + (input2 ? "-" + input2 : "");',
    ].join('\n');
    const r = await validator.validate('JAVASCRIPT', script);
    assert.deepEqual(r, {
      language: 'JAVASCRIPT',
      isValid: true,
      errorCode: null,
      errors: [],
      message: null,
      validatedAt: '2026-03-01T10:00:00.000Z',
    });
  });

  it('reports a syntax error at its 1-based line and column', async () => {
    const r = await validator.validate('JAVASCRIPT', 'var a = 1;\nvar b = (a + ;\n');
    assert.equal(r.errorCode, 'JAVASCRIPT_SYNTAX_ERROR');
    assert.deepEqual(r.errors, [{ line: 2, column: 14, message: 'Unexpected token', type: 'SYNTAX' }]);
  });

  const modern: [string, string][] = [
    ['let', 'let total = 1;'],
    ['an arrow function', 'var f = (x) => x * 2;'],
    ['a template literal', 'output1 = `${input1}!`;'],
  ];
  for (const [what, script] of modern) {
    it(`refuses ${what}, which Boomi's engine does not run`, async () => {
      const r = await validator.validate('JAVASCRIPT', script);
      assert.equal(r.errorCode, 'JAVASCRIPT_SYNTAX_ERROR');
      assert.equal(r.errors[0]?.line, 1);
      assert.match(r.errors[0]?.message ?? '', /ECMAScript 5\.1/);
    });
  }
});
