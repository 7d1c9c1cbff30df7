import { Badge, type Tone } from '../Badge.tsx';

const STATUS: Record<string, [string, Tone]> = {
  PENDING_APPROVAL: ['Awaiting Approval', 'amber'],
  RUNNING: ['Rolling Back', 'blue'],
  DONE: ['Rolled Back', 'green'],
  FAILED: ['Rollback Failed', 'red'],
  DENIED: ['Denied', 'red'],
  CANCELLED: ['Cancelled', 'gray'],
  ROLLED_BACK: ['Undone by a Later Rollback', 'gray'],
  // Release history statuses.
  RUNNING_RELEASE: ['Running', 'green'],
  SUPERSEDED: ['Superseded', 'gray'],
};

export function RollbackStatusBadge({ status }: { status: string }) {
  const [label, tone] = STATUS[status] ?? [status, 'gray'];
  return <Badge tone={tone}>{label}</Badge>;
}
