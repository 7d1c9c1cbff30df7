import type { z } from 'zod';
import type { PolicyCheckView, PolicyRule, setPolicyRule } from '../../contracts/policy.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { PromotionCheckRun, PromotionChecks } from '../promotions/promotion-deps.ts';
import { xpathProblem } from './policy-engine.ts';
import { DEFAULT_POLICY_RULES, type PolicyRuleDefinition, type RawFinding } from './policy-rules.ts';
import { coverComponents, ruleSet, saveCheck, type PolicyRunDeps, type RuleSet } from './policy-run.ts';
import type { CheckedComponentRef, PolicyRuleInput, PolicyRuleRecord, PolicyStore } from './policy-store.ts';
import { blockingRules, currentFindings, mergeRules } from './policy-view.ts';

type SetRequest = z.output<typeof setPolicyRule.request>;
type RuleView = z.input<typeof PolicyRule>;
type CheckView = z.input<typeof PolicyCheckView>;

/** What the policy checks need of a promotion record. */
export interface PolicyRecords {
  get(promotionId: string): Promise<{ devAccountId: string; testPromotionId: string | null } | undefined>;
}

export interface PolicyService extends PromotionChecks {
  listRules(): Promise<{ rules: RuleView[]; fingerprint: string }>;
  setRule(caller: Caller, req: SetRequest): Promise<{ rule: RuleView; fingerprint: string }>;
  findings(promotionId: string): Promise<{ promotionId: string; check: CheckView | null }>;
  /**
   * Before a production (or hotfix) submission of `promotionId`: checks again when the rule
   * definitions changed since, and refuses with POLICY_CHECK_FAILED, naming the rules, while a
   * BLOCK finding stands.
   */
  gate(promotionId: string): Promise<void>;
}

const invalid = (field: string, message: string) =>
  new AppError('INVALID_REQUEST', `${field}: ${message}`, { details: { field } });

export function createPolicyService(deps: {
  db: Transactor;
  store: PolicyStore;
  boomi: BoomiClient;
  audit: AuditLog;
  records: PolicyRecords;
}): PolicyService {
  const { db, store, audit, records } = deps;
  const runDeps: PolicyRunDeps = deps;
  const currentSet = async () => ruleSet(mergeRules(await store.rules()));
  const defaults = new Map(DEFAULT_POLICY_RULES.map((d) => [d.ruleId, d]));

  const view = (r: PolicyRuleDefinition, record: PolicyRuleRecord | undefined): RuleView => ({
    ruleId: r.ruleId,
    title: r.title,
    message: r.message,
    severity: r.severity,
    enabled: r.enabled,
    componentTypes: r.componentTypes,
    checkKind: r.checkKind,
    check: r.check,
    builtIn: r.builtIn,
    defaultSeverity: defaults.get(r.ruleId)?.severity ?? null,
    updatedBy: record?.updatedBy ?? null,
    updatedAt: record?.updatedAt.toISOString() ?? null,
  });

  /** The check that holds a record's findings: its own, or (a production record) its test promotion's. */
  const checkOf = async (promotionId: string) => {
    const own = await store.check(promotionId);
    if (own) return { checkedId: promotionId, check: own };
    const testId = (await records.get(promotionId))?.testPromotionId;
    const test = testId ? await store.check(testId) : undefined;
    return testId && test ? { checkedId: testId, check: test } : undefined;
  };

  const recheck = async (promotionId: string, set: RuleSet, refs: CheckedComponentRef[]) => {
    const devAccountId = (await records.get(promotionId))?.devAccountId ?? '';
    const outcome = await coverComponents(runDeps, set, devAccountId, refs);
    return db.transaction((tx) =>
      saveCheck(runDeps, tx, { set, outcome, promotionId, devAccountId, stage: 'SUBMISSION', actor: 'system' }),
    );
  };

  return {
    async begin(devAccountId): Promise<PromotionCheckRun> {
      const set = await currentSet();
      const findings: RawFinding[] = [];
      const checked: CheckedComponentRef[] = [];
      const fresh: Array<{ devComponentId: string; devVersion: number; fingerprint: string; findings: RawFinding[] }> =
        [];
      const unchecked: Array<{ devComponentId: string; name: string; type: string; reason: string }> = [];
      return {
        inspect: (c, doc, devVersion) => {
          try {
            const found = set.run({ devComponentId: c.devComponentId, name: c.name, type: c.type, doc });
            findings.push(...found);
            checked.push({ devComponentId: c.devComponentId, name: c.name, type: c.type, devVersion });
            if (devVersion !== null)
              fresh.push({
                devComponentId: c.devComponentId,
                devVersion,
                fingerprint: set.fingerprint,
                findings: found,
              });
          } catch (e) {
            unchecked.push({
              devComponentId: c.devComponentId,
              name: c.name,
              type: c.type,
              reason: (e as Error).message,
            });
          }
        },
        finish: async (unchanged) => {
          const rest = await coverComponents(runDeps, set, devAccountId, unchanged);
          const outcome = {
            findings: [...findings, ...rest.findings],
            checked: [...checked, ...rest.checked],
            carried: rest.carried,
            unchecked: [...unchecked, ...rest.unchecked],
            fresh: [...fresh, ...rest.fresh],
          };
          return async (tx, promotionId, actor) => {
            await saveCheck(runDeps, tx, { set, outcome, promotionId, devAccountId, stage: 'PROMOTION', actor });
          };
        },
      };
    },

    async listRules() {
      const recorded = await store.rules();
      const byId = new Map(recorded.map((r) => [r.ruleId, r]));
      const rules = mergeRules(recorded);
      return { rules: rules.map((r) => view(r, byId.get(r.ruleId))), fingerprint: ruleSet(rules).fingerprint };
    },

    async setRule(caller, req) {
      const saved = await db.transaction(async (tx) => {
        const before = await store.rule(req.ruleId, tx);
        const builtIn = defaults.get(req.ruleId);
        let input: PolicyRuleInput;
        if (builtIn) {
          if (req.xpath !== undefined || req.title !== undefined || req.message !== undefined || req.componentTypes)
            throw invalid('ruleId', `${req.ruleId} ships with Promo: it may be enabled, disabled or re-graded only`);
          input = {
            ruleId: req.ruleId,
            custom: false,
            title: null,
            message: null,
            severity: req.severity ?? before?.severity ?? null,
            enabled: req.enabled ?? before?.enabled ?? null,
            componentTypes: [],
            xpath: null,
            updatedBy: caller.email,
          };
        } else {
          const xpath = req.xpath ?? before?.xpath;
          const title = req.title ?? before?.title;
          const message = req.message ?? before?.message;
          if (!before && (!xpath || !title || !message))
            throw new AppError(
              'POLICY_RULE_NOT_FOUND',
              `No rule ${req.ruleId}; to add a custom rule give its title, message and xpath`,
              { details: { field: 'ruleId' } },
            );
          const problem = req.xpath === undefined ? undefined : xpathProblem(req.xpath);
          if (problem) throw invalid('xpath', problem);
          input = {
            ruleId: req.ruleId,
            custom: true,
            title: title!,
            message: message!,
            severity: req.severity ?? before?.severity ?? 'WARN',
            enabled: req.enabled ?? before?.enabled ?? true,
            componentTypes: req.componentTypes ?? before?.componentTypes ?? [],
            xpath: xpath!,
            updatedBy: caller.email,
          };
        }
        const record = await store.saveRule(tx, input, before?.version);
        if (!record) throw new AppError('INVALID_REQUEST', `Rule ${req.ruleId} was changed meanwhile; try again`);
        const rule = mergeRules(await store.rules(tx)).find((r) => r.ruleId === req.ruleId)!;
        await audit.record(tx, {
          actor: caller.email,
          action: 'POLICY_RULE_SET',
          details: {
            ruleId: rule.ruleId,
            severity: rule.severity,
            enabled: rule.enabled,
            check: rule.check,
            componentTypes: rule.componentTypes,
            created: !before,
            ...(before
              ? { previous: { severity: before.severity, enabled: before.enabled, xpath: before.xpath } }
              : {}),
          },
        });
        return { rule, record };
      });
      return { rule: view(saved.rule, saved.record), fingerprint: (await currentSet()).fingerprint };
    },

    async findings(promotionId) {
      const checked = await checkOf(promotionId);
      if (!checked) return { promotionId, check: null };
      const { checkedId, check } = checked;
      const [stored, set] = await Promise.all([store.findings(checkedId), currentSet()]);
      const findings = currentFindings(stored, set.rules);
      return {
        promotionId,
        check: {
          checkedPromotionId: checkedId,
          checkedAt: check.checkedAt.toISOString(),
          componentsChecked: check.components.length,
          carriedForward: check.carriedForward,
          stale: check.fingerprint !== set.fingerprint,
          blockCount: findings.filter((f) => f.severity === 'BLOCK').length,
          warnCount: findings.filter((f) => f.severity === 'WARN').length,
          findings,
        },
      };
    },

    async gate(promotionId) {
      const checked = await checkOf(promotionId);
      // A promotion from before the checks existed has nothing recorded: it is not held back.
      if (!checked) return;
      const { checkedId, check } = checked;
      const set = await currentSet();
      let blocking = blockingRules(currentFindings(await store.findings(checkedId), set.rules));
      let unchecked = check.unchecked;
      if (check.fingerprint !== set.fingerprint) {
        const refs = [
          ...check.components,
          ...check.unchecked.map((u) => ({
            devComponentId: u.devComponentId,
            name: u.name,
            type: u.type,
            devVersion: null,
          })),
        ];
        const again = await recheck(checkedId, set, refs);
        blocking = again.blocking;
        unchecked = (await store.check(checkedId))?.unchecked ?? [];
      }
      if (unchecked.length)
        throw new AppError(
          'POLICY_CHECK_FAILED',
          `Policy rules could not be checked on ${unchecked.map((u) => u.name).join(', ')}; try again`,
          { details: { unchecked: unchecked.map((u) => u.devComponentId) } },
        );
      if (blocking.length)
        throw new AppError(
          'POLICY_CHECK_FAILED',
          `Policy rules block production: ${blocking.map((r) => `${r.ruleId} (${r.title})`).join(', ')}. ` +
            'Fix the components and promote again, or ask an admin to re-grade the rule.',
          { details: { rules: blocking.map((r) => r.ruleId) }, fields: { policyRules: blocking } },
        );
    },
  };
}
