import type { Fixture } from '../fixture/fixture-schema.ts';
import { setExecutionOutcome } from '../domain/execution-objects.ts';
import type { AtomStatus, EmulatorState, ExecutionOutcome } from '../state/state-types.ts';
import type { EmulatorCore } from './core.ts';
import type { Fault, FaultEntry } from './faults.ts';
import type { RuntimeSettings, StageTimings } from './settings.ts';

/** Runtime knobs for tests and benchmarks. Not part of Boomi's API. */
export interface EmulatorControl {
  setLatency(latencyMs: number, jitterMs?: number): void;
  /** Requests per second per effective account; null or 0 turns the limiter off. */
  setRateLimit(requestsPerSecond: number | null): void;
  setBranchLimit(limit: number): void;
  setStageTimings(timings: Partial<StageTimings>): void;
  /** Several settings at once (what `PATCH /__emulator/settings` calls). */
  configure(patch: SettingsPatch): void;
  settings(): RuntimeSettings;
  /** Returns the fault's id; `{ operation: 'Component.get', status: 503, times: 3 }` fails the next three GETs. */
  addFault(fault: Fault): string;
  removeFault(id: string): boolean;
  clearFaults(): void;
  faults(): FaultEntry[];
  /** Calls per operation (`Component.get`, `ComponentMetadata.query`, ...), failed ones included. */
  counters(): Record<string, number>;
  totalCalls(): number;
  resetCounters(): void;
  /** Adds accounts, components, packages... from a fixture (e.g. generated trees) to the live state. */
  addFixture(fixture: Fixture): void;
  /** Takes a runtime ONLINE, OFFLINE, ...; false when no account has it. */
  setAtomStatus(atomId: string, status: AtomStatus): boolean;
  /**
   * Marks a packaged component deleted whatever holds it (packs, deployments), as if someone
   * removed it outside Promo; false when no account has it.
   */
  deletePackage(packageId: string): boolean;
  /** How a process runs when executed (ExecutionRequest); null: it completes. False when no account has it. */
  setExecutionOutcome(processId: string, outcome: ExecutionOutcome | null): boolean;
  /** Detaches every runtime from an environment (which then has none); answers how many. */
  detachAtoms(environmentId: string): number;
  /** A copy of the whole state (tests compare it before and after a refused call). */
  state(): EmulatorState;
  /** Back to the initial fixture; faults, counters, query tokens and rate buckets are cleared too. */
  reset(): void;
  /** Writes the state file now (no-op without a data directory). */
  flush(): Promise<void>;
}

export type SettingsPatch = Partial<Omit<RuntimeSettings, 'stageTimings'>> & { stageTimings?: Partial<StageTimings> };

export interface ControlDeps {
  core: EmulatorCore;
  applyFixture(fixture: Fixture): void;
  resetState(): void;
  flush(): Promise<void>;
  invalidateAuth(): void;
}

export function createControl(deps: ControlDeps): EmulatorControl {
  const { core } = deps;
  const s = core.settings;
  const control: EmulatorControl = {
    setLatency(latencyMs, jitterMs = 0) {
      s.latencyMs = Math.max(0, latencyMs);
      s.jitterMs = Math.max(0, jitterMs);
    },
    setRateLimit(rps) {
      s.rateLimit = rps && rps > 0 ? rps : null;
      core.rateLimiter.reset();
    },
    setBranchLimit(limit) {
      s.branchLimit = limit;
    },
    setStageTimings(timings) {
      s.stageTimings = { ...s.stageTimings, ...timings };
    },
    configure(patch) {
      const { stageTimings, rateLimit, ...rest } = patch;
      Object.assign(s, rest);
      if (rateLimit !== undefined) control.setRateLimit(rateLimit);
      if (stageTimings) control.setStageTimings(stageTimings);
    },
    settings: () => structuredClone(s),
    addFault: (fault) => core.faults.add(fault),
    removeFault: (id) => core.faults.remove(id),
    clearFaults: () => core.faults.clear(),
    faults: () => core.faults.list(),
    counters: () => Object.fromEntries(core.counters),
    totalCalls: () => [...core.counters.values()].reduce((a, b) => a + b, 0),
    resetCounters: () => core.counters.clear(),
    addFixture(fixture) {
      deps.applyFixture(fixture);
      deps.invalidateAuth();
      core.markDirty();
    },
    setAtomStatus(atomId, status) {
      const atom = Object.values(core.state.accounts)
        .map((a) => a.atoms[atomId])
        .find((a) => a !== undefined);
      if (!atom) return false;
      atom.status = status;
      core.markDirty();
      return true;
    },
    deletePackage(packageId) {
      const pkg = Object.values(core.state.accounts)
        .map((a) => a.packages[packageId])
        .find((p) => p !== undefined);
      if (!pkg) return false;
      pkg.deleted = true;
      core.markDirty();
      return true;
    },
    setExecutionOutcome(processId, outcome) {
      const found = setExecutionOutcome(core.state.accounts, processId, outcome);
      if (found) core.markDirty();
      return found;
    },
    detachAtoms(environmentId) {
      let detached = 0;
      for (const account of Object.values(core.state.accounts)) {
        for (const [id, a] of Object.entries(account.atomAttachments)) {
          if (a.environmentId !== environmentId) continue;
          delete account.atomAttachments[id];
          detached++;
        }
      }
      core.markDirty();
      return detached;
    },
    state: () => structuredClone(core.state),
    reset() {
      deps.resetState();
      core.faults.clear();
      core.counters.clear();
      core.cursors.clear();
      core.rateLimiter.reset();
      deps.invalidateAuth();
      core.markDirty();
    },
    flush: () => deps.flush(),
  };
  return control;
}
