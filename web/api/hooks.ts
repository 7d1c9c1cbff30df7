import { useEffect, useRef, useState } from 'react';
import {
  useMutation,
  useQuery,
  useQueryClient,
  type MutateOptions,
  type UseMutationResult,
  type UseQueryOptions,
} from '@tanstack/react-query';
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
import { afterWrite } from './invalidation.ts';

/** A read action as a cached query keyed by its name and request. */
export function useActionQuery<N extends ActionName>(
  name: N,
  request: ActionRequest<N>,
  options: Partial<UseQueryOptions<ActionResponse<N>, ApiError>> = {},
) {
  return useQuery<ActionResponse<N>, ApiError>({
    queryKey: [name, request],
    queryFn: ({ signal }) => callAction(name, request, signal),
    ...options,
  });
}

/**
 * One call at a time: a `mutate` while one runs is dropped, and `isPending` is true from the click
 * on. React Query reports pending on its next tick, after a fast second click has already landed
 * (and it would then run both, calling back only for the second).
 */
function useSingleFlight<D, V>(m: UseMutationResult<D, ApiError, V>): UseMutationResult<D, ApiError, V> {
  const flying = useRef(false);
  const [starting, setStarting] = useState(false);
  const mutate = (variables: V, options?: MutateOptions<D, ApiError, V>) => {
    if (flying.current) return;
    flying.current = true;
    setStarting(true);
    m.mutate(variables, {
      ...options,
      onSettled: (...args) => {
        flying.current = false;
        setStarting(false);
        options?.onSettled?.(...args);
      },
    });
  };
  return { ...m, mutate, isPending: m.isPending || starting } as UseMutationResult<D, ApiError, V>;
}

/**
 * A state-changing action. `isPending` is true from the first click until the answer, so buttons
 * bound to it cannot submit twice. Once it succeeds, the reads it changes refetch (invalidation.ts).
 */
export function useActionMutation<N extends ActionName>(name: N) {
  const client = useQueryClient();
  return useSingleFlight(
    useMutation<ActionResponse<N>, ApiError, ActionRequest<N>>({
      mutationFn: (request) => callAction(name, request),
      onSuccess: () => void afterWrite(client, name),
    }),
  );
}

/**
 * Follows a job by id (from the URL or a 202 answer) and re-renders on every progress event. The
 * job's end changed a promotion: the reads that show promotions refetch then.
 */
export function useJob(jobId: string | null | undefined): JobView | null {
  const client = useQueryClient();
  const [job, setJob] = useState<JobView | null>(null);
  useEffect(() => {
    setJob(null);
    if (!jobId) return;
    return followJob(jobId, setJob);
  }, [jobId]);
  const ended = job?.state === 'SUCCEEDED' || job?.state === 'FAILED' ? job.jobId : null;
  useEffect(() => {
    if (ended) void afterWrite(client, 'job');
  }, [ended, client]);
  return job;
}

/**
 * Starts a long-running action as a job; resolves with the job id (or the immediate answer). The
 * start may already change the record (an approval is recorded before its deployment runs).
 */
export function useStartAction<N extends ActionName>(name: N) {
  const client = useQueryClient();
  return useSingleFlight(
    useMutation<{ jobId: string; promotionId?: string } | ActionResponse<N>, ApiError, ActionRequest<N>>({
      mutationFn: (request) => startAction(name, request),
      onSuccess: () => void afterWrite(client, name),
    }),
  );
}

/** Keeps the latest value of a callback without re-running effects that use it. */
export function useLatest<T>(value: T) {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
