import { badRequest } from '../http/boomi-error.ts';
import { pinnedValues, simpleExprs, type Expr } from '../query/query-parse.ts';
import type { ComponentRecord, Revision } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { splitTilde } from './body.ts';
import { headOn, liveBranch, referencesOf, requireBranch, requireComponent } from './model.ts';
import type { ObjectDef, OpContext, QueryRow } from './object-def.ts';

// ComponentReference: one level of references, derived from the component XML (every GUID in it
// that names a component of the account). Query by parentComponentId + parentVersion gives a
// revision's children; query by componentId gives the current revisions that use it (where-used).

interface RefRow {
  parentComponentId: string;
  parentVersion: number;
  componentId: string;
  type: 'DEPENDENT' | 'INDEPENDENT';
  branchId: string;
}

function refWire(r: RefRow): WireObject {
  return {
    '@type': 'ComponentReference',
    references: [
      {
        '@type': 'references',
        parentComponentId: r.parentComponentId,
        parentVersion: r.parentVersion,
        componentId: r.componentId,
        type: r.type,
        branchId: r.branchId,
      },
    ],
  };
}

function childRows(ctx: OpContext, c: ComponentRecord, rev: Revision, branchId: string): RefRow[] {
  return referencesOf(ctx.account, c, rev).map((ref) => ({
    parentComponentId: c.componentId,
    parentVersion: rev.version,
    componentId: ref.componentId,
    type: ref.type,
    branchId,
  }));
}

/** Current revisions on the branch that reference `componentId`. */
function whereUsed(ctx: OpContext, componentId: string | null, branchId: string): RefRow[] {
  const rows: RefRow[] = [];
  for (const c of Object.values(ctx.account.components)) {
    const head = headOn(c, branchId);
    if (!head || head.deleted) continue;
    if (componentId && !head.guids.includes(componentId)) continue;
    for (const r of childRows(ctx, c, head, branchId)) if (!componentId || r.componentId === componentId) rows.push(r);
  }
  return rows;
}

function queryRows(ctx: OpContext, expr: Expr | null): QueryRow[] {
  const { account } = ctx;
  const branchPin = pinnedValues(expr, 'branchId')?.[0];
  const branchId = branchPin && liveBranch(account, branchPin) ? branchPin : account.mainBranchId;
  const parents = pinnedValues(expr, 'parentComponentId');
  let rows: RefRow[];
  if (simpleExprs(expr).some((s) => s.property === 'parentComponentId')) {
    const versions = pinnedValues(expr, 'parentVersion')?.map(Number);
    const comps = parents
      ? parents.map((id) => account.components[id]).filter((c): c is ComponentRecord => !!c)
      : Object.values(account.components);
    rows = comps.flatMap((c) =>
      c.revisions
        .filter((rev) => !versions || versions.includes(rev.version))
        .flatMap((rev) => childRows(ctx, c, rev, account.branches[rev.branchId] ? rev.branchId : account.mainBranchId)),
    );
  } else {
    rows = whereUsed(ctx, pinnedValues(expr, 'componentId')?.[0] ?? null, branchId);
  }
  return rows.map((r) => ({ fields: { ...r }, wire: refWire(r) }));
}

export const componentReferenceObject: ObjectDef = {
  name: 'ComponentReference',
  get(ctx, idWithSuffix) {
    const [id, suffix] = splitTilde(idWithSuffix);
    const branchId = suffix ? requireBranch(ctx.account, suffix).id : ctx.account.mainBranchId;
    const c = requireComponent(ctx.account, id);
    const parents = whereUsed(ctx, id, branchId);
    const head = headOn(c, branchId);
    const children = head ? childRows(ctx, c, head, branchId) : [];
    // Boomi answers 400 instead of 200 when a component has no references in either direction.
    if (parents.length === 0 && children.length === 0)
      throw badRequest(`Component ${id} has no parent or child references.`);
    return {
      wire: {
        '@type': 'ComponentReference',
        references: parents.map((r) => ({
          '@type': 'references',
          parentComponentId: r.parentComponentId,
          parentVersion: r.parentVersion,
          componentId: r.componentId,
          type: r.type,
          branchId: r.branchId,
        })),
      },
    };
  },
  query: {
    properties: ['parentComponentId', 'parentVersion', 'componentId', 'type', 'branchId'],
    check(expr) {
      const used = new Set(simpleExprs(expr).map((s) => s.property));
      const children = used.has('parentComponentId') || used.has('parentVersion');
      if (children && !(used.has('parentComponentId') && used.has('parentVersion'))) {
        throw badRequest('Invalid query filter: parentComponentId and parentVersion must be used together.');
      }
      if (!children && !used.has('componentId')) {
        throw badRequest('Invalid query filter: filter by parentComponentId and parentVersion, or by componentId.');
      }
    },
    rows: queryRows,
  },
};
