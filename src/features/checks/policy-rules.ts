import type { Document, Element } from '@xmldom/xmldom';

// The rules of policy checks as the engine reads them, and the default rule set of Boomi practice
// shipped with Promo. Admins disable and re-grade the defaults and add XPath rules of their own
// (stored as overrides, policy-store.ts); the defaults' definitions live here, in code.

export type PolicySeverity = 'BLOCK' | 'WARN';

export interface PolicyRuleDefinition {
  ruleId: string;
  title: string;
  message: string;
  severity: PolicySeverity;
  enabled: boolean;
  /** Boomi component types the rule reads; empty: every type. */
  componentTypes: string[];
  checkKind: 'XPATH' | 'BUILT_IN';
  /** The XPath over the Component document (prefix `bns` bound), or the built-in check's name. */
  check: string;
  builtIn: boolean;
}

/** One place a rule matched, before the admin's current severity and state are applied. */
export interface RawFinding {
  devComponentId: string;
  componentName: string;
  componentType: string;
  ruleId: string;
  /** What exactly, when the rule says more than its message (a built-in check names the field). */
  detail: string | null;
  elementPath: string;
}

/** A match of a built-in check: the node it names and what it found (never a value). */
export interface BuiltInMatch {
  node: Element | Document;
  attribute?: string;
  detail: string;
}

export type BuiltInCheck = (doc: Document, object: Element) => BuiltInMatch[];

export const DEFAULT_POLICY_RULES: readonly PolicyRuleDefinition[] = [
  {
    ruleId: 'boomi.name.new-default',
    title: 'Component still has its default name',
    message: 'The component is still named "New ..." as Boomi created it; give it a name that says what it does',
    severity: 'WARN',
    enabled: true,
    componentTypes: [],
    checkKind: 'XPATH',
    check: "/bns:Component/@name[starts-with(normalize-space(.), 'New ')]",
    builtIn: true,
  },
  {
    ruleId: 'boomi.process.description',
    title: 'Process without a description',
    message: 'The process has no description; say what it does and who owns it',
    severity: 'WARN',
    enabled: true,
    componentTypes: ['process'],
    checkKind: 'XPATH',
    check: "/bns:Component[not(bns:description[normalize-space(.) != ''])]",
    builtIn: true,
  },
  {
    ruleId: 'boomi.connector.credentials-typed-in',
    title: 'Password, URL or user name typed into a connector field',
    message:
      'A password, URL or user name is typed into the component instead of being left to environment ' +
      'extensions; Promo empties it on the way to production, so production would run without it',
    severity: 'BLOCK',
    enabled: true,
    componentTypes: [],
    checkKind: 'BUILT_IN',
    check: 'credentials-typed-in',
    builtIn: true,
  },
  {
    ruleId: 'boomi.queue.dead-letter',
    title: 'Queue without a dead-letter setting',
    message: 'The queue has no dead-letter setting: a message that keeps failing is retried forever or lost',
    severity: 'WARN',
    enabled: true,
    componentTypes: ['queue', 'connector-action', 'connector-settings'],
    checkKind: 'BUILT_IN',
    check: 'queue-without-dead-letter',
    builtIn: true,
  },
  {
    ruleId: 'boomi.listener.max-connections',
    title: 'Listener with maximum connections 0',
    message: 'The listener allows at most 0 connections, so it never accepts a request',
    severity: 'BLOCK',
    enabled: true,
    componentTypes: ['process', 'connector-action', 'connector-settings'],
    checkKind: 'BUILT_IN',
    check: 'listener-max-connections-zero',
    builtIn: true,
  },
];
