import type { Queryable } from '../../platform/db.ts';
import type { PolicySeverity, RawFinding } from './policy-rules.ts';
import type {
  CachedComponentCheck,
  CheckedComponentRef,
  PolicyCheckRecord,
  PolicyRuleRecord,
  PolicyStore,
  StoredFinding,
} from './policy-store.ts';

interface PolicyRuleRow {
  rule_id: string;
  custom: boolean;
  title: string | null;
  message: string | null;
  severity: PolicySeverity | null;
  enabled: boolean | null;
  component_types: string[];
  xpath: string | null;
  version: number;
  updated_by: string;
  updated_at: Date;
}

interface PolicyCheckRow {
  promotion_id: string;
  fingerprint: string | null;
  stage: 'PROMOTION' | 'SUBMISSION';
  checked_at: Date;
  components: CheckedComponentRef[];
  carried_forward: number;
  unchecked: PolicyCheckRecord['unchecked'];
}

interface PolicyFindingRow {
  dev_component_id: string;
  component_name: string;
  component_type: string;
  rule_id: string;
  severity: PolicySeverity;
  message: string;
  detail: string | null;
  element_path: string;
}

const rowToRule = (r: PolicyRuleRow): PolicyRuleRecord => ({
  ruleId: r.rule_id,
  custom: r.custom,
  title: r.title,
  message: r.message,
  severity: r.severity,
  enabled: r.enabled,
  componentTypes: r.component_types,
  xpath: r.xpath,
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at),
});

const rowToFinding = (r: PolicyFindingRow): StoredFinding => ({
  devComponentId: r.dev_component_id,
  componentName: r.component_name,
  componentType: r.component_type,
  ruleId: r.rule_id,
  severity: r.severity,
  message: r.message,
  detail: r.detail,
  elementPath: r.element_path,
});

export function createPgPolicyStore(db: Queryable): PolicyStore {
  return {
    async rules(q = db) {
      const { rows } = await q.query<PolicyRuleRow>('select * from policy_rule order by rule_id');
      return rows.map(rowToRule);
    },
    async rule(ruleId, q = db) {
      const { rows } = await q.query<PolicyRuleRow>('select * from policy_rule where rule_id = $1', [ruleId]);
      return rows[0] ? rowToRule(rows[0]) : undefined;
    },
    async saveRule(tx, r, version) {
      const values = [
        r.ruleId,
        r.custom,
        r.title,
        r.message,
        r.severity,
        r.enabled,
        JSON.stringify(r.componentTypes),
        r.xpath,
        r.updatedBy,
      ];
      const { rows } =
        version === undefined
          ? await tx.query<PolicyRuleRow>(
              `insert into policy_rule (rule_id, custom, title, message, severity, enabled, component_types, xpath,
                 updated_by)
               values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) on conflict (rule_id) do nothing returning *`,
              values,
            )
          : await tx.query<PolicyRuleRow>(
              `update policy_rule set custom = $2, title = $3, message = $4, severity = $5, enabled = $6,
                 component_types = $7::jsonb, xpath = $8, updated_by = $9, updated_at = now(), version = version + 1
               where rule_id = $1 and version = $10 returning *`,
              [...values, version],
            );
      return rows[0] ? rowToRule(rows[0]) : undefined;
    },
    async check(promotionId, q = db) {
      const { rows } = await q.query<PolicyCheckRow>('select * from policy_check where promotion_id = $1', [
        promotionId,
      ]);
      const r = rows[0];
      return (
        r && {
          promotionId: r.promotion_id,
          fingerprint: r.fingerprint,
          stage: r.stage,
          checkedAt: new Date(r.checked_at),
          components: r.components,
          carriedForward: r.carried_forward,
          unchecked: r.unchecked,
        }
      );
    },
    async findings(promotionId, q = db) {
      const { rows } = await q.query<PolicyFindingRow>(
        'select * from policy_finding where promotion_id = $1 order by seq',
        [promotionId],
      );
      return rows.map(rowToFinding);
    },
    async saveCheck(tx, c, findings) {
      await tx.query('delete from policy_check where promotion_id = $1', [c.promotionId]);
      await tx.query(
        `insert into policy_check (promotion_id, fingerprint, stage, components, carried_forward, unchecked)
         values ($1, $2, $3, $4::jsonb, $5, $6::jsonb)`,
        [
          c.promotionId,
          c.fingerprint,
          c.stage,
          JSON.stringify(c.components),
          c.carriedForward,
          JSON.stringify(c.unchecked),
        ],
      );
      if (!findings.length) return;
      // One statement for any number of findings: a 1,000-component promotion stays one round trip.
      await tx.query(
        `insert into policy_finding (promotion_id, seq, dev_component_id, component_name, component_type, rule_id,
           severity, message, detail, element_path)
         select $1, f.seq, f.dev_component_id, f.component_name, f.component_type, f.rule_id, f.severity, f.message,
           f.detail, f.element_path
         from jsonb_to_recordset($2::jsonb) as f(seq int, dev_component_id text, component_name text,
           component_type text, rule_id text, severity text, message text, detail text, element_path text)`,
        [
          c.promotionId,
          JSON.stringify(
            findings.map((f, seq) => ({
              seq,
              dev_component_id: f.devComponentId,
              component_name: f.componentName,
              component_type: f.componentType,
              rule_id: f.ruleId,
              severity: f.severity,
              message: f.message,
              detail: f.detail,
              element_path: f.elementPath,
            })),
          ),
        ],
      );
    },
    async cached(devAccountId, ids) {
      const out = new Map<string, CachedComponentCheck>();
      if (!ids.length) return out;
      const { rows } = await db.query<{
        dev_component_id: string;
        dev_version: number;
        fingerprint: string;
        findings: RawFinding[];
      }>(
        `select dev_component_id, dev_version, fingerprint, findings from policy_component_check
         where dev_account_id = $1 and dev_component_id = any($2::text[])`,
        [devAccountId, [...ids]],
      );
      for (const r of rows)
        out.set(r.dev_component_id, { devVersion: r.dev_version, fingerprint: r.fingerprint, findings: r.findings });
      return out;
    },
    async saveCached(tx, devAccountId, entries) {
      if (!entries.length) return;
      await tx.query(
        `insert into policy_component_check (dev_account_id, dev_component_id, dev_version, fingerprint, findings)
         select $1, e.dev_component_id, e.dev_version, e.fingerprint, e.findings
         from jsonb_to_recordset($2::jsonb) as e(dev_component_id text, dev_version int, fingerprint text, findings jsonb)
         on conflict (dev_account_id, dev_component_id) do update set dev_version = excluded.dev_version,
           fingerprint = excluded.fingerprint, findings = excluded.findings, checked_at = now()`,
        [
          devAccountId,
          JSON.stringify(
            entries.map((e) => ({
              dev_component_id: e.devComponentId,
              dev_version: e.devVersion,
              fingerprint: e.fingerprint,
              findings: e.findings,
            })),
          ),
        ],
      );
    },
  };
}
