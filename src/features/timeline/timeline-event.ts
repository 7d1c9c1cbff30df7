import type { z } from 'zod';
import type { TimelineEvent } from '../../contracts/timeline.ts';
import type { RecordedAuditEvent } from '../audit/audit-log.ts';

export type TimelineEventWire = z.input<typeof TimelineEvent>;

/** Names the service knows for the ids an event carries; an id without a name is shown as it is. */
export interface KnownNames {
  packs: ReadonlyMap<string, string>;
  environments: ReadonlyMap<string, string>;
}

type Details = Record<string, unknown>;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const object = (v: unknown): Details | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Details) : undefined;

/**
 * An audit event as the timeline shows it. Details are picked by name, never copied whole: an
 * event's details may hold whatever its writer needed (a deployment request, job ids), and only
 * what a person reads to follow the promotion leaves the service. Works the same for every
 * action, known today or added later.
 */
export function toTimelineEvent(e: RecordedAuditEvent, names: KnownNames): TimelineEventWire {
  const d: Details = e.details ?? {};
  // What a production submission or a retry asked for travels in a nested request.
  const request = object(d.deploymentRequest) ?? object(d.corrections) ?? {};
  const packId = text(d.integrationPackId) ?? text(d.existingPackId) ?? text(request.existingPackId);
  const packName = packId ? names.packs.get(packId) : (text(d.newPackName) ?? text(request.newPackName));
  const pack =
    packId || packName ? { ...(packId ? { id: packId } : {}), ...(packName ? { name: packName } : {}) } : undefined;
  const environments = environmentsOf(d, request, names);
  const counted = typeof d.componentsCreated === 'number';
  const out: TimelineEventWire = {
    id: e.id,
    promotionId: e.promotionId ?? '',
    action: e.action,
    actor: e.actor,
    occurredAt: new Date(e.occurredAt).toISOString(),
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
  };
  const picked: Partial<TimelineEventWire> = {
    comments: text(d.comments),
    reason: text(d.reason),
    hotfixJustification: text(d.hotfixJustification),
    errorCode: text(d.errorCode),
    errorMessage: text(d.errorMessage),
    packageVersion: text(d.packageVersion) ?? text(request.packageVersion),
    pack,
    environments,
    components: counted
      ? {
          created: count(d.componentsCreated),
          updated: count(d.componentsUpdated),
          unchanged: count(d.unchanged),
          failed: count(d.componentsFailed),
          connections: count(d.connectionsSkipped),
        }
      : undefined,
    retry: d.retry === true ? true : undefined,
  };
  for (const [k, v] of Object.entries(picked)) if (v !== undefined) (out as Details)[k] = v;
  return out;
}

type Environments = NonNullable<TimelineEventWire['environments']>;

/** Deployment results (`[{environmentId, deployed}]`), chosen environments, or a runtime's one. */
function environmentsOf(d: Details, request: Details, names: KnownNames): Environments | undefined {
  const listed = Array.isArray(d.environments)
    ? d.environments
    : Array.isArray(request.targetEnvironments)
      ? request.targetEnvironments
      : text(d.environmentId)
        ? [{ environmentId: d.environmentId }]
        : undefined;
  if (!listed) return undefined;
  const shown = listed.flatMap((x): Environments => {
    const env = object(x);
    const id = text(env?.environmentId);
    if (!id) return [];
    const name = names.environments.get(id);
    const deployed = typeof env?.deployed === 'boolean' ? env.deployed : undefined;
    return [{ environmentId: id, ...(name ? { name } : {}), ...(deployed === undefined ? {} : { deployed }) }];
  });
  return shown.length ? shown : undefined;
}
