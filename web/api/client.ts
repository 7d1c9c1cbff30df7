import type { z } from 'zod';
import type { ErrorCode } from '../../src/contracts/errors.ts';
import type * as accounts from '../../src/contracts/accounts.ts';
import type * as approvals from '../../src/contracts/approval-policy.ts';
import type * as clients from '../../src/contracts/client-accounts.ts';
import type * as deployments from '../../src/contracts/deployments.ts';
import type * as drift from '../../src/contracts/drift.ts';
import type * as extensions from '../../src/contracts/extensions.ts';
import type * as freezes from '../../src/contracts/freezes.ts';
import type * as mappings from '../../src/contracts/mappings.ts';
import type * as notifications from '../../src/contracts/notifications.ts';
import type * as promotions from '../../src/contracts/promotions.ts';
import type * as releases from '../../src/contracts/releases.ts';
import type * as reviews from '../../src/contracts/reviews.ts';
import type * as runtimes from '../../src/contracts/runtimes.ts';
import type * as timeline from '../../src/contracts/timeline.ts';
import type * as webhooks from '../../src/contracts/webhooks.ts';
import type * as audit from '../../src/contracts/audit.ts';
import type * as insight from '../../src/contracts/insight.ts';
import type * as testRuns from '../../src/contracts/test-runs.ts';
import type * as policy from '../../src/contracts/policy.ts';

/** Every action of `POST /fs/PromotionService/{name}`, typed by the service's own contracts. */
interface Actions {
  getDevAccounts: typeof accounts.getDevAccounts;
  manageDevAccountAccess: typeof accounts.manageDevAccountAccess;
  listIntegrationPacks: typeof deployments.listIntegrationPacks;
  listEnvironments: typeof deployments.listEnvironments;
  packageAndDeploy: typeof deployments.packageAndDeploy;
  queryTestDeployments: typeof deployments.queryTestDeployments;
  cancelTestDeployment: typeof deployments.cancelTestDeployment;
  cancelProductionDeployment: typeof deployments.cancelProductionDeployment;
  checkReleaseStatus: typeof deployments.checkReleaseStatus;
  manageMappings: typeof mappings.manageMappings;
  listNotifications: typeof notifications.listNotifications;
  listDevPackages: typeof promotions.listDevPackages;
  resolveDependencies: typeof promotions.resolveDependencies;
  executePromotion: typeof promotions.executePromotion;
  generateComponentDiff: typeof promotions.generateComponentDiff;
  queryStatus: typeof promotions.queryStatus;
  findBlockingPromotions: typeof promotions.findBlockingPromotions;
  submitForPeerReview: typeof reviews.submitForPeerReview;
  queryPeerReviewQueue: typeof reviews.queryPeerReviewQueue;
  queryAdminReviewQueue: typeof reviews.queryAdminReviewQueue;
  submitPeerReview: typeof reviews.submitPeerReview;
  submitAdminReview: typeof reviews.submitAdminReview;
  withdrawPromotion: typeof reviews.withdrawPromotion;
  abandonPromotion: typeof reviews.abandonPromotion;
  getProcessRuntime: typeof runtimes.getProcessRuntime;
  setProcessRuntime: typeof runtimes.setProcessRuntime;
  getPromotionTimeline: typeof timeline.getPromotionTimeline;
  getExtensions: typeof extensions.getExtensions;
  updateExtensions: typeof extensions.updateExtensions;
  copyExtensionsTestToProd: typeof extensions.copyExtensionsTestToProd;
  diffExtensions: typeof extensions.diffExtensions;
  syncExtensionAccess: typeof extensions.syncExtensionAccess;
  getMapExtension: typeof extensions.getMapExtension;
  updateMapExtension: typeof extensions.updateMapExtension;
  validateScript: typeof extensions.validateScript;
  checkProductionExtensions: typeof extensions.checkProductionExtensions;
  setExtensionCheckRule: typeof extensions.setExtensionCheckRule;
  listClientAccounts: typeof clients.listClientAccounts;
  manageClientAccounts: typeof clients.manageClientAccounts;
  getClientPacks: typeof clients.getClientPacks;
  manageClientPacks: typeof clients.manageClientPacks;
  getApprovalPolicy: typeof approvals.getApprovalPolicy;
  setApprovalPolicy: typeof approvals.setApprovalPolicy;
  getApprovals: typeof approvals.getApprovals;
  breakGlassDeploy: typeof approvals.breakGlassDeploy;
  approveForTest: typeof approvals.approveForTest;
  rollbackRelease: typeof releases.rollbackRelease;
  reviewRollback: typeof releases.reviewRollback;
  cancelRollback: typeof releases.cancelRollback;
  retryRollback: typeof releases.retryRollback;
  getRollback: typeof releases.getRollback;
  listRollbacks: typeof releases.listRollbacks;
  listReleases: typeof releases.listReleases;
  listFreezeWindows: typeof freezes.listFreezeWindows;
  setFreezeWindow: typeof freezes.setFreezeWindow;
  deleteFreezeWindow: typeof freezes.deleteFreezeWindow;
  cancelScheduledDeployment: typeof freezes.cancelScheduledDeployment;
  listDrift: typeof drift.listDrift;
  checkDrift: typeof drift.checkDrift;
  listWebhooks: typeof webhooks.listWebhooks;
  setWebhook: typeof webhooks.setWebhook;
  deleteWebhook: typeof webhooks.deleteWebhook;
  testWebhook: typeof webhooks.testWebhook;
  listWebhookDeliveries: typeof webhooks.listWebhookDeliveries;
  replayWebhookDelivery: typeof webhooks.replayWebhookDelivery;
  listAuditEvents: typeof audit.listAuditEvents;
  verifyAuditTrail: typeof audit.verifyAuditTrail;
  getDeliveryMetrics: typeof insight.getDeliveryMetrics;
  setTestProcess: typeof testRuns.setTestProcess;
  listTestProcesses: typeof testRuns.listTestProcesses;
  runTestProcess: typeof testRuns.runTestProcess;
  getTestRuns: typeof testRuns.getTestRuns;
  listPolicyRules: typeof policy.listPolicyRules;
  setPolicyRule: typeof policy.setPolicyRule;
  getPolicyFindings: typeof policy.getPolicyFindings;
}

export type ActionName = keyof Actions;
export type ActionRequest<N extends ActionName> = z.input<Actions[N]['request']>;
export type ActionResponse<N extends ActionName> = z.output<Actions[N]['response']>;

/** A failed call: the envelope's code and message (D2), or a transport failure. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK_ERROR',
    message: string,
    readonly status: number,
    readonly requestId?: string,
    readonly field?: string,
    /** The whole error envelope: some codes carry details (e.g. `missingConnectionMappings`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Worth retrying as is: rate limits, an unavailable Boomi or service, a dropped connection. */
  get transient(): boolean {
    return (
      this.code === 'NETWORK_ERROR' ||
      this.code === 'API_RATE_LIMIT' ||
      this.code === 'BOOMI_UNAVAILABLE' ||
      this.status === 429 ||
      this.status >= 502
    );
  }
}

/** Something the page looked for and the service does not have (or the caller may not see). */
export const notFound = (message: string) => new ApiError('NOT_FOUND', message, 404);

/** A failed job's answer, as the error its synchronous call would have thrown. */
export const jobError = (response: Record<string, unknown> | null | undefined, fallback: string) =>
  new ApiError(
    (response?.errorCode as ErrorCode | undefined) ?? 'DEPLOYMENT_FAILED',
    String(response?.errorMessage ?? fallback),
    200,
    undefined,
    undefined,
    response ?? {},
  );

let csrfToken: string | undefined;
/** The session's CSRF token, echoed on every state-changing request (set at sign-in). */
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

async function send(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<{ status: number; json: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('NETWORK_ERROR', 'The service could not be reached. Check your connection and try again.', 0);
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (json.success === false || !res.ok) {
    throw new ApiError(
      (json.errorCode as ErrorCode) ?? 'INTERNAL_ERROR',
      String(json.errorMessage ?? `HTTP ${res.status}`),
      res.status,
      json.requestId as string | undefined,
      json.field as string | undefined,
      json,
    );
  }
  return { status: res.status, json };
}

export const getJson = async <T>(url: string): Promise<T> => (await send('GET', url)).json as T;
export const postJson = async <T>(url: string, body?: unknown): Promise<T> =>
  (await send('POST', url, body ?? {})).json as T;

/**
 * Calls an action and returns its success fields; failures throw ApiError. A read passes its
 * query's signal, so a read nobody waits for any more (the page left, the user signed out) stops.
 */
export async function callAction<N extends ActionName>(
  name: N,
  request: ActionRequest<N>,
  signal?: AbortSignal,
): Promise<ActionResponse<N>> {
  return (await send('POST', `/fs/PromotionService/${name}`, request, {}, signal)).json as ActionResponse<N>;
}

export interface JobView {
  jobId: string;
  kind: string;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  promotionId: string | null;
  progress: { done: number; total: number; step: string | null };
  response: Record<string, unknown> | null;
}

/**
 * Starts a long-running action as a job (D3: `Prefer: respond-async`). Returns the job handle;
 * the caller follows it with `followJob`, and a page reload can pick it up again by id.
 */
export async function startAction<N extends ActionName>(
  name: N,
  request: ActionRequest<N>,
): Promise<{ jobId: string; promotionId?: string } | ActionResponse<N>> {
  const { status, json } = await send('POST', `/fs/PromotionService/${name}`, request, { prefer: 'respond-async' });
  return status === 202 ? (json as { jobId: string; promotionId?: string }) : (json as ActionResponse<N>);
}

/** Follows a job over server-sent events until it ends; falls back to polling if the stream drops. */
export function followJob(jobId: string, onUpdate: (job: JobView) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = (j: JobView) => j.state === 'SUCCEEDED' || j.state === 'FAILED';
  const poll = async () => {
    if (stopped) return;
    try {
      const j = await getJson<JobView>(`/api/jobs/${jobId}`);
      onUpdate(j);
      if (done(j)) return;
    } catch {
      /* keep polling: the service may be restarting */
    }
    timer = setTimeout(poll, 1500);
  };
  const events = new EventSource(`/api/jobs/${jobId}/events`);
  events.addEventListener('job', (e) => {
    const j = JSON.parse((e as MessageEvent<string>).data) as JobView;
    onUpdate(j);
    if (done(j)) events.close();
  });
  events.onerror = () => {
    events.close();
    void poll();
  };
  return () => {
    stopped = true;
    events.close();
    if (timer) clearTimeout(timer);
  };
}
