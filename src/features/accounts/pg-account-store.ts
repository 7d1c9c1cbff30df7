import type { Queryable } from '../../platform/db.ts';
import type { AccountStore, DevAccountAccess } from './account-store.ts';

interface DevAccountAccessRow {
  sso_group_id: string;
  sso_group_name: string;
  dev_account_id: string;
  dev_account_name: string;
  is_active: boolean;
  updated_at: Date;
  updated_by: string | null;
}

const rowToAccess = (r: DevAccountAccessRow): DevAccountAccess => ({
  ssoGroupId: r.sso_group_id,
  ssoGroupName: r.sso_group_name,
  devAccountId: r.dev_account_id,
  devAccountName: r.dev_account_name,
  isActive: r.is_active,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function createPgAccountStore(db: Queryable): AccountStore {
  return {
    async activeAccess(groups) {
      const { rows } = groups
        ? await db.query<DevAccountAccessRow>(
            'select * from dev_account_access where is_active and lower(sso_group_id) = any($1::text[]) order by dev_account_id, sso_group_id',
            [groups.map((g) => g.toLowerCase())],
          )
        : await db.query<DevAccountAccessRow>(
            'select * from dev_account_access where is_active order by dev_account_id, sso_group_id',
          );
      return rows.map(rowToAccess);
    },
    async list({ devAccountId, ssoGroupId }) {
      const { rows } = await db.query<DevAccountAccessRow>(
        `select * from dev_account_access
          where ($1::text is null or dev_account_id = $1) and ($2::text is null or lower(sso_group_id) = lower($2))
          order by dev_account_id, sso_group_id`,
        [devAccountId ?? null, ssoGroupId ?? null],
      );
      return rows.map(rowToAccess);
    },
    async upsert(a, tx = db) {
      const { rows } = await tx.query<DevAccountAccessRow>(
        `insert into dev_account_access (sso_group_id, sso_group_name, dev_account_id, dev_account_name, is_active,
          updated_by, updated_at)
         values ($1, $2, $3, $4, $5, $6, now())
         on conflict (sso_group_id, dev_account_id) do update set
           sso_group_name = excluded.sso_group_name, dev_account_name = excluded.dev_account_name,
           is_active = excluded.is_active, updated_by = excluded.updated_by, updated_at = now()
         returning *`,
        [a.ssoGroupId, a.ssoGroupName, a.devAccountId, a.devAccountName, a.isActive, a.updatedBy],
      );
      return rowToAccess(rows[0]!);
    },
    async delete({ ssoGroupId, devAccountId }, tx = db) {
      const { rows } = await tx.query<DevAccountAccessRow>(
        'delete from dev_account_access where sso_group_id = $1 and dev_account_id = $2 returning *',
        [ssoGroupId, devAccountId],
      );
      return rows[0] ? rowToAccess(rows[0]) : undefined;
    },
  };
}
