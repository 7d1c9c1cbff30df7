import { useEffect, useId, useState } from 'react';
import { LIMITS } from '../../../src/contracts/limits.ts';
import { ApiError } from '../../api/client.ts';
import { useActionQuery } from '../../api/hooks.ts';
import { CountedTextArea } from '../CountedTextArea.tsx';
import { Loading } from '../Loading.tsx';
import { ErrorBanner } from '../ErrorPanel.tsx';
import { EnvironmentChoice } from './EnvironmentChoice.tsx';

export const CREATE_NEW = '__CREATE_NEW__';
const TEST_SUFFIX = ' - TEST';
const NOTES_MAX = 500;
const PACK_NAME_MAX = 100;

export interface DeploymentFields {
  packageVersion: string;
  pack: string;
  manualPackId: string;
  newPackName: string;
  newPackDescription: string;
  notes: string;
  /** The chosen environment ids; null until the list is loaded (the service then uses them all). */
  environments: string[] | null;
}

export type FieldErrors = Partial<Record<keyof DeploymentFields, string>>;

/** The form's rules (20-dashboard.md §4 P4); a new test pack's name must end in " - TEST" (D6). */
export function validate(f: DeploymentFields, purpose: 'TEST' | 'PRODUCTION', manual: boolean): FieldErrors {
  const e: FieldErrors = {};
  if (!f.packageVersion.trim()) e.packageVersion = 'Package version is required';
  else if (f.packageVersion.length > LIMITS.packageVersion)
    e.packageVersion = `Package version cannot exceed ${LIMITS.packageVersion} characters`;
  if (manual) {
    if (!f.manualPackId.trim() && !f.pack)
      e.manualPackId = 'Please select an integration pack or choose to create a new one';
  } else if (!f.pack) e.pack = 'Please select an integration pack or choose to create a new one';
  if (f.pack === CREATE_NEW) {
    const name = f.newPackName.trim();
    if (!name) e.newPackName = 'New pack name is required when creating a new pack';
    else if (name.length > PACK_NAME_MAX) e.newPackName = `Pack name cannot exceed ${PACK_NAME_MAX} characters`;
    else if (purpose === 'TEST' && !name.endsWith(TEST_SUFFIX))
      e.newPackName = `A test pack's name must end in "${TEST_SUFFIX}" (for example "${name}${TEST_SUFFIX}")`;
  }
  if (f.environments && f.environments.length === 0) e.environments = 'Choose at least one environment';
  if (f.notes.length > NOTES_MAX) e.notes = `Notes cannot exceed ${NOTES_MAX} characters`;
  return e;
}

/** The request fields the service names in INVALID_REQUEST, and the form field each belongs to. */
const SERVER_FIELDS: Record<string, keyof DeploymentFields> = {
  packageVersion: 'packageVersion',
  existingPackId: 'pack',
  createNewPack: 'pack',
  newPackName: 'newPackName',
  deploymentNotes: 'notes',
  targetEnvironments: 'environments',
};

/**
 * The service's refusal of one field (`INVALID_REQUEST` with `field`, e.g.
 * `targetEnvironments.0.environmentId`), placed next to that field; null for any other error.
 */
export function serverFieldErrors(error: unknown, manual = false): FieldErrors | null {
  if (!(error instanceof ApiError) || error.code !== 'INVALID_REQUEST' || !error.field) return null;
  const key = SERVER_FIELDS[error.field.split('.')[0]!];
  if (!key) return null;
  // The service's message starts with the field's own name, which the form already shows as a label.
  return { [key === 'pack' && manual ? 'manualPackId' : key]: error.message.replace(/^[\w.]+: /, '') };
}

/** The environment part of a request: the chosen ones, or none sent (every environment of the target). */
export const environmentChoice = (f: DeploymentFields) =>
  f.environments ? { targetEnvironments: f.environments.map((environmentId) => ({ environmentId })) } : {};

/** The pack part of a packageAndDeploy / submitForPeerReview request. */
export function packChoice(f: DeploymentFields) {
  if (f.pack === CREATE_NEW)
    return {
      createNewPack: true,
      newPackName: f.newPackName.trim(),
      ...(f.newPackDescription ? { newPackDescription: f.newPackDescription } : {}),
    };
  const id = f.pack || f.manualPackId.trim();
  return { createNewPack: false, existingPackId: id };
}

/**
 * The deployment details of P4: version, Integration Pack (suggested, existing or new), notes.
 * If the pack list cannot be loaded the user can still type a pack id.
 */
export function DeploymentForm({
  processName,
  purpose,
  fields,
  onChange,
  errors,
  disabled,
}: {
  processName: string;
  purpose: 'TEST' | 'PRODUCTION';
  fields: DeploymentFields;
  onChange(f: DeploymentFields): void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const id = useId();
  const packs = useActionQuery('listIntegrationPacks', { suggestForProcess: processName, packPurpose: purpose });
  const [suggested, setSuggested] = useState(false);
  const set = (patch: Partial<DeploymentFields>) => onChange({ ...fields, ...patch });
  useEffect(() => {
    // Pre-select the pack last used for this process, once, if the user chose nothing yet.
    if (packs.data?.suggestedPackId && !fields.pack) {
      set({ pack: packs.data.suggestedPackId });
      setSuggested(true);
    }
  }, [packs.data?.suggestedPackId]);
  const manual = !!packs.error;
  const sorted = [...(packs.data?.integrationPacks ?? [])].sort((a, b) => a.packName.localeCompare(b.packName));
  const err = (k: keyof DeploymentFields) =>
    errors[k] ? (
      <span id={`${id}-${k}-err`} className="field-error" role="alert">
        {errors[k]}
      </span>
    ) : null;
  return (
    <fieldset className="deploy-form" disabled={disabled}>
      <div className="field" style={{ maxWidth: 300 }}>
        <label htmlFor={`${id}-version`}>Package Version</label>
        <input
          id={`${id}-version`}
          type="text"
          placeholder="e.g., 1.0.0"
          maxLength={LIMITS.packageVersion}
          value={fields.packageVersion}
          aria-invalid={!!errors.packageVersion}
          aria-describedby={`${id}-packageVersion-err`}
          onChange={(e) => set({ packageVersion: e.target.value })}
        />
        {err('packageVersion')}
        {fields.packageVersion && !/^\d+\.\d+\.\d+$/.test(fields.packageVersion) && !errors.packageVersion && (
          <span className="muted">Invalid version format (use X.Y.Z)</span>
        )}
      </div>
      <div className="field" style={{ maxWidth: 500 }}>
        <label htmlFor={`${id}-pack`}>Integration Pack</label>
        {packs.isPending ? (
          <Loading />
        ) : manual ? (
          <>
            <ErrorBanner error={packs.error} onRetry={() => void packs.refetch()} />
            <input
              id={`${id}-pack`}
              type="text"
              placeholder="Integration Pack id"
              value={fields.manualPackId}
              aria-invalid={!!errors.manualPackId}
              onChange={(e) => set({ manualPackId: e.target.value, pack: '' })}
            />
            {err('manualPackId')}
          </>
        ) : (
          <>
            <select
              id={`${id}-pack`}
              value={fields.pack}
              aria-invalid={!!errors.pack}
              aria-describedby={`${id}-pack-err`}
              onChange={(e) => {
                set({ pack: e.target.value });
                setSuggested(false);
              }}
            >
              <option value="" disabled>
                Select an integration pack or create new...
              </option>
              <option value={CREATE_NEW}>+ Create New Integration Pack</option>
              {packs.data?.suggestedPackId && (
                <option value={packs.data.suggestedPackId}>
                  ★ {packs.data.suggestedPackName} (Suggested — last used for this process)
                </option>
              )}
              {sorted.map((p) => (
                <option key={p.packId} value={p.packId}>
                  {p.packName}
                </option>
              ))}
            </select>
            {err('pack')}
            {suggested && fields.pack === packs.data?.suggestedPackId && (
              <span className="muted">Suggested: Last used for '{processName}'</span>
            )}
          </>
        )}
      </div>
      {fields.pack === CREATE_NEW && (
        <div className="indented">
          <div className="field" style={{ maxWidth: 500 }}>
            <label htmlFor={`${id}-newname`}>New Pack Name</label>
            <input
              id={`${id}-newname`}
              type="text"
              placeholder={purpose === 'TEST' ? 'e.g., Order Management v3 - TEST' : 'e.g., Order Management v3'}
              value={fields.newPackName}
              aria-invalid={!!errors.newPackName}
              aria-describedby={`${id}-newPackName-err`}
              onChange={(e) => set({ newPackName: e.target.value })}
            />
            {err('newPackName')}
          </div>
          <div style={{ maxWidth: 600 }}>
            <CountedTextArea
              label="New Pack Description"
              value={fields.newPackDescription}
              onChange={(v) => set({ newPackDescription: v })}
              max={NOTES_MAX}
              rows={3}
              placeholder="What the pack is for and what it contains"
            />
          </div>
        </div>
      )}
      <EnvironmentChoice
        purpose={purpose}
        chosen={fields.environments}
        onChange={(environments) => set({ environments })}
        error={errors.environments}
      />
      <div style={{ maxWidth: 600 }}>
        <CountedTextArea
          label="Deployment Notes"
          value={fields.notes}
          onChange={(v) => set({ notes: v })}
          max={NOTES_MAX}
          error={errors.notes}
          placeholder="What is being deployed, and anything reviewers should know"
        />
      </div>
    </fieldset>
  );
}
