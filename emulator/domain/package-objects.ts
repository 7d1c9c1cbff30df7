import { BoomiError, MESSAGES, badRequest } from '../http/boomi-error.ts';
import { isoSeconds, newUuid } from '../state/ids.ts';
import type { AccountData, PackageRecord } from '../state/state-types.ts';
import type { WireObject } from '../wire/xml-write.ts';
import { bool, int, requiredStr, str } from './body.ts';
import { branchByName, dependentClosure, headOn, requireComponent } from './model.ts';
import type { ObjectDef } from './object-def.ts';

// PackagedComponent: a snapshot of a component (and its DEPENDENT closure) at its revisions on a
// branch at that moment. The root must be of a type Boomi packages; a `componentType` in the
// request must be the component's type, as in Boomi's model.

const PACKAGEABLE = new Set([
  'process',
  'webservice',
  'webservice.external',
  'certificate',
  'customlibrary',
  'flowservice',
  'processroute',
  'tpgroup',
]);

export function packageWire(p: PackageRecord): WireObject {
  return {
    '@type': 'PackagedComponent',
    packageId: p.packageId,
    packageVersion: p.packageVersion,
    componentId: p.componentId,
    componentVersion: p.componentVersion,
    componentType: p.componentType,
    createdDate: p.createdDate,
    createdBy: p.createdBy,
    notes: p.notes,
    shareable: p.shareable,
    deleted: p.deleted,
    branchName: p.branchName,
    fullyPubliclyConsumable: false,
  };
}

export interface NewPackage {
  componentId: string;
  /** When given, must be the component's type. */
  componentType?: string;
  packageVersion?: string;
  componentVersion?: number;
  branchName?: string;
  notes?: string;
  shareable?: boolean;
  packageId?: string;
  user: string;
  now: number;
  createdDate?: string;
}

export function createPackage(account: AccountData, input: NewPackage): PackageRecord {
  const c = requireComponent(account, input.componentId);
  if (input.componentType !== undefined && input.componentType !== c.type)
    throw badRequest(MESSAGES.componentTypeMismatch(input.componentType, c.componentId, c.type));
  const branch = input.branchName ? branchByName(account, input.branchName) : account.branches[account.mainBranchId];
  if (!branch) throw badRequest(`Invalid branch name: ${input.branchName ?? 'main'}`);
  if (branch.stage !== 'NORMAL') throw badRequest(`Branch ${branch.name} is not ready (stage ${branch.stage}).`);
  const rev = input.componentVersion ? c.revisions[input.componentVersion - 1] : headOn(c, branch.id);
  if (!rev) throw badRequest(`Component ${c.componentId} does not exist on branch ${branch.name}.`);
  if (rev.deleted) throw badRequest(`Component ${c.componentId} is deleted.`);
  if (!PACKAGEABLE.has(c.type)) throw badRequest(`Components of type ${c.type} cannot be packaged.`);
  const existing = Object.values(account.packages).filter((p) => p.componentId === c.componentId);
  let packageVersion = input.packageVersion?.trim();
  if (packageVersion) {
    if (existing.some((p) => p.packageVersion === packageVersion)) {
      throw badRequest(`Packaged component version ${packageVersion} already exists for component ${c.componentId}.`);
    }
  } else {
    // Boomi derives the version from the component revision when none is given.
    packageVersion = `${rev.version}.0`;
    for (let n = 1; existing.some((p) => p.packageVersion === packageVersion); n++)
      packageVersion = `${rev.version}.${n}`;
  }
  const pkg: PackageRecord = {
    packageId: input.packageId ?? newUuid(),
    packageVersion,
    componentId: c.componentId,
    componentVersion: rev.version,
    componentType: c.type,
    branchName: branch.name,
    createdDate: input.createdDate ?? isoSeconds(input.now),
    createdBy: input.user,
    notes: input.notes ?? '',
    shareable: input.shareable ?? false,
    deleted: false,
    manifest: dependentClosure(account, c, rev, branch.id),
  };
  account.packages[pkg.packageId] = pkg;
  return pkg;
}

export function requirePackage(account: AccountData, id: string): PackageRecord {
  const p = account.packages[id];
  if (!p) throw badRequest(`Invalid packaged component id: ${id}`);
  return p;
}

export const packagedComponentObject: ObjectDef = {
  name: 'PackagedComponent',
  get(ctx, id) {
    return { wire: packageWire(requirePackage(ctx.account, id)) };
  },
  create(ctx) {
    const b = ctx.body;
    const restoreId = str(b, 'packageId');
    if (restoreId && ctx.account.packages[restoreId]) {
      const p = requirePackage(ctx.account, restoreId);
      if (!p.deleted) throw badRequest(`Packaged component ${restoreId} already exists.`);
      p.deleted = false;
      return { wire: packageWire(p) };
    }
    const pkg = createPackage(ctx.account, {
      componentId: requiredStr(b, 'componentId', 'PackagedComponent'),
      // Boomi's CLI sends the type along; a wrong one is refused rather than ignored.
      componentType: str(b, 'componentType') || undefined,
      packageVersion: str(b, 'packageVersion'),
      componentVersion: int(b, 'componentVersion'),
      branchName: str(b, 'branchName') || undefined,
      notes: str(b, 'notes'),
      shareable: bool(b, 'shareable'),
      user: ctx.user.userName,
      now: ctx.now,
    });
    return { wire: packageWire(pkg) };
  },
  delete(ctx, id) {
    const { account } = ctx;
    const p = requirePackage(account, id);
    if (Object.values(account.deployments).some((d) => d.packageId === id && d.active)) {
      throw new BoomiError(409, `Packaged component ${id} is deployed and cannot be deleted.`);
    }
    p.deleted = true;
    return { empty: true };
  },
  query: {
    properties: [
      'packageId',
      'packageVersion',
      'componentId',
      'componentVersion',
      'componentType',
      'createdDate',
      'createdBy',
      'notes',
      'shareable',
      'deleted',
      'branchName',
    ],
    rows(ctx) {
      return Object.values(ctx.account.packages).map((p) => {
        const wire = packageWire(p);
        return { fields: wire, wire };
      });
    },
  },
};

export const packagedComponentManifestObject: ObjectDef = {
  name: 'PackagedComponentManifest',
  get(ctx, id) {
    const p = requirePackage(ctx.account, id);
    return {
      wire: {
        '@type': 'PackagedComponentManifest',
        packageId: p.packageId,
        componentInfo: p.manifest.map((m) => ({ '@type': 'ComponentInfo', id: m.id, version: m.version })),
      },
    };
  },
};
