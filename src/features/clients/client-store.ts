import type { Tx } from '../../platform/transactor.ts';

export interface ClientTeamRow {
  ssoGroupId: string;
  ssoGroupName: string;
}

export interface ClientAccountRow {
  clientAccountId: string;
  clientAccountName: string;
  testEnvironmentId: string;
  testEnvironmentName: string;
  prodEnvironmentId: string;
  prodEnvironmentName: string;
  isActive: boolean;
  teams: ClientTeamRow[];
  lastExtensionSyncAt: Date | null;
  lastExtensionSyncBy: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

export type NewClientAccount = Omit<
  ClientAccountRow,
  'isActive' | 'lastExtensionSyncAt' | 'lastExtensionSyncBy' | 'updatedAt'
>;

export interface ClientStore {
  get(clientAccountId: string): Promise<ClientAccountRow | undefined>;
  list(opts: { includeInactive: boolean }): Promise<ClientAccountRow[]>;
  /** Keeps is_active as it is for an existing account; a new one starts active. */
  upsert(row: NewClientAccount, tx: Tx): Promise<ClientAccountRow>;
  setActive(clientAccountId: string, isActive: boolean, by: string, tx: Tx): Promise<ClientAccountRow | undefined>;
  markSynced(clientAccountId: string, by: string, tx?: Tx): Promise<void>;
  /** Active client accounts with this environment as Test or Production. */
  byEnvironment(environmentId: string): Promise<ClientAccountRow[]>;
}
