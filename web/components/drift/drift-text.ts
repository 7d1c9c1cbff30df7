import type { ActionResponse } from '../../api/client.ts';
import { formatDate } from '../format.ts';

export type Finding = ActionResponse<'listDrift'>['findings'][number];
export type ComponentDriftInfo = Pick<
  Finding,
  'change' | 'recordedVersion' | 'actualVersion' | 'changedBy' | 'changedAt' | 'firstSeenAt'
>;

const CHANGE: Record<Finding['change'], string> = {
  MODIFIED: 'Changed outside Promo',
  DELETED: 'Deleted outside Promo',
  MISSING: 'Missing in Boomi',
  REPLACED: 'Another package deployed',
  UNRECORDED: 'Deployed outside Promo',
};

export const changeLabel = (c: Finding['change']) => CHANGE[c];

/** "v3 recorded, v5 in production", or the packages for a deployment. */
export function recordedVsActual(f: ComponentDriftInfo & Partial<Finding>): string {
  if (f.recordedPackageId !== undefined && (f.recordedPackageId !== null || f.actualPackageId !== null)) {
    const recorded = f.recordedPackageId ? `package ${f.recordedPackageVersion ?? f.recordedPackageId}` : 'nothing';
    const actual = f.actualPackageId ? `package ${f.actualPackageVersion ?? f.actualPackageId}` : 'nothing active';
    return `Promo deployed ${recorded}; Boomi runs ${actual}`;
  }
  const recorded = f.recordedVersion === null ? 'none' : `v${f.recordedVersion}`;
  const actual = f.actualVersion === null ? 'none' : `v${f.actualVersion}`;
  return `Promo merged ${recorded}; main holds ${actual}`;
}

export const changedByText = (f: ComponentDriftInfo) =>
  `${f.changedBy ?? 'unknown'}${f.changedAt ? `, ${formatDate(f.changedAt)}` : ''}`;
