import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/platform/db.ts';

// Hand-built records for the delivery metrics: production deployments, their test promotions and
// rollbacks, written straight to the tables with known times.

export const HOUR = 3_600_000;

export interface Deployment {
  account: string;
  process: string;
  processName: string;
  /** When the first promotion of the change (the test promotion, or the record itself) started. */
  firstAt: Date;
  deployedAt: Date | null;
  hotfix?: boolean;
  /** A test promotion of the same dev package started at firstAt. */
  viaTest?: boolean;
  status?: string;
}

export async function insertDeployment(db: Queryable, d: Deployment): Promise<string> {
  const pkg = randomUUID();
  const root = `dev-${d.process}`;
  const insert = async (target: 'TEST' | 'PRODUCTION', initiatedAt: Date, testId: string | null) => {
    const id = randomUUID();
    const production = target === 'PRODUCTION';
    await db.query(
      `insert into promotion_log (promotion_id, dev_account_id, prod_account_id, dev_package_id, prod_package_id,
         initiated_by, initiated_at, status, process_name, root_component_id, target_environment, is_hotfix,
         hotfix_justification, test_promotion_id, test_deployed_at, deployed_at)
       values ($1, $2, 'acme-PROD', $3, $4, 'alice@acme.example', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        d.account,
        pkg,
        `prod-${pkg}`,
        initiatedAt,
        production ? (d.status ?? 'DEPLOYED') : 'TEST_DEPLOYED',
        d.processName,
        root,
        target,
        production && !!d.hotfix,
        production && d.hotfix ? 'Orders stopped' : null,
        testId,
        production ? null : initiatedAt,
        production ? d.deployedAt : null,
      ],
    );
    await db.query(
      `insert into promotion_component_result (promotion_id, seq, dev_component_id, name, type, action, status,
         prod_component_id, prod_version)
       values ($1, 0, $2, $3, 'process', 'UPDATED', 'SUCCESS', $4, 1)`,
      [id, root, d.processName, d.process],
    );
    return id;
  };
  if (!d.viaTest) return insert('PRODUCTION', d.firstAt, null);
  const testId = await insert('TEST', d.firstAt, null);
  return insert('PRODUCTION', new Date(d.firstAt.getTime() + HOUR), testId);
}

export async function insertRollback(
  db: Queryable,
  r: {
    process: string;
    account: string;
    rolledBack: string;
    restores: string;
    requestedAt: Date;
    finishedAt: Date | null;
    status: string;
  },
) {
  await db.query(
    `insert into release_rollback (rollback_id, process_id, dev_account_id, promotion_id, rolled_back_promotion_id,
       from_package_id, from_package_version, restores_promotion_id, to_package_id, to_package_version,
       to_released_at, integration_pack_id, reason, status, requested_by, requested_at, steps, finished_at)
     values ($1, $2, $3, $4, $4, 'pkg-from', '2.0', $5, 'pkg-to', '1.0', $6, 'pack-1', 'It broke orders', $7,
       'carol@acme.example', $6, '[]', $8)`,
    [randomUUID(), r.process, r.account, r.rolledBack, r.restores, r.requestedAt, r.status, r.finishedAt],
  );
}
