import type { BoomiClient, Document } from '../../boomi/index.ts';
import { COMPONENT_BULK_LIMIT } from '../../boomi/index.ts';
import { isAppError } from '../../platform/errors.ts';
import type { Transactor, Tx } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { compileRules, rulesFingerprint, type CheckedComponent } from './policy-engine.ts';
import type { PolicyRuleDefinition, RawFinding } from './policy-rules.ts';
import type { CachedComponentCheck, CheckedComponentRef, PolicyCheckRecord, PolicyStore } from './policy-store.ts';
import { blockingRules, currentFindings } from './policy-view.ts';

// Running the rules over a promotion's components: those the promotion read (inspected before
// their environment values are stripped), and those it did not read because they did not change
// (issue 15), whose findings are carried forward from the last check of the same dev version under
// the same rule definitions, or read in bulk when there is none.

export interface PolicyRunDeps {
  db: Transactor;
  store: PolicyStore;
  boomi: BoomiClient;
  audit: AuditLog;
}

export interface RuleSet {
  rules: PolicyRuleDefinition[];
  fingerprint: string;
  run(c: CheckedComponent): RawFinding[];
}

export const ruleSet = (rules: PolicyRuleDefinition[]): RuleSet => ({
  rules,
  fingerprint: rulesFingerprint(rules),
  run: compileRules(rules),
});

type Unchecked = PolicyCheckRecord['unchecked'][number];
type Fresh = { devComponentId: string } & CachedComponentCheck;

interface Covered {
  findings: RawFinding[];
  checked: CheckedComponentRef[];
  fresh: Fresh[];
  carried: number;
  unchecked: Unchecked[];
}

const reason = (e: unknown) => (isAppError(e) ? `${e.code}: ${e.message}` : (e as Error).message);

/** Checks components without their XML in hand: from the cache when it matches, else read in bulk. */
export async function coverComponents(
  deps: PolicyRunDeps,
  set: RuleSet,
  devAccountId: string,
  refs: readonly CheckedComponentRef[],
): Promise<Covered> {
  const out: Covered = { findings: [], checked: [], fresh: [], carried: 0, unchecked: [] };
  const cache = await deps.store.cached(
    devAccountId,
    refs.map((r) => r.devComponentId),
  );
  const toRead: CheckedComponentRef[] = [];
  for (const ref of refs) {
    const hit = cache.get(ref.devComponentId);
    if (hit && hit.fingerprint === set.fingerprint && ref.devVersion !== null && hit.devVersion === ref.devVersion) {
      out.findings.push(...hit.findings.map((f) => ({ ...f, componentName: ref.name, componentType: ref.type })));
      out.checked.push(ref);
      out.carried++;
    } else toRead.push(ref);
  }
  const chunks = Array.from({ length: Math.ceil(toRead.length / COMPONENT_BULK_LIMIT) }, (_, i) =>
    toRead.slice(i * COMPONENT_BULK_LIMIT, (i + 1) * COMPONENT_BULK_LIMIT),
  );
  await Promise.all(
    chunks.map(async (chunk) => {
      let items;
      try {
        items = await deps.boomi.components.bulkGet(
          chunk.map((r) => r.devComponentId),
          { overrideAccount: devAccountId },
        );
      } catch (e) {
        out.unchecked.push(
          ...chunk.map((r) => ({ devComponentId: r.devComponentId, name: r.name, type: r.type, reason: reason(e) })),
        );
        return;
      }
      chunk.forEach((ref, i) => {
        const item = items[i]!;
        if ('error' in item) {
          out.unchecked.push({
            devComponentId: ref.devComponentId,
            name: ref.name,
            type: ref.type,
            reason: reason(item.error),
          });
          return;
        }
        const devVersion = item.component.attributes.version ?? null;
        const checked = inspectOne(set, { ...ref, devVersion }, item.component.doc);
        if ('reason' in checked) {
          out.unchecked.push(checked);
          return;
        }
        out.findings.push(...checked.findings);
        out.checked.push({ ...ref, devVersion });
        if (devVersion !== null)
          out.fresh.push({
            devComponentId: ref.devComponentId,
            devVersion,
            fingerprint: set.fingerprint,
            findings: checked.findings,
          });
      });
    }),
  );
  return out;
}

function inspectOne(set: RuleSet, ref: CheckedComponentRef, doc: Document): { findings: RawFinding[] } | Unchecked {
  try {
    return { findings: set.run({ devComponentId: ref.devComponentId, name: ref.name, type: ref.type, doc }) };
  } catch (e) {
    return {
      devComponentId: ref.devComponentId,
      name: ref.name,
      type: ref.type,
      reason: `the rules could not run: ${reason(e)}`,
    };
  }
}

export interface CheckOutcome {
  findings: RawFinding[];
  checked: CheckedComponentRef[];
  carried: number;
  unchecked: Unchecked[];
  fresh: Fresh[];
}

/**
 * Stores a check (replacing the promotion's last one), remembers each freshly checked component
 * for later carrying forward, and audits it: POLICY_CHECK_FAILED when a BLOCK finding (or a
 * component that could not be checked) stands under the rules now.
 */
export async function saveCheck(
  deps: PolicyRunDeps,
  tx: Tx,
  input: {
    set: RuleSet;
    outcome: CheckOutcome;
    promotionId: string;
    devAccountId: string;
    stage: 'PROMOTION' | 'SUBMISSION';
    actor: string;
  },
) {
  const { set, outcome, promotionId, stage } = input;
  const byId = new Map(set.rules.map((r) => [r.ruleId, r]));
  await deps.store.saveCheck(
    tx,
    {
      promotionId,
      fingerprint: outcome.unchecked.length ? null : set.fingerprint,
      stage,
      components: outcome.checked,
      carriedForward: outcome.carried,
      unchecked: outcome.unchecked,
    },
    outcome.findings.map((f) => ({
      ...f,
      severity: byId.get(f.ruleId)!.severity,
      message: byId.get(f.ruleId)!.message,
    })),
  );
  await deps.store.saveCached(tx, input.devAccountId, outcome.fresh);
  const current = currentFindings(outcome.findings, set.rules);
  const blocking = blockingRules(current);
  // A clean check is in policy_check; the trail (and the webhooks that follow POLICY_ events) gets failures.
  if (blocking.length || outcome.unchecked.length)
    await deps.audit.record(tx, {
      actor: input.actor,
      action: 'POLICY_CHECK_FAILED',
      promotionId,
      details: {
        stage,
        blockCount: current.filter((f) => f.severity === 'BLOCK').length,
        warnCount: current.filter((f) => f.severity === 'WARN').length,
        rules: blocking.map((r) => r.ruleId),
        componentsChecked: outcome.checked.length,
        carriedForward: outcome.carried,
        unchecked: outcome.unchecked.map((u) => u.devComponentId),
        fingerprint: set.fingerprint,
      },
    });
  return { current, blocking };
}
