import type { ApprovalPath, PathPolicy } from '../../contracts/approval-policy.ts';
import type { Tier } from '../../contracts/common.ts';

/** Someone who might approve: their groups as Promo last saw them, and the tier those give. */
export interface Person {
  email: string;
  groups: readonly string[];
  tier: Tier;
}

export type ApprovalRole = 'PEER' | 'ADMIN';

/** What a decision on one record is judged against, besides the policy. */
export interface ReviewSubject {
  /** Who authored the change: initiator, submitter, whoever deployed it to Test. */
  authors: readonly string[];
  /** The team groups that own the record's dev account. */
  teamGroups: readonly string[];
  /** Approvals standing (not void), with who gave them. */
  approvals: ReadonlyArray<{ role: ApprovalRole; approvedBy: string }>;
}

const lower = (s: string) => s.toLowerCase();
const sharesAny = (have: readonly string[], wanted: readonly string[]) => {
  const set = new Set(wanted.map(lower));
  return have.some((g) => set.has(lower(g)));
};

/** The path a promotion record's approvals follow. */
export function pathOf(p: { isHotfix: boolean; targetEnvironment: 'TEST' | 'PRODUCTION' | null }): ApprovalPath {
  if (p.isHotfix) return 'HOTFIX';
  return p.targetEnvironment === 'PRODUCTION' ? 'PRODUCTION' : 'TEST';
}

/** Why `person` may not give a `role` approval on this subject, or null when they may. */
export function ineligibility(
  person: Person,
  role: ApprovalRole,
  rule: PathPolicy,
  subject: ReviewSubject,
): string | null {
  const email = lower(person.email);
  if (subject.authors.some((a) => lower(a) === email))
    return 'You authored this change (you started, submitted or deployed it to Test): someone else must approve it';
  if (subject.approvals.some((a) => lower(a.approvedBy) === email)) return 'You have already approved it';
  if (role === 'ADMIN' && person.tier !== 'ADMIN') return 'An admin approval needs an admin';
  if (role === 'PEER' && person.tier === 'READONLY') return 'A peer approval needs a contributor or an admin';
  const groups = role === 'PEER' ? rule.peerGroups : rule.adminGroups;
  if (groups.length && !sharesAny(person.groups, groups))
    return `The approval policy takes ${role === 'PEER' ? 'peer' : 'admin'} approvals from ${groups.join(', ')} only`;
  if (!rule.authorTeamMayReview && subject.teamGroups.length && sharesAny(person.groups, subject.teamGroups))
    return `The approval policy keeps reviews outside the author's team (${subject.teamGroups.join(', ')})`;
  return null;
}

/** Approvals still needed, per role. */
export function remaining(rule: PathPolicy, approvals: ReviewSubject['approvals']) {
  const count = (role: ApprovalRole) => approvals.filter((a) => a.role === role).length;
  return {
    peers: Math.max(0, rule.peerApprovals - count('PEER')),
    admins: Math.max(0, rule.adminApprovals - count('ADMIN')),
  };
}

/**
 * Why no set of the people Promo knows could ever give the approvals still needed, or null when
 * some set could. Each person gives one approval, so besides enough peers and enough admins,
 * together they must be enough distinct people (the two sets overlap: admins may be peers).
 */
export function unsatisfiable(rule: PathPolicy, people: readonly Person[], subject: ReviewSubject): string | null {
  const need = remaining(rule, subject.approvals);
  if (need.peers + need.admins === 0) return null;
  const eligible = (role: ApprovalRole) => people.filter((p) => ineligibility(p, role, rule, subject) === null);
  const peers = eligible('PEER');
  const admins = eligible('ADMIN');
  const everyone = new Set([...peers, ...admins].map((p) => lower(p.email)));
  const who = (role: ApprovalRole) => {
    const groups = role === 'PEER' ? rule.peerGroups : rule.adminGroups;
    const parts = [
      role === 'PEER' ? 'contributors or admins' : 'admins',
      groups.length ? `in ${groups.join(', ')}` : '',
      !rule.authorTeamMayReview && subject.teamGroups.length ? `outside ${subject.teamGroups.join(', ')}` : '',
      'who did not author it',
    ];
    return parts.filter(Boolean).join(' ');
  };
  if (peers.length < need.peers)
    return `It needs ${need.peers} peer approval(s) from ${who('PEER')}; Promo knows ${peers.length} such person(s).`;
  if (admins.length < need.admins)
    return `It needs ${need.admins} admin approval(s) from ${who('ADMIN')}; Promo knows ${admins.length} such person(s).`;
  if (everyone.size < need.peers + need.admins)
    return `It needs ${need.peers + need.admins} different approvers; only ${everyone.size} person(s) qualify.`;
  return null;
}
