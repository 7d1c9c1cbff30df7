import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * PostgreSQL text cannot hold NUL, and an unpaired UTF-16 surrogate is not Unicode at all: either
 * would fail deep inside a store or a Boomi write as a 500. Both are refused at the edge, in keys
 * and values alike, naming the field the way schema errors do (`components.0.name`).
 */
export function findUnsafeText(value: unknown, path: string[] = []): { field: string; problem: string } | undefined {
  const at = (p: string[]) => p.join('.') || 'body';
  if (typeof value === 'string') {
    const problem = unsafe(value);
    return problem ? { field: at(path), problem } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = unsafe(key);
    if (keyProblem) return { field: at([...path, key.replace(/\0/g, '\\0')]), problem: `its name ${keyProblem}` };
    const found = findUnsafeText(v, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function unsafe(s: string): string | undefined {
  if (s.includes('\0')) return 'contains a NUL character (\\u0000), which text cannot hold';
  if (!s.isWellFormed()) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return undefined;
}

/** Checks every parsed body before any route sees it. */
export function installTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found = findUnsafeText(request.body);
    if (found) {
      throw new AppError('INVALID_REQUEST', `${found.field}: ${found.problem}`, { details: { field: found.field } });
    }
  });
}
