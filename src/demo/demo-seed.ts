import type { Config } from '../config.ts';
import type { Db } from '../platform/db.ts';
import { demoUsers } from '../features/identity/demo-users.ts';

/** Connection mappings the demo admins "seeded": dev connection -> `#Connections` component. */
export interface DemoConnectionMapping {
  devComponentId: string;
  devAccountId: string;
  prodComponentId: string;
  componentName: string;
}

/**
 * Loads the demo fixture's records (spec README, "Demo fixture"). Idempotent: a second start
 * inserts nothing, and rows an admin changed since are left as they are.
 */
export async function seedDemoRecords(
  db: Db,
  config: Config,
  connectionMappings: readonly DemoConnectionMapping[] = [],
): Promise<void> {
  const team = (letter: string) => `${config.groups.teamPrefix}${letter}`;
  await db.transaction(async (tx) => {
    for (const [group, account, name] of [
      [team('A'), 'acme-DEVA', 'Dev Team A'],
      [team('B'), 'acme-DEVB', 'Dev Team B'],
    ] as const) {
      await tx.query(
        `insert into dev_account_access (sso_group_id, sso_group_name, dev_account_id, dev_account_name, is_active, updated_by)
         values ($1, $1, $2, $3, true, 'demo-seed') on conflict do nothing`,
        [group, account, name],
      );
    }
    for (const u of demoUsers(config.groups)) {
      await tx.query(
        `insert into app_user (email, display_name, groups, source) values ($1, $2, $3, 'DEMO') on conflict do nothing`,
        [u.email, u.name, u.groups],
      );
    }
    for (const m of connectionMappings) {
      await tx.query(
        `insert into component_mapping (dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
           prod_account_id, prod_latest_version, last_promoted_at, last_promoted_by, mapping_source)
         values ($1, $2, $3, $4, 'connection', $5, 1, now(), 'demo-seed', 'ADMIN_SEEDING') on conflict do nothing`,
        [m.devComponentId, m.devAccountId, m.prodComponentId, m.componentName, config.boomi.accountId],
      );
    }
  });
}
