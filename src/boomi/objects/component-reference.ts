import { z } from 'zod';
import type { ApiContext, CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { q, type QueryExpression } from '../query.ts';
import { zInt, zList } from '../wire-json.ts';

export const ComponentReferenceRowSchema = z.looseObject({
  parentComponentId: z.string(),
  parentVersion: zInt.optional(),
  componentId: z.string(),
  /** DEPENDENT: packaged with the parent; INDEPENDENT: packaged and deployed on its own (§3.3). */
  type: z.string().optional(),
  branchId: z.string().optional(),
});
export type ComponentReferenceRow = z.output<typeof ComponentReferenceRowSchema>;

/** A QueryResult row wraps one or more `references` records. */
export const ComponentReferenceResultSchema = z.looseObject({ references: zList(ComponentReferenceRowSchema) });

export type ComponentReferenceProperty = 'parentComponentId' | 'parentVersion' | 'componentId' | 'type' | 'branchId';

export interface ComponentReferenceApi extends QueryMethods<
  ComponentReferenceProperty,
  z.output<typeof ComponentReferenceResultSchema>
> {
  /**
   * What `parentComponentId` at revision `parentVersion` references, one level deep (§4.B). Both
   * are required by Boomi; recursion is the caller's job. GET /ComponentReference is where-used
   * (parents), so it is deliberately not offered for this (pitfall 14).
   */
  children(
    parentComponentId: string,
    parentVersion: number,
    opts?: CallOptions & { type?: 'DEPENDENT' | 'INDEPENDENT' },
  ): Promise<ComponentReferenceRow[]>;
  /** Latest revisions of the components that reference `componentId`. */
  parents(
    componentId: string,
    opts?: CallOptions & { type?: 'DEPENDENT' | 'INDEPENDENT' },
  ): Promise<ComponentReferenceRow[]>;
}

export function componentReferenceApi(ctx: ApiContext): ComponentReferenceApi {
  const methods = queryMethods<ComponentReferenceProperty, typeof ComponentReferenceResultSchema>(
    ctx,
    'ComponentReference',
    ComponentReferenceResultSchema,
  );
  const flat = async (expression: QueryExpression<ComponentReferenceProperty>, opts?: CallOptions) =>
    (await methods.query(expression, opts)).flatMap((r) => r.references);
  return {
    ...methods,
    children(parentComponentId, parentVersion, opts = {}) {
      const terms: QueryExpression<ComponentReferenceProperty>[] = [
        q.eq('parentComponentId', parentComponentId),
        q.eq('parentVersion', parentVersion),
      ];
      if (opts.type) terms.push(q.eq('type', opts.type));
      return flat(q.and(...terms), opts);
    },
    parents(componentId, opts = {}) {
      return flat(
        opts.type
          ? q.and<ComponentReferenceProperty>(q.eq('componentId', componentId), q.eq('type', opts.type))
          : q.eq('componentId', componentId),
        opts,
      );
    },
  };
}
