import { AppError } from '../platform/errors.ts';
import type { ErrorCode } from '../contracts/errors.ts';
import { stripBom } from './wire-json.ts';
import { xmlErrorMessage } from './wire-xml.ts';

/** What the error mapping needs to know about the call that failed. */
export interface FailedCall {
  operation: string;
  method: string;
  /** Path below the account root, without the query string (it never holds credentials). */
  path: string;
  /** The call ran against a sub-account (`overrideAccount`). */
  overrideAccount?: string | undefined;
  /** A read whose 403 means "no such account / not yours" rather than missing privileges. */
  accountScoped?: boolean;
  /** A component read whose 404 (or "not found" 400) means the component does not exist. */
  componentRead?: boolean;
  attempts: number;
}

const MAX_MESSAGE = 1000;

/**
 * Boomi's error text, whichever of the documented shapes it came in (§1.5): JSON `message`,
 * `error.message` or `errorMessage`, XML `<error><message>`, or plain text.
 */
export function boomiMessage(body: string, contentType: string): string | undefined {
  const text = stripBom(body).trim();
  if (!text) return undefined;
  let msg: string | undefined;
  if (text.startsWith('{')) {
    try {
      const j = JSON.parse(text) as Record<string, unknown>;
      const nested = j.error && typeof j.error === 'object' ? (j.error as Record<string, unknown>).message : undefined;
      const m = j.message ?? nested ?? j.errorMessage;
      if (typeof m === 'string') msg = m;
    } catch {
      // fall through to plain text
    }
  } else if (text.startsWith('<') && !/html/i.test(contentType)) {
    msg = xmlErrorMessage(text);
  }
  if (msg === undefined && !text.startsWith('<')) msg = text;
  if (msg === undefined) return undefined;
  return msg.length > MAX_MESSAGE ? `${msg.slice(0, MAX_MESSAGE)}…` : msg;
}

// Boomi answers an unknown component id on GET with 400, not 404 (§3.1, inferred); these words
// tell that apart from a malformed request.
const NOT_FOUND_TEXT =
  /not\s+(be\s+)?found|no\s+such|does\s+not\s+exist|is\s+deleted|unknown\s+(component|id)|invalid\s+component\s*id/i;

export function codeForStatus(status: number, call: FailedCall, message: string | undefined): ErrorCode {
  if (status === 401) return 'AUTH_FAILED';
  if (status === 403) return call.overrideAccount || call.accountScoped ? 'ACCOUNT_NOT_FOUND' : 'AUTH_FAILED';
  if (
    call.componentRead &&
    (status === 404 || (status === 400 && message !== undefined && NOT_FOUND_TEXT.test(message)))
  )
    return 'COMPONENT_NOT_FOUND';
  if (status === 429 || status === 503) return 'API_RATE_LIMIT';
  if (status >= 500) return 'BOOMI_UNAVAILABLE';
  return 'API_ERROR';
}

const LEAD: Partial<Record<ErrorCode, string>> = {
  AUTH_FAILED: 'Boomi rejected the API credentials',
  ACCOUNT_NOT_FOUND: 'Boomi account not found or not accessible',
  COMPONENT_NOT_FOUND: 'Boomi component not found',
  API_RATE_LIMIT: 'Boomi rate limit still exceeded after retries',
  BOOMI_UNAVAILABLE: 'Boomi is unavailable',
};

export function httpError(status: number, body: string, contentType: string, call: FailedCall): AppError {
  const message = boomiMessage(body, contentType);
  const code = codeForStatus(status, call, message);
  const lead = LEAD[code] ?? 'Boomi request failed';
  return new AppError(code, `${lead}: ${call.operation} answered HTTP ${status}${message ? ` (${message})` : ''}`, {
    details: {
      operation: call.operation,
      method: call.method,
      path: call.path,
      status,
      attempts: call.attempts,
      ...(message ? { boomiMessage: message } : {}),
      ...(call.overrideAccount ? { overrideAccount: call.overrideAccount } : {}),
    },
  });
}

export function networkError(
  call: FailedCall,
  kind: 'timeout' | 'network',
  cause: unknown,
  outcomeUnknown: boolean,
): AppError {
  const what = kind === 'timeout' ? 'timed out' : `failed (${describeCause(cause)})`;
  return new AppError('BOOMI_UNAVAILABLE', `Boomi is unavailable: ${call.operation} ${what}`, {
    details: {
      operation: call.operation,
      method: call.method,
      path: call.path,
      reason: kind,
      attempts: call.attempts,
      // A write that may have reached Boomi is not repeated blindly; the caller checks first.
      ...(outcomeUnknown ? { outcomeUnknown: true } : {}),
    },
    cause,
  });
}

/** The network error's code (undici puts it on `cause`), never its full text, which can echo headers. */
export function describeCause(e: unknown): string {
  const c = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = (c && typeof c.code === 'string' ? c.code : undefined) ?? (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.name : 'error';
}
