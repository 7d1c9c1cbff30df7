import { DOMImplementation } from '@xmldom/xmldom';
import type { Element } from '@xmldom/xmldom';
import { BNS_NS, XSI_NS, XMLNS_NS, serializeXml } from './wire-xml.ts';

// The QueryConfig grammar of 30-boomi-platform-api.md §2. STARTS_WITH and NOT_LIKE are left out on
// purpose (§2.2): no object we query accepts them; use LIKE 'prefix%'.

export const QUERY_OPERATORS = [
  'EQUALS',
  'NOT_EQUALS',
  'LIKE',
  'IS_NULL',
  'IS_NOT_NULL',
  'BETWEEN',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'CONTAINS',
  'NOT_CONTAINS',
] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

/** How many arguments each operator takes. */
export const OPERATOR_ARITY: Record<QueryOperator, number> = {
  EQUALS: 1,
  NOT_EQUALS: 1,
  LIKE: 1,
  IS_NULL: 0,
  IS_NOT_NULL: 0,
  BETWEEN: 2,
  GREATER_THAN: 1,
  GREATER_THAN_OR_EQUAL: 1,
  LESS_THAN: 1,
  LESS_THAN_OR_EQUAL: 1,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
};

export interface SimpleExpression<P extends string = string> {
  readonly operator: QueryOperator;
  readonly property: P;
  readonly argument: readonly string[];
}

export interface GroupingExpression<P extends string = string> {
  readonly operator: 'and' | 'or';
  readonly nestedExpression: readonly QueryExpression<P>[];
}

export type QueryExpression<P extends string = string> = SimpleExpression<P> | GroupingExpression<P>;

export type QueryValue = string | number | boolean | Date;

export const isGrouping = <P extends string>(e: QueryExpression<P>): e is GroupingExpression<P> =>
  'nestedExpression' in e;

/** Boomi compares dates as `yyyy-MM-ddTHH:mm:ssZ` (§2.1); booleans and numbers travel as strings. */
export function queryArgument(v: QueryValue): string {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return String(v);
}

function simple<P extends string>(
  operator: QueryOperator,
  property: P,
  args: readonly QueryValue[],
): SimpleExpression<P> {
  const arity = OPERATOR_ARITY[operator];
  if (args.length !== arity) throw new RangeError(`${operator} takes ${arity} argument(s), got ${args.length}`);
  return { operator, property, argument: args.map(queryArgument) };
}

function group<P extends string>(operator: 'and' | 'or', nested: readonly QueryExpression<P>[]): GroupingExpression<P> {
  // An empty group's meaning is unverified on the live service (§2.1), so we never send one.
  if (nested.length === 0) throw new RangeError(`"${operator}" needs at least one nested expression`);
  return { operator, nestedExpression: nested };
}

/** Expression builders: `q.and(q.eq('name', 'main'), q.isNotNull('id'))`. */
export const q = {
  eq: <P extends string>(property: P, value: QueryValue) => simple('EQUALS', property, [value]),
  ne: <P extends string>(property: P, value: QueryValue) => simple('NOT_EQUALS', property, [value]),
  like: <P extends string>(property: P, pattern: string) => simple('LIKE', property, [pattern]),
  isNull: <P extends string>(property: P) => simple('IS_NULL', property, []),
  isNotNull: <P extends string>(property: P) => simple('IS_NOT_NULL', property, []),
  between: <P extends string>(property: P, from: QueryValue, to: QueryValue) => simple('BETWEEN', property, [from, to]),
  gt: <P extends string>(property: P, value: QueryValue) => simple('GREATER_THAN', property, [value]),
  gte: <P extends string>(property: P, value: QueryValue) => simple('GREATER_THAN_OR_EQUAL', property, [value]),
  lt: <P extends string>(property: P, value: QueryValue) => simple('LESS_THAN', property, [value]),
  lte: <P extends string>(property: P, value: QueryValue) => simple('LESS_THAN_OR_EQUAL', property, [value]),
  contains: <P extends string>(property: P, value: QueryValue) => simple('CONTAINS', property, [value]),
  notContains: <P extends string>(property: P, value: QueryValue) => simple('NOT_CONTAINS', property, [value]),
  and: <P extends string>(...nested: QueryExpression<P>[]) => group('and', nested),
  or: <P extends string>(...nested: QueryExpression<P>[]) => group('or', nested),
  /** Any operator by name, for callers that hold the operator as data. */
  op: <P extends string>(operator: QueryOperator, property: P, ...args: QueryValue[]) =>
    simple(operator, property, args),
};

export interface QueryConfigJson {
  QueryFilter: { expression: unknown };
}

/** The JSON body: no QueryConfig wrapper, top-level `QueryFilter` (§2.1). */
export function queryConfigJson(expression: QueryExpression): QueryConfigJson {
  return { QueryFilter: { expression: expressionJson(expression) } };
}

function expressionJson(e: QueryExpression): unknown {
  if (isGrouping(e)) return { operator: e.operator, nestedExpression: e.nestedExpression.map(expressionJson) };
  // IS_NULL / IS_NOT_NULL carry no argument key at all (§2.1 "omit or []").
  return e.argument.length === 0
    ? { operator: e.operator, property: e.property }
    : { operator: e.operator, property: e.property, argument: [...e.argument] };
}

/**
 * The XML body: root `QueryConfig` in the Boomi namespace, `operator`/`property` as attributes,
 * one `<argument>` per value and `xsi:type` naming the expression kind (§2.1, pitfalls 3 and 4).
 */
export function queryConfigXml(expression: QueryExpression): string {
  const doc = new DOMImplementation().createDocument(BNS_NS, 'QueryConfig', null);
  const root = doc.documentElement!;
  root.setAttributeNS(XMLNS_NS, 'xmlns', BNS_NS);
  root.setAttributeNS(XMLNS_NS, 'xmlns:xsi', XSI_NS);
  const filter = doc.createElementNS(BNS_NS, 'QueryFilter');
  root.appendChild(filter);
  const build = (e: QueryExpression, name: string): Element => {
    const el = doc.createElementNS(BNS_NS, name);
    el.setAttributeNS(XSI_NS, 'xsi:type', isGrouping(e) ? 'GroupingExpression' : 'SimpleExpression');
    el.setAttribute('operator', e.operator);
    if (isGrouping(e)) {
      for (const n of e.nestedExpression) el.appendChild(build(n, 'nestedExpression'));
    } else {
      el.setAttribute('property', e.property);
      for (const a of e.argument) {
        const arg = doc.createElementNS(BNS_NS, 'argument');
        arg.appendChild(doc.createTextNode(a));
        el.appendChild(arg);
      }
    }
    return el;
  };
  filter.appendChild(build(expression, 'expression'));
  return `<?xml version="1.0" encoding="UTF-8"?>${serializeXml(doc)}`;
}
