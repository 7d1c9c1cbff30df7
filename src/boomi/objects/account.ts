import { z } from 'zod';
import { getJson, seg, type ApiContext, type CallOptions } from '../api-context.ts';
import { queryMethods, type QueryMethods } from '../paging.ts';
import { zBool } from '../wire-json.ts';

export const AccountSchema = z.looseObject({
  accountId: z.string(),
  name: z.string().optional(),
  /** trial | active | suspended | deleted | unlimited */
  status: z.string().optional(),
  dateCreated: z.string().optional(),
  expirationDate: z.string().optional(),
  supportLevel: z.string().optional(),
  overDeployed: zBool.optional(),
  widgetAccount: zBool.optional(),
});
export type Account = z.output<typeof AccountSchema>;

/**
 * camelCase as in Boomi's examples; the schema enum is upper-case (ACCOUNTID, STATUS, …), a
 * documented inconsistency (§2.5, §3.8).
 */
export type AccountProperty =
  'accountId' | 'dateCreated' | 'expirationDate' | 'name' | 'status' | 'widgetAccount' | 'overDeployed';

export interface AccountApi extends QueryMethods<AccountProperty, Account> {
  /** Details of one account (never its children). A 403 here means the account is not ours to see. */
  get(accountId: string, opts?: CallOptions): Promise<Account>;
}

export function accountApi(ctx: ApiContext): AccountApi {
  const methods = queryMethods<AccountProperty, typeof AccountSchema>(ctx, 'Account', AccountSchema);
  return {
    ...methods,
    get: (accountId, opts) =>
      getJson(ctx, 'Account.get', `/Account${seg(accountId)}`, AccountSchema, opts, { accountScoped: true }),
  };
}
