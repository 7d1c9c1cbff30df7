import type { Tx } from '../../platform/transactor.ts';

export type MappingSource = 'PROMOTION_ENGINE' | 'ADMIN_SEEDING';

/** A dev component and the one production component it becomes (10-backend.md §1.3). */
export interface Mapping {
  id: string;
  devComponentId: string;
  devAccountId: string;
  prodComponentId: string;
  componentName: string;
  componentType: string;
  prodAccountId: string;
  prodLatestVersion: number;
  lastPromotedAt: Date;
  lastPromotedBy: string;
  mappingSource: MappingSource;
  /**
   * The dev version Promo last promoted and a hash of what it wrote from it: with
   * `prodLatestVersion` they tell a re-promotion the component did not change. Null when unknown
   * (seeded or edited by an admin, or promoted before Promo recorded them): it is then read.
   */
  devVersion?: number | null;
  contentHash?: string | null;
}

export type NewMapping = Omit<Mapping, 'id'>;

export interface MappingQuery {
  devAccountId?: string | undefined;
  devComponentId?: string | undefined;
  prodComponentId?: string | undefined;
  componentType?: string | undefined;
  /** Case-insensitive substring match. */
  componentName?: string | undefined;
  mappingSource?: MappingSource | undefined;
  limit: number;
}

export interface MappingStore {
  query(q: MappingQuery): Promise<Mapping[]>;
  /** Mappings of the given dev components of one account (the promotion engine's lookup). */
  forComponents(devAccountId: string, devComponentIds: readonly string[], tx?: Tx): Promise<Mapping[]>;
  /** Insert or update on (devComponentId, devAccountId): never a duplicate row. */
  upsert(m: NewMapping, tx?: Tx): Promise<Mapping>;
  delete(key: { devComponentId: string; devAccountId: string }, tx?: Tx): Promise<Mapping | undefined>;
  /**
   * Main's version of promoted production components, read back after a merge (the drift
   * baseline). `forgetContent` when main now holds content Promo did not write from the recorded
   * dev version (a rollback restored an older one): the next promotion then reads and compares.
   */
  recordVersions(
    tx: Tx,
    versions: ReadonlyMap<string, number>,
    readAt: Date,
    opts?: { forgetContent?: boolean },
  ): Promise<number>;
  /** Every production component Promo promoted, with its recorded version and who may see it. */
  promotedComponents(): Promise<PromotedComponent[]>;
}

export interface PromotedComponent {
  prodComponentId: string;
  componentName: string;
  recordedVersion: number;
  devAccountIds: string[];
  /** False until main's version was read back after a merge: the recorded one is the branch's. */
  versionRead: boolean;
}
