import type { Fixture } from '../fixture/fixture-schema.ts';
import type { Fault } from './faults.ts';

/** How long the timed stages last. All may be 0 (fast tests): the stage then advances on the next call. */
export interface StageTimings {
  /** Branch CREATING -> NORMAL. */
  branchCreateMs: number;
  /** Branch DELETING -> gone. */
  branchDeleteMs: number;
  /** MergeRequest DRAFTING -> DRAFTED. */
  mergeDraftMs: number;
  /** MergeRequest DRAFTED -> REVIEWING (execute is accepted from REVIEWING, as Boomi documents). */
  mergeReviewMs: number;
  /** MergeRequest MERGING -> MERGED. */
  mergeExecuteMs: number;
  /** ReleaseIntegrationPackStatus IN_PROGRESS -> SUCCESS/ERROR. */
  releaseMs: number;
  /**
   * A successful release reaching the environments attached to installed instances of the pack
   * (Boomi: "up to an hour"). The first half is PENDING, the second IN_PROGRESS, then COMPLETE.
   */
  propagationMs: number;
  /** ExecutionRequest accepted -> its ExecutionRecord readable (202 until then). */
  executionRecordMs: number;
}

export interface EmulatorOptions {
  /** Persist state to `<dataDir>/emulator-state.json`; without it the state lives in memory only. */
  dataDir?: string;
  /** Loaded when no state file exists: the demo fixture (default), nothing, or a fixture object. */
  fixture?: 'demo' | 'empty' | Fixture;
  latencyMs?: number;
  jitterMs?: number;
  /** Requests per second per effective account; 0 or null turns the limiter off. Default 10 (Boomi's). */
  rateLimit?: number | null;
  /** Add `Retry-After: 1` to rate-limit 503s (Boomi documents none; off by default). */
  retryAfter?: boolean;
  /** Branches per account (Boomi's default 20). */
  branchLimit?: number;
  /** Whether `main` counts toward the limit (unverified on Boomi; default true). */
  branchLimitCountsMain?: boolean;
  stageTimings?: Partial<StageTimings>;
  faults?: Fault[];
  /** Fixed at 100 on Boomi; smaller values only for tests. */
  pageSize?: number;
  queryTokenTtlMs?: number;
  /** `numberOfResults` = rows in this page (Boomi's documented reading, default) or the total. */
  numberOfResults?: 'page' | 'total';
  /** Emit Branch/MergeRequest booleans as "true"/"false" strings like some Boomi doc examples. */
  stringBooleans?: boolean;
  caseInsensitiveStrings?: boolean;
  /** Serve the runtime control endpoints under `/__emulator/` (not part of Boomi's API). */
  controlRoutes?: boolean;
  /** Coalescing window for state-file writes. */
  persistDebounceMs?: number;
  bodyLimit?: number;
  now?: () => number;
}

export interface RuntimeSettings {
  latencyMs: number;
  jitterMs: number;
  rateLimit: number | null;
  retryAfter: boolean;
  branchLimit: number;
  branchLimitCountsMain: boolean;
  stageTimings: StageTimings;
  pageSize: number;
  queryTokenTtlMs: number;
  numberOfResults: 'page' | 'total';
  stringBooleans: boolean;
  caseInsensitiveStrings: boolean;
}

export const DEFAULT_STAGE_TIMINGS: StageTimings = {
  branchCreateMs: 1000,
  branchDeleteMs: 500,
  mergeDraftMs: 1000,
  mergeReviewMs: 250,
  mergeExecuteMs: 1000,
  releaseMs: 2000,
  propagationMs: 1500,
  executionRecordMs: 500,
};

export function resolveSettings(opts: EmulatorOptions): RuntimeSettings {
  return {
    latencyMs: opts.latencyMs ?? 0,
    jitterMs: opts.jitterMs ?? 0,
    rateLimit: opts.rateLimit === undefined ? 10 : opts.rateLimit || null,
    retryAfter: opts.retryAfter ?? false,
    branchLimit: opts.branchLimit ?? 20,
    branchLimitCountsMain: opts.branchLimitCountsMain ?? true,
    stageTimings: { ...DEFAULT_STAGE_TIMINGS, ...opts.stageTimings },
    pageSize: opts.pageSize ?? 100,
    queryTokenTtlMs: opts.queryTokenTtlMs ?? 15 * 60_000,
    numberOfResults: opts.numberOfResults ?? 'page',
    stringBooleans: opts.stringBooleans ?? false,
    caseInsensitiveStrings: opts.caseInsensitiveStrings ?? false,
  };
}
