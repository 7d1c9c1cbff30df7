import {
  DEFAULT_POLICY_RULES,
  type PolicyRuleDefinition,
  type PolicySeverity,
  type RawFinding,
} from './policy-rules.ts';
import type { PolicyRuleRecord } from './policy-store.ts';

/** The rules in force: the defaults as the admins set them, then the custom rules, by id. */
export function mergeRules(overrides: readonly PolicyRuleRecord[]): PolicyRuleDefinition[] {
  const byId = new Map(overrides.map((o) => [o.ruleId, o]));
  const defaults = DEFAULT_POLICY_RULES.map((d) => {
    const o = byId.get(d.ruleId);
    return o ? { ...d, severity: o.severity ?? d.severity, enabled: o.enabled ?? d.enabled } : { ...d };
  });
  const custom = overrides
    .filter((o) => o.custom && !DEFAULT_POLICY_RULES.some((d) => d.ruleId === o.ruleId))
    .map((o): PolicyRuleDefinition => ({
      ruleId: o.ruleId,
      title: o.title!,
      message: o.message!,
      severity: o.severity!,
      enabled: o.enabled!,
      componentTypes: o.componentTypes,
      checkKind: 'XPATH',
      check: o.xpath!,
      builtIn: false,
    }));
  return [...defaults, ...custom];
}

export interface CurrentFinding extends Omit<RawFinding, 'detail'> {
  ruleTitle: string;
  severity: PolicySeverity;
  message: string;
}

/**
 * Findings under the rules as they stand: a disabled or removed rule's findings drop out, a
 * re-graded rule's findings take its new severity. BLOCK first, then by component and rule.
 */
export function currentFindings(raw: readonly RawFinding[], rules: readonly PolicyRuleDefinition[]): CurrentFinding[] {
  const byId = new Map(rules.map((r) => [r.ruleId, r]));
  const out: CurrentFinding[] = [];
  for (const f of raw) {
    const rule = byId.get(f.ruleId);
    if (!rule?.enabled) continue;
    out.push({
      devComponentId: f.devComponentId,
      componentName: f.componentName,
      componentType: f.componentType,
      ruleId: f.ruleId,
      ruleTitle: rule.title,
      severity: rule.severity,
      message: f.detail ? `${rule.message} (${f.detail})` : rule.message,
      elementPath: f.elementPath,
    });
  }
  const rank = (s: PolicySeverity) => (s === 'BLOCK' ? 0 : 1);
  return out.sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      a.componentName.localeCompare(b.componentName) ||
      a.ruleId.localeCompare(b.ruleId),
  );
}

/** "boomi.x (Title), acme.y (Other)": the BLOCK rules that stop a submission, each once. */
export function blockingRules(findings: readonly CurrentFinding[]): Array<{ ruleId: string; title: string }> {
  const seen = new Map<string, string>();
  for (const f of findings) if (f.severity === 'BLOCK' && !seen.has(f.ruleId)) seen.set(f.ruleId, f.ruleTitle);
  return [...seen].map(([ruleId, title]) => ({ ruleId, title }));
}
