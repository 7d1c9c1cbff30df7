import { randomBytes } from 'node:crypto';
import type { WireObject } from '../wire/xml-write.ts';

// Server-side cursors behind queryMore tokens. A query materializes its full result once; each
// token points at an offset in it. Tokens stay valid until their TTL so a retried queryMore (after
// a 503) still works; the store is bounded. Cursors live in memory only: after a restart a token
// is unknown, which Boomi answers with 400 as well once a token has expired.

interface Cursor {
  object: string;
  accountId: string;
  rows: WireObject[];
  offset: number;
  expiresAt: number;
}

const MAX_TOKENS = 10_000;

// Long base64 text with `+` and `/`, like Boomi's query tokens, so clients must send it verbatim.
const queryToken = () => `EmQ${randomBytes(48).toString('base64')}`;

export class QueryCursors {
  private readonly tokens = new Map<string, Cursor>();

  /** `token` names the entry (async results use Boomi's `ListenerStatus-<uuid>` shape). */
  put(cursor: Omit<Cursor, 'expiresAt'>, now: number, ttlMs: number, token = queryToken()): string {
    this.tokens.set(token, { ...cursor, expiresAt: now + ttlMs });
    if (this.tokens.size > MAX_TOKENS) {
      const oldest = this.tokens.keys().next().value;
      if (oldest !== undefined) this.tokens.delete(oldest);
    }
    return token;
  }

  get(token: string, now: number): Cursor | undefined {
    const c = this.tokens.get(token);
    if (c && c.expiresAt < now) {
      this.tokens.delete(token);
      return undefined;
    }
    return c;
  }

  delete(token: string): void {
    this.tokens.delete(token);
  }

  clear(): void {
    this.tokens.clear();
  }
}
