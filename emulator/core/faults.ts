import { z } from 'zod';

// Injected faults. HTTP faults hit an operation (`Component.get`, `Branch.*`, `*`): answer a status,
// add delay, or drop the connection. Domain faults make a merge fail to draft or merge, or a
// release end in ERROR. Each fault fires `times` times, or always when `times` is omitted.

export const HttpFaultSchema = z.object({
  operation: z.string().min(1),
  status: z.number().int().min(400).max(599).optional(),
  message: z.string().optional(),
  times: z.number().int().positive().optional(),
  /** Slow response: wait this long before answering (with `status`, or normally). */
  delayMs: z.number().int().nonnegative().optional(),
  /** Destroy the socket without answering. */
  drop: z.boolean().optional(),
  /** Only for calls whose effective account is this one. */
  accountId: z.string().optional(),
});

export const MergeFaultSchema = z.object({
  merge: z.enum(['FAILED_TO_DRAFT', 'FAILED_TO_MERGE']),
  times: z.number().int().positive().optional(),
  sourceBranchId: z.string().optional(),
});

export const ReleaseFaultSchema = z.object({
  release: z.literal('ERROR'),
  times: z.number().int().positive().optional(),
  packId: z.string().optional(),
});

export const FaultSchema = z.union([HttpFaultSchema, MergeFaultSchema, ReleaseFaultSchema]);

export type HttpFault = z.infer<typeof HttpFaultSchema>;
export type MergeFault = z.infer<typeof MergeFaultSchema>;
export type ReleaseFault = z.infer<typeof ReleaseFaultSchema>;
export type Fault = z.infer<typeof FaultSchema>;

export interface FaultEntry {
  id: string;
  fault: Fault;
  /** Remaining firings; null = always. */
  remaining: number | null;
}

export class FaultRegistry {
  private entries: FaultEntry[] = [];
  private seq = 0;

  add(fault: Fault): string {
    const parsed = FaultSchema.parse(fault);
    const id = `fault-${++this.seq}`;
    this.entries.push({ id, fault: parsed, remaining: parsed.times ?? null });
    return id;
  }

  remove(id: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id !== id);
    return this.entries.length < before;
  }

  clear(): void {
    this.entries = [];
  }

  list(): FaultEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  takeHttp(operation: string, accountId: string | null): HttpFault | undefined {
    if (this.entries.length === 0) return undefined;
    const object = operation.slice(0, operation.indexOf('.'));
    return this.take((f): f is HttpFault => {
      if (!('operation' in f)) return false;
      const op = f.operation;
      const hit = op === '*' || op === operation || op === `${object}.*`;
      return hit && (!f.accountId || f.accountId === accountId);
    });
  }

  takeMerge(stage: MergeFault['merge'], sourceBranchId: string): boolean {
    return !!this.take(
      (f): f is MergeFault =>
        'merge' in f && f.merge === stage && (!f.sourceBranchId || f.sourceBranchId === sourceBranchId),
    );
  }

  takeRelease(packId: string): boolean {
    return !!this.take((f): f is ReleaseFault => 'release' in f && (!f.packId || f.packId === packId));
  }

  private take<T extends Fault>(match: (f: Fault) => f is T): T | undefined {
    const entry = this.entries.find((e) => match(e.fault));
    if (!entry) return undefined;
    if (entry.remaining !== null) {
      entry.remaining--;
      if (entry.remaining <= 0) this.entries = this.entries.filter((e) => e !== entry);
    }
    return entry.fault as T;
  }
}
