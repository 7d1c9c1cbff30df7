import { createHash } from 'node:crypto';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import * as xpath from 'xpath';
import { BUILT_IN_CHECKS } from './policy-built-ins.ts';
import type { PolicyRuleDefinition, RawFinding } from './policy-rules.ts';

// The rule engine: pure, over parsed Component documents. Every rule is evaluated, enabled or not;
// the admin's current state and severity are applied when findings are read (policy-view.ts), so
// disabling or re-grading a rule never needs the XML again. Only a change of what a rule checks
// changes the fingerprint and asks for a new reading.

/** Bumped when a built-in check changes what it finds: stored findings then count as stale. */
export const ENGINE_VERSION = 1;
const BNS = 'http://api.platform.boomi.com/';
const NAMESPACES = { bns: BNS };

export interface CheckedComponent {
  devComponentId: string;
  name: string;
  type: string;
  doc: Document;
}

interface Evaluator {
  evaluate(options: { node: Node; namespaces: Record<string, string> }): object;
}
// The compiled form and the result classes are in the library's JavaScript, not its type declarations.
// Under ESM the CommonJS module's full exports are its default export.
const lib = ((xpath as unknown as { default?: unknown }).default ?? xpath) as {
  parse(expression: string): Evaluator;
  XNodeSet: abstract new (...args: never[]) => object;
  XBoolean: abstract new (...args: never[]) => object;
};
const parseXPath = (expression: string) => lib.parse(expression);
const nodesOf = (r: object): Node[] | undefined =>
  r instanceof lib.XNodeSet ? (r as unknown as { toArray(): Node[] }).toArray() : undefined;
const truthOf = (r: object): boolean | undefined =>
  r instanceof lib.XBoolean ? (r as unknown as { booleanValue(): boolean }).booleanValue() : undefined;

const XPATH_FUNCTIONS = new Set(
  (
    'last position count id local-name namespace-uri name string concat starts-with contains substring-before ' +
    'substring-after substring string-length normalize-space translate boolean not true false lang number sum ' +
    'floor ceiling round node text comment processing-instruction'
  ).split(' '),
);

/** A document of the shape rules run on, to find out at save time what an expression answers. */
const PROBE = new DOMParser().parseFromString(
  `<bns:Component xmlns:bns="${BNS}" name="probe" type="process"><bns:description/>` +
    '<bns:object><process xmlns=""><shapes/></process></bns:object></bns:Component>',
  'text/xml',
);

/**
 * Why an XPath cannot be a rule, or undefined. Checked when the rule is saved, so nothing is
 * discovered while a promotion runs: it must parse, call only XPath 1.0 functions, use no
 * variables and no namespace prefix but `bns`, and select nodes (or answer true/false).
 */
export function xpathProblem(expression: string): string | undefined {
  let compiled: Evaluator;
  try {
    compiled = parseXPath(expression);
  } catch (e) {
    return `the XPath does not parse (${(e as Error).message})`;
  }
  const code = expression.replace(/"[^"]*"|'[^']*'/g, "''");
  if (code.includes('$')) return 'variables ($name) are not supported';
  for (const m of code.matchAll(/([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(/g)) {
    if (!XPATH_FUNCTIONS.has(m[1]!)) return `unknown function ${m[1]}()`;
  }
  for (const m of code.matchAll(/([A-Za-z_][\w.-]*):(?!:)(?=[A-Za-z_*])/g)) {
    if (m[1] !== 'bns') return `unknown namespace prefix '${m[1]}' (only bns, Boomi's API namespace, is bound)`;
  }
  try {
    const result = compiled.evaluate({ node: PROBE, namespaces: NAMESPACES });
    if (nodesOf(result) === undefined && truthOf(result) === undefined)
      return 'the XPath must select nodes (each one a finding) or answer true/false, not a string or number';
  } catch (e) {
    return `the XPath cannot be evaluated (${(e as Error).message})`;
  }
  return undefined;
}

const ATTRIBUTE = 2;
const DOCUMENT = 9;

/** `/bns:Component/bns:object/process/shapes/shape[3]/@userlabel`: where a match is, never its value. */
export function elementPath(node: Node, attribute?: string): string {
  if (node.nodeType === ATTRIBUTE) {
    const attr = node as unknown as { ownerElement: Element | null; nodeName: string };
    return `${attr.ownerElement ? elementPath(attr.ownerElement) : ''}/@${attr.nodeName}`;
  }
  const steps: string[] = [];
  let n: Node | null = node;
  while (n && n.nodeType !== DOCUMENT) {
    if (n.nodeType !== 1) {
      steps.unshift('text()');
      n = n.parentNode;
      continue;
    }
    const name = n.nodeName;
    let index = 0;
    let count = 0;
    for (let s = n.parentNode?.firstChild ?? null; s; s = s.nextSibling) {
      if (s.nodeType === 1 && s.nodeName === name) {
        count++;
        if (s === n) index = count;
      }
    }
    steps.unshift(count > 1 ? `${name}[${index}]` : name);
    n = n.parentNode;
  }
  return `/${steps.join('/')}${attribute ? `/@${attribute}` : ''}`;
}

const applies = (rule: PolicyRuleDefinition, type: string) =>
  rule.componentTypes.length === 0 || rule.componentTypes.includes(type);

const objectOf = (doc: Document): Element | undefined => {
  for (let c = doc.documentElement?.firstChild ?? null; c; c = c.nextSibling)
    if (c.nodeType === 1 && (c as Element).localName === 'object') return c as Element;
  return undefined;
};

/** A compiled rule set: XPath compiled once, run over many components. */
export function compileRules(rules: readonly PolicyRuleDefinition[]) {
  const compiled = rules.map((rule) => ({
    rule,
    xpath: rule.checkKind === 'XPATH' ? parseXPath(rule.check) : undefined,
    builtIn: rule.checkKind === 'BUILT_IN' ? BUILT_IN_CHECKS[rule.check] : undefined,
  }));
  return (c: CheckedComponent): RawFinding[] => {
    const found: RawFinding[] = [];
    const object = objectOf(c.doc);
    const add = (ruleId: string, path: string, detail: string | null) =>
      found.push({
        devComponentId: c.devComponentId,
        componentName: c.name,
        componentType: c.type,
        ruleId,
        detail,
        elementPath: path,
      });
    for (const { rule, xpath: expr, builtIn } of compiled) {
      if (!applies(rule, c.type)) continue;
      if (expr) {
        const result = expr.evaluate({ node: c.doc, namespaces: NAMESPACES });
        for (const n of nodesOf(result) ?? []) add(rule.ruleId, elementPath(n), null);
        if (truthOf(result)) add(rule.ruleId, '/', null);
      } else if (builtIn && object) {
        for (const m of builtIn(c.doc, object)) add(rule.ruleId, elementPath(m.node, m.attribute), m.detail);
      }
    }
    return found;
  };
}

/**
 * What the stored findings were computed under: the engine and each rule's definition (what it
 * checks and where), not whether it is enabled or how it is graded.
 */
export function rulesFingerprint(rules: readonly PolicyRuleDefinition[]): string {
  const defs = [...rules]
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId))
    .map((r) => [r.ruleId, r.checkKind, r.check, [...r.componentTypes].sort()]);
  return createHash('sha256')
    .update(JSON.stringify([ENGINE_VERSION, defs]))
    .digest('hex')
    .slice(0, 32);
}
