import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import {
  callAction,
  followJob,
  startAction,
  type ActionName,
  type ActionRequest,
  type ActionResponse,
  type ApiError,
  type JobView,
} from './client.ts';

/** A read action as a cached query keyed by its name and request. */
export function useActionQuery<N extends ActionName>(
  name: N,
  request: ActionRequest<N>,
  options: Partial<UseQueryOptions<ActionResponse<N>, ApiError>> = {},
) {
  return useQuery<ActionResponse<N>, ApiError>({
    queryKey: [name, request],
    queryFn: () => callAction(name, request),
    ...options,
  });
}

/**
 * A state-changing action. `isPending` is true from the first click until the answer, so buttons
 * bound to it cannot submit twice.
 */
export function useActionMutation<N extends ActionName>(name: N) {
  return useMutation<ActionResponse<N>, ApiError, ActionRequest<N>>({
    mutationFn: (request) => callAction(name, request),
  });
}

/** Follows a job by id (from the URL or a 202 answer) and re-renders on every progress event. */
export function useJob(jobId: string | null | undefined): JobView | null {
  const [job, setJob] = useState<JobView | null>(null);
  useEffect(() => {
    setJob(null);
    if (!jobId) return;
    return followJob(jobId, setJob);
  }, [jobId]);
  return job;
}

/** Starts a long-running action as a job; resolves with the job id (or the immediate answer). */
export function useStartAction<N extends ActionName>(name: N) {
  return useMutation<{ jobId: string; promotionId?: string } | ActionResponse<N>, ApiError, ActionRequest<N>>({
    mutationFn: (request) => startAction(name, request),
  });
}

/** Keeps the latest value of a callback without re-running effects that use it. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
