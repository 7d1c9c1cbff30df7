export type ScriptLanguage = 'GROOVY' | 'JAVASCRIPT';

/** One finding. `line` and `column` are 1-based; null when the checker cannot place it. */
export interface ScriptProblem {
  line: number | null;
  column: number | null;
  message: string;
  type: 'SYNTAX' | 'SECURITY' | 'SIZE';
}

export type ScriptErrorCode =
  | 'SCRIPT_EMPTY'
  | 'SCRIPT_TOO_LARGE'
  | 'JAVASCRIPT_SYNTAX_ERROR'
  | 'GROOVY_SYNTAX_ERROR'
  | 'GROOVY_SECURITY_VIOLATION'
  | 'GROOVY_VALIDATOR_UNAVAILABLE'
  | 'VALIDATION_INTERNAL_ERROR';

export interface ScriptValidation {
  language: ScriptLanguage;
  isValid: boolean;
  errorCode: ScriptErrorCode | null;
  errors: ScriptProblem[];
  /** Why there is no verdict (unavailable, internal error); null otherwise. */
  message: string | null;
  /** ISO 8601, UTC. */
  validatedAt: string;
}

export interface ScriptValidator {
  validate(language: ScriptLanguage, script: string): Promise<ScriptValidation>;
  /** Stops the Groovy helper process, if one runs. */
  close(): Promise<void>;
}

/** A pino-style logger (Fastify's logger fits). */
export interface ScriptValidationLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}
