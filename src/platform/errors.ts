import type { ErrorCode } from '../contracts/errors.ts';

/** HTTP status for codes that are not "handled business outcomes" (those answer 200, D2). */
const TRANSPORT_STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_TIER: 403,
  ACCOUNT_NOT_AUTHORIZED: 403,
  IDENTITY_MISMATCH: 403,
  CSRF_TOKEN_INVALID: 403,
  UNKNOWN_ACTION: 404,
  NOT_FOUND: 404,
  INTERNAL_ERROR: 500,
  DATAHUB_ERROR: 503,
};

/** The one error type services throw; the HTTP layer turns it into the response envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  /** Extra response fields for business failures (e.g. `missingConnectionMappings`). */
  readonly fields: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: Record<string, unknown>; fields?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details;
    this.fields = opts.fields;
  }

  get httpStatus(): number {
    return TRANSPORT_STATUS[this.code] ?? 200;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
