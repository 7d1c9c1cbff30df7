import type { z } from 'zod';
import type { validateScript } from '../../contracts/extensions.ts';
import { AppError } from '../../platform/errors.ts';
import { parseLanguage, type ScriptValidator } from './script-validation/index.ts';

type Request = z.output<typeof validateScript.request>;
type Response = z.input<typeof validateScript.response>;

/**
 * validateScript (10-backend.md §7.12): a verdict on the script, never a run of it. When no
 * verdict can be given (no Groovy compiler here, the checker crashed) the answer is an error
 * with the reason, never a pass.
 */
export async function checkScript(validator: ScriptValidator, req: Request): Promise<Response> {
  const language = parseLanguage(req.language);
  if (!language) {
    throw new AppError('INVALID_LANGUAGE', `language: '${req.language}' is not GROOVY or JAVASCRIPT`, {
      details: { field: 'language' },
    });
  }
  const r = await validator.validate(language, req.scriptContent);
  if (r.errorCode === 'GROOVY_VALIDATOR_UNAVAILABLE' || r.errorCode === 'VALIDATION_INTERNAL_ERROR') {
    throw new AppError(r.errorCode, r.message ?? 'The script could not be checked');
  }
  return {
    language,
    functionName: req.functionName ?? null,
    isValid: r.isValid,
    errorCode: r.errorCode,
    errors: r.errors,
    warningCount: 0,
    validatedAt: r.validatedAt,
  };
}
