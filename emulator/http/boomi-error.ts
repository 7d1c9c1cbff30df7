import { escapeText } from '../wire/xml-write.ts';

/** Thrown anywhere in a handler; the dispatcher renders it as Boomi's error body. */
export class BoomiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BoomiError';
  }
}

export const badRequest = (message: string): BoomiError => new BoomiError(400, message);

/**
 * Message texts. The 403 and 503 texts and `Unable to read message body` are Boomi's documented or
 * observed strings (30-boomi-platform-api.md §1.5/§1.6); the others are the emulator's own wording
 * where the live text is unknown, kept here so clients and tests can match them.
 */
export const MESSAGES = {
  unauthorized: 'Unauthorized: the credentials are missing or invalid.',
  forbidden: 'Access denied due to insufficient permissions.',
  rateLimited:
    "The Boomi server is currently unavailable or your account's rate limits have been exceeded. Retry later.",
  unreadable: 'Unable to read message body',
  notAcceptable: 'Component responses are only available as application/xml.',
  notFound: 'Endpoint is invalid or no longer exists.',
  injected: 'The Boomi server is currently unavailable. Retry later.',
  unknownOperation: (op: string, object: string) => `Unknown objectType for ${op} operation: ${object}`,
  notImplementedObject: (object: string) => `The Boomi emulator does not implement the ${object} object.`,
  notImplementedOperation: (op: string, object: string) =>
    `The Boomi emulator does not implement the ${op} operation of the ${object} object.`,
  expectedQueryConfig: (root: string) => `Unexpected element ${root}, expected QueryConfig`,
  componentTypeMismatch: (given: string, id: string, actual: string) =>
    `Invalid componentType ${given}: component ${id} is of type ${actual}.`,
  noMaterialChange: (id: string) => `No material change was made to component ${id}; the update was not saved.`,
  branchLimit: (limit: number) =>
    `The account has reached its limit of ${limit} branches. Delete a branch before creating another.`,
} as const;

export interface RenderedError {
  contentType: string;
  body: string;
}

/** JSON `{"@type":"Error","message":…}` (what Boomi's own CLI checks for); XML `<error><message>`. */
export function renderError(message: string, json: boolean): RenderedError {
  if (json) return { contentType: 'application/json', body: JSON.stringify({ '@type': 'Error', message }) };
  return {
    contentType: 'application/xml; charset=UTF-8',
    body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error><message>${escapeText(message)}</message></error>`,
  };
}
