import { randomUUID } from 'node:crypto';
import { DEMO, generateTree, type Emulator } from '../../emulator/index.ts';
import type { Db } from '../../src/platform/db.ts';

// Three promotions at once need three dev accounts (one running promotion per dev account, D8):
// the demo's two plus `acme-DEVC`, added here with two mapped connections of its own.

const DEVC = 'acme-DEVC';
const prodConnection = (name: string) => DEMO.connectionMappings.find((m) => m.name === name)!.prodComponentId;
const DEVC_CONNECTIONS = [
  { id: randomUUID(), name: 'Orders DB', connector: 'database' as const },
  { id: randomUUID(), name: 'Orders API', connector: 'http' as const },
];

/** The dev connections each account's generated tree uses. */
function connectionsOf(account: string) {
  if (account === DEVC) return DEVC_CONNECTIONS.map((c) => ({ id: c.id, connector: c.connector }));
  const mapped = DEMO.connectionMappings.filter((m) => m.devAccountId === account);
  return mapped.map((m) => ({ id: m.devComponentId, connector: /DB$/.test(m.name) ? 'database' : 'http' }) as const);
}

/** Adds acme-DEVC to the emulator, and its access row and connection mappings to the database. */
export async function addThirdDevAccount(emulator: Emulator, db: Db, primaryAccountId: string): Promise<void> {
  emulator.control.addFixture({
    accounts: [
      {
        accountId: DEVC,
        name: 'Dev Team C',
        parentAccountId: primaryAccountId,
        rootFolderName: 'DevTeamCRoot',
        status: 'active',
        dateCreated: '2024-06-03T09:00:00Z',
        demoClient: false,
      },
    ],
    components: DEVC_CONNECTIONS.map((c) => ({
      accountId: DEVC,
      id: c.id,
      name: c.name,
      type: 'connector-settings',
      subType: c.connector,
      folder: 'DevTeamCRoot/Shared Connections',
      params:
        c.connector === 'http'
          ? { url: 'https://orders.devc.acme.example/v1', user: 'devc' }
          : { host: 'orders-db.devc.acme.example', port: 5432, database: 'orders_devc', user: 'devc' },
    })),
  });
  await db.query(
    `insert into dev_account_access (sso_group_id, sso_group_name, dev_account_id, dev_account_name, is_active, updated_by)
     values ('ABC_BOOMI_FLOW_DEVTEAMC', 'ABC_BOOMI_FLOW_DEVTEAMC', $1, 'Dev Team C', true, 'test')`,
    [DEVC],
  );
  for (const c of DEVC_CONNECTIONS)
    await db.query(
      `insert into component_mapping (dev_component_id, dev_account_id, prod_component_id, component_name, component_type,
         prod_account_id, prod_latest_version, last_promoted_at, last_promoted_by, mapping_source)
       values ($1, $2, $3, $4, 'connection', $5, 1, now(), 'test', 'ADMIN_SEEDING')`,
      [c.id, DEVC, prodConnection(c.name), c.name, primaryAccountId],
    );
}

export const REPLICA_ACCOUNTS = ['acme-DEVA', 'acme-DEVB', DEVC] as const;

/** A generated tree of about `size` components in `account`; returns its root component id. */
export function addTree(emulator: Emulator, account: string, size: number, seed: string): string {
  const rootId = randomUUID();
  const root = account === DEVC ? 'DevTeamCRoot' : account === 'acme-DEVB' ? 'DevTeamBRoot' : 'DevTeamARoot';
  const tree = generateTree({
    seed: `${seed}-${account}`,
    accountId: account,
    rootId,
    rootName: `Replica ${account} ${size}`,
    folder: `${root}/Replicas/${seed}`,
    componentCount: size,
    processDepth: 3,
    connections: connectionsOf(account),
  });
  emulator.control.addFixture({ components: tree.components });
  return rootId;
}
