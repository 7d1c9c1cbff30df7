import type { Tx } from '../../platform/transactor.ts';
import type { PolicySeverity, RawFinding } from './policy-rules.ts';

/** An admin's override of a default rule, or a custom rule (every field set). */
export interface PolicyRuleRecord {
  ruleId: string;
  custom: boolean;
  title: string | null;
  message: string | null;
  severity: PolicySeverity | null;
  enabled: boolean | null;
  componentTypes: string[];
  xpath: string | null;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export type PolicyRuleInput = Omit<PolicyRuleRecord, 'version' | 'updatedAt'>;

/** A component a check covered, with the dev version its findings belong to. */
export interface CheckedComponentRef {
  devComponentId: string;
  name: string;
  type: string;
  devVersion: number | null;
}

/** A raw finding with the severity and message its rule had when it was checked. */
export interface StoredFinding extends RawFinding {
  severity: PolicySeverity;
  message: string;
}

export interface PolicyCheckRecord {
  promotionId: string;
  /** The rule definitions the findings were computed under; null when a component was not checked. */
  fingerprint: string | null;
  stage: 'PROMOTION' | 'SUBMISSION';
  checkedAt: Date;
  components: CheckedComponentRef[];
  carriedForward: number;
  /** Components that could not be read for the check, with why. */
  unchecked: Array<{ devComponentId: string; name: string; type: string; reason: string }>;
}

export interface CachedComponentCheck {
  devVersion: number;
  fingerprint: string;
  findings: RawFinding[];
}

export interface PolicyStore {
  rules(tx?: Tx): Promise<PolicyRuleRecord[]>;
  rule(ruleId: string, tx?: Tx): Promise<PolicyRuleRecord | undefined>;
  /** Inserts or, when `version` matches the stored one, replaces; undefined when it moved on. */
  saveRule(tx: Tx, input: PolicyRuleInput, version: number | undefined): Promise<PolicyRuleRecord | undefined>;
  check(promotionId: string, tx?: Tx): Promise<PolicyCheckRecord | undefined>;
  findings(promotionId: string, tx?: Tx): Promise<StoredFinding[]>;
  /** Replaces the promotion's check and its findings. */
  saveCheck(tx: Tx, check: Omit<PolicyCheckRecord, 'checkedAt'>, findings: readonly StoredFinding[]): Promise<void>;
  cached(devAccountId: string, devComponentIds: readonly string[]): Promise<Map<string, CachedComponentCheck>>;
  saveCached(
    tx: Tx,
    devAccountId: string,
    entries: ReadonlyArray<{ devComponentId: string } & CachedComponentCheck>,
  ): Promise<void>;
}
