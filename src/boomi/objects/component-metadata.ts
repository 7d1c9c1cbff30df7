import { z } from 'zod';
import { getJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool, zInt } from '../wire-json.ts';

/** One row per component revision (§3.2). There is no folderFullPath here: read the Component for it. */
export const ComponentMetadataSchema = z.looseObject({
  componentId: z.string(),
  version: zInt.optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  subType: z.string().optional(),
  createdDate: z.string().optional(),
  createdBy: z.string().optional(),
  modifiedDate: z.string().optional(),
  modifiedBy: z.string().optional(),
  deleted: zBool.optional(),
  currentVersion: zBool.optional(),
  folderName: z.string().optional(),
  folderId: z.string().optional(),
  copiedFromComponentId: z.string().optional(),
  copiedFromComponentVersion: zInt.optional(),
  branchName: z.string().optional(),
  branchId: z.string().optional(),
});
export type ComponentMetadata = z.output<typeof ComponentMetadataSchema>;

/**
 * Filterable properties (§2.5). Queries return every revision, deleted ones included, unless
 * filtered with `currentVersion = true` and `deleted = false`.
 */
export type ComponentMetadataProperty =
  | 'accountId'
  | 'componentId'
  | 'version'
  | 'name'
  | 'type'
  | 'subType'
  | 'createdDate'
  | 'createdBy'
  | 'modifiedDate'
  | 'modifiedBy'
  | 'deleted'
  | 'currentVersion'
  | 'folderName'
  | 'folderId'
  | 'copiedFromComponentId'
  | 'copiedFromComponentVersion'
  | 'branchName'
  | 'branchId';

export interface ComponentMetadataApi extends QueryMethods<ComponentMetadataProperty, ComponentMetadata> {
  /** Latest revision, or `version` (`/ComponentMetadata/{id}~{version}`). */
  get(componentId: string, opts?: CallOptions & { version?: number | undefined }): Promise<ComponentMetadata>;
}

export function componentMetadataApi(ctx: ApiContext): ComponentMetadataApi {
  return {
    ...queryMethods<ComponentMetadataProperty, typeof ComponentMetadataSchema>(
      ctx,
      'ComponentMetadata',
      ComponentMetadataSchema,
    ),
    get: (componentId, opts = {}) =>
      getJson(
        ctx,
        'ComponentMetadata.get',
        `/ComponentMetadata${opts.version === undefined ? seg(componentId) : seg(componentId, opts.version)}`,
        ComponentMetadataSchema,
        opts,
        { componentRead: true },
      ),
  };
}
