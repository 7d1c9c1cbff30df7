// The emulator's whole state. Plain JSON-serializable records so the state file is a straight dump;
// records keyed by id keep creation order (string keys), which queries use as their stable order.

/**
 * 2: accounts carry runtimes (atoms, attachments, schedules, listeners). 3: map extensions and
 * installed integration packs. Older files are upgraded on load.
 */
export const STATE_FORMAT_VERSION = 3;

export interface EmulatorState {
  formatVersion: number;
  /** Counters behind the base64 `B:n` / `F:n` / `MR:n` ids Boomi uses for branches, folders, merges. */
  seq: { branch: number; folder: number; merge: number };
  users: ApiUser[];
  accounts: Record<string, AccountData>;
  /** Records whose stage advances with time (branch creation, merges, releases). */
  pending: PendingItem[];
}

export interface ApiUser {
  /** Login name (e-mail); the Basic user is `BOOMI_TOKEN.<userName>`. */
  userName: string;
  token: string;
  accountId: string;
}

export interface AccountData {
  accountId: string;
  name: string;
  parentAccountId: string | null;
  status: string;
  dateCreated: string;
  rootFolderId: string;
  mainBranchId: string;
  folders: Record<string, FolderRecord>;
  environments: Record<string, EnvironmentRecord>;
  extensions: Record<string, ExtensionsRecord>;
  components: Record<string, ComponentRecord>;
  branches: Record<string, BranchRecord>;
  mergeRequests: Record<string, MergeRecord>;
  packages: Record<string, PackageRecord>;
  deployments: Record<string, DeploymentRecord>;
  packs: Record<string, PackRecord>;
  releases: Record<string, ReleaseRecord>;
  atoms: Record<string, AtomRecord>;
  /** Environment-runtime attachments by their conceptual id. */
  atomAttachments: Record<string, AtomAttachmentRecord>;
  /** Schedules of deployed processes on runtimes, by conceptual id; absent = never set (empty, enabled). */
  schedules: Record<string, ProcessScheduleRecord>;
  /** Listener state by `{atomId}:{processId}`; absent = as the deployment asked (running by default). */
  listeners: Record<string, ListenerState>;
  /** EnvironmentMapExtension documents by their conceptual id. */
  mapExtensions: Record<string, MapExtensionRecord>;
  /** Integration packs installed in this account (IntegrationPackInstance). */
  packInstances: Record<string, PackInstanceRecord>;
  /** IntegrationPackEnvironmentAttachment by conceptual id. */
  packAttachments: Record<string, PackAttachmentRecord>;
  /** Process runs asked for with ExecutionRequest, by requestId (absent in states written before them). */
  executions?: Record<string, ExecutionRun>;
  /** How a process runs when executed, by processId; absent = it completes at once. */
  executionOutcomes?: Record<string, ExecutionOutcome>;
}

/**
 * What an ExecutionRequest of a process does: `pass` ends COMPLETE, `fail` ERROR with `message`,
 * `never` stays INPROCESS, `refuse` is a 400 with `message` (the execution is never made).
 */
export interface ExecutionOutcome {
  result: 'pass' | 'fail' | 'never' | 'refuse';
  message?: string | undefined;
  /** How long the run lasts once started (default 0). */
  durationMs?: number | undefined;
  inboundDocumentCount?: number | undefined;
  outboundDocumentCount?: number | undefined;
}

export interface ExecutionRun {
  requestId: string;
  executionId: string;
  processId: string;
  processName: string;
  atomId: string;
  atomName: string;
  /** Epoch ms the request was accepted; the record is readable from then on. */
  requestedAt: number;
  outcome: ExecutionOutcome;
}

export interface MapExtensionRecord {
  id: string;
  environmentId: string;
  extensionGroupId: string;
  processId: string;
  mapId: string;
  name: string;
  /** The `Map` element in its JSON wire shape (lists normalised); replaced whole on update. */
  map: ExtensionItem;
  /** Connection fields a consumer needs to re-import the profiles (summary `SourceFieldSet`/`DestinationFieldSet`). */
  sourceFieldSet: { connectionId: string; fields: string[] };
  destinationFieldSet: { connectionId: string; fields: string[] };
}

export type PropagationState = 'PENDING' | 'IN_PROGRESS' | 'COMPLETE';

export interface PackInstanceRecord {
  id: string;
  integrationPackId: string;
  /** The account that published (released) the pack. */
  publisherAccountId: string;
  overrideName: string | null;
  /** Publisher release count the attached environments run (0 = nothing deployed yet). */
  deployedRelease: number;
  /** The release being rolled out to this instance, if any. */
  propagation: { release: number; state: PropagationState; startAt: number; dueAt: number } | null;
}

export interface PackAttachmentRecord {
  id: string;
  environmentId: string;
  integrationPackInstanceId: string;
}

export type AtomStatus = 'ONLINE' | 'OFFLINE' | 'WARNING' | 'UNKNOWN';
export type AtomType = 'ATOM' | 'MOLECULE' | 'CLOUD';

export interface AtomRecord {
  id: string;
  name: string;
  type: AtomType;
  status: AtomStatus;
  hostName: string;
  dateInstalled: string;
  currentVersion: string;
  createdBy: string;
  purgeHistoryDays: number;
  purgeImmediate: boolean;
  forceRestartTime: number;
}

export interface AtomAttachmentRecord {
  id: string;
  atomId: string;
  environmentId: string;
}

/** One run time in Boomi's Advanced (cron-like) syntax. */
export interface ScheduleRow {
  years: string;
  months: string;
  daysOfMonth: string;
  daysOfWeek: string;
  hours: string;
  minutes: string;
}

export interface ProcessScheduleRecord {
  atomId: string;
  processId: string;
  schedules: ScheduleRow[];
  retry: { maxRetry: number; schedules: ScheduleRow[] } | null;
  enabled: boolean;
}

export type ListenerState = 'listening' | 'paused' | 'errored';

export interface FolderRecord {
  id: string;
  name: string;
  parentId: string | null;
  deleted: boolean;
}

export interface EnvironmentRecord {
  id: string;
  name: string;
  classification: 'PROD' | 'TEST';
}

export interface EncryptedValue {
  path: string;
  isSet: boolean;
}

/** One revision. Versions are global per component (across branches), as in Boomi. */
export interface Revision {
  version: number;
  branchId: string;
  name: string;
  folderId: string;
  description: string;
  encryptedValues: EncryptedValue[];
  /** Inner XML of `bns:object`, exactly as received. */
  object: string;
  /** Inner XML of `bns:processOverrides` (processes only). */
  processOverrides: string | null;
  deleted: boolean;
  modifiedDate: string;
  modifiedBy: string;
  /** GUIDs found in the XML: candidate references, resolved against the account when read. */
  guids: string[];
}

export interface ComponentRecord {
  componentId: string;
  type: string;
  subType: string | null;
  createdDate: string;
  createdBy: string;
  copiedFromComponentId: string | null;
  copiedFromComponentVersion: number | null;
  revisions: Revision[];
  /** Head revision per branch id: a branch sees its own writes or the virtual copy it forked. */
  heads: Record<string, number>;
}

export type BranchStage = 'CREATING' | 'NORMAL' | 'DELETING';

export interface BranchRecord {
  id: string;
  name: string;
  description: string | null;
  parentId: string | null;
  packageId: string | null;
  deploymentId: string | null;
  stage: BranchStage;
  deleted: boolean;
  createdBy: string;
  createdDate: string;
  modifiedBy: string | null;
  modifiedDate: string | null;
  stageDueAt: number;
  /** Merge base per component: [version on this branch, version on the parent] when last in sync. */
  base: Record<string, [number, number]>;
}

export type MergeStage =
  | 'NOT_EXIST'
  | 'DRAFTING'
  | 'FAILED_TO_DRAFT'
  | 'FAILED_TO_REDRAFT'
  | 'DRAFTED'
  | 'REVIEWING'
  | 'MERGING'
  | 'MERGED'
  | 'FAILED_TO_MERGE'
  | 'DELETED'
  | 'REDRAFTING'
  | 'REVERTED';

export interface MergeDetailRecord {
  componentGuid: string;
  sourceRevision: number;
  destinationRevision: number | null;
  mergeRevision: number | null;
  changeType: 'ADDED' | 'MODIFIED' | 'DELETED';
  conflict: boolean;
  resolution: 'OVERRIDE' | 'KEEP_DESTINATION' | null;
  excluded: boolean;
  stage: 'DRAFTED' | 'REVIEWED' | 'CONFLICT_RESOLVED' | 'MERGED' | 'REVERTED';
  createdDate: string;
  modifiedDate: string;
}

export interface MergeRecord {
  id: string;
  sourceBranchId: string;
  destinationBranchId: string;
  sourceBranchName: string;
  destinationBranchName: string;
  strategy: 'OVERRIDE' | 'CONFLICT_RESOLVE' | 'SUBSET';
  priorityBranch: 'SOURCE' | 'DESTINATION';
  note: string | null;
  stage: MergeStage;
  previousStage: MergeStage;
  stageDueAt: number;
  createdBy: string;
  createdDate: string;
  modifiedBy: string;
  modifiedDate: string;
  details: MergeDetailRecord[];
}

export interface ManifestEntry {
  id: string;
  version: number;
}

export interface PackageRecord {
  packageId: string;
  packageVersion: string;
  componentId: string;
  componentVersion: number;
  componentType: string;
  branchName: string;
  createdDate: string;
  createdBy: string;
  notes: string;
  shareable: boolean;
  deleted: boolean;
  /** Root plus its DEPENDENT closure at the moment of packaging. */
  manifest: ManifestEntry[];
}

export interface DeploymentRecord {
  deploymentId: string;
  version: number;
  packageId: string;
  environmentId: string;
  componentId: string;
  deployedDate: string;
  deployedBy: string;
  notes: string | null;
  active: boolean;
  listenerStatus: 'RUNNING' | 'PAUSED' | null;
  /**
   * Set when an installed integration pack deployed it: the package lives in the publisher's
   * account, so what the wire shows of it is copied here.
   */
  fromPack?: {
    instanceId: string;
    packName: string;
    /** The publisher's release number this deployment carries. */
    release: number;
    state: PropagationState;
    packageVersion: string;
    componentVersion: number;
    componentType: string;
    componentName: string;
  };
}

export interface PackComponentRecord {
  componentId: string;
  currentVersion: string;
  pendingVersion: string;
  deleted: boolean;
}

export interface PackRecord {
  id: string;
  name: string;
  description: string;
  installationType: 'SINGLE' | 'MULTI';
  components: PackComponentRecord[];
  releasedCount: number;
}

export type ReleaseStatus = 'IN_PROGRESS' | 'SCHEDULED' | 'SUCCESS' | 'ERROR';

export interface ReleaseRecord {
  requestId: string;
  packId: string;
  releaseSchedule: 'IMMEDIATELY' | 'RELEASE_ON_SPECIFIED_DATE';
  releaseOnDate: string | null;
  components: { componentId: string; version: string }[];
  status: ReleaseStatus;
  stageDueAt: number;
  createdDate: string;
  createdBy: string;
}

/** Extension sections kept in their JSON wire shape (arrays already normalized). */
export interface ExtensionsRecord {
  connections: ExtensionItem[];
  operations: ExtensionItem[];
  tradingPartners: ExtensionItem[];
  sharedCommunications: ExtensionItem[];
  crossReferences: ExtensionItem[];
  processProperties: ExtensionItem[];
  properties: ExtensionItem[];
  PGPCertificates: ExtensionItem[];
}

export type ExtensionItem = Record<string, unknown>;

export interface PendingItem {
  /** `propagation`: `id` is an IntegrationPackInstance id in `accountId` (the installing account). */
  kind: 'branch' | 'merge' | 'release' | 'propagation';
  accountId: string;
  id: string;
}
