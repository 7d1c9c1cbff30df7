import { createHash, randomUUID } from 'node:crypto';

export const newUuid = (): string => randomUUID();

/** Deterministic lower-case GUID for fixtures and generated trees (same seed, same id). */
export function seededUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Boomi's short ids are unpadded base64 of `B:<n>`, `F:<n>`, `MR:<n>` (e.g. `Qjox` = `B:1`). */
export function shortId(prefix: 'B' | 'F' | 'MR', n: number): string {
  return Buffer.from(`${prefix}:${n}`).toString('base64').replace(/=+$/, '');
}

/** `yyyy-MM-ddTHH:mm:ssZ`, the format of most Boomi timestamps. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Branch and merge timestamps carry milliseconds in Boomi's examples. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function guidsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(GUID)) found.add(m[0].toLowerCase());
  return [...found];
}

/** Boomi synthesizes the id from map, process, extension group and environment; opaque text here. */
export function mapExtensionId(environmentId: string, processId: string, mapId: string, extensionGroupId = ''): string {
  return Buffer.from(`EME:${environmentId}:${processId}:${mapId}:${extensionGroupId}`)
    .toString('base64')
    .replace(/=+$/, '');
}
