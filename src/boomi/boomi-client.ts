import { systemClock, type Clock } from '../platform/clock.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { ApiContext, PollDefaults } from './api-context.ts';
import { accountApi, type AccountApi } from './objects/account.ts';
import { branchApi, type BranchApi } from './objects/branch.ts';
import { componentApi, type ComponentApi } from './objects/component.ts';
import { componentMetadataApi, type ComponentMetadataApi } from './objects/component-metadata.ts';
import { componentReferenceApi, type ComponentReferenceApi } from './objects/component-reference.ts';
import {
  environmentApi,
  environmentExtensionsApi,
  type EnvironmentApi,
  type EnvironmentExtensionsApi,
} from './objects/environment.ts';
import { folderApi, type FolderApi } from './objects/folder.ts';
import {
  mapExtensionApi,
  mapExtensionSummaryApi,
  type MapExtensionApi,
  type MapExtensionSummaryApi,
} from './objects/map-extension.ts';
import {
  packAttachmentApi,
  packInstanceApi,
  type PackAttachmentApi,
  type PackInstanceApi,
} from './objects/pack-instance.ts';
import { listenerApi, type ListenerApi } from './objects/listener.ts';
import { executionApi, type ExecutionApi } from './objects/execution.ts';
import {
  processScheduleStatusApi,
  processSchedulesApi,
  type ProcessScheduleStatusApi,
  type ProcessSchedulesApi,
} from './objects/process-schedule.ts';
import {
  atomApi,
  environmentAtomAttachmentApi,
  type AtomApi,
  type EnvironmentAtomAttachmentApi,
} from './objects/runtime.ts';
import {
  integrationPackApi,
  publisherIntegrationPackApi,
  releaseApi,
  type IntegrationPackApi,
  type PublisherIntegrationPackApi,
  type ReleaseApi,
} from './objects/integration-pack.ts';
import { mergeRequestApi, type MergeRequestApi } from './objects/merge-request.ts';
import {
  deployedPackageApi,
  packagedComponentApi,
  type DeployedPackageApi,
  type PackagedComponentApi,
} from './objects/packaging.ts';
import { DEFAULT_BURST, DEFAULT_RATE_PER_SECOND, sharedRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy.ts';
import { Semaphore } from './semaphore.ts';
import { createTransport, type BoomiRequestEvent, type Transport } from './transport.ts';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './wire-xml.ts';

/** Field names match `Config['boomi']` (src/config.ts), so that object can be passed as is. */
export interface BoomiClientConfig {
  /** `https://api.boomi.com`, or the emulator's root (`http://host:port/boomi-emulator`). */
  baseUrl: string;
  /** The primary account: it is in every URL; sub-accounts go through `overrideAccount`. */
  accountId: string;
  /** `BOOMI_TOKEN.<user e-mail>`. */
  user: string;
  token: string;
  /** Shared token bucket rate per account (default 8/s). */
  rateLimitPerSecond?: number;
  /** Token bucket burst (default 2; see rate-limiter.ts for why it is small). */
  burst?: number;
  /** Requests this client has in flight at most (default 4). */
  maxConcurrency?: number;
  /** Per-attempt timeout, connect to last byte (default 120 s, 10-backend.md §2.0). */
  timeoutMs?: number;
  /** `/partner/api/rest/v1` (default) or `/api/rest/v1` for the plain Platform API. */
  apiRoot?: string;
  retry?: Partial<RetryOptions>;
  xml?: Partial<XmlLimits>;
  /** Largest response body read (default: the XML size limit). */
  maxResponseBytes?: number;
  /** queryMore guard (default 10 000 pages = 1 000 000 rows). */
  maxPages?: number;
  polling?: {
    branch?: Partial<PollDefaults>;
    merge?: Partial<PollDefaults>;
    release?: Partial<PollDefaults>;
    async?: Partial<PollDefaults>;
  };
}

export interface BoomiClientDeps {
  clock?: Clock;
  metrics?: Metrics;
  /** Defaults to the global fetch (undici). */
  fetch?: typeof fetch;
  /** Jitter source; tests pass a constant. */
  random?: () => number;
  /** Defaults to the process-wide bucket for this base URL and account. */
  rateLimiter?: RateLimiter;
  /** Called after every HTTP attempt (benchmarks count calls with it). */
  onRequest?: (e: BoomiRequestEvent) => void;
}

export interface BoomiClient {
  readonly accountId: string;
  readonly components: ComponentApi;
  readonly componentMetadata: ComponentMetadataApi;
  readonly componentReferences: ComponentReferenceApi;
  readonly folders: FolderApi;
  readonly packagedComponents: PackagedComponentApi;
  readonly deployedPackages: DeployedPackageApi;
  readonly environments: EnvironmentApi;
  readonly environmentExtensions: EnvironmentExtensionsApi;
  readonly mapExtensions: MapExtensionApi;
  readonly mapExtensionSummaries: MapExtensionSummaryApi;
  readonly accounts: AccountApi;
  readonly publisherIntegrationPacks: PublisherIntegrationPackApi;
  readonly integrationPacks: IntegrationPackApi;
  readonly releases: ReleaseApi;
  /** Installed packs (consumer side), usually in a client account through overrideAccount. */
  readonly packInstances: PackInstanceApi;
  readonly packAttachments: PackAttachmentApi;
  readonly branches: BranchApi;
  readonly mergeRequests: MergeRequestApi;
  readonly atoms: AtomApi;
  readonly environmentAtomAttachments: EnvironmentAtomAttachmentApi;
  readonly processSchedules: ProcessSchedulesApi;
  readonly processScheduleStatus: ProcessScheduleStatusApi;
  readonly listeners: ListenerApi;
  /** Process runs (ExecutionRequest) and their records (ExecutionRecord). */
  readonly executions: ExecutionApi;
  /** HTTP requests sent by this client so far, retries included. */
  callCount(): number;
  stats(): { requests: number; retries: number };
  /**
   * The same account and rate budget at background priority (drift checks, branch
   * reconciliation): one request in flight at most, and a rate slot only when no foreground
   * request waits for one (rate-limiter.ts). Built once; its calls count in its own stats.
   */
  background(): BoomiClient;
}

const POLL_DEFAULTS = {
  branch: { intervalMs: 2000, timeoutMs: 5 * 60_000 },
  merge: { intervalMs: 5000, timeoutMs: 10 * 60_000 },
  release: { intervalMs: 5000, timeoutMs: 15 * 60_000 },
  async: { intervalMs: 1000, timeoutMs: 2 * 60_000 },
};

export function createBoomiClient(config: BoomiClientConfig, deps: BoomiClientDeps = {}): BoomiClient {
  const clock = deps.clock ?? systemClock;
  const xmlLimits: XmlLimits = { ...DEFAULT_XML_LIMITS, ...config.xml };
  const rateLimiter =
    deps.rateLimiter ??
    sharedRateLimiter(config.baseUrl, config.accountId, clock, {
      ratePerSecond: config.rateLimitPerSecond ?? DEFAULT_RATE_PER_SECOND,
      burst: config.burst ?? DEFAULT_BURST,
    });
  const transportFor = (priority: 'foreground' | 'background') =>
    createTransport(
      {
        baseUrl: config.baseUrl,
        apiRoot: config.apiRoot ?? '/partner/api/rest/v1',
        accountId: config.accountId,
        user: config.user,
        token: config.token,
        timeoutMs: config.timeoutMs ?? 120_000,
        maxResponseBytes: config.maxResponseBytes ?? xmlLimits.maxBytes,
        retry: { ...DEFAULT_RETRY, ...config.retry },
      },
      {
        clock,
        rateLimiter:
          priority === 'foreground'
            ? rateLimiter
            : { acquire: (signal) => (rateLimiter.acquireBackground ?? rateLimiter.acquire).call(rateLimiter, signal) },
        semaphore: new Semaphore(priority === 'foreground' ? (config.maxConcurrency ?? 4) : 1),
        metrics: deps.metrics,
        fetch: deps.fetch,
        random: deps.random,
        onRequest: deps.onRequest,
      },
    );
  const polling = {
    branch: { ...POLL_DEFAULTS.branch, ...config.polling?.branch },
    merge: { ...POLL_DEFAULTS.merge, ...config.polling?.merge },
    release: { ...POLL_DEFAULTS.release, ...config.polling?.release },
    async: { ...POLL_DEFAULTS.async, ...config.polling?.async },
  };
  const build = (transport: Transport, background: () => BoomiClient): BoomiClient => {
    const ctx: ApiContext = { transport, clock, xmlLimits, maxPages: config.maxPages ?? 10_000, polling };
    return {
      accountId: config.accountId,
      components: componentApi(ctx),
      componentMetadata: componentMetadataApi(ctx),
      componentReferences: componentReferenceApi(ctx),
      folders: folderApi(ctx),
      packagedComponents: packagedComponentApi(ctx),
      deployedPackages: deployedPackageApi(ctx),
      environments: environmentApi(ctx),
      environmentExtensions: environmentExtensionsApi(ctx),
      mapExtensions: mapExtensionApi(ctx),
      mapExtensionSummaries: mapExtensionSummaryApi(ctx),
      accounts: accountApi(ctx),
      publisherIntegrationPacks: publisherIntegrationPackApi(ctx),
      integrationPacks: integrationPackApi(ctx),
      releases: releaseApi(ctx),
      packInstances: packInstanceApi(ctx),
      packAttachments: packAttachmentApi(ctx),
      branches: branchApi(ctx),
      mergeRequests: mergeRequestApi(ctx),
      atoms: atomApi(ctx),
      environmentAtomAttachments: environmentAtomAttachmentApi(ctx),
      processSchedules: processSchedulesApi(ctx),
      processScheduleStatus: processScheduleStatusApi(ctx),
      listeners: listenerApi(ctx),
      executions: executionApi(ctx),
      callCount: () => transport.stats.requests,
      stats: () => ({ ...transport.stats }),
      background,
    };
  };
  let backgroundClient: BoomiClient | undefined;
  const background = (): BoomiClient => {
    backgroundClient ??= build(transportFor('background'), background);
    return backgroundClient;
  };
  return build(transportFor('foreground'), background);
}
