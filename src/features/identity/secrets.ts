import { createHash, randomBytes } from 'node:crypto';

/** 256-bit random values, URL-safe. */
export const randomSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url');

/**
 * A plain SHA-256 is enough to store tokens: they are 256-bit random, so there is nothing to
 * brute-force, and a fast hash keeps every API call cheap.
 */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
