import type { Queryable } from '../../platform/db.ts';
import type {
  BranchEntry,
  DriftCheck,
  DriftFinding,
  DriftStore,
  ObservedDrift,
  RecordedDeployment,
} from './drift-store.ts';

interface FindingRow {
  kind: DriftFinding['kind'];
  subject: string;
  status: DriftFinding['status'];
  component_id: string;
  component_name: string | null;
  dev_account_ids: string[];
  environment_id: string | null;
  environment_name: string | null;
  environment_classification: string | null;
  recorded_version: number | null;
  actual_version: number | null;
  recorded_package_id: string | null;
  actual_package_id: string | null;
  recorded_package_version: string | null;
  actual_package_version: string | null;
  change: DriftFinding['change'];
  changed_by: string | null;
  changed_at: Date | null;
  first_seen_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  resolution: DriftFinding['resolution'];
}

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

const rowToFinding = (r: FindingRow): DriftFinding => ({
  kind: r.kind,
  subject: r.subject,
  status: r.status,
  componentId: r.component_id,
  componentName: r.component_name,
  devAccountIds: r.dev_account_ids,
  environmentId: r.environment_id,
  environmentName: r.environment_name,
  environmentClassification: r.environment_classification,
  recordedVersion: r.recorded_version,
  actualVersion: r.actual_version,
  recordedPackageId: r.recorded_package_id,
  actualPackageId: r.actual_package_id,
  recordedPackageVersion: r.recorded_package_version,
  actualPackageVersion: r.actual_package_version,
  change: r.change,
  changedBy: r.changed_by,
  changedAt: date(r.changed_at),
  firstSeenAt: new Date(r.first_seen_at),
  lastSeenAt: new Date(r.last_seen_at),
  resolvedAt: date(r.resolved_at),
  resolution: r.resolution,
});

interface CheckRow {
  id: string;
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: DriftCheck['outcome'];
  error_message: string | null;
  components_checked: number;
  environments_checked: number;
  new_findings: number;
  resolved_findings: number;
  boomi_calls: number;
  branch_count: number | null;
  orphans_deleted: BranchEntry[];
  stale_branches: BranchEntry[];
}

const rowToCheck = (r: CheckRow): DriftCheck => ({
  checkId: r.id,
  requestedBy: r.requested_by,
  startedAt: new Date(r.started_at),
  finishedAt: date(r.finished_at),
  outcome: r.outcome,
  errorMessage: r.error_message,
  componentsChecked: r.components_checked,
  environmentsChecked: r.environments_checked,
  newFindings: r.new_findings,
  resolvedFindings: r.resolved_findings,
  boomiCalls: r.boomi_calls,
  branchCount: r.branch_count,
  orphansDeleted: r.orphans_deleted,
  staleBranches: r.stale_branches,
});

const observedValues = (o: ObservedDrift) => [
  o.kind,
  o.subject,
  o.componentId,
  o.componentName,
  o.devAccountIds,
  o.environmentId,
  o.environmentName,
  o.environmentClassification,
  o.recordedVersion,
  o.actualVersion,
  o.recordedPackageId,
  o.actualPackageId,
  o.recordedPackageVersion,
  o.actualPackageVersion,
  o.change,
  o.changedBy,
  o.changedAt,
];

export function createPgDriftStore(db: Queryable): DriftStore {
  return {
    async findings(f, tx = db) {
      const { rows } = await tx.query<FindingRow>(
        `select * from drift_finding
          where ($1::text is null or kind = $1) and ($2::boolean or status = 'OPEN')
            and ($3::text[] is null or dev_account_ids && $3::text[])
            and ($4::text[] is null or component_id = any($4::text[]))
          order by status, last_seen_at desc, kind, subject limit $5`,
        [f.kind ?? null, f.includeResolved, f.devAccountIds ?? null, f.componentIds ?? null, f.limit],
      );
      return rows.map(rowToFinding);
    },
    async applyCheck(tx, observed, resolved, at) {
      const { rows: open } = await tx.query<{ kind: string; subject: string }>(
        `select kind, subject from drift_finding where status = 'OPEN'`,
      );
      const wasOpen = new Set(open.map((r) => `${r.kind}|${r.subject}`));
      const opened: DriftFinding[] = [];
      for (const o of observed) {
        const { rows } = await tx.query<FindingRow>(
          `insert into drift_finding (kind, subject, component_id, component_name, dev_account_ids, environment_id,
             environment_name, environment_classification, recorded_version, actual_version, recorded_package_id,
             actual_package_id, recorded_package_version, actual_package_version, change, changed_by, changed_at,
             status, first_seen_at, last_seen_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'OPEN', $18, $18)
           on conflict (kind, subject) do update set
             component_id = excluded.component_id, component_name = excluded.component_name,
             dev_account_ids = excluded.dev_account_ids, environment_id = excluded.environment_id,
             environment_name = excluded.environment_name,
             environment_classification = excluded.environment_classification,
             recorded_version = excluded.recorded_version, actual_version = excluded.actual_version,
             recorded_package_id = excluded.recorded_package_id, actual_package_id = excluded.actual_package_id,
             recorded_package_version = excluded.recorded_package_version,
             actual_package_version = excluded.actual_package_version, change = excluded.change,
             changed_by = excluded.changed_by, changed_at = excluded.changed_at,
             first_seen_at = case when drift_finding.status = 'OPEN' then drift_finding.first_seen_at
               else excluded.first_seen_at end,
             status = 'OPEN', last_seen_at = excluded.last_seen_at, resolved_at = null, resolution = null
           returning *`,
          [...observedValues(o), at],
        );
        if (!wasOpen.has(`${o.kind}|${o.subject}`)) opened.push(rowToFinding(rows[0]!));
      }
      for (const r of resolved) {
        await tx.query(
          `update drift_finding set status = 'RESOLVED', resolved_at = $3, resolution = $4
            where kind = $1 and subject = $2 and status = 'OPEN'`,
          [r.kind, r.subject, at, r.resolution],
        );
      }
      return opened;
    },
    async startCheck(tx, checkId, requestedBy, at) {
      await tx.query('insert into drift_check (id, requested_by, started_at) values ($1, $2, $3)', [
        checkId,
        requestedBy,
        at,
      ]);
    },
    async finishCheck(tx, checkId, o) {
      await tx.query(
        `update drift_check set finished_at = $2, outcome = $3, error_message = $4, components_checked = $5,
           environments_checked = $6, new_findings = $7, resolved_findings = $8, boomi_calls = $9, branch_count = $10,
           orphans_deleted = $11, stale_branches = $12
         where id = $1`,
        [
          checkId,
          o.finishedAt,
          o.outcome,
          o.errorMessage?.slice(0, 5000) ?? null,
          o.componentsChecked,
          o.environmentsChecked,
          o.newFindings,
          o.resolvedFindings,
          o.boomiCalls,
          o.branchCount,
          JSON.stringify(o.orphansDeleted),
          JSON.stringify(o.staleBranches),
        ],
      );
    },
    async lastCheck(opts = {}) {
      const { rows } = await db.query<CheckRow>(
        `select * from drift_check where ($1::boolean is false or outcome = 'SUCCEEDED')
          order by started_at desc limit 1`,
        [opts.succeededOnly ?? false],
      );
      return rows[0] ? rowToCheck(rows[0]) : undefined;
    },
    async recordedDeployments() {
      // Per environment and process, the newest deployment Promo made there (a test deployment's
      // package comes from the branch, a production one's from main; both are on their record).
      const { rows } = await db.query<RecordedDeployment>(
        `select distinct on (r.environment_id, c.prod_component_id)
            r.environment_id as "environmentId", c.prod_component_id as "componentId",
            p.process_name as "processName", p.prod_package_id as "packageId",
            p.package_version as "packageVersion", p.promotion_id::text as "promotionId",
            p.dev_account_id as "devAccountId"
           from deployment_environment_result r
           join promotion_log p on p.promotion_id = r.promotion_id
           join promotion_component_result c on c.promotion_id = p.promotion_id
             and c.dev_component_id = p.root_component_id
          where r.deployed and p.prod_package_id is not null and c.prod_component_id is not null
          order by r.environment_id, c.prod_component_id, r.recorded_at desc`,
      );
      return rows;
    },
    async liveBranchOwners(terminal) {
      const { rows } = await db.query<{ promotion_id: string; branch_id: string | null; test_promotion_id: string }>(
        `select promotion_id::text, branch_id, test_promotion_id::text from promotion_log
          where status <> all($1::text[])`,
        [terminal],
      );
      const promotionIds = new Set<string>();
      const branchIds = new Set<string>();
      for (const r of rows) {
        promotionIds.add(r.promotion_id);
        // A production record from a test deployment works on the test record's branch.
        if (r.test_promotion_id) promotionIds.add(r.test_promotion_id);
        if (r.branch_id) branchIds.add(r.branch_id);
      }
      return { promotionIds, branchIds };
    },
    async accountsOf(promotionIds) {
      if (promotionIds.length === 0) return new Map();
      const { rows } = await db.query<{ promotion_id: string; dev_account_id: string }>(
        'select promotion_id::text, dev_account_id from promotion_log where promotion_id::text = any($1::text[])',
        [promotionIds],
      );
      return new Map(rows.map((r) => [r.promotion_id, r.dev_account_id]));
    },
    async componentsOf(promotionId) {
      const { rows } = await db.query<{ prod_component_id: string }>(
        `select distinct prod_component_id from promotion_component_result
          where promotion_id::text = $1 and action in ('CREATED','UPDATED') and prod_component_id is not null`,
        [promotionId],
      );
      return rows.map((r) => r.prod_component_id);
    },
  };
}
