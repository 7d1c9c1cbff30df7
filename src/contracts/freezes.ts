import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';
import { FREEZE_DURATION_MINUTES } from './freeze-limits.ts';

// Freeze windows (issue 14 item 5): times during which production deployments are refused
// (FREEZE_ACTIVE), except a break-glass hotfix. One-off (a start and an end) or recurring (a cron
// expression for the start, read in a time zone, and a duration).

export const FREEZE_KINDS = ['ONE_OFF', 'RECURRING'] as const;
export { FREEZE_DURATION_MINUTES, MAX_SCHEDULE_DAYS } from './freeze-limits.ts';

const Instant = z.iso.datetime({ offset: true });

export const FreezeWindow = z.object({
  windowId: z.string(),
  name: z.string(),
  reason: z.string().nullable(),
  kind: z.enum(FREEZE_KINDS),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  cron: z.string().nullable(),
  /** IANA time zone the cron expression is read in; one-off windows are shown in it too. */
  timeZone: z.string(),
  durationMinutes: z.number().int().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  /** The next times it starts (and when each ends), from now. */
  upcoming: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
  /** Freezing production right now: until when. */
  activeUntil: z.string().nullable(),
});

const ActiveFreeze = z.object({ windowId: z.string(), name: z.string(), endsAt: z.string(), timeZone: z.string() });

export const listFreezeWindows = defineContract({
  name: 'listFreezeWindows',
  summary:
    'Freeze windows with their next occurrences, and the freeze in force now (if any). Everyone signed in may ' +
    'read them: they say when production deployments are refused.',
  minTier: 'READONLY',
  request: z.strictObject({ includeInactive: z.boolean().default(true) }),
  response: z.object({ windows: z.array(FreezeWindow), activeFreeze: ActiveFreeze.nullable() }),
});

const Name = z.string().trim().min(1).max(LIMITS.name);
const Reason = z.string().trim().max(LIMITS.comments);
const TimeZone = z.string().trim().min(1).max(64);

export const setFreezeWindow = defineContract({
  name: 'setFreezeWindow',
  summary:
    'Admin: add a freeze window, or change one (windowId with the version read; a stale version is ' +
    'FREEZE_WINDOW_CONFLICT). ONE_OFF: startsAt and endsAt. RECURRING: a cron expression for the start, its ' +
    'time zone and a duration in minutes (1 to 44640). Audited.',
  minTier: 'ADMIN',
  request: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('ONE_OFF'),
      windowId: z.uuid().optional(),
      version: z.number().int().min(1).optional(),
      name: Name,
      reason: Reason.optional(),
      active: z.boolean().default(true),
      startsAt: Instant,
      endsAt: Instant,
      timeZone: TimeZone.default('UTC'),
    }),
    z.strictObject({
      kind: z.literal('RECURRING'),
      windowId: z.uuid().optional(),
      version: z.number().int().min(1).optional(),
      name: Name,
      reason: Reason.optional(),
      active: z.boolean().default(true),
      cron: z.string().trim().min(1).max(100),
      timeZone: TimeZone,
      durationMinutes: z.number().int().min(FREEZE_DURATION_MINUTES.min).max(FREEZE_DURATION_MINUTES.max),
    }),
  ]),
  response: z.object({ window: FreezeWindow }),
});

export const deleteFreezeWindow = defineContract({
  name: 'deleteFreezeWindow',
  summary: 'Admin: remove a freeze window (with the version read, when given). Audited.',
  minTier: 'ADMIN',
  request: z.strictObject({ windowId: z.uuid(), version: z.number().int().min(1).optional() }),
  response: z.object({ windowId: z.string(), deleted: z.literal(true) }),
});

// ---- scheduled production deployments ---------------------------------------------------------

export const cancelScheduledDeployment = defineContract({
  name: 'cancelScheduledDeployment',
  refs: { promotionId: 'promotion' },
  summary:
    'Admin: call off a scheduled production deployment before it starts. The promotion stays ADMIN_APPROVED: ' +
    'deploy it now (packageAndDeploy PRODUCTION) or cancel it (cancelProductionDeployment).',
  minTier: 'ADMIN',
  request: z.strictObject({ promotionId: Id, reason: z.string().trim().max(LIMITS.comments).optional() }),
  response: z.object({
    promotionId: z.string(),
    status: z.literal('ADMIN_APPROVED'),
    cancelledJobId: z.string(),
    message: z.string(),
  }),
});
