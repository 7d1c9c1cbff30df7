import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Tier } from '../../src/contracts/limits.ts';
import { useQueryClient } from '@tanstack/react-query';
import { getJson, postJson, setCsrfToken } from '../api/client.ts';

export interface Me {
  email: string;
  name: string;
  tier: Tier;
  groups: string[];
  csrfToken?: string;
}

interface Session {
  me: Me | null;
  loading: boolean;
  signedIn(me: Me): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

type SessionState = { signedIn: false } | (Me & { signedIn: true });

/**
 * Who is signed in, read once from /auth/session (which answers 200 for nobody too, so opening
 * the sign-in page logs no failed request); the tier drives navigation and page guards.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
  }, []);
  useEffect(() => {
    getJson<SessionState>('/auth/session')
      .then((s) => {
        if (s.signedIn) signedIn(s);
      })
      // Only a real failure lands here (the service unreachable); the sign-in page then says so.
      .catch((e: unknown) => console.error(e))
      .finally(() => setLoading(false));
  }, [signedIn]);
  const signOut = useCallback(async () => {
    // Signed out first, so the pages (and their live queues' timers) are gone before the session
    // is: a refresh landing after the logout would be a failed request.
    setMe(null);
    await queries.cancelQueries();
    await postJson('/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    // The next user of this tab must not see the last one's queues and records, even briefly.
    queries.clear();
  }, [queries]);
  return <SessionContext.Provider value={{ me, loading, signedIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe on a page without a signed-in user');
  return me;
}

export const sameEmail = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && !!b && a.toLowerCase() === b.toLowerCase();
