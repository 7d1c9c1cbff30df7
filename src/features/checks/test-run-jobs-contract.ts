// The test-run job's name and payload, shared by the service that queues it and the job that runs it.

export const TEST_RUN_JOB = 'checks.test-run';

export interface TestRunJobData {
  runId: string;
}
