import type { GroupNames } from '../accounts/tiers.ts';

export interface DemoUser {
  email: string;
  name: string;
  groups: string[];
  /** The API token of the demo user in demo mode only: `demo-<first name>`. */
  token: string;
}

/** The demo fixture's users (spec README, "Demo fixture"). Never active outside demo mode. */
export function demoUsers(g: GroupNames): DemoUser[] {
  const team = (letter: string) => `${g.teamPrefix}${letter}`;
  const user = (first: string, groups: string[]): DemoUser => ({
    email: `${first.toLowerCase()}@acme.example`,
    name: first,
    groups,
    token: `demo-${first.toLowerCase()}`,
  });
  return [
    user('Alice', [g.contributor, team('A')]),
    user('Bob', [g.contributor, team('A')]),
    user('Erin', [g.contributor, team('B')]),
    user('Carol', [g.admin]),
    user('Dan', [g.admin]),
    user('Olga', ['ABC_BOOMI_FLOW_READONLY']),
  ];
}
