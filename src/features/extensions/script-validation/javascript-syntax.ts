import { parse } from 'acorn';
import type { ScriptProblem } from './script-validation-types.ts';

/**
 * Boomi runs JavaScript map scripts on a Rhino/Nashorn-class engine, which implements ECMAScript 5.1.
 * acorn at ecmaVersion 5 accepts exactly that language, so `let`, `const`, arrow functions, classes and
 * template literals are refused here as Boomi would refuse them at run time. Engine extensions outside
 * the standard (Rhino's `for each`, E4X) are refused too: a script that needs them will not survive an
 * engine change, so refusing them is the safer answer.
 *
 * The script is parsed, never run. Line and column are 1-based (acorn's column is 0-based).
 */
const ES2015_HINT =
  'this is ECMAScript 2015+ syntax (let, const, arrow functions, classes, template literals...); ' +
  "Boomi's script engine runs ECMAScript 5.1";

/** Parses with today's JavaScript, to tell "newer than Boomi runs" from plain mistakes. */
function isModernJavaScript(script: string): boolean {
  try {
    parse(script, { ecmaVersion: 'latest', sourceType: 'script' });
    return true;
  } catch {
    return false;
  }
}

export function javaScriptProblems(script: string): ScriptProblem[] {
  try {
    parse(script, { ecmaVersion: 5, sourceType: 'script', locations: true });
    return [];
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const loc = (e as SyntaxError & { loc?: { line: number; column: number } }).loc;
    // acorn appends " (line:column)" to its message; the fields carry it already.
    let message = e.message.replace(/ \(\d+:\d+\)$/, '');
    if (isModernJavaScript(script)) message += `: ${ES2015_HINT}`;
    return [{ line: loc?.line ?? null, column: loc ? loc.column + 1 : null, message, type: 'SYNTAX' }];
  }
}
