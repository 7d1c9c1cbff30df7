import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config.ts';
import type { Db, Listener } from './platform/db.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { installErrorHandling } from './platform/http/envelope.ts';
import { registerDashboard } from './platform/http/dashboard.ts';
import { createHttpApp } from './platform/http/http-app.ts';
import { docsCsp } from './platform/http/security-headers.ts';
import { createAuthenticate } from './platform/http/auth-hook.ts';
import { registerActions, type ActionBinding } from './platform/http/actions.ts';
import { buildOpenApi } from './platform/http/openapi.ts';
import { routeDocs } from './platform/http/rest.ts';
import { createPgAuditLog } from './features/audit/pg-audit-log.ts';
import { createPgAccountStore } from './features/accounts/pg-account-store.ts';
import { createAccountService } from './features/accounts/account-service.ts';
import { createAccessCache } from './features/accounts/access-cache.ts';
import { accountActions } from './features/accounts/account-routes.ts';
import { createPgMappingStore } from './features/mappings/pg-mapping-store.ts';
import { createMappingService } from './features/mappings/mapping-service.ts';
import { mappingActions } from './features/mappings/mapping-routes.ts';
import { createPackageService } from './features/packages/package-service.ts';
import { packageActions } from './features/packages/package-routes.ts';
import { registerPackageJobs } from './features/packages/package-jobs.ts';
import { createPgIdentityStore } from './features/identity/pg-identity-store.ts';
import { createIdentityService } from './features/identity/identity-service.ts';
import { registerIdentityRoutes } from './features/identity/identity-routes.ts';
import { demoUsers } from './features/identity/demo-users.ts';
import { createOidcClient, type OidcClient } from './features/identity/oidc.ts';
import { createPgPromotionStore } from './features/promotions/pg-promotion-store.ts';
import { createBoomiClient, openBoomiBudget, type BoomiClient } from './boomi/index.ts';
import { startJobs, type Jobs, type ReapedRun } from './platform/jobs.ts';
import { registerJobRoutes } from './platform/http/job-routes.ts';
import { createPromotionService } from './features/promotions/promotion-service.ts';
import type { PromotionDeps } from './features/promotions/promotion-deps.ts';
import { createBranchSlots } from './features/promotions/branch-slots.ts';
import { registerPromotionJobs } from './features/promotions/promotion-jobs.ts';
import { promotionActions } from './features/promotions/promotion-routes.ts';
import { createPromotionAccess } from './features/promotions/promotion-access.ts';
import { createPgDeploymentStore } from './features/deployments/pg-deployment-store.ts';
import { createDeploymentService } from './features/deployments/deployment-service.ts';
import type { DeploymentDeps } from './features/deployments/deployment-deps.ts';
import { registerDeploymentJobs } from './features/deployments/deployment-jobs.ts';
import { deploymentActions } from './features/deployments/deployment-routes.ts';
import { createRuntimeService } from './features/runtimes/runtime-service.ts';
import { runtimeActions } from './features/runtimes/runtime-routes.ts';
import { createReviewService, type Notify } from './features/reviews/review-service.ts';
import { promotionEmail } from './features/notifications/promotion-emails.ts';
import { reviewActions } from './features/reviews/review-routes.ts';
import { createPgNotificationStore } from './features/notifications/pg-notification-store.ts';
import { createNotificationService, type NotificationService } from './features/notifications/notification-service.ts';
import { notificationActions } from './features/notifications/notification-routes.ts';
import { createSmtpMailer } from './platform/mail.ts';
import { createTimelineService } from './features/timeline/timeline-service.ts';
import { timelineActions } from './features/timeline/timeline-routes.ts';
import { createPgClientStore } from './features/clients/pg-client-store.ts';
import { createClientService } from './features/clients/client-service.ts';
import { clientActions } from './features/clients/client-routes.ts';
import { createClientPacks } from './features/clients/client-packs.ts';
import { createPgExtensionStore } from './features/extensions/pg-extension-store.ts';
import { createExtensionService } from './features/extensions/extension-service.ts';
import { createExtensionChecks, type ExtensionChecks } from './features/extensions/extension-checks.ts';
import { extensionActions } from './features/extensions/extension-routes.ts';
import { createMapExtensions } from './features/extensions/map-extensions.ts';
import { createPgApprovalStore } from './features/approvals/pg-approval-store.ts';
import { createApprovalService } from './features/approvals/approval-service.ts';
import { approvalActions } from './features/approvals/approval-routes.ts';
import { createTestApprovals } from './features/approvals/test-approvals.ts';
import { createScriptValidator, type ScriptValidator } from './features/extensions/script-validation/index.ts';
import { createPgRollbackStore } from './features/releases/pg-rollback-store.ts';
import { createRollbackService } from './features/releases/rollback-service.ts';
import type { RollbackDeps } from './features/releases/rollback-deps.ts';
import { registerRollbackJobs } from './features/releases/rollback-jobs.ts';
import { releaseActions } from './features/releases/release-routes.ts';
import { createPgFreezeStore } from './features/freezes/pg-freeze-store.ts';
import { createFreezeService } from './features/freezes/freeze-service.ts';
import { freezeActions } from './features/freezes/freeze-routes.ts';
import { createDriftFeature, type DriftFinding } from './features/drift/drift-feature.ts';
import { observedAuditLog, type AuditObserver } from './features/audit/observed-audit-log.ts';
import { createWebhookFeature } from './features/integrations/webhook-feature.ts';
import type { DispatcherOptions } from './features/integrations/webhook-dispatcher.ts';
import { createPgAuditTrailStore } from './features/audit/pg-audit-trail-store.ts';
import { createAuditTrailService } from './features/audit/audit-trail-service.ts';
import { auditTrailActions, registerAuditExportRoute } from './features/audit/audit-routes.ts';
import { createInsightFeature } from './features/insight/insight-feature.ts';
import { createPgTestRunStore } from './features/checks/pg-test-run-store.ts';
import { createTestRunService } from './features/checks/test-run-service.ts';
import { createTestRunExecution } from './features/checks/test-run-execution.ts';
import { registerTestRunJobs } from './features/checks/test-run-jobs.ts';
import { testRunActions } from './features/checks/test-run-routes.ts';
import { createPgPolicyStore } from './features/checks/pg-policy-store.ts';
import { createPolicyService } from './features/checks/policy-service.ts';
import { policyActions } from './features/checks/policy-routes.ts';

export const VERSION = '0.1.0';

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  metrics?: Metrics;
  /** Fastify logger options; false in tests. */
  logger?: boolean | Record<string, unknown>;
  oidc?: OidcClient;
  /** Durable jobs; started on the same database when not given. */
  jobs?: Jobs;
  /** The Platform API client; built from `config.boomi` when not given. */
  boomi?: BoomiClient;
  /** The email outbox; built from `config.mail` when not given. */
  notifications?: NotificationService;
  /** Map-extension script checks; one Groovy helper process per service when not given. */
  scripts?: ScriptValidator;
  /** Mounted before the app is ready (the in-process Boomi emulator in demo mode, bench routes). */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** Webhook delivery timing (tests shorten the retries). */
  webhookDelivery?: Partial<DispatcherOptions>;
}

/** Builds the service; never listens, so tests drive it with `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? createMetrics();
  const app = await createHttpApp({ config, metrics, logger: deps.logger ?? false });
  installErrorHandling(app, await registerDashboard(app, config.dashboardDir, { sourceMaps: config.http.sourceMaps }));

  // One Boomi request budget per account across replicas (ADR 0016); closed after the jobs stop.
  const budget = deps.boomi
    ? undefined
    : await openBoomiBudget({
        mode: config.boomi.budget,
        db,
        baseUrl: config.boomi.baseUrl,
        accountId: config.boomi.accountId,
        ratePerSecond: config.boomi.rateLimitPerSecond,
        clock,
        log: app.log,
      });
  const boomi = deps.boomi ?? createBoomiClient(config.boomi, { clock, metrics, rateLimiter: budget?.limiter });
  const jobs = deps.jobs ?? (await startJobs(db, { metrics }));
  app.addHook('onClose', async () => {
    if (!deps.jobs) await jobs.stop();
    await budget?.close();
  });
  // Webhooks hear of audit events in the transaction that records them; bound once they exist.
  const auditObserver: { onRecorded?: AuditObserver } = {};
  const audit = observedAuditLog(createPgAuditLog(db, app.log), (tx, e) =>
    auditObserver.onRecorded ? auditObserver.onRecorded(tx, e) : Promise.resolve(),
  );
  // The outbox of D12: transitions queue emails in their transaction; the dispatcher sends them.
  const notifications =
    deps.notifications ??
    createNotificationService({
      store: createPgNotificationStore(db),
      clock,
      log: app.log,
      context: { devList: config.mail.devList, adminList: config.mail.adminList, publicUrl: config.publicUrl },
      mailer: config.mail.smtpUrl ? createSmtpMailer(config.mail.smtpUrl, config.mail.from) : undefined,
    });
  app.addHook('onReady', async () => notifications.start());
  app.addHook('onClose', async () => notifications.stop());
  const groups = config.groups;
  const accountStore = createPgAccountStore(db);
  const listening: { listener?: Listener } = {};
  const accessCache = createAccessCache(() => accountStore.activeAccess(), {
    clock,
    ttlMs: 30_000,
    trusted: () => listening.listener?.healthy() ?? false,
  });
  listening.listener = await db.listen('promo_dev_account_access', () => accessCache.invalidate());
  app.addHook('onClose', async () => {
    await listening.listener?.close();
  });
  const accounts = createAccountService({ store: accountStore, cache: accessCache, db, audit, groups });
  const mappings = createMappingService({
    store: createPgMappingStore(db),
    db,
    audit,
    clock,
    primaryAccountId: config.boomi.accountId,
  });
  // Drift checks and branch reconciliation (issue 14); P2, the reviews and the approval read it.
  // Drift on main under a component of a record in review voids its approvals; the reviews are
  // built later, so the check calls them through this.
  const onDrift: { voidApprovals?: (findings: DriftFinding[]) => Promise<void> } = {};
  const drift = await createDriftFeature({
    config,
    db,
    boomi,
    jobs,
    mappings,
    accounts,
    audit,
    clock,
    log: app.log,
    onNewDrift: (findings) => onDrift.voidApprovals?.(findings) ?? Promise.resolve(),
  });
  const packages = createPackageService({ boomi, mappings, db, jobs, driftOf: drift.service.driftOf });
  const promotionStore = createPgPromotionStore(db);
  const demo = config.demo ? demoUsers(groups) : [];
  const oidc =
    deps.oidc ??
    (config.oidc ? createOidcClient({ ...config.oidc, redirectUri: `${config.publicUrl}/auth/callback` }) : undefined);
  const identity = createIdentityService({
    store: createPgIdentityStore(db),
    clock,
    groups,
    sessionTtlMs: config.sessionTtlMs,
    demoUsers: demo,
    integrationToken: config.integrationToken,
    oidc,
  });
  const authenticate = createAuthenticate(identity);

  const withLock = <T>(key: number, fn: () => Promise<T>) => db.withLock(key, fn);
  // Policy checks (issue 16 item 1): run by the promotion job, asked again by production submissions.
  const policy = createPolicyService({ db, store: createPgPolicyStore(db), boomi, audit, records: promotionStore });
  const promotionDeps: PromotionDeps = {
    checks: policy,
    db,
    store: promotionStore,
    mappings,
    accounts,
    audit,
    jobs,
    boomi,
    primaryAccountId: config.boomi.accountId,
    heartbeatMs: config.jobHeartbeatMs,
    withLock,
    slots: createBranchSlots({
      boomi,
      withLock,
      reservedWithoutBranch: () => promotionStore.countReservedSlots(),
      threshold: config.branchThreshold,
    }),
  };
  // Emails go to the outbox in the transaction of their transition (D12).
  const reviewEmails: Notify = (tx, kind, p, actor, extra) =>
    notifications.queue(tx, promotionEmail(kind, p, actor, extra));
  const promotions = createPromotionService({ ...promotionDeps, syncWaitMs: config.syncWaitMs, clock });
  await registerPromotionJobs(jobs, promotionDeps);
  await registerPackageJobs(jobs, packages);
  const deploymentStore = createPgDeploymentStore(db);
  const deployedEnvironments = async (id: string, target: 'TEST' | 'PRODUCTION') =>
    (await deploymentStore.environmentResults(id, target)).filter((r) => r.deployed);
  const runtimes = createRuntimeService({
    boomi,
    db,
    audit,
    records: promotionStore,
    deployedEnvironments,
  });
  // The extension checks need the deployments' records and the deployments call them back after a
  // production release; bound late so neither feature imports the other.
  const late: { checks?: ExtensionChecks } = {};
  const freezes = createFreezeService({ db, store: createPgFreezeStore(db), audit, clock });
  const approvals = createApprovalService({
    db,
    store: createPgApprovalStore(db),
    boomi,
    audit,
    groups,
    records: promotionStore,
    builtInPeople: demo,
  });
  const testApprovals = createTestApprovals({ db, audit, approvals, records: promotionStore });
  // Test evidence (issue 16): a TEST deployment queues its process's test process run.
  const testRunStore = createPgTestRunStore(db);
  const testRuns = createTestRunService({
    db,
    store: testRunStore,
    audit,
    jobs,
    clock,
    boomi,
    records: promotionStore,
    approvals,
  });
  const testRunExecution = createTestRunExecution({
    db,
    store: testRunStore,
    audit,
    boomi,
    clock,
    runtimes,
    deployedEnvironments,
    ...config.testRuns,
  });
  await registerTestRunJobs(jobs, testRunExecution, config.testRuns.timeoutMs);
  const deploymentDeps: DeploymentDeps = {
    testApprovalGate: (p) => testApprovals.gate(p),
    freezes,
    afterTestDeploy: testRuns.afterTestDeploy,
    afterProductionDeploy: (id) => late.checks?.refreshAfterDeployment(id) ?? Promise.resolve([]),
    db,
    promotions: promotionStore,
    store: deploymentStore,
    runtimes,
    accounts,
    audit,
    jobs,
    boomi,
    clock,
    heartbeatMs: config.jobHeartbeatMs,
    syncWaitMs: config.syncWaitMs,
    mappings,
    notify: (tx, kind, p, by) =>
      notifications.queue(tx, promotionEmail(kind, p, by ?? { email: p.adminApprovedBy ?? p.initiatedBy }, by)),
  };
  const deployments = createDeploymentService(deploymentDeps);
  await registerDeploymentJobs(jobs, deploymentDeps, deployments);
  // Rollback of a release (issue 14): its own records, job and reaper.
  const rollbackStore = createPgRollbackStore(db);
  const rollbackDeps: RollbackDeps = {
    // The ROLLBACK path of the approval policy says how many approvals a rollback needs.
    approvalRequirement: async () => {
      const rule = await approvals.rule('ROLLBACK');
      return { peers: rule.peerApprovals, admins: rule.adminApprovals };
    },
    db,
    store: rollbackStore,
    mappings,
    promotions: promotionStore,
    deployments: deploymentStore,
    accounts,
    audit,
    jobs,
    boomi,
    clock,
    heartbeatMs: config.jobHeartbeatMs,
    slots: promotionDeps.slots,
    notify: (tx, email) => notifications.queue(tx, email),
  };
  const rollbacks = createRollbackService(rollbackDeps);
  await registerRollbackJobs(jobs, rollbackDeps);
  // Promotions whose process died mid-run are failed and their branches removed; interrupted
  // deployments are failed (TEST) or marked (production) with their branch kept, for a retry (D3).
  // Each reaped run is logged: an operator sees what a restart or a crash cost.
  const logReaped = (runs: ReapedRun[]) => {
    for (const r of runs)
      app.log.warn({ jobId: r.jobId, promotionId: r.promotionId, reason: r.reason }, 'reaped a job');
  };
  const reap = async () => {
    await promotions
      .reapStale()
      .then(logReaped, (e: unknown) => app.log.error({ err: e }, 'reaping stale promotions failed'));
    await deployments
      .reapInterrupted()
      .then(logReaped, (e: unknown) => app.log.error({ err: e }, 'reaping interrupted deployments failed'));
    await rollbacks
      .reapInterrupted()
      .then(logReaped, (e: unknown) => app.log.error({ err: e }, 'reaping interrupted rollbacks failed'));
  };
  const reaper = setInterval(() => void reap(), Math.min(60_000, 2 * config.jobHeartbeatMs));
  reaper.unref();
  app.addHook('onReady', async () => {
    void reap();
  });
  app.addHook('onClose', async () => clearInterval(reaper));

  const reviews = createReviewService({
    approvals,
    db,
    records: promotionStore,
    accounts,
    audit,
    boomi,
    notify: reviewEmails,
    approvalGate: (id) => late.checks?.approvalGate(id) ?? Promise.resolve(),
    driftGate: drift.service.driftedComponents,
    testEvidenceGate: (test) => testRuns.evidenceGate(test),
    policyGate: (id) => policy.gate(id),
    production: {
      enqueue: (tx, id, by, opts) => deployments.enqueueProduction(tx, id, by, opts),
      check: (request) => deployments.checkProductionRequest(request),
      warnings: (request) => deployments.runtimeWarnings('PRODUCTION', request.targetEnvironments),
    },
  });
  onDrift.voidApprovals = async (findings) => {
    const components = findings.filter((f) => f.kind === 'COMPONENT');
    const names = [...new Set(components.map((f) => f.componentName ?? f.componentId))].join(', ');
    for (const id of await approvals.reviewsWithComponents(components.map((f) => f.componentId)))
      await reviews.voidApprovals(id, `Main changed outside Promo under ${names} (drift) after the approval`);
  };
  const timeline = createTimelineService({
    audit,
    records: promotionStore,
    deploymentNames: async (promotionId) => {
      const [releases, test, production] = await Promise.all([
        deploymentStore.releases(promotionId),
        deploymentStore.environmentResults(promotionId, 'TEST'),
        deploymentStore.environmentResults(promotionId, 'PRODUCTION'),
      ]);
      return {
        packs: new Map(
          releases.flatMap((r) => (r.integrationPackName ? [[r.integrationPackId, r.integrationPackName]] : [])),
        ),
        environments: new Map([...test, ...production].map((e) => [e.environmentId, e.environmentName])),
      };
    },
  });
  const clients = createClientService({
    store: createPgClientStore(db),
    boomi,
    db,
    audit,
    groups,
    clock,
    primaryAccountId: config.boomi.accountId,
  });
  const extensionStore = createPgExtensionStore(db);
  const extensions = createExtensionService({
    boomi,
    db,
    withLock,
    store: extensionStore,
    clients,
    audit,
    groups,
    clock,
  });
  late.checks = createExtensionChecks({
    boomi,
    db,
    audit,
    store: extensionStore,
    records: promotionStore,
    clients,
    extensions,
    primaryAccountId: config.boomi.accountId,
    deployedEnvironments,
  });
  const scripts =
    deps.scripts ??
    createScriptValidator({
      groovy: { jars: config.scripts.groovyJars, ...(config.scripts.java ? { java: config.scripts.java } : {}) },
      log: app.log,
    });
  if (!deps.scripts) app.addHook('onClose', async () => scripts.close());
  // Webhooks and chat (issue 16 item 3): deliveries queued with each audit event, sent from their outbox.
  const webhooks = createWebhookFeature({
    db,
    audit,
    clock,
    log: app.log,
    options: deps.webhookDelivery,
    self: { publicUrl: config.publicUrl, host: config.host, port: config.port, listening: () => app.addresses() },
  });
  auditObserver.onRecorded = webhooks.service.onAuditRecorded;
  app.addHook('onReady', async () => webhooks.dispatcher.start());
  app.addHook('onClose', async () => webhooks.dispatcher.stop());
  // The tamper-evident trail (issue 16): list, verify and export the hash-chained audit events.
  const auditTrail = createAuditTrailService({ store: createPgAuditTrailStore(db), clock });
  // Delivery (DORA) metrics (issue 16 item 4): the action, its CSV download and the /metrics gauges.
  const insight = createInsightFeature({ app, db, accounts, metrics, clock, authenticate });
  const actions: ActionBinding[] = [
    ...accountActions(accounts),
    ...mappingActions(mappings),
    ...packageActions(packages),
    ...promotionActions(promotions),
    ...reviewActions(reviews, deployments.awaitProduction),
    ...approvalActions(approvals, testApprovals),
    ...deploymentActions(deployments),
    ...runtimeActions(runtimes),
    ...notificationActions(notifications),
    ...timelineActions(timeline),
    ...drift.actions,
    ...clientActions(clients, createClientPacks({ boomi, db, audit, clients })),
    ...releaseActions(rollbacks),
    ...freezeActions(freezes),
    ...testRunActions(testRuns),
    ...policyActions(policy),
    ...extensionActions({
      service: extensions,
      checks: late.checks,
      validator: scripts,
      maps: createMapExtensions({ boomi, db, withLock, audit, extensions, validator: scripts }),
    }),
    ...webhooks.actions,
    ...auditTrailActions(auditTrail),
    ...insight.actions,
  ] as ActionBinding[];
  registerActions(app, actions, {
    authenticate,
    access: createPromotionAccess({
      store: promotionStore,
      accounts,
      clients,
      rollbacks: rollbackStore,
      reviewer: async (caller, promotionId) => {
        const p = await promotionStore.get(promotionId);
        return !!p && (await approvals.mayReviewAcrossTeams(caller, p));
      },
    }),
  });
  registerJobRoutes(app, {
    jobs,
    authenticate,
    canSee: async (caller, run) =>
      caller.tier === 'ADMIN' ||
      run.requestedBy === caller.email ||
      (!!run.promotionId &&
        (await accounts.canSeeAccount(caller, (await promotionStore.ownerOf(run.promotionId))?.devAccountId ?? ''))),
  });
  registerAuditExportRoute(app, { service: auditTrail, authenticate });
  registerIdentityRoutes(app, {
    service: identity,
    authenticate,
    demoUsers: demo,
    groups,
    sso: !!oidc,
    publicUrl: config.publicUrl,
    secureCookies: config.publicUrl.startsWith('https:'),
    sessionTtlMs: config.sessionTtlMs,
  });

  app.get('/healthz', async () => ({ status: 'ok', version: VERSION }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await db.ping();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', reason: 'database' });
    }
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );

  const document = buildOpenApi(
    actions.map((a) => a.contract),
    routeDocs,
    VERSION,
  );
  app.get('/openapi.json', async () => document);
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  const https = config.publicUrl.startsWith('https:');
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp(https) });

  for (const plugin of deps.plugins ?? []) await plugin(app);
  return app;
}
