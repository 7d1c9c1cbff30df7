import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';

export const MAPPING_SOURCES = ['PROMOTION_ENGINE', 'ADMIN_SEEDING'] as const;
export const MAPPING_OPERATIONS = ['list', 'query', 'create', 'update', 'delete'] as const;

const Name = z.string().trim().min(1).max(LIMITS.name);
const Type = z.string().trim().min(1).max(64);

const MappingInput = z.strictObject({
  devComponentId: Id,
  devAccountId: Id,
  prodComponentId: Id,
  componentName: Name,
  componentType: Type,
  prodAccountId: Id.optional(),
  prodLatestVersion: z.number().int().min(0).max(1_000_000).optional(),
  mappingSource: z.enum(MAPPING_SOURCES).optional(),
});

const Filters = z.strictObject({
  devAccountId: Id.optional(),
  devComponentId: Id.optional(),
  prodComponentId: Id.optional(),
  componentType: Type.optional(),
  componentName: z.string().trim().max(LIMITS.name).optional(),
  mappingSource: z.enum(MAPPING_SOURCES).optional(),
});

/**
 * Two request shapes are in use (10-backend.md §2.7): the profile's `operation` + `filters` +
 * `mapping`, and the spec's `action` with flat fields. Both are accepted and folded into one.
 */
const ManageMappingsWire = z.strictObject({
  operation: z.enum(MAPPING_OPERATIONS).optional(),
  action: z.enum(MAPPING_OPERATIONS).optional(),
  filters: Filters.optional(),
  mapping: MappingInput.partial().optional(),
  devComponentId: Id.optional(),
  devAccountId: Id.optional(),
  prodComponentId: Id.optional(),
  componentName: Name.optional(),
  componentType: Type.optional(),
  prodAccountId: Id.optional(),
  prodLatestVersion: z.number().int().min(0).max(1_000_000).optional(),
  mappingSource: z.enum(MAPPING_SOURCES).optional(),
  limit: z.number().int().min(1).max(LIMITS.pageSize).optional(),
});

export type MappingFilters = z.infer<typeof Filters>;
export type MappingInput = z.infer<typeof MappingInput>;

export type ManageMappingsRequest =
  | { operation: 'list'; filters: MappingFilters; limit: number }
  | { operation: 'upsert'; wireOperation: 'create' | 'update'; mapping: MappingInput }
  | { operation: 'delete'; devComponentId: string; devAccountId: string };

const ManageMappingsRequest = ManageMappingsWire.transform((w, ctx): ManageMappingsRequest => {
  if (w.operation && w.action && w.operation !== w.action) {
    ctx.addIssue({ code: 'custom', path: ['action'], message: 'disagrees with operation; send one of them' });
    return z.NEVER;
  }
  const op = w.operation ?? w.action;
  if (!op) {
    ctx.addIssue({ code: 'custom', path: ['operation'], message: `required: one of ${MAPPING_OPERATIONS.join(', ')}` });
    return z.NEVER;
  }
  const { operation: _o, action: _a, filters: _f, mapping: _m, limit: _l, ...flatFields } = w;
  const flat = dropUndefined(flatFields);
  if (op === 'list' || op === 'query') {
    const { prodLatestVersion: _v, prodAccountId: _p, ...flatFilters } = flat;
    const filters = { ...flatFilters, ...dropUndefined(w.filters ?? {}) };
    return { operation: 'list', filters, limit: w.limit ?? LIMITS.pageSize };
  }
  if (op === 'delete') {
    const key = { ...flat, ...dropUndefined(w.mapping ?? {}) } as Partial<MappingInput>;
    for (const f of ['devComponentId', 'devAccountId'] as const) {
      if (!key[f]) ctx.addIssue({ code: 'custom', path: ['mapping', f], message: 'required to delete a mapping' });
    }
    if (!key.devComponentId || !key.devAccountId) return z.NEVER;
    return { operation: 'delete', devComponentId: key.devComponentId, devAccountId: key.devAccountId };
  }
  const merged = MappingInput.safeParse({ ...flat, ...dropUndefined(w.mapping ?? {}) });
  if (!merged.success) {
    for (const issue of merged.error.issues)
      ctx.addIssue({ code: 'custom', path: ['mapping', ...issue.path.map(String)], message: issue.message });
    return z.NEVER;
  }
  return { operation: 'upsert', wireOperation: op, mapping: merged.data };
});

export const Mapping = z.object({
  id: z.string(),
  devComponentId: z.string(),
  devAccountId: z.string(),
  prodComponentId: z.string(),
  componentName: z.string(),
  componentType: z.string(),
  prodAccountId: z.string(),
  prodLatestVersion: z.number().int(),
  lastPromotedAt: z.string(),
  lastPromotedBy: z.string(),
  mappingSource: z.enum(MAPPING_SOURCES),
});

export const manageMappings = defineContract({
  name: 'manageMappings',
  summary:
    'Admin: query, create/update (upsert) and delete dev -> production component mappings, including connection seeding (10-backend.md §2.7).',
  minTier: 'ADMIN',
  request: ManageMappingsRequest,
  response: z.object({
    operation: z.string(),
    mappings: z.array(Mapping),
    totalCount: z.number().int(),
  }),
});

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
