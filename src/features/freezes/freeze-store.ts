import type { Tx } from '../../platform/transactor.ts';

export type FreezeKind = 'ONE_OFF' | 'RECURRING';

/** A freeze window as stored. */
export interface FreezeWindowRecord {
  windowId: string;
  name: string;
  reason: string | null;
  kind: FreezeKind;
  startsAt: Date | null;
  endsAt: Date | null;
  cron: string | null;
  timeZone: string;
  durationMinutes: number | null;
  active: boolean;
  version: number;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

export type FreezeWindowInput = Pick<
  FreezeWindowRecord,
  'name' | 'reason' | 'kind' | 'startsAt' | 'endsAt' | 'cron' | 'timeZone' | 'durationMinutes' | 'active'
>;

export interface FreezeStore {
  /** Every window, or only the active ones; read in `tx` when inside a transaction. */
  list(opts: { activeOnly: boolean }, tx?: Tx): Promise<FreezeWindowRecord[]>;
  get(windowId: string, tx?: Tx): Promise<FreezeWindowRecord | undefined>;
  insert(tx: Tx, windowId: string, input: FreezeWindowInput, by: string): Promise<FreezeWindowRecord>;
  /** Undefined when the window is gone or its version moved on (a guarded update). */
  update(
    tx: Tx,
    windowId: string,
    version: number,
    input: FreezeWindowInput,
    by: string,
  ): Promise<FreezeWindowRecord | undefined>;
  /** The deleted window, or undefined when it is gone or its version moved on. */
  delete(tx: Tx, windowId: string, version: number | undefined): Promise<FreezeWindowRecord | undefined>;
}
