import type { ActionResponse } from '../../api/client.ts';

export type ClientAccount = ActionResponse<'listClientAccounts'>['clientAccounts'][number];
export type ClientEnvironment = ClientAccount['environments'][number];

export const ROLE_LABEL = { TEST: 'Test', PROD: 'Production' } as const;

/** "Test: Acme QA", or just "Test" when the environment is called that. */
export const environmentLabel = (e: ClientEnvironment) =>
  e.environmentName === ROLE_LABEL[e.role] ? e.environmentName : `${ROLE_LABEL[e.role]}: ${e.environmentName}`;

/** The account's Test and Production environments, when it has one of each (what a copy and a compare need). */
export function testAndProd(account: ClientAccount | undefined) {
  const test = account?.environments.find((e) => e.role === 'TEST');
  const prod = account?.environments.find((e) => e.role === 'PROD');
  return test && prod ? { test, prod } : null;
}

/** Which account, then which of its environments (20-dashboard.md §8 P10). */
export function AccountPicker({
  accounts,
  account,
  environmentId,
  onAccount,
  onEnvironment,
}: {
  accounts: readonly ClientAccount[];
  account: ClientAccount | undefined;
  environmentId: string;
  onAccount(id: string): void;
  onEnvironment(id: string): void;
}) {
  return (
    <div className="filter-bar picker-bar">
      <label className="filter">
        Client account
        <select value={account?.clientAccountId ?? ''} onChange={(e) => onAccount(e.target.value)}>
          {!account && <option value="">Select a client account...</option>}
          {accounts.map((a) => (
            <option key={a.clientAccountId} value={a.clientAccountId}>
              {a.clientAccountName}
              {a.isPrimary ? ' (primary account)' : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        Environment
        <select value={environmentId} disabled={!account} onChange={(e) => onEnvironment(e.target.value)}>
          {!environmentId && <option value="">Select an environment...</option>}
          {account?.environments.map((e) => (
            <option key={e.environmentId} value={e.environmentId}>
              {environmentLabel(e)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
