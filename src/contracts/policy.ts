import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';

// Policy checks before review (issue 16 item 1): rules over the promoted components' XML, run at
// the end of every promotion and again before a production submission. A BLOCK finding stops the
// production submission (POLICY_CHECK_FAILED); a WARN finding is shown to the reviewers.

export const POLICY_SEVERITIES = ['BLOCK', 'WARN'] as const;
/** XPATH: a custom or default expression, each match a finding. BUILT_IN: a check written in code. */
export const POLICY_CHECK_KINDS = ['XPATH', 'BUILT_IN'] as const;
/** Longest XPath a custom rule may hold. */
export const POLICY_XPATH_MAX = 1000;

export const PolicyRule = z.object({
  ruleId: z.string(),
  title: z.string(),
  message: z.string(),
  severity: z.enum(POLICY_SEVERITIES),
  enabled: z.boolean(),
  /** Boomi component types the rule reads (`process`, `connector-action`, ...); empty: every type. */
  componentTypes: z.array(z.string()),
  checkKind: z.enum(POLICY_CHECK_KINDS),
  /** The XPath, or the name of the built-in check. */
  check: z.string(),
  /** Shipped with Promo (may be disabled and re-graded, not removed) or added by an admin. */
  builtIn: z.boolean(),
  /** The default severity and state, for a rule shipped with Promo. */
  defaultSeverity: z.enum(POLICY_SEVERITIES).nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const listPolicyRules = defineContract({
  name: 'listPolicyRules',
  summary:
    'The policy rules run over promoted components: the defaults shipped with Promo (as admins set them) and ' +
    'custom XPath rules. Everyone signed in may read them: they say what stops a production submission.',
  minTier: 'READONLY',
  request: z.strictObject({}),
  response: z.object({ rules: z.array(PolicyRule), fingerprint: z.string() }),
});

const RuleId = z
  .string()
  .trim()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes');

export const setPolicyRule = defineContract({
  name: 'setPolicyRule',
  summary:
    'Admin: enable, disable or re-grade a rule (ruleId with enabled and/or severity), or add or change a custom ' +
    'rule (ruleId, title, message, severity, xpath and componentTypes). An XPath that does not parse, names an ' +
    'unknown function, variable or namespace prefix, or does not select nodes is refused here, never when it ' +
    'runs. Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({
    ruleId: RuleId,
    enabled: z.boolean().optional(),
    severity: z.enum(POLICY_SEVERITIES).optional(),
    title: z.string().trim().min(1).max(LIMITS.name).optional(),
    message: z.string().trim().min(1).max(LIMITS.comments).optional(),
    xpath: z.string().trim().min(1).max(POLICY_XPATH_MAX).optional(),
    componentTypes: z.array(z.string().trim().min(1).max(64)).max(20).optional(),
  }),
  response: z.object({ rule: PolicyRule, fingerprint: z.string() }),
});

export const PolicyFinding = z.object({
  devComponentId: z.string(),
  componentName: z.string(),
  componentType: z.string(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  severity: z.enum(POLICY_SEVERITIES),
  message: z.string(),
  /** Where in the component: an XPath-like path to the element or attribute (never its value). */
  elementPath: z.string(),
});

export const PolicyCheckView = z.object({
  /** The promotion whose components were checked (a production record shows its test promotion's). */
  checkedPromotionId: z.string(),
  checkedAt: z.string(),
  componentsChecked: z.number().int(),
  /** Components not read by the promotion (unchanged) whose findings were carried forward. */
  carriedForward: z.number().int(),
  /** The rule definitions have changed since: the production submission checks again. */
  stale: z.boolean(),
  blockCount: z.number().int(),
  warnCount: z.number().int(),
  /** Under the rules as they stand now (disabled rules left out, severities as graded now). */
  findings: z.array(PolicyFinding),
});

export const getPolicyFindings = defineContract({
  name: 'getPolicyFindings',
  refs: { promotionId: 'promotion' },
  summary:
    'The policy findings of a promotion under the current rules: which component, which rule, BLOCK or WARN, ' +
    'and the element. `check` is null for a promotion that was never checked (one from before the checks).',
  minTier: 'READONLY',
  request: z.strictObject({ promotionId: Id }),
  response: z.object({ promotionId: z.string(), check: PolicyCheckView.nullable() }),
});
