import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Tier } from '../../src/contracts/limits.ts';
import { ApiError, getJson, postJson, setCsrfToken } from '../api/client.ts';

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

/** Who is signed in, read once from /api/me; the tier drives navigation and page guards. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const signedIn = useCallback((m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
  }, []);
  useEffect(() => {
    getJson<Me>('/api/me')
      .then(signedIn)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401)) console.error(e);
      })
      .finally(() => setLoading(false));
  }, [signedIn]);
  const signOut = useCallback(async () => {
    await postJson('/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    setMe(null);
  }, []);
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
