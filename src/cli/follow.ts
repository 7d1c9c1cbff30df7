import type { PromotionStatus } from '../contracts/promotions.ts';
import type { Body, Client, JobView } from './client.ts';
import { EXIT, ServiceError, exitForStatus } from './outcome.ts';

/** How often a wait asks again; the dashboard follows jobs at about this pace too. */
export const POLL_MS = 1000;
// A service restarting (rolling deploy) is unreachable for a few seconds: keep waiting that long.
const TRANSIENT_TRIES = 30;
const TRANSIENT = new Set(['SERVICE_UNREACHABLE', 'DATAHUB_ERROR', 'HTTP_502', 'HTTP_503', 'HTTP_504']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Log = (line: string) => void;

/** Asks again while the service is briefly away; anything else is the answer. */
async function patiently<T>(ask: () => Promise<T>, log: Log): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await ask();
    } catch (e) {
      if (!(e instanceof ServiceError) || !TRANSIENT.has(e.code) || tries >= TRANSIENT_TRIES) throw e;
      if (tries === 1) log(`${e.code}: ${e.message}; still waiting`);
      await sleep(POLL_MS);
    }
  }
}

const finished = (j: JobView) => j.state === 'SUCCEEDED' || j.state === 'FAILED';

/** Polls a job until it ends, writing one line per change of progress. */
export async function followJob(client: Client, jobId: string, label: string, log: Log): Promise<JobView> {
  let last = '';
  for (;;) {
    const j = await patiently(() => client.job(jobId), log);
    const { done, total, step } = j.progress;
    const line = `${label}: ${j.state.toLowerCase()}${total ? ` ${done}/${total}` : ''}${step ? ` ${step}` : ''}`;
    if (line !== last) log(line);
    last = line;
    if (finished(j)) return j;
    await sleep(POLL_MS);
  }
}

/** An action's answer: at once, or (HTTP 202) once its job has finished. A failed job throws. */
export async function runAction(client: Client, action: string, body: Body, log: Log): Promise<Body> {
  const { accepted, body: answer } = await client.call(action, body);
  if (!accepted) return answer;
  const j = await followJob(client, accepted.jobId, action, log);
  const r = j.response ?? {};
  if (j.state === 'FAILED') throw new ServiceError(String(r.errorCode ?? 'JOB_FAILED'), String(r.errorMessage ?? ''));
  return r;
}

export interface PromotionRecord extends Body {
  promotionId: string;
  status: PromotionStatus;
  lastErrorCode: string | null;
  errorMessage: string | null;
  jobId: string | null;
  scheduledDeployAt: string | null;
}

export async function readPromotion(client: Client, promotionId: string, log: Log): Promise<PromotionRecord> {
  const { body } = await patiently(() => client.call('queryStatus', { promotionId, includeResults: true }), log);
  const found = (body.promotions as PromotionRecord[] | undefined)?.[0];
  if (!found) throw new ServiceError('PROMOTION_NOT_FOUND', `Promotion ${promotionId} was not found`);
  return found;
}

/**
 * Waits while the record is being worked on (its job, when it names one), then reads it again.
 * A deployment scheduled for later is not waited for: that may be days.
 */
export async function waitForRecord(client: Client, promotionId: string, log: Log): Promise<PromotionRecord> {
  const followed = new Set<string>();
  for (;;) {
    const p = await readPromotion(client, promotionId, log);
    if (exitForStatus(p) !== EXIT.RUNNING || p.scheduledDeployAt) return p;
    if (p.jobId && !followed.has(p.jobId)) {
      followed.add(p.jobId);
      await followJob(client, p.jobId, promotionId, log);
    } else {
      await sleep(POLL_MS);
    }
  }
}
