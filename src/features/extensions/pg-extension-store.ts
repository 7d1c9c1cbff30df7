import type { Queryable } from '../../platform/db.ts';
import type { AccessEntry } from './extension-access.ts';
import type { ExtensionStore } from './extension-store.ts';

interface AccessRow {
  prod_component_id: string;
  component_name: string;
  component_type: string;
  owner_processes: AccessEntry['ownerProcesses'];
  dev_accounts: AccessEntry['devAccounts'];
  authorized_sso_groups: string[];
  is_connection: boolean;
  is_shared: boolean;
}

export function createPgExtensionStore(db: Queryable): ExtensionStore {
  return {
    async access(environmentId) {
      const { rows } = await db.query<AccessRow>('select * from extension_access where environment_id = $1', [
        environmentId,
      ]);
      return new Map(
        rows.map((r) => [
          r.prod_component_id,
          {
            prodComponentId: r.prod_component_id,
            componentName: r.component_name,
            componentType: r.component_type,
            ownerProcesses: r.owner_processes,
            devAccounts: r.dev_accounts,
            authorizedSsoGroups: r.authorized_sso_groups,
            isConnection: r.is_connection,
            isShared: r.is_shared,
          },
        ]),
      );
    },
    async lastBuild(environmentId) {
      const { rows } = await db.query<{
        environment_id: string;
        client_account_id: string;
        built_at: Date;
        built_by: string;
        component_count: number;
      }>('select * from extension_access_build where environment_id = $1', [environmentId]);
      const r = rows[0];
      return r
        ? {
            environmentId: r.environment_id,
            clientAccountId: r.client_account_id,
            builtAt: new Date(r.built_at),
            builtBy: r.built_by,
            componentCount: r.component_count,
          }
        : undefined;
    },
    async replaceAccess(build, entries, tx) {
      await tx.query('delete from extension_access where environment_id = $1', [build.environmentId]);
      // One statement for the whole environment: 500 components are one round trip, not 500.
      if (entries.length) {
        await tx.query(
          `insert into extension_access (environment_id, prod_component_id, client_account_id, component_name,
             component_type, owner_processes, dev_accounts, authorized_sso_groups, is_connection, is_shared,
             last_updated_by)
           select $1, e->>'prodComponentId', $2, e->>'componentName', e->>'componentType', e->'ownerProcesses',
             e->'devAccounts', array(select jsonb_array_elements_text(e->'authorizedSsoGroups')),
             (e->>'isConnection')::boolean, (e->>'isShared')::boolean, $3
           from jsonb_array_elements($4::jsonb) as e`,
          [build.environmentId, build.clientAccountId, build.builtBy, JSON.stringify(entries)],
        );
      }
      await tx.query(
        `insert into extension_access_build (environment_id, client_account_id, built_at, built_by, component_count)
         values ($1, $2, $3, $4, $5)
         on conflict (environment_id) do update set client_account_id = excluded.client_account_id,
           built_at = excluded.built_at, built_by = excluded.built_by, component_count = excluded.component_count`,
        [build.environmentId, build.clientAccountId, build.builtAt, build.builtBy, build.componentCount],
      );
    },
    async origins(ids) {
      if (!ids.length) return new Map();
      const { rows } = await db.query<{
        prod_component_id: string;
        dev_accounts: Array<{ devAccountId: string; devAccountName: string }> | null;
        sso_groups: string[] | null;
        owner_processes: Array<{ processId: string; processName: string }> | null;
      }>(
        `with ids as (select unnest($1::text[]) as id)
         select ids.id as prod_component_id,
           (select json_agg(distinct jsonb_build_object('devAccountId', m.dev_account_id, 'devAccountName',
              coalesce((select a.dev_account_name from dev_account_access a where a.dev_account_id = m.dev_account_id
                        order by a.is_active desc limit 1), m.dev_account_id)))
              from component_mapping m where m.prod_component_id = ids.id) as dev_accounts,
           (select array_agg(distinct a.sso_group_id) from component_mapping m
              join dev_account_access a on a.dev_account_id = m.dev_account_id and a.is_active
              where m.prod_component_id = ids.id) as sso_groups,
           (select json_agg(distinct jsonb_build_object('processId', root.prod_component_id,
              'processName', coalesce(p.process_name, root.name)))
              from promotion_component_result r
              join promotion_log p on p.promotion_id = r.promotion_id
              join promotion_component_result root on root.promotion_id = p.promotion_id
                and root.dev_component_id = p.root_component_id and root.prod_component_id is not null
              where r.prod_component_id = ids.id and p.status not in ('IN_PROGRESS', 'FAILED')) as owner_processes
         from ids`,
        [ids],
      );
      return new Map(
        rows.map((r) => [
          r.prod_component_id,
          {
            prodComponentId: r.prod_component_id,
            devAccounts: r.dev_accounts ?? [],
            ssoGroups: r.sso_groups ?? [],
            ownerProcesses: r.owner_processes ?? [],
          },
        ]),
      );
    },
    async setting(key) {
      const { rows } = await db.query<{ value: never; updated_at: Date; updated_by: string | null }>(
        'select value, updated_at, updated_by from promo_setting where key = $1',
        [key],
      );
      const r = rows[0];
      return r ? { value: r.value, updatedAt: new Date(r.updated_at), updatedBy: r.updated_by } : undefined;
    },
    async saveSetting(key, value, by, tx) {
      await tx.query(
        `insert into promo_setting (key, value, updated_by, updated_at) values ($1, $2::jsonb, $3, now())
         on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
        [key, JSON.stringify(value), by],
      );
    },
  };
}
