import type { z } from 'zod';
import type { checkProductionExtensions, setExtensionCheckRule } from '../../contracts/extensions.ts';
import type { BoomiClient } from '../../boomi/index.ts';
import { AppError, isAppError } from '../../platform/errors.ts';
import type { Caller } from '../../platform/http/caller.ts';
import type { Transactor } from '../../platform/transactor.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ClientService } from '../clients/client-service.ts';
import type { PromotionRecords } from '../promotions/promotion-service.ts';
import { StepError, targetEnvironments, type ChosenEnvironments } from '../deployments/deployment-steps.ts';
import { productionFindings } from './extension-findings.ts';
import type { ExtensionService } from './extension-service.ts';
import type { ExtensionStore } from './extension-store.ts';

type CheckResponse = z.input<typeof checkProductionExtensions.response>;
type RuleResponse = z.input<typeof setExtensionCheckRule.response>;

const RULE_KEY = 'extensionCheck';

export interface ExtensionCheckDeps {
  boomi: BoomiClient;
  db: Transactor;
  audit: AuditLog;
  store: ExtensionStore;
  records: PromotionRecords;
  clients: ClientService;
  extensions: ExtensionService;
  primaryAccountId: string;
  /** The environments a promotion's deployment reached (the deployments feature knows). */
  deployedEnvironments(promotionId: string, target: 'TEST' | 'PRODUCTION'): Promise<Array<{ environmentId: string }>>;
}

/**
 * The extension side of a production release: what looks wrong before approval (issue 13 item 6),
 * the admin's rule that makes it block, and the access caches refreshed after the deployment
 * (item 3), which never fails the deployment.
 */
export function createExtensionChecks(deps: ExtensionCheckDeps) {
  const { store, records } = deps;

  const rule = async (): Promise<RuleResponse> => {
    const saved = await store.setting<{ blockApproval: boolean }>(RULE_KEY);
    return {
      blockApproval: saved?.value.blockApproval ?? false,
      updatedBy: saved?.updatedBy ?? null,
      updatedAt: saved?.updatedAt.toISOString() ?? null,
    };
  };

  async function check(promotionId: string): Promise<CheckResponse> {
    const p = await records.get(promotionId);
    if (!p) throw new AppError('PROMOTION_NOT_FOUND', `No promotion ${promotionId}`);
    if (p.targetEnvironment !== 'PRODUCTION') {
      throw new AppError('INVALID_PROMOTION_STATUS', `Promotion ${promotionId} is not a production request`);
    }
    const primary = (await deps.clients.scopeOf(deps.primaryAccountId))!;
    const chosen = (p.deploymentRequest?.['targetEnvironments'] ?? undefined) as ChosenEnvironments;
    const findings: CheckResponse['findings'] = [];
    const unchecked: CheckResponse['unchecked'] = [];
    // A target Boomi no longer has fails the deployment; here it is one more thing not checked.
    const targets = await targetEnvironments(deps.boomi, 'PRODUCTION', chosen?.length ? chosen : null).catch(
      (e: unknown) => {
        if (!(e instanceof StepError)) throw e;
        unchecked.push({ environmentId: '', reason: e.message });
        return [];
      },
    );
    const tested = p.testPromotionId ? await deps.deployedEnvironments(p.testPromotionId, 'TEST') : [];
    const testEnv =
      primary.environments.find((e) => e.environmentId === tested[0]?.environmentId) ??
      primary.environments.find((e) => e.role === 'TEST');
    const ids = new Set(
      (await records.results(promotionId)).flatMap((r) => (r.prodComponentId ? [r.prodComponentId] : [])),
    );
    const test = testEnv
      ? await deps.extensions.read({ scope: primary, environment: testEnv }).catch((e: unknown) => {
          if (isAppError(e)) return null;
          throw e;
        })
      : null;
    for (const t of targets) {
      const environment = primary.environments.find((e) => e.environmentId === t.environmentId) ?? {
        ...t,
        role: 'PROD' as const,
      };
      try {
        const prod = await deps.extensions.read({ scope: primary, environment });
        for (const f of productionFindings(prod.components, test?.components ?? null, (id) => ids.has(id))) {
          findings.push({ environmentId: t.environmentId, environmentName: t.environmentName, ...f });
        }
      } catch (e) {
        if (!isAppError(e)) throw e;
        unchecked.push({ environmentId: t.environmentId, reason: e.message });
      }
    }
    const { blockApproval } = await rule();
    return {
      promotionId,
      findings,
      ruleBlocksApproval: blockApproval,
      blocksApproval: blockApproval && findings.length > 0,
      unchecked,
    };
  }

  return {
    check,
    rule,
    async setRule(caller: Caller, blockApproval: boolean): Promise<RuleResponse> {
      await deps.db.transaction(async (tx) => {
        await store.saveSetting(RULE_KEY, { blockApproval }, caller.email, tx);
        await deps.audit.record(tx, {
          actor: caller.email,
          action: 'EXTENSION_CHECK_RULE_SET',
          details: { blockApproval },
        });
      });
      return rule();
    },
    /** Refuses an admin approval while the rule is on and findings remain. */
    async approvalGate(promotionId: string) {
      if (!(await rule()).blockApproval) return;
      const result = await check(promotionId);
      if (result.blocksApproval) {
        const first = result.findings.slice(0, 3).map((f) => f.message);
        throw new AppError(
          'EXTENSIONS_NOT_READY',
          `Production extensions are not ready (${result.findings.length} finding(s): ${first.join('; ')}). ` +
            'Fix them on the Extension Manager, or an admin turns the rule off.',
          { fields: { findings: result.findings } },
        );
      }
    },
    /**
     * After a production deployment: rebuild the access cache of every environment it reached,
     * and of the client accounts' environments (through overrideAccount). Failures become
     * warnings on the record; the deployment stands.
     */
    async refreshAfterDeployment(promotionId: string): Promise<string[]> {
      const warnings: string[] = [];
      const primary = await deps.clients.scopeOf(deps.primaryAccountId);
      const reached = new Set((await deps.deployedEnvironments(promotionId, 'PRODUCTION')).map((e) => e.environmentId));
      const places = [
        ...(primary?.environments ?? [])
          .filter((e) => reached.has(e.environmentId))
          .map((environment) => ({ scope: primary!, environment })),
        ...(await deps.clients.active()).flatMap((scope) =>
          scope.environments.map((environment) => ({ scope, environment })),
        ),
      ];
      for (const place of places) {
        try {
          await deps.extensions.rebuild(place, 'PROCESS_D_DEPLOY');
        } catch (e) {
          if (!isAppError(e)) throw e;
          warnings.push(
            `The extension access cache of ${place.scope.clientAccountName} / ${place.environment.environmentName} ` +
              `was not refreshed: ${e.message}. An admin can rebuild it on the Extension Manager.`,
          );
        }
      }
      if (warnings.length) {
        await deps.db.transaction(async (tx) => {
          await records.update(tx, promotionId, { postDeployWarnings: warnings });
          await deps.audit.record(tx, {
            actor: 'system',
            action: 'EXTENSION_ACCESS_REFRESH_FAILED',
            promotionId,
            details: { warnings },
          });
        });
      }
      return warnings;
    },
  };
}

export type ExtensionChecks = ReturnType<typeof createExtensionChecks>;
