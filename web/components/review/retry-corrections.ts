import { CREATE_NEW, environmentChoice, packChoice, type DeploymentFields } from '../deploy/DeploymentForm.tsx';

/** The stored production request, as the deploy form's fields. */
export interface StoredRequest {
  packageVersion?: string | null | undefined;
  deploymentNotes?: string | null | undefined;
  createNewPack?: boolean | undefined;
  existingPackId?: string | undefined;
  newPackName?: string | undefined;
  newPackDescription?: string | undefined;
  /** Null when the request chose none: every production environment. */
  environments: string[] | null;
}

export function fieldsOf(q: StoredRequest): DeploymentFields {
  return {
    packageVersion: q.packageVersion ?? '',
    pack: q.createNewPack ? CREATE_NEW : (q.existingPackId ?? ''),
    manualPackId: '',
    newPackName: q.createNewPack ? (q.newPackName ?? '') : '',
    newPackDescription: q.createNewPack ? (q.newPackDescription ?? '') : '',
    notes: q.deploymentNotes ?? '',
    environments: q.environments,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * What a retry sends: only the choices the admin changed, since the service keeps the rest of
 * the stored request (and checks each change, naming the field it refuses). `all` is every
 * production environment, which is what a request that chose none deploys to.
 */
export function corrections(before: DeploymentFields, after: DeploymentFields, all: readonly string[]) {
  const version = after.packageVersion.trim();
  const newPack = after.pack === CREATE_NEW;
  const packChanged =
    after.pack !== before.pack ||
    (!after.pack && after.manualPackId.trim() !== before.manualPackId.trim()) ||
    (newPack &&
      (after.newPackName.trim() !== before.newPackName.trim() ||
        after.newPackDescription !== before.newPackDescription));
  const environmentsChanged = !sameSet(before.environments ?? all, after.environments ?? all);
  return {
    ...(version !== before.packageVersion.trim() ? { packageVersion: version } : {}),
    ...(packChanged ? packChoice(after) : {}),
    ...(after.notes !== before.notes ? { deploymentNotes: after.notes } : {}),
    ...(environmentsChanged ? environmentChoice(after) : {}),
  };
}
