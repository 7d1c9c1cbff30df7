import type { EmulatorCore } from '../core/core.ts';
import type { Expr } from '../query/query-parse.ts';
import type { QueryRules } from '../query/query-eval.ts';
import type { AccountData, ApiUser } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';

// The contract between the dispatcher and each Boomi object's handlers. Handlers are synchronous
// and see an already authenticated, authorized and rate-limited call on its effective account.

export interface OpContext {
  core: EmulatorCore;
  account: AccountData;
  user: ApiUser;
  now: number;
  /** Absolute URL up to and including `/{accountId}` (for `releaseStatusUrl`). */
  baseUrl: string;
  /** Parsed JSON or XML body (non-Component objects). */
  body: Record<string, unknown>;
  /** The request body text (Component envelopes are read from it directly). */
  rawBody: string;
}

export type OpResult =
  | { status?: number; wire: WireObject }
  | { status?: number; xml: string }
  | { status?: number; empty: true }
  /** A bare boolean body: `<true/>` in XML, `true` in JSON (EnvironmentAtomAttachment DELETE). */
  | { status?: number; bool: boolean };

export interface QueryRow {
  /** Values filters see, by property name. */
  fields: Record<string, unknown>;
  wire: WireObject;
}

export interface QuerySpec extends QueryRules {
  /** Co-requirement rules beyond the allow-list (e.g. ComponentMetadata `version`). */
  check?(expr: Expr | null): void;
  rows(ctx: OpContext, expr: Expr | null): QueryRow[];
}

export interface ObjectDef {
  name: string;
  /** Component: XML only, JSON Accept is a 406. */
  xmlOnly?: boolean;
  /** Body is read by the handler from `rawBody` (Component envelopes). */
  rawBody?: boolean;
  /** Max ids in a bulk GET (Component: 5). */
  bulkLimit?: number;
  get?(ctx: OpContext, id: string): OpResult;
  /** `objectSuffix` is the `~{branchId}` of `POST /Component~{branchId}`. */
  create?(ctx: OpContext, objectSuffix: string | undefined): OpResult;
  update?(ctx: OpContext, id: string): OpResult;
  delete?(ctx: OpContext, id: string): OpResult;
  execute?(ctx: OpContext, id: string): OpResult;
  query?: QuerySpec;
  /**
   * `POST /async/{Object}/query` (ListenerStatus): the rows are taken now and handed out later
   * by `GET /async/{Object}/response/{token}`.
   */
  asyncQuery?: QuerySpec;
  /** `GET /{Object}/async/{id}` (ExecutionRecord by the requestId of an ExecutionRequest). */
  asyncGet?(ctx: OpContext, id: string): OpResult;
}

export type OperationName =
  | 'get'
  | 'create'
  | 'update'
  | 'delete'
  | 'execute'
  | 'query'
  | 'queryMore'
  | 'bulk'
  | 'asyncGet'
  | 'asyncQuery'
  | 'asyncResponse';
