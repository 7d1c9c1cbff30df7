import type { BoomiClient } from '../../boomi/index.ts';
import { readMainVersions } from '../mappings/main-versions.ts';
import type { Mapping } from '../mappings/mapping-store.ts';
import { planComponent, type ChangeStep } from './change-plan.ts';
import { result, type TreeComponent } from './promotion-runner.ts';
import type { ComponentResultRecord, PendingMapping } from './promotion-store.ts';

export interface ChangeCheck {
  plan: Map<string, ChangeStep>;
  /** Components to read and write. */
  toRead: TreeComponent[];
  /** Components left as main holds them, each reported UNCHANGED with why. */
  skipped: ComponentResultRecord[];
  /** Their mappings, carried to the next record unchanged. */
  skippedMappings: PendingMapping[];
}

/**
 * Decides which components a promotion must read, from two batched metadata queries (the dev
 * account's current versions, main's current versions of the mapped production components):
 * about one call per 50 components, so an unchanged tree costs a few calls, not two per
 * component. `force` skips the queries and reads everything. Runs after the branch exists, so a
 * main version read here is no older than the branch's copy.
 */
export async function checkChanges(
  boomi: BoomiClient,
  input: {
    devAccountId: string;
    primaryAccountId: string;
    components: readonly TreeComponent[];
    committed: readonly Mapping[];
    force: boolean;
  },
): Promise<ChangeCheck> {
  const recorded = new Map(input.committed.map((m) => [m.devComponentId, m]));
  const mapped = input.components.filter((c) => recorded.has(c.devComponentId));
  const [dev, main] =
    input.force || mapped.length === 0
      ? [new Map(), new Map()]
      : await Promise.all([
          readMainVersions(
            boomi,
            mapped.map((c) => c.devComponentId),
            { account: input.devAccountId },
          ),
          readMainVersions(
            boomi,
            mapped.map((c) => recorded.get(c.devComponentId)!.prodComponentId),
          ),
        ]);
  const check: ChangeCheck = { plan: new Map(), toRead: [], skipped: [], skippedMappings: [] };
  for (const c of input.components) {
    const m = recorded.get(c.devComponentId);
    const step = planComponent({
      recorded: m,
      dev: dev.get(c.devComponentId),
      main: m && main.get(m.prodComponentId),
      force: input.force,
    });
    check.plan.set(c.devComponentId, step);
    if (step.kind === 'read' || !m) {
      check.toRead.push(c);
      continue;
    }
    check.skipped.push(
      result(c, {
        action: 'UNCHANGED',
        status: 'SUCCESS',
        prodComponentId: m.prodComponentId,
        prodVersion: m.prodLatestVersion,
        baseVersion: m.prodLatestVersion,
        reason: step.reason,
      }),
    );
    check.skippedMappings.push({
      devComponentId: c.devComponentId,
      devAccountId: input.devAccountId,
      prodComponentId: m.prodComponentId,
      componentName: c.name,
      componentType: c.type,
      prodAccountId: input.primaryAccountId,
      prodLatestVersion: m.prodLatestVersion,
      devVersion: m.devVersion ?? null,
      contentHash: m.contentHash ?? null,
    });
  }
  return check;
}
