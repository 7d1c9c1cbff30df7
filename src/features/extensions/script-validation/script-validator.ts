import { fileURLToPath } from 'node:url';
import { compileHelper, HelperFailed, HelperProcess, HelperUnavailable, javacBeside } from './groovy-helper.ts';
import { GROOVY_SETUP_HINT, locateGroovy, type LocateOptions } from './groovy-locate.ts';
import { javaScriptProblems } from './javascript-syntax.ts';
import type {
  ScriptErrorCode,
  ScriptLanguage,
  ScriptProblem,
  ScriptValidation,
  ScriptValidationLog,
  ScriptValidator,
} from './script-validation-types.ts';

/** Boomi's limit for a map-extension script, in UTF-8 bytes (spec §7.12). */
export const SCRIPT_MAX_BYTES = 10_240;

export interface GroovyOptions extends LocateOptions {
  /** The java binary (default `java` on the PATH); javac is looked for beside it. */
  java?: string;
  javac?: string;
  /** Where the compiled checker is kept (default `.cache/groovy-validator` in this package). */
  cacheDir?: string;
  /** Per script; on expiry the helper is killed and the answer is VALIDATION_INTERNAL_ERROR. */
  timeoutMs?: number;
  startTimeoutMs?: number;
}

export interface ScriptValidatorOptions {
  groovy?: GroovyOptions;
  clock?: () => Date;
  log?: ScriptValidationLog;
}

/** `groovy`, `JavaScript`, ... as the API accepts them; null for anything else. */
export function parseLanguage(value: string): ScriptLanguage | null {
  const upper = value.trim().toUpperCase();
  return upper === 'GROOVY' || upper === 'JAVASCRIPT' ? upper : null;
}

const DEFAULT_CACHE = fileURLToPath(new URL('../../../../.cache/groovy-validator/', import.meta.url));
/** After a failed setup (no Java, no Groovy), try again no sooner than this: someone may install it. */
const SETUP_RETRY_MS = 60_000;

export function createScriptValidator(opts: ScriptValidatorOptions = {}): ScriptValidator {
  const clock = opts.clock ?? (() => new Date());
  const groovy = opts.groovy ?? {};
  const java = groovy.java ?? 'java';
  let helper: Promise<HelperProcess> | null = null;
  let failedAt = 0;

  const result = (
    language: ScriptLanguage,
    errorCode: ScriptErrorCode | null,
    errors: ScriptProblem[] = [],
    message: string | null = null,
  ): ScriptValidation => ({
    language,
    isValid: errorCode === null,
    errorCode,
    errors,
    message,
    validatedAt: clock().toISOString(),
  });

  const setUp = async (): Promise<HelperProcess> => {
    const found = await locateGroovy(groovy);
    if (!found) throw new HelperUnavailable(`No Groovy compiler was found. ${GROOVY_SETUP_HINT}`);
    const classes = await compileHelper(
      groovy.javac ?? javacBeside(java),
      found.jars,
      groovy.cacheDir ?? DEFAULT_CACHE,
    );
    opts.log?.info({ source: found.source, jars: found.jars }, 'Groovy script checker compiled');
    return new HelperProcess({
      java,
      classPath: [classes, ...found.jars],
      timeoutMs: groovy.timeoutMs ?? 10_000,
      startTimeoutMs: groovy.startTimeoutMs ?? 30_000,
      onStart: (pid, version) => opts.log?.info({ pid, groovyVersion: version }, 'Groovy script checker started'),
      onExit: (pid, reason) => opts.log?.warn({ pid, reason }, 'Groovy script checker stopped'),
    });
  };

  const checkGroovy = async (script: string): Promise<ScriptValidation> => {
    if (!helper || (failedAt && Date.now() - failedAt > SETUP_RETRY_MS)) {
      failedAt = 0;
      helper = setUp();
      helper.catch(() => (failedAt = Date.now()));
    }
    try {
      const answer = await (await helper).check(script);
      if (answer.internal) return result('GROOVY', 'VALIDATION_INTERNAL_ERROR', [], answer.internal);
      const errors: ScriptProblem[] = (answer.errors ?? []).map((e) => ({
        line: e.line > 0 ? e.line : null,
        column: e.column > 0 ? e.column : null,
        message: e.message,
        type: e.type,
      }));
      if (!errors.length) return result('GROOVY', null);
      const security = errors.some((e) => e.type === 'SECURITY');
      return result('GROOVY', security ? 'GROOVY_SECURITY_VIOLATION' : 'GROOVY_SYNTAX_ERROR', errors);
    } catch (e) {
      if (e instanceof HelperUnavailable) {
        opts.log?.warn({ err: e.message }, 'Groovy script checker unavailable');
        const hint = e.message.includes(GROOVY_SETUP_HINT) ? '' : ` ${GROOVY_SETUP_HINT}`;
        return result(
          'GROOVY',
          'GROOVY_VALIDATOR_UNAVAILABLE',
          [],
          `Groovy validation is unavailable: ${e.message}${hint}`,
        );
      }
      if (e instanceof HelperFailed) return result('GROOVY', 'VALIDATION_INTERNAL_ERROR', [], e.message);
      throw e;
    }
  };

  return {
    async validate(language, script) {
      if (!script.trim()) {
        return result(language, 'SCRIPT_EMPTY', [
          { line: null, column: null, message: 'The script is empty', type: 'SIZE' },
        ]);
      }
      const bytes = Buffer.byteLength(script, 'utf8');
      if (bytes > SCRIPT_MAX_BYTES) {
        const message = `The script is ${bytes} bytes (UTF-8); the limit is ${SCRIPT_MAX_BYTES}`;
        return result(language, 'SCRIPT_TOO_LARGE', [{ line: null, column: null, message, type: 'SIZE' }]);
      }
      if (language === 'JAVASCRIPT') {
        const errors = javaScriptProblems(script);
        return result(language, errors.length ? 'JAVASCRIPT_SYNTAX_ERROR' : null, errors);
      }
      return checkGroovy(script);
    },
    async close() {
      const h = helper;
      helper = null;
      if (h) await h.then((p) => p.close()).catch(() => undefined);
    },
  };
}
