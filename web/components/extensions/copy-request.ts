import type { ClientEnvironment } from './AccountPicker.tsx';

/**
 * What P10 hands P11 in the navigation state: P11 is reached from P10 only, so a bookmarked or
 * typed /extensions/copy has none and is turned back.
 */
export interface CopyRequest {
  clientAccountId: string;
  clientAccountName: string;
  test: ClientEnvironment;
  prod: ClientEnvironment;
}

export function copyRequestOf(state: unknown): CopyRequest | null {
  const s = state as Partial<CopyRequest> | null;
  return s && typeof s.clientAccountId === 'string' && s.test?.environmentId && s.prod?.environmentId
    ? (s as CopyRequest)
    : null;
}
