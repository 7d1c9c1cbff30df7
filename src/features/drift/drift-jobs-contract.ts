// Shared by the service that queues the check and the handler that runs it, so neither imports the other.
export const DRIFT_JOB = 'drift.check';
