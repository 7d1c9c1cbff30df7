import type { Tx } from '../../platform/transactor.ts';
import type { AccessEntry } from './extension-access.ts';

export interface AccessBuild {
  environmentId: string;
  clientAccountId: string;
  builtAt: Date;
  builtBy: string;
  componentCount: number;
}

/** What mappings and promotions say about production components, for the access cache. */
export interface ComponentOrigin {
  prodComponentId: string;
  devAccounts: Array<{ devAccountId: string; devAccountName: string }>;
  /** Team groups with active access to those dev accounts. */
  ssoGroups: string[];
  ownerProcesses: Array<{ processId: string; processName: string }>;
}

export interface ExtensionStore {
  access(environmentId: string): Promise<Map<string, AccessEntry>>;
  lastBuild(environmentId: string): Promise<AccessBuild | undefined>;
  /** Replaces the environment's cache in one transaction. */
  replaceAccess(build: AccessBuild, entries: readonly AccessEntry[], tx: Tx): Promise<void>;
  origins(prodComponentIds: readonly string[]): Promise<Map<string, ComponentOrigin>>;
  setting<T>(key: string): Promise<{ value: T; updatedAt: Date; updatedBy: string | null } | undefined>;
  saveSetting(key: string, value: unknown, by: string, tx: Tx): Promise<void>;
}
