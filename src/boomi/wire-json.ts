import { z } from 'zod';
import { AppError } from '../platform/errors.ts';

// Boomi's JSON is loosely typed in places (30-boomi-platform-api.md §1.4): booleans and numbers
// sometimes arrive as strings, one-element lists as a bare object, and a text body may start with
// a BOM. These helpers accept every variant and hand the rest of the client clean values.

/** `true`, `"true"`, `false`, `"false"` (any case). */
export const zBool = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i)
    .transform((v) => v.toLowerCase() === 'true'),
]);

/** `4` or `"4"`. */
export const zInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/**
 * A version string such as `"1.0"`; the docs sometimes print it as a number, which JSON turns into
 * `1` and would lose the `.0`, so numbers are kept as written by the server only when they are
 * strings.
 */
export const zVersionText = z.union([z.string(), z.number().transform(String)]);

/** A list that may be absent, a single object, or an array. */
export const zList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** A wrapper element of a list; an empty XML element (`<bns:X/>`) reads as "" and means "no items". */
export const zContainer = <T extends z.ZodType>(shape: T) => z.preprocess((v) => (v === '' ? {} : v), shape);

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function encodeJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses and validates a Boomi JSON response; a shape we do not understand is an API_ERROR. */
export function decodeJson<S extends z.ZodType>(text: string, schema: S, operation: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(stripBom(text));
  } catch (cause) {
    throw new AppError('API_ERROR', `Boomi ${operation} returned a body that is not JSON`, {
      details: { operation },
      cause,
    });
  }
  return validate(unwrapNamed(raw, operation.split('.')[0] ?? ''), schema, operation);
}

/**
 * Some of Boomi's examples wrap the answer in its type name (`{"Branch": {…}}`,
 * `{"QueryResult": {…}}`) where the others send it bare; accept both.
 */
function unwrapNamed(raw: unknown, objectName: string): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const keys = Object.keys(raw).filter((k) => k !== '@type');
  const key = keys.length === 1 ? keys[0]! : undefined;
  if (key !== objectName && key !== 'QueryResult') return raw;
  const inner = (raw as Record<string, unknown>)[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : raw;
}

export function validate<S extends z.ZodType>(raw: unknown, schema: S, operation: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new AppError('API_ERROR', `Boomi ${operation} returned an unexpected response (${issues.join('; ')})`, {
    details: { operation, issues },
  });
}

/** The generic QueryResult envelope; `result` is validated by the caller's row schema. */
export const QueryResultSchema = z.looseObject({
  numberOfResults: zInt.optional(),
  queryToken: z.string().optional(),
  result: zList(z.unknown()),
});
