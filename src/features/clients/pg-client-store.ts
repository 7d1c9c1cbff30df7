import type { Queryable } from '../../platform/db.ts';
import type { ClientAccountRow, ClientStore } from './client-store.ts';

interface Row {
  client_account_id: string;
  client_account_name: string;
  test_environment_id: string;
  test_environment_name: string;
  prod_environment_id: string;
  prod_environment_name: string;
  is_active: boolean;
  teams: Array<{ ssoGroupId: string; ssoGroupName: string }> | null;
  last_extension_sync_at: Date | null;
  last_extension_sync_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

const SELECT = `select a.*, (select coalesce(json_agg(json_build_object('ssoGroupId', t.sso_group_id,
    'ssoGroupName', t.sso_group_name) order by t.sso_group_id), '[]'::json)
    from client_account_team t where t.client_account_id = a.client_account_id) as teams
  from client_account a`;

const toRow = (r: Row): ClientAccountRow => ({
  clientAccountId: r.client_account_id,
  clientAccountName: r.client_account_name,
  testEnvironmentId: r.test_environment_id,
  testEnvironmentName: r.test_environment_name,
  prodEnvironmentId: r.prod_environment_id,
  prodEnvironmentName: r.prod_environment_name,
  isActive: r.is_active,
  teams: r.teams ?? [],
  lastExtensionSyncAt: r.last_extension_sync_at ? new Date(r.last_extension_sync_at) : null,
  lastExtensionSyncBy: r.last_extension_sync_by,
  updatedAt: new Date(r.updated_at),
  updatedBy: r.updated_by,
});

export function createPgClientStore(db: Queryable): ClientStore {
  const get = async (id: string, q: Queryable = db) =>
    (await q.query<Row>(`${SELECT} where a.client_account_id = $1`, [id])).rows.map(toRow)[0];
  return {
    get: (id) => get(id),
    async list({ includeInactive }) {
      const { rows } = await db.query<Row>(
        `${SELECT} where $1 or a.is_active order by lower(a.client_account_name), a.client_account_id`,
        [includeInactive],
      );
      return rows.map(toRow);
    },
    async upsert(a, tx) {
      await tx.query(
        `insert into client_account (client_account_id, client_account_name, test_environment_id,
           test_environment_name, prod_environment_id, prod_environment_name, updated_by, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, now())
         on conflict (client_account_id) do update set client_account_name = excluded.client_account_name,
           test_environment_id = excluded.test_environment_id, test_environment_name = excluded.test_environment_name,
           prod_environment_id = excluded.prod_environment_id, prod_environment_name = excluded.prod_environment_name,
           updated_by = excluded.updated_by, updated_at = now()`,
        [
          a.clientAccountId,
          a.clientAccountName,
          a.testEnvironmentId,
          a.testEnvironmentName,
          a.prodEnvironmentId,
          a.prodEnvironmentName,
          a.updatedBy,
        ],
      );
      await tx.query('delete from client_account_team where client_account_id = $1', [a.clientAccountId]);
      for (const t of a.teams) {
        await tx.query(
          'insert into client_account_team (client_account_id, sso_group_id, sso_group_name) values ($1, $2, $3)',
          [a.clientAccountId, t.ssoGroupId, t.ssoGroupName],
        );
      }
      return (await get(a.clientAccountId, tx))!;
    },
    async setActive(id, isActive, by, tx) {
      await tx.query(
        'update client_account set is_active = $2, updated_by = $3, updated_at = now() where client_account_id = $1',
        [id, isActive, by],
      );
      return get(id, tx);
    },
    async markSynced(id, by, tx = db) {
      await tx.query(
        'update client_account set last_extension_sync_at = now(), last_extension_sync_by = $2 where client_account_id = $1',
        [id, by],
      );
    },
    async byEnvironment(environmentId) {
      const { rows } = await db.query<Row>(
        `${SELECT} where a.is_active and (a.test_environment_id = $1 or a.prod_environment_id = $1)`,
        [environmentId],
      );
      return rows.map(toRow);
    },
  };
}
