import { z } from 'zod';
import { getJson, postJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool, zInt, zList, zVersionText } from '../wire-json.ts';

export const PackagedComponentSchema = z.looseObject({
  packageId: z.string(),
  packageVersion: zVersionText.optional(),
  componentId: z.string().optional(),
  /** Revision number; the docs also print it as "2.0" (§3.5), so it stays text. */
  componentVersion: zVersionText.optional(),
  componentType: z.string().optional(),
  createdDate: z.string().optional(),
  createdBy: z.string().optional(),
  notes: z.string().optional(),
  shareable: zBool.optional(),
  deleted: zBool.optional(),
  branchName: z.string().optional(),
  fullyPubliclyConsumable: zBool.optional(),
});
export type PackagedComponent = z.output<typeof PackagedComponentSchema>;

/** The schema has no enum; these are the documented and example properties (§2.5). */
export type PackagedComponentProperty =
  | 'packageId'
  | 'packageVersion'
  | 'componentId'
  | 'componentVersion'
  | 'componentType'
  | 'shareable'
  | 'createdBy'
  | 'createdDate'
  | 'deleted'
  | 'branchName'
  | 'notes';

export interface NewPackagedComponent {
  componentId: string;
  /** Auto-generated from the revision when omitted; cannot be added later. */
  packageVersion?: string | undefined;
  notes?: string | undefined;
  /** Package the component as it is on this branch (by name); default branch when omitted. */
  branchName?: string | undefined;
  /** Must be true for integration packs (§3.9.2). */
  shareable?: boolean | undefined;
  /** Package a specific revision. */
  componentVersion?: number | undefined;
}

export const DeployedPackageSchema = z.looseObject({
  deploymentId: z.string(),
  version: zInt.optional(),
  packageId: z.string().optional(),
  packageVersion: zVersionText.optional(),
  environmentId: z.string().optional(),
  componentId: z.string().optional(),
  componentVersion: zVersionText.optional(),
  componentType: z.string().optional(),
  deployedDate: z.string().optional(),
  deployedBy: z.string().optional(),
  notes: z.string().optional(),
  active: zBool.optional(),
  branchName: z.string().optional(),
  listenerStatus: z.string().optional(),
  message: z.string().optional(),
});
export type DeployedPackage = z.output<typeof DeployedPackageSchema>;

export type DeployedPackageProperty =
  | 'uid'
  | 'notes'
  | 'current'
  | 'packageNotes'
  | 'active'
  | 'componentId'
  | 'componentVersion'
  | 'componentName'
  | 'componentType'
  | 'deployedBy'
  | 'deployedDate'
  | 'deploymentId'
  | 'environmentId'
  | 'environmentName'
  | 'packageId'
  | 'packageVersion'
  | 'version'
  | 'accountId'
  | 'branch';

/** Deploys a packaged component (not an integration pack, pitfall 20). */
export type NewDeployment = {
  environmentId: string;
  notes?: string | undefined;
  listenerStatus?: 'RUNNING' | 'PAUSED' | undefined;
} & (
  | { packageId: string; componentId?: undefined }
  /** Package and deploy in one call. */
  | { componentId: string; packageId?: undefined }
);

/** `GET /PackagedComponentManifest/{packageId}`: every component a package holds, at its revision (§3.5). */
export const PackagedComponentManifestSchema = z.looseObject({
  packageId: z.string().optional(),
  componentInfo: zList(z.looseObject({ id: z.string(), version: zInt })),
});

export interface PackagedComponentApi extends QueryMethods<PackagedComponentProperty, PackagedComponent> {
  get(packageId: string, opts?: CallOptions): Promise<PackagedComponent>;
  /** The components the package was built from, each at the revision it holds. */
  manifest(packageId: string, opts?: CallOptions): Promise<Array<{ id: string; version: number }>>;
  create(input: NewPackagedComponent, opts?: CallOptions): Promise<PackagedComponent>;
}

export interface DeployedPackageApi extends QueryMethods<DeployedPackageProperty, DeployedPackage> {
  get(deploymentId: string, opts?: CallOptions): Promise<DeployedPackage>;
  create(input: NewDeployment, opts?: CallOptions): Promise<DeployedPackage>;
}

const defined = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export function packagedComponentApi(ctx: ApiContext): PackagedComponentApi {
  return {
    ...queryMethods<PackagedComponentProperty, typeof PackagedComponentSchema>(
      ctx,
      'PackagedComponent',
      PackagedComponentSchema,
    ),
    get: (packageId, opts) =>
      getJson(ctx, 'PackagedComponent.get', `/PackagedComponent${seg(packageId)}`, PackagedComponentSchema, opts),
    manifest: async (packageId, opts) =>
      (
        await getJson(
          ctx,
          'PackagedComponentManifest.get',
          `/PackagedComponentManifest${seg(packageId)}`,
          PackagedComponentManifestSchema,
          opts,
        )
      ).componentInfo.map((c) => ({ id: c.id, version: c.version })),
    create: (input, opts) =>
      postJson(
        ctx,
        'PackagedComponent.create',
        '/PackagedComponent',
        defined({ ...input }),
        PackagedComponentSchema,
        opts,
        { idempotent: false },
      ),
  };
}

export function deployedPackageApi(ctx: ApiContext): DeployedPackageApi {
  return {
    ...queryMethods<DeployedPackageProperty, typeof DeployedPackageSchema>(
      ctx,
      'DeployedPackage',
      DeployedPackageSchema,
    ),
    get: (deploymentId, opts) =>
      getJson(ctx, 'DeployedPackage.get', `/DeployedPackage${seg(deploymentId)}`, DeployedPackageSchema, opts),
    create: (input, opts) =>
      postJson(ctx, 'DeployedPackage.create', '/DeployedPackage', defined({ ...input }), DeployedPackageSchema, opts, {
        idempotent: false,
      }),
  };
}
