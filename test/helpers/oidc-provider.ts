import type { AddressInfo } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * A real OpenID provider on loopback (oidc-provider with its development sign-in form). Users
 * are looked up in `accounts` by the login name typed into that form.
 */
export async function startTestIdp(
  redirectUri: string,
  accounts: Record<string, { email: string; name: string; groups?: string[] }>,
): Promise<TestIdp> {
  const clientId = 'promo-test';
  const clientSecret = 'promo-test-secret-that-is-long-enough-0123456789';
  // The issuer URL needs the port before the provider exists: listen first, attach it after.
  const attached: { handler?: (req: IncomingMessage, res: ServerResponse) => void } = {};
  const server: Server = createServer((req, res) => attached.handler!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, sub) {
      const a = accounts[sub];
      if (!a) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: a.email,
          email_verified: true,
          name: a.name,
          ...(a.groups ? { groups: a.groups } : {}),
        }),
      };
    },
  });
  attached.handler = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A tiny browser: follows redirects by hand and keeps cookies per host. */
export class CookieBrowser {
  private jar = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    const host = new URL(url).host;
    return [...(this.jar.get(host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(url: string, setCookie: string[]) {
    const host = new URL(url).host;
    const m = this.jar.get(host) ?? new Map<string, string>();
    for (const c of setCookie) {
      const [pair, ...attrs] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (attrs.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '') m.delete(name);
      else m.set(name, value);
    }
    this.jar.set(host, m);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: this.cookieHeader(url),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.store(url, res.headers.getSetCookie());
    return res;
  }
}
