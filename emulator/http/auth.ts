import type { EmulatorState, ApiUser } from '../state/state-types.ts';

// HTTP Basic with API tokens: user `BOOMI_TOKEN.<login>`, password = the token. Plain
// user/password logins are not emulated. Decoded headers are cached (the hot path of benchmarks).

const TOKEN_PREFIX = 'BOOMI_TOKEN.';
const MAX_CACHE = 1000;

export class Authenticator {
  private readonly cache = new Map<string, ApiUser | null>();

  constructor(private readonly state: () => EmulatorState) {}

  authenticate(header: string | undefined): ApiUser | null {
    if (!header) return null;
    const cached = this.cache.get(header);
    if (cached !== undefined) return cached;
    const user = this.decode(header);
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(header, user);
    return user;
  }

  /** Users can change (fixture reset, runtime fixtures). */
  invalidate(): void {
    this.cache.clear();
  }

  private decode(header: string): ApiUser | null {
    const m = /^Basic\s+(\S+)$/i.exec(header.trim());
    if (!m?.[1]) return null;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const user = decoded.slice(0, colon);
    const token = decoded.slice(colon + 1);
    if (!user.startsWith(TOKEN_PREFIX)) return null;
    const login = user.slice(TOKEN_PREFIX.length).toLowerCase();
    return this.state().users.find((u) => u.userName.toLowerCase() === login && u.token === token) ?? null;
  }
}
