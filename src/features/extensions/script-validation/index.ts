export { createScriptValidator, parseLanguage, SCRIPT_MAX_BYTES } from './script-validator.ts';
export type { GroovyOptions, ScriptValidatorOptions } from './script-validator.ts';
export type {
  ScriptErrorCode,
  ScriptLanguage,
  ScriptProblem,
  ScriptValidation,
  ScriptValidationLog,
  ScriptValidator,
} from './script-validation-types.ts';
export { locateGroovy, GROOVY_SETUP_HINT, type GroovySource } from './groovy-locate.ts';
