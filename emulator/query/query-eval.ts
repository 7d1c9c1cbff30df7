import { badRequest } from '../http/boomi-error.ts';
import type { Expr, SimpleExpr } from './query-parse.ts';
import { simpleExprs } from './query-parse.ts';

// Evaluation of parsed filters against rows. Values compare by the row's type: booleans and
// numbers by value, dates by instant, strings case-sensitively unless configured otherwise.

const ARITY: Record<string, number | [number, number]> = {
  EQUALS: 1,
  NOT_EQUALS: 1,
  LIKE: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  IS_NULL: [0, 0],
  IS_NOT_NULL: [0, 0],
  BETWEEN: 2,
  GREATER_THAN: 1,
  GREATER_THAN_OR_EQUAL: 1,
  LESS_THAN: 1,
  LESS_THAN_OR_EQUAL: 1,
};

const DATE_PROPERTIES = new Set([
  'createdDate',
  'modifiedDate',
  'deployedDate',
  'dateCreated',
  'expirationDate',
  'executionTime',
  'recordedDate',
]);

export interface QueryRules {
  /** Properties accepted in `property`; anything else is a 400. */
  properties: readonly string[];
  /** Account queries: the schema enum is upper-case while the examples use camelCase. */
  caseInsensitiveProperties?: boolean;
  /** Properties whose values compare case-insensitively (Atom `status`: Boomi's CLI sends `online`). */
  caseInsensitiveValues?: readonly string[];
}

export interface EvalOptions {
  caseInsensitiveStrings: boolean;
  caseInsensitiveProperties?: ReadonlySet<string>;
}

/** Checks properties and operators and returns the filter with properties in canonical case. */
export function validateQuery(expr: Expr | null, rules: QueryRules): Expr | null {
  for (const s of simpleExprs(expr)) {
    const canonical = rules.caseInsensitiveProperties
      ? rules.properties.find((p) => p.toLowerCase() === s.property.toLowerCase())
      : rules.properties.find((p) => p === s.property);
    if (!canonical) throw badRequest(`Invalid query filter: property ${s.property} is not a valid filter property.`);
    s.property = canonical;
    const arity = ARITY[s.operator];
    if (arity === undefined)
      throw badRequest(`Invalid query filter: operator ${s.operator} is not supported for property ${s.property}.`);
    const [min, max] = typeof arity === 'number' ? [arity, arity] : arity;
    if (s.args.length < min || s.args.length > max) {
      throw badRequest(
        `Invalid query filter: operator ${s.operator} on ${s.property} expects ${min === max ? min : `${min}-${max}`} argument(s), got ${s.args.length}.`,
      );
    }
  }
  return expr;
}

export function matches(row: Record<string, unknown>, expr: Expr | null, opts: EvalOptions): boolean {
  if (!expr) return true;
  if (expr.kind === 'group') {
    return expr.operator === 'and'
      ? expr.nested.every((n) => matches(row, n, opts))
      : expr.nested.some((n) => matches(row, n, opts));
  }
  return matchSimple(row[expr.property], expr, opts);
}

function isNull(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

function likeRegex(pattern: string, flags: string): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '.*';
    else if (ch === '_') re += '.';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags);
}

/** Comparable form of an argument, typed after the row value. */
function coerce(value: unknown, arg: string, s: SimpleExpr): number | string | boolean {
  if (typeof value === 'boolean') return arg.trim().toLowerCase() === 'true';
  if (typeof value === 'number') {
    const n = Number(arg);
    if (Number.isNaN(n)) throw badRequest(`Invalid query filter: ${arg} is not a number for property ${s.property}.`);
    return n;
  }
  if (DATE_PROPERTIES.has(s.property)) {
    const t = Date.parse(arg);
    if (Number.isNaN(t)) throw badRequest(`Invalid query filter: ${arg} is not a date for property ${s.property}.`);
    return t;
  }
  return arg;
}

function rowValue(value: unknown, s: SimpleExpr, ci: boolean): number | string | boolean {
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (DATE_PROPERTIES.has(s.property)) return Date.parse(String(value));
  const str = String(value);
  return ci ? str.toLowerCase() : str;
}

function matchSimple(value: unknown, s: SimpleExpr, opts: EvalOptions): boolean {
  const ci = opts.caseInsensitiveStrings || !!opts.caseInsensitiveProperties?.has(s.property);
  switch (s.operator) {
    case 'IS_NULL':
      return isNull(value);
    case 'IS_NOT_NULL':
      return !isNull(value);
  }
  if (isNull(value)) return s.operator === 'NOT_EQUALS' || s.operator === 'NOT_CONTAINS';
  const arg0 = s.args[0] ?? '';
  const text = String(value);
  switch (s.operator) {
    case 'LIKE':
      return likeRegex(arg0, ci ? 'is' : 's').test(text);
    case 'CONTAINS':
      return ci ? text.toLowerCase().includes(arg0.toLowerCase()) : text.includes(arg0);
    case 'NOT_CONTAINS':
      return !(ci ? text.toLowerCase().includes(arg0.toLowerCase()) : text.includes(arg0));
  }
  const left = rowValue(value, s, ci);
  const norm = (a: string) => {
    const c = coerce(value, a, s);
    return ci && typeof c === 'string' ? c.toLowerCase() : c;
  };
  const right = norm(arg0);
  switch (s.operator) {
    case 'EQUALS':
      return left === right;
    case 'NOT_EQUALS':
      return left !== right;
    case 'GREATER_THAN':
      return left > right;
    case 'GREATER_THAN_OR_EQUAL':
      return left >= right;
    case 'LESS_THAN':
      return left < right;
    case 'LESS_THAN_OR_EQUAL':
      return left <= right;
    case 'BETWEEN': {
      const hi = norm(s.args[1] ?? '');
      return left >= right && left <= hi;
    }
  }
  return false;
}
