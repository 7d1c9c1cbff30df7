import { z } from 'zod';
import { Id, defineContract } from './common.ts';

// The runtimes (Boomi atoms, molecules, clouds) that serve each environment, and what a deployed
// process does on them: its schedules and, for a listener, whether it listens (issue 11 item 13).

/** A runtime attached to an environment; ONLINE is the only status under which a process runs. */
export const Runtime = z.object({
  atomId: z.string(),
  atomName: z.string(),
  /** Boomi's status: ONLINE | OFFLINE | WARNING | UNKNOWN. */
  status: z.string(),
  /** ATOM | MOLECULE | CLOUD */
  type: z.string().nullable(),
});

/** What listEnvironments adds to each environment. */
export const EnvironmentRuntimes = {
  runtimes: z.array(Runtime),
  /** At least one attached runtime is ONLINE. */
  online: z.boolean(),
  /** Why a deployment there would not run, before it is made; null when it would. */
  runtimeWarning: z.string().nullable(),
};

export const ScheduleRow = z.object({
  minutes: z.string(),
  hours: z.string(),
  daysOfMonth: z.string(),
  months: z.string(),
  daysOfWeek: z.string(),
  years: z.string(),
});

export const ProcessOnRuntime = Runtime.extend({
  /** The process's run times on this runtime (Boomi's Advanced syntax); empty when it has none. */
  schedules: z.array(ScheduleRow),
  /** Whether its schedules run; null when the runtime could not say (offline). */
  schedulesEnabled: z.boolean().nullable(),
  /** For a listener process: `listening`, `paused` or `errored`; null for other processes. */
  listenerStatus: z.string().nullable(),
  /** What could not be read from this runtime (it is offline, say). */
  problem: z.string().nullable(),
});

const EnvironmentProcess = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  runtimes: z.array(ProcessOnRuntime),
});

const ProcessRuntimeResponse = z.object({
  promotionId: z.string(),
  /** The production component of the promoted root process. */
  processId: z.string(),
  /** TEST for a test deployment, PRODUCTION once deployed to production. */
  target: z.enum(['TEST', 'PRODUCTION']),
  environments: z.array(EnvironmentProcess),
});

export const getProcessRuntime = defineContract({
  name: 'getProcessRuntime',
  refs: { promotionId: 'promotion' },
  summary:
    "Where the promoted process runs: the runtimes of each environment it was deployed to, with their status, its schedules and whether they are enabled, and a listener's state.",
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({ promotionId: Id }),
  response: ProcessRuntimeResponse,
});

export const setProcessRuntime = defineContract({
  name: 'setProcessRuntime',
  refs: { promotionId: 'promotion' },
  summary:
    "Enable or disable the promoted process's schedules, or pause, resume or restart it as a listener, on every runtime of one environment it was deployed to (admins; audited).",
  minTier: 'ADMIN',
  request: z
    .strictObject({
      promotionId: Id,
      environmentId: Id,
      schedules: z.enum(['ENABLE', 'DISABLE']).optional(),
      listener: z.enum(['PAUSE', 'RESUME', 'RESTART']).optional(),
    })
    .refine((r) => r.schedules || r.listener, { message: 'give schedules or listener', path: ['schedules'] }),
  response: ProcessRuntimeResponse,
});
