import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { locateGroovy } from './groovy-locate.ts';
import { createScriptValidator } from './script-validator.ts';
import type { ScriptValidationLog } from './script-validation-types.ts';

// These run the real Groovy compiler. `npm test` installs Debian's groovy when none is found, so in CI a
// missing compiler is a failure; on a developer's machine without one, the file is skipped.
const jars = process.env.GROOVY_JARS;
const found = await locateGroovy({ jars, mavenFetch: false });
const skip = !found && !process.env.CI ? 'no Groovy compiler (npm run setup:groovy)' : false;

/** Records the helper's starts, to see one JVM serve many scripts and a fresh one after a crash. */
function recordingLog() {
  const starts: number[] = [];
  const log: ScriptValidationLog = {
    info: (d, msg) => {
      if (msg === 'Groovy script checker started') starts.push((d as { pid: number }).pid);
    },
    warn: () => undefined,
  };
  return { starts, log };
}

const MAP_SCRIPT = `import com.boomi.execution.ExecutionUtil
import java.util.Properties

def logger = ExecutionUtil.getBaseLogger()
String prefix = ExecutionUtil.getDynamicProcessProperty('ORDER_PREFIX') ?: 'ORD'
for (int i = 0; i < dataContext.getDataCount(); i++) {
  InputStream is = dataContext.getStream(i)
  Properties props = dataContext.getProperties(i)
  String text = prefix + '-' + is.getText('UTF-8').trim().toUpperCase()
  logger.info("document " + i)
  dataContext.storeStream(new ByteArrayInputStream(text.getBytes('UTF-8')), props)
}
output1 = input1?.padLeft(8, '0')
`;

describe('Groovy map scripts', { skip }, () => {
  const { starts, log } = recordingLog();
  const validator = createScriptValidator({ groovy: { jars, mavenFetch: false }, log });
  after(() => validator.close());

  it('compiles a typical map script (Boomi classes and undeclared variables are fine)', async () => {
    const r = await validator.validate('GROOVY', MAP_SCRIPT);
    assert.equal(r.message, null);
    assert.deepEqual([r.isValid, r.errorCode, r.errors], [true, null, []]);
  });

  it('reports a syntax error at its 1-based line and column', async () => {
    const r = await validator.validate('GROOVY', 'def a = 1\ndef b = [1, 2\nreturn b');
    assert.equal(r.errorCode, 'GROOVY_SYNTAX_ERROR');
    assert.equal(r.errors.length, 1);
    // The list is still open when `return` arrives on line 3.
    assert.deepEqual(r.errors[0], { line: 3, column: 1, message: "expecting ']', found 'return'", type: 'SYNTAX' });
  });

  const refused: [string, string, number, number][] = [
    ['Runtime.getRuntime().exec', "def p = Runtime.getRuntime().exec('ls')", 1, 9],
    ['import java.net.URL', 'import java.net.URL\noutput1 = input1', 1, 1],
    ['import java.net.*', 'import java.net.*\noutput1 = input1', 1, 1],
    ['new File', "def f = new File('/etc/passwd')", 1, 9],
    ['System.exit', 'output1 = input1\nSystem.exit(0)', 2, 1],
    ['new ProcessBuilder().start()', "new ProcessBuilder('ls').start()", 1, 1],
    ['Eval.me', "Eval.me('1')", 1, 1],
    ['String.execute()', '"ls".execute()', 1, 1],
    ['Class.forName', "Class.forName('java.lang.Runtime')", 1, 1],
    ['this.class.classLoader', 'def cl = this.class.classLoader', 1, 10],
    ['java.lang.Runtime, fully qualified', 'java.lang.Runtime.getRuntime()', 1, 1],
    ['a blocked call inside a closure', 'def c = { System.getenv() }', 1, 11],
    [
      '@ASTTest, which would run code while compiling',
      "@groovy.transform.ASTTest(value={ 'ls'.execute() })\ndef x = 1",
      1,
      1,
    ],
    [
      '@Grab, which would download jars while compiling',
      "@Grab('commons-io:commons-io:2.6')\nimport java.util.Date",
      1,
      1,
    ],
  ];
  for (const [what, script, line, column] of refused) {
    it(`refuses ${what}`, async () => {
      const r = await validator.validate('GROOVY', script);
      assert.equal(r.errorCode, 'GROOVY_SECURITY_VIOLATION', JSON.stringify(r));
      assert.deepEqual(
        r.errors.map((e) => [e.type, e.line, e.column]),
        [['SECURITY', line, column]],
        JSON.stringify(r.errors),
      );
    });
  }

  it('started one helper for all of the above', () => {
    assert.equal(starts.length, 1);
  });

  it('answers VALIDATION_INTERNAL_ERROR when the helper dies mid-script, then starts a new one', async () => {
    const pending = validator.validate('GROOVY', 'def x = 1\n'.repeat(500));
    process.kill(starts[0]!, 'SIGKILL');
    const r = await pending;
    assert.equal(r.errorCode, 'VALIDATION_INTERNAL_ERROR');
    assert.equal(r.isValid, false);
    assert.equal((await validator.validate('GROOVY', 'def y = 2')).isValid, true);
    assert.equal(starts.length, 2);
  });

  it('answers VALIDATION_INTERNAL_ERROR when a script takes longer than the timeout', async () => {
    const slow = createScriptValidator({ groovy: { jars, mavenFetch: false, timeoutMs: 1 } });
    try {
      const r = await slow.validate('GROOVY', `def total = 0\n${'total += [1, 2, 3].sum { it * 2 }\n'.repeat(250)}`);
      assert.equal(r.errorCode, 'VALIDATION_INTERNAL_ERROR');
      assert.match(r.message ?? '', /no answer within 1 ms/);
    } finally {
      await slow.close();
    }
  });
});

describe('Groovy without a compiler', () => {
  it('answers GROOVY_VALIDATOR_UNAVAILABLE without Java', async () => {
    const v = createScriptValidator({ groovy: { jars, java: '/nonexistent/bin/java', mavenFetch: false } });
    const r = await v.validate('GROOVY', 'def x = 1');
    assert.equal(r.errorCode, 'GROOVY_VALIDATOR_UNAVAILABLE');
    assert.equal(r.isValid, false);
    assert.match(r.message ?? '', /setup:groovy/);
    await v.close();
  });

  it('answers GROOVY_VALIDATOR_UNAVAILABLE without Groovy jars', async () => {
    const v = createScriptValidator({
      groovy: { mavenRepository: '/nonexistent/m2', debianDirs: ['/nonexistent/java'], mavenFetch: false },
    });
    const r = await v.validate('GROOVY', 'def x = 1');
    assert.equal(r.errorCode, 'GROOVY_VALIDATOR_UNAVAILABLE');
    assert.match(r.message ?? '', /No Groovy compiler was found.*GROOVY_JARS/);
    await v.close();
  });
});
