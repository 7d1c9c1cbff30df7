import { badRequest } from '../http/boomi-error.ts';

// Readers for request bodies that may come from JSON or from XML (where every scalar is text and a
// one-element list is a single object). Boomi's own docs mix both spellings.

export type Body = Record<string, unknown>;

export function isRecord(v: unknown): v is Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function list(v: unknown): unknown[] {
  if (v === undefined || v === null || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

export function records(v: unknown): Body[] {
  return list(v).filter(isRecord);
}

export function str(body: Body, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (isRecord(v)) return v['#text'] === undefined ? undefined : String(v['#text']);
  return String(v);
}

export function requiredStr(body: Body, key: string, object: string): string {
  const v = str(body, key);
  if (v === undefined || v.trim() === '') throw badRequest(`${object}: ${key} is required.`);
  return v;
}

export function bool(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  throw badRequest(`Invalid boolean value for ${key}: ${String(v)}`);
}

export function int(body: Body, key: string): number | undefined {
  const v = str(body, key);
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`Invalid integer value for ${key}: ${v}`);
  return n;
}

export function oneOf<T extends string>(body: Body, key: string, allowed: readonly T[], fallback?: T): T {
  const v = str(body, key);
  if (v === undefined || v === '') {
    if (fallback !== undefined) return fallback;
    throw badRequest(`${key} is required; expected one of ${allowed.join(', ')}.`);
  }
  if (!(allowed as readonly string[]).includes(v))
    throw badRequest(`Invalid value for ${key}: ${v}; expected one of ${allowed.join(', ')}.`);
  return v as T;
}

/** `id~suffix` as used in Boomi paths (`{componentId}~{version}` or `~{branchId}`). */
export function splitTilde(id: string): [string, string | undefined] {
  const i = id.indexOf('~');
  return i < 0 ? [id, undefined] : [id.slice(0, i), id.slice(i + 1)];
}
