import { BoomiError, MESSAGES, badRequest } from '../http/boomi-error.ts';
import { readXml } from '../wire/xml-read.ts';
import { BOOMI_NS } from '../wire/xml-write.ts';

// QueryConfig grammar (30-boomi-platform-api.md §2.1): JSON `{"QueryFilter":{"expression":…}}` or XML
// `<QueryConfig xmlns="http://api.platform.boomi.com/"><QueryFilter><expression xsi:type=…>`. Simple and
// grouping expressions are told apart by shape; `@type` / `xsi:type` are accepted but not needed.

export interface SimpleExpr {
  kind: 'simple';
  operator: string;
  property: string;
  args: string[];
}

export interface GroupExpr {
  kind: 'group';
  operator: 'and' | 'or';
  nested: Expr[];
}

export type Expr = SimpleExpr | GroupExpr;

const asArray = (v: unknown): unknown[] =>
  v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function argText(v: unknown): string {
  if (isRecord(v)) return String(v['#text'] ?? '');
  return String(v);
}

function parseExpr(node: unknown): Expr | null {
  if (node === undefined || node === null || node === '') return null;
  if (!isRecord(node)) throw badRequest('Invalid query filter expression.');
  const op = typeof node['operator'] === 'string' ? node['operator'] : '';
  const isGroup =
    node['@type'] === 'GroupingExpression' || 'nestedExpression' in node || ['and', 'or'].includes(op.toLowerCase());
  if (isGroup) {
    const lower = op.toLowerCase();
    if (lower !== 'and' && lower !== 'or') throw badRequest(`Invalid grouping operator: ${op}`);
    const nested = asArray(node['nestedExpression'])
      .map(parseExpr)
      .filter((e): e is Expr => e !== null);
    return { kind: 'group', operator: lower, nested };
  }
  const property = node['property'];
  if (typeof property !== 'string' || !property) throw badRequest('Query expression is missing its property.');
  if (!op) throw badRequest(`Query expression on ${property} is missing its operator.`);
  return { kind: 'simple', operator: op, property, args: asArray(node['argument']).map(argText) };
}

/** A missing filter, `{}` or an empty grouping all mean "match everything". */
export function parseJsonQuery(body: unknown): Expr | null {
  if (body === undefined || body === null || body === '') return null;
  if (!isRecord(body)) throw new BoomiError(400, MESSAGES.unreadable);
  const filter = body['QueryFilter'];
  if (filter === undefined || filter === null) return null;
  if (!isRecord(filter)) throw new BoomiError(400, MESSAGES.unreadable);
  return simplify(parseExpr(filter['expression']));
}

export function parseXmlQuery(text: string): Expr | null {
  const doc = readXml(text);
  if (doc.namespace !== BOOMI_NS) throw new BoomiError(400, MESSAGES.unreadable);
  if (doc.root !== 'QueryConfig') throw new BoomiError(400, MESSAGES.expectedQueryConfig(doc.root));
  const filter = doc.value['QueryFilter'];
  if (!isRecord(filter)) return null;
  return simplify(parseExpr(filter['expression']));
}

function simplify(e: Expr | null): Expr | null {
  if (e && e.kind === 'group' && e.nested.length === 0) return null;
  return e;
}

/** Every simple expression in the tree, for allow-list and co-requirement checks. */
export function simpleExprs(e: Expr | null): SimpleExpr[] {
  if (!e) return [];
  if (e.kind === 'simple') return [e];
  return e.nested.flatMap(simpleExprs);
}

/** Values a property is pinned to by EQUALS on the top-level AND path, or null if unconstrained. */
export function pinnedValues(e: Expr | null, property: string): string[] | null {
  if (!e) return null;
  if (e.kind === 'simple') return e.property === property && e.operator === 'EQUALS' ? e.args : null;
  if (e.operator !== 'and') return null;
  for (const n of e.nested) {
    const v = pinnedValues(n, property);
    if (v) return v;
  }
  return null;
}

/**
 * Values a property can take in a matching row: pinned on the AND path, or pinned in every branch
 * of an OR (a batch of ids). Null when some row could match without it. A pre-filter only: the
 * full expression is still evaluated on what it leaves.
 */
export function candidateValues(e: Expr | null, property: string): string[] | null {
  if (!e) return null;
  if (e.kind === 'simple') return e.property === property && e.operator === 'EQUALS' ? e.args : null;
  if (e.operator === 'or') {
    const all: string[] = [];
    for (const n of e.nested) {
      const v = candidateValues(n, property);
      if (!v) return null;
      all.push(...v);
    }
    return all;
  }
  for (const n of e.nested) {
    const v = candidateValues(n, property);
    if (v) return v;
  }
  return null;
}
