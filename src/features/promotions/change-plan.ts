// What a promotion must do with each component before it reads anything (issue 15, ADR 0015).
// Pure: the job feeds it the mappings, the dev account's current versions and main's current
// versions, all from batched metadata queries, and it decides per component.

/** What Promo recorded when it last promoted the component (the committed mapping). */
export interface RecordedPromotion {
  prodComponentId: string;
  prodLatestVersion: number;
  devVersion?: number | null | undefined;
  contentHash?: string | null | undefined;
}

/** A component's current revision as a metadata query reports it. */
export interface CurrentRevision {
  version?: number | undefined;
  deleted?: boolean | undefined;
  modifiedBy?: string | undefined;
}

export type ChangeStep =
  /** Neither side moved since Promo wrote it: the branch (a copy of main) already holds it. */
  | { kind: 'skip'; reason: string }
  /**
   * Read from the dev account, then: `new` creates; `hash` writes unless the content hashes to
   * what Promo last wrote (main still holds exactly that); `branch` compares with the branch copy
   * first, because main may hold something Promo did not write.
   */
  | { kind: 'read'; compare: 'new' | 'hash' | 'branch'; reason: string | null };

export function planComponent(input: {
  recorded: RecordedPromotion | undefined;
  dev: CurrentRevision | undefined;
  main: CurrentRevision | undefined;
  force: boolean;
}): ChangeStep {
  const { recorded, dev, main, force } = input;
  if (!recorded) return { kind: 'read', compare: 'new', reason: null };
  if (force) return { kind: 'read', compare: 'branch', reason: 'forced: re-read and compared' };
  const by = main?.modifiedBy ? ` by ${main.modifiedBy}` : '';
  if (!main || main.version === undefined)
    return { kind: 'read', compare: 'branch', reason: 'the production component was not found on main' };
  if (main.deleted)
    return { kind: 'read', compare: 'branch', reason: `the production component was deleted on main${by}` };
  if (main.version !== recorded.prodLatestVersion)
    return {
      kind: 'read',
      compare: 'branch',
      reason:
        `production changed outside Promo: main is at version ${main.version}${by}, ` +
        `Promo last wrote version ${recorded.prodLatestVersion}`,
    };
  if (recorded.devVersion == null || !recorded.contentHash) return { kind: 'read', compare: 'branch', reason: null };
  if (dev?.version !== undefined && dev.version === recorded.devVersion && !dev.deleted)
    return {
      kind: 'skip',
      reason: `dev version ${dev.version} and production version ${main.version} are the ones Promo last promoted`,
    };
  return { kind: 'read', compare: 'hash', reason: null };
}

/** Adds the outcome to a plan's reason: "…: overwritten", "…: the same content". */
export function explain(step: ChangeStep, outcome: string | null): string | null {
  if (step.kind === 'skip') return step.reason;
  if (!step.reason) return outcome;
  return outcome ? `${step.reason}; ${outcome}` : step.reason;
}
