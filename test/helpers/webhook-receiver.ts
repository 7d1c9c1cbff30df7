import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type Verify = (secret: string, header: string, rawBody: string, toleranceSeconds?: number) => boolean;

/** The Node snippet of docs/webhooks.md, imported as a module exactly as the docs print it. */
export async function docSnippet(): Promise<Verify> {
  const doc = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Verifying a delivery'));
  const code = section && /```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code, 'docs/webhooks.md has a js block under "## Verifying a delivery"');
  const file = join(mkdtempSync(join(tmpdir(), 'promo-webhook-doc-')), 'verify.mjs');
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { verifyPromoSignature: Verify }).verifyPromoSignature;
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A real HTTP receiver on loopback: it records every request and answers `status`; it can go down and come back. */
export class Receiver {
  readonly got: Received[] = [];
  status = 200;
  private server: Server | undefined;
  port = 0;

  async open(port = this.port) {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        this.got.push({ headers: req.headers, body, answered: this.status });
        res.statusCode = this.status;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/hooks/promo`;
  }

  /** Down: connections are refused until `open` again. */
  async close() {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  events() {
    return this.got.filter((r) => r.answered < 300).map((r) => JSON.parse(r.body) as Record<string, unknown>);
  }
}
