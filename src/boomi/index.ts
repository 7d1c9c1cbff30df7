// The Boomi Platform API client: what the rest of the service imports.
export { createBoomiClient, type BoomiClient, type BoomiClientConfig, type BoomiClientDeps } from './boomi-client.ts';
export type { CallOptions, PollDefaults } from './api-context.ts';
export type { PollOptions } from './polling.ts';
export type { QueryMethods, QueryPage } from './paging.ts';
export {
  q,
  queryConfigJson,
  queryConfigXml,
  QUERY_OPERATORS,
  type QueryExpression,
  type QueryOperator,
  type QueryValue,
} from './query.ts';
export {
  ComponentXml,
  toWriteXml,
  COMPONENT_TYPES,
  type ComponentAttributes,
  type ComponentType,
  type ComponentWriteTarget,
} from './objects/component-xml.ts';
export type { ComponentUpdateResult, ComponentGetOptions, ComponentWriteOptions } from './objects/component.ts';
export { COMPONENT_BULK_LIMIT, type BulkComponent } from './objects/component-bulk.ts';
export type { ComponentMetadata, ComponentMetadataProperty } from './objects/component-metadata.ts';
export type { ComponentReferenceRow } from './objects/component-reference.ts';
export type { Folder, NewFolder } from './objects/folder.ts';
export type { PackagedComponent, NewPackagedComponent, DeployedPackage, NewDeployment } from './objects/packaging.ts';
export type {
  Environment,
  EnvironmentExtensions,
  EnvironmentExtensionsUpdate,
  ExtensionField,
  ExtensionConnection,
  ExtensionOperation,
  ExtensionTradingPartner,
  ExtensionSharedCommunication,
  ExtensionCrossReference,
  ExtensionProcessProperty,
  ProcessPropertyValue,
  ExtensionProperty,
  ExtensionPGPCertificate,
} from './objects/environment.ts';
export {
  SCRIPT_LANGUAGES,
  scriptFunctions,
  type ScriptLanguage,
  type EnvironmentMapExtension,
  type EnvironmentMapExtensionsSummary,
  type MapExtensionFunction,
  type MapExtensionScripting,
  type MapExtensionsSummaryProperty,
} from './objects/map-extension.ts';
export type {
  IntegrationPackInstance,
  IntegrationPackInstanceProperty,
  NewIntegrationPackInstance,
  IntegrationPackEnvironmentAttachment,
  IntegrationPackEnvironmentAttachmentProperty,
} from './objects/pack-instance.ts';
export type { Account } from './objects/account.ts';
export {
  ATOM_STATUSES,
  type Atom,
  type AtomProperty,
  type AtomStatus,
  type EnvironmentAtomAttachment,
  type EnvironmentAtomAttachmentProperty,
} from './objects/runtime.ts';
export type {
  ProcessSchedules,
  ProcessScheduleStatus,
  ProcessScheduleProperty,
  Schedule,
  ScheduleKey,
  ScheduleUpdate,
} from './objects/process-schedule.ts';
export type { ChangeListenerStatus, ListenerAction, ListenerStatus } from './objects/listener.ts';
export type { ExecutionRecord, NewExecutionRequest } from './objects/execution.ts';
export type {
  PublisherIntegrationPack,
  PublisherPackagedComponent,
  IntegrationPack,
  ReleaseIntegrationPack,
  ReleaseIntegrationPackStatus,
  ReleaseStatusValue,
  NewPublisherIntegrationPack,
  NewRelease,
  InstallationType,
} from './objects/integration-pack.ts';
export { isBranchReady, type Branch, type NewBranch } from './objects/branch.ts';
export {
  MERGE_STAGES,
  type MergeRequest,
  type MergeStage,
  type NewMergeRequest,
  type MergeRequestAction,
} from './objects/merge-request.ts';
export { TokenBucket, sharedRateLimiter, resetSharedRateLimiters, type RateLimiter } from './rate-limiter.ts';
export { DatabaseBudget, budgetKey, type DatabaseBudgetOptions } from './database-budget.ts';
export { openBoomiBudget, type BoomiBudget, type BudgetMode } from './boomi-budget.ts';
export type { BoomiRequestEvent } from './transport.ts';
export { parseXml, serializeXml, BNS_NS, XSI_NS, type XmlLimits, type Document, type Element } from './wire-xml.ts';
