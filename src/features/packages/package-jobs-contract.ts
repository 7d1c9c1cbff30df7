// Shared by the service that queues the job and the handler that runs it, so neither imports the other.
export const RESOLVE_JOB = 'dependencies.resolve';
