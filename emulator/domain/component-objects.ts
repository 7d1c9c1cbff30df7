import type { EmulatorCore } from '../core/core.ts';
import { MESSAGES, badRequest } from '../http/boomi-error.ts';
import { candidateValues, simpleExprs } from '../query/query-parse.ts';
import type { AccountData, ComponentRecord, Revision } from '../state/state-types.ts';
import { normalizeForCompare, parseComponentXml, renderComponentXml } from '../wire/component-xml.ts';
import { BOOMI_NS, XML_DECL, XSI_NS, escapeAttr } from '../wire/xml-write.ts';
import { records, splitTilde, str } from './body.ts';
import {
  appendRevision,
  checkType,
  componentView,
  contentOf,
  createComponent,
  metadataWire,
  resolveRevision,
  type RevisionContent,
} from './component-store.ts';
import { ensureFolderPath, headOn, requireComponent, requireFolder, requireReadyBranch } from './model.ts';
import type { ObjectDef, OpContext, QueryRow } from './object-def.ts';

function pickBranch(account: AccountData, fromBody: string | undefined, fromPath: string | undefined): string {
  if (fromBody && fromPath && fromBody !== fromPath)
    throw badRequest(`branchId ${fromBody} does not match the branch ${fromPath} in the URL.`);
  const id = fromBody || fromPath || account.mainBranchId;
  requireReadyBranch(account, id);
  return id;
}

function pickFolder(
  core: EmulatorCore,
  account: AccountData,
  folderId: string | undefined,
  fullPath: string | undefined,
): string | undefined {
  if (folderId) return requireFolder(account, folderId).id;
  // Boomi places new components by folderFullPath and creates missing folders on the way.
  if (fullPath && fullPath.trim()) return ensureFolderPath(core, account, fullPath).id;
  return undefined;
}

function sameContent(a: RevisionContent, b: RevisionContent): boolean {
  return (
    a.name === b.name &&
    a.folderId === b.folderId &&
    a.description === b.description &&
    normalizeForCompare(a.object) === normalizeForCompare(b.object) &&
    normalizeForCompare(a.processOverrides) === normalizeForCompare(b.processOverrides) &&
    JSON.stringify(a.encryptedValues) === JSON.stringify(b.encryptedValues)
  );
}

function render(ctx: OpContext, c: ComponentRecord, rev: Revision, view: string) {
  return { xml: renderComponentXml(componentView(ctx.account, c, rev, view)) };
}

function createComponentOp(ctx: OpContext, objectSuffix: string | undefined) {
  const { account, core } = ctx;
  const env = parseComponentXml(ctx.rawBody);
  const a = env.attrs;
  const branchId = pickBranch(account, a['branchId'], objectSuffix);
  const user = ctx.user.userName;
  if (a['componentId']) {
    // CREATE with the id of a deleted component restores it (Boomi's documented restore path).
    const c = requireComponent(account, a['componentId']);
    const head = headOn(c, branchId);
    if (head && !head.deleted) throw badRequest(`Component ${c.componentId} already exists.`);
    const base = head ?? (c.revisions[c.revisions.length - 1] as Revision);
    const rev = appendRevision(c, branchId, { ...contentOf(base), deleted: false }, user, ctx.now);
    return render(ctx, c, rev, branchId);
  }
  const name = a['name']?.trim();
  if (!name) throw badRequest('Component name is required.');
  const type = a['type'] ?? '';
  checkType(type, env.objectRoot);
  if (env.object === null) throw badRequest('The component object (bns:object) is required.');
  const folderId = pickFolder(core, account, a['folderId'], a['folderFullPath']) ?? account.rootFolderId;
  const { component, revision } = createComponent(account, {
    type,
    subType: a['subType'] || null,
    branchId,
    user,
    now: ctx.now,
    content: {
      name,
      folderId,
      description: env.description ?? '',
      encryptedValues: env.encryptedValues ?? [],
      object: env.object,
      processOverrides: type === 'process' ? (env.processOverrides ?? '') : null,
    },
  });
  return render(ctx, component, revision, branchId);
}

function updateComponentOp(ctx: OpContext, idWithSuffix: string) {
  const { account, core } = ctx;
  const [id, suffix] = splitTilde(idWithSuffix);
  if (suffix && /^\d+$/.test(suffix))
    throw badRequest('A component version cannot be updated; post to the component id.');
  const c = requireComponent(account, id);
  const env = parseComponentXml(ctx.rawBody);
  const a = env.attrs;
  if (a['componentId'] && a['componentId'] !== id)
    throw badRequest(`componentId ${a['componentId']} does not match the component ${id} in the URL.`);
  if (a['type'] && a['type'] !== c.type) throw badRequest('The type of a component cannot be changed.');
  if (env.object === null) throw badRequest('The component object (bns:object) is required.');
  checkType(c.type, env.objectRoot);
  const branchId = pickBranch(account, a['branchId'], suffix);
  const base =
    headOn(c, branchId) ?? headOn(c, account.mainBranchId) ?? (c.revisions[c.revisions.length - 1] as Revision);
  // UPDATE is a full replacement of the configuration; omitted overrides and encrypted values keep theirs.
  const content: RevisionContent = {
    name: a['name']?.trim() || base.name,
    folderId: pickFolder(core, account, a['folderId'], a['folderFullPath']) ?? base.folderId,
    description: env.description ?? '',
    encryptedValues: env.encryptedValues ?? base.encryptedValues,
    object: env.object,
    processOverrides: c.type === 'process' ? (env.processOverrides ?? base.processOverrides) : null,
  };
  if (!base.deleted && sameContent(contentOf(base), content)) throw badRequest(MESSAGES.noMaterialChange(id));
  const rev = appendRevision(c, branchId, content, ctx.user.userName, ctx.now);
  return render(ctx, c, rev, branchId);
}

function bulkComponentXml(ctx: OpContext): string {
  if (str(ctx.body, 'type') !== 'GET') throw badRequest('Only bulk GET is supported for Component.');
  const ids = records(ctx.body['request']).map((r) => str(r, 'id') ?? '');
  if (ids.length > 5) throw badRequest('A Component bulk request accepts at most 5 ids.');
  const items = ids.map((idWithSuffix, index) => {
    try {
      const [id, suffix] = splitTilde(idWithSuffix);
      const c = requireComponent(ctx.account, id);
      const { rev, view } = resolveRevision(ctx.account, c, suffix);
      // As a single GET: a deleted component's current revision is not served, a past one is.
      if (rev.deleted && !(suffix && /^\d+$/.test(suffix))) throw badRequest(`Component ${id} is deleted.`);
      const el = renderComponentXml(componentView(ctx.account, c, rev, view), 'bns:Result');
      return `<bns:response index="${index}" id="${escapeAttr(idWithSuffix)}" statusCode="200">${el}</bns:response>`;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return `<bns:response index="${index}" id="${escapeAttr(idWithSuffix)}" statusCode="400" errorMessage="${escapeAttr(message)}"/>`;
    }
  });
  return `${XML_DECL}<bns:BulkResult xmlns:bns="${BOOMI_NS}" xmlns:xsi="${XSI_NS}">${items.join('')}</bns:BulkResult>`;
}

export const componentObject: ObjectDef & { bulkXml(ctx: OpContext): string } = {
  name: 'Component',
  xmlOnly: true,
  rawBody: true,
  bulkLimit: 5,
  get(ctx, idWithSuffix) {
    const [id, suffix] = splitTilde(idWithSuffix);
    const c = requireComponent(ctx.account, id);
    const { rev, view } = resolveRevision(ctx.account, c, suffix);
    if (rev.deleted && !(suffix && /^\d+$/.test(suffix))) throw badRequest(`Component ${id} is deleted.`);
    return render(ctx, c, rev, view);
  },
  create: createComponentOp,
  update: updateComponentOp,
  bulkXml: bulkComponentXml,
};

const METADATA_PROPERTIES = [
  'accountId',
  'componentId',
  'version',
  'name',
  'type',
  'subType',
  'createdDate',
  'createdBy',
  'modifiedDate',
  'modifiedBy',
  'deleted',
  'currentVersion',
  'folderName',
  'folderId',
  'copiedFromComponentId',
  'copiedFromComponentVersion',
  'branchName',
  'branchId',
] as const;

function metadataRows(ctx: OpContext, expr: Parameters<NonNullable<ObjectDef['query']>['rows']>[1]): QueryRow[] {
  const { account } = ctx;
  const used = new Set(simpleExprs(expr).map((s) => s.property));
  // Without a branch filter the query sees the default working branch (main) only.
  const allBranches = used.has('branchId') || used.has('branchName');
  // Batched lookups OR many ids together: only those components can match.
  const pinned = candidateValues(expr, 'componentId');
  const comps = pinned
    ? [...new Set(pinned)].map((id) => account.components[id]).filter((c): c is ComponentRecord => !!c)
    : Object.values(account.components);
  const rows: QueryRow[] = [];
  const push = (c: ComponentRecord, rev: Revision, view: string) => {
    const wire = metadataWire(account, c, rev, view);
    rows.push({ fields: { ...wire, accountId: account.accountId }, wire });
  };
  for (const c of comps) {
    for (const rev of c.revisions) {
      if (!allBranches && rev.branchId !== account.mainBranchId) continue;
      const b = account.branches[rev.branchId];
      if (!b || b.deleted) continue;
      push(c, rev, rev.branchId);
    }
    if (!allBranches) continue;
    // A branch's virtual copy of a component it has not changed shows as that branch's current row.
    for (const [branchId, v] of Object.entries(c.heads)) {
      const rev = c.revisions[v - 1];
      const b = account.branches[branchId];
      if (rev && rev.branchId !== branchId && b && !b.deleted) push(c, rev, branchId);
    }
  }
  return rows;
}

export const componentMetadataObject: ObjectDef = {
  name: 'ComponentMetadata',
  get(ctx, idWithSuffix) {
    const [id, suffix] = splitTilde(idWithSuffix);
    const c = requireComponent(ctx.account, id);
    const { rev, view } = resolveRevision(ctx.account, c, suffix);
    return { wire: metadataWire(ctx.account, c, rev, view) };
  },
  create(ctx) {
    const id = str(ctx.body, 'componentId');
    if (!id) throw badRequest('ComponentMetadata CREATE only restores a deleted component: componentId is required.');
    const c = requireComponent(ctx.account, id);
    const branchId = pickBranch(ctx.account, str(ctx.body, 'branchId'), undefined);
    const head = headOn(c, branchId);
    if (!head || !head.deleted) throw badRequest(`Component ${id} is not deleted.`);
    const rev = appendRevision(c, branchId, { ...contentOf(head), deleted: false }, ctx.user.userName, ctx.now);
    return { wire: metadataWire(ctx.account, c, rev, branchId) };
  },
  update(ctx, idWithSuffix) {
    const [id, suffix] = splitTilde(idWithSuffix);
    const c = requireComponent(ctx.account, id);
    const branchId = pickBranch(ctx.account, str(ctx.body, 'branchId'), suffix);
    const base = headOn(c, branchId);
    if (!base || base.deleted) throw badRequest(`Component ${id} does not exist on this branch.`);
    const folder = ctx.body['folderId'];
    // A blank folderId moves the component to the root folder, as Boomi documents.
    const folderId =
      folder === undefined
        ? base.folderId
        : str(ctx.body, 'folderId')
          ? requireFolder(ctx.account, String(str(ctx.body, 'folderId'))).id
          : ctx.account.rootFolderId;
    const rev = appendRevision(
      c,
      branchId,
      { ...contentOf(base), name: str(ctx.body, 'name')?.trim() || base.name, folderId },
      ctx.user.userName,
      ctx.now,
    );
    return { wire: metadataWire(ctx.account, c, rev, branchId) };
  },
  delete(ctx, idWithSuffix) {
    const [id, suffix] = splitTilde(idWithSuffix);
    const c = requireComponent(ctx.account, id);
    const branchId = pickBranch(ctx.account, undefined, suffix);
    const head = headOn(c, branchId);
    if (!head) throw badRequest(`Component ${id} does not exist on this branch.`);
    if (head.deleted) throw badRequest(`Component ${id} is already deleted.`);
    appendRevision(c, branchId, { ...contentOf(head), deleted: true }, ctx.user.userName, ctx.now);
    return { empty: true };
  },
  query: {
    properties: METADATA_PROPERTIES,
    check(expr) {
      const used = new Set(simpleExprs(expr).map((s) => s.property));
      if (used.has('version') && !used.has('componentId'))
        throw badRequest('Invalid query filter: version can only be used together with componentId.');
      if (used.has('copiedFromComponentVersion') && !used.has('copiedFromComponentId')) {
        throw badRequest(
          'Invalid query filter: copiedFromComponentVersion can only be used together with copiedFromComponentId.',
        );
      }
    },
    rows: metadataRows,
  },
};
