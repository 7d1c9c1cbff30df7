import { Badge, type Tone } from '../Badge.tsx';

const STATUS: Record<string, [string, Tone]> = {
  PENDING_APPROVAL: ['Awaiting Approval', 'amber'],
  RUNNING: ['Rolling Back', 'blue'],
  DONE: ['Done', 'green'],
  FAILED: ['Rollback Failed', 'red'],
  DENIED: ['Denied', 'red'],
  CANCELLED: ['Cancelled', 'gray'],
  ROLLED_BACK: ['Undone by a Later Rollback', 'gray'],
};

const RELEASE: Record<string, [string, Tone]> = {
  RUNNING: ['Running', 'green'],
  SUPERSEDED: ['Superseded', 'gray'],
  ROLLED_BACK: ['Rolled Back', 'amber'],
};

/** A release of the history: what runs now, what a later release replaced, what a rollback undid. */
export function ReleaseStatusBadge({ status }: { status: string }) {
  const [label, tone] = RELEASE[status] ?? [status, 'gray'];
  return <Badge tone={tone}>{label}</Badge>;
}

export function RollbackStatusBadge({ status }: { status: string }) {
  const [label, tone] = STATUS[status] ?? [status, 'gray'];
  return <Badge tone={tone}>{label}</Badge>;
}
