import type { Tx } from '../../platform/transactor.ts';

export interface DevAccountAccess {
  ssoGroupId: string;
  ssoGroupName: string;
  devAccountId: string;
  devAccountName: string;
  isActive: boolean;
  updatedAt: Date;
  updatedBy: string | null;
}

export type NewDevAccountAccess = Omit<DevAccountAccess, 'updatedAt'>;

export interface AccountStore {
  /** Active rows, optionally only those of the given groups (compared case-insensitively). */
  activeAccess(groups?: readonly string[]): Promise<DevAccountAccess[]>;
  list(filter: { devAccountId?: string | undefined; ssoGroupId?: string | undefined }): Promise<DevAccountAccess[]>;
  upsert(row: NewDevAccountAccess, tx?: Tx): Promise<DevAccountAccess>;
  delete(key: { ssoGroupId: string; devAccountId: string }, tx?: Tx): Promise<DevAccountAccess | undefined>;
}
