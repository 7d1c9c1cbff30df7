import { splitTilde } from '../domain/body.ts';
import type { ObjectDef, OperationName } from '../domain/object-def.ts';
import { OBJECTS } from '../domain/registry.ts';
import { BOOMI_OBJECTS } from './boomi-catalog.ts';
import { BoomiError, MESSAGES } from './boomi-error.ts';

// Method + path -> object and operation. Four answers before any handler runs: a path Boomi does
// not have (404), an operation Boomi does not document for the object (400, Boomi's own wording),
// an object or operation Boomi has but the emulator does not serve (501), or a route.

export interface Route {
  def: ObjectDef;
  op: OperationName;
  id: string;
  objectSuffix: string | undefined;
}

type Found = [OperationName, string] | undefined;

function asyncOperation(method: string, rest: string[]): Found {
  if (method === 'POST' && rest.length === 1 && rest[0] === 'query') return ['asyncQuery', ''];
  if (method === 'GET' && rest.length === 2 && rest[0] === 'response' && rest[1]) return ['asyncResponse', rest[1]];
  if (method === 'GET' && rest.length === 1 && rest[0]) return ['asyncGet', rest[0]];
  return undefined;
}

function operation(method: string, rest: string[]): Found {
  const [first, second] = rest;
  // `GET /ExecutionRecord/async/{requestId}`: Boomi's poll for the record of an ExecutionRequest.
  if (method === 'GET' && rest.length === 2 && first === 'async' && second) return ['asyncGet', second];
  if (method === 'GET') return rest.length === 1 && first ? ['get', first] : undefined;
  if (method === 'DELETE') return rest.length === 1 && first ? ['delete', first] : undefined;
  if (method !== 'POST') return undefined;
  if (rest.length === 0) return ['create', ''];
  if (rest.length === 1 && (first === 'query' || first === 'queryMore' || first === 'bulk')) return [first, ''];
  if (rest.length === 1 && first) return ['update', first];
  if (rest.length !== 2 || !first || !second) return undefined;
  if (first === 'execute') return ['execute', second];
  // `POST /{Object}/{id}/update` is the form Boomi's own CI/CD scripts use; same as `/{Object}/{id}`.
  if (second === 'update') return ['update', first];
  // ListenerStatus' legacy URL, still supported by Boomi: `/ListenerStatus/query/async`.
  if (first === 'query' && second === 'async') return ['asyncQuery', ''];
  return undefined;
}

function serves(def: ObjectDef, op: OperationName): boolean {
  switch (op) {
    case 'query':
    case 'queryMore':
      return !!def.query;
    case 'bulk':
      return !!def.get;
    case 'asyncQuery':
    case 'asyncResponse':
      return !!def.asyncQuery;
    case 'asyncGet':
      return !!def.asyncGet;
    default:
      return !!def[op];
  }
}

/** The verb Boomi names in `Unknown objectType for <verb> operation`. */
function verb(op: OperationName): string {
  if (op === 'queryMore' || op === 'asyncQuery') return 'query';
  if (op === 'asyncGet' || op === 'asyncResponse') return 'get';
  return op;
}

export function resolveRoute(method: string, path: string): Route {
  const segs = path.split('/').filter((s, i, all) => s !== '' || i < all.length - 1);
  const isAsync = segs[0] === 'async';
  if (isAsync) segs.shift();
  const [objectToken = '', ...rest] = segs;
  const [name, objectSuffix] = splitTilde(objectToken);
  const documented = BOOMI_OBJECTS.get(name);
  const def = OBJECTS.get(name);
  const found = isAsync ? asyncOperation(method, rest) : operation(method, rest);
  if ((!documented && !def) || !found) throw new BoomiError(404, MESSAGES.notFound);
  const [op, id] = found;
  // Only ExecutionRecord has its async GET after the object name; the others are `/async/{Object}/{id}`.
  if (op === 'asyncGet' && !isAsync && name !== 'ExecutionRecord') throw new BoomiError(404, MESSAGES.notFound);
  if (objectSuffix !== undefined && op !== 'create') throw new BoomiError(404, MESSAGES.notFound);
  if (documented && !documented.has(op)) {
    // `/async/...` exists only for Boomi's asynchronous objects; elsewhere the URL itself is unknown.
    if (isAsync) throw new BoomiError(404, MESSAGES.notFound);
    throw new BoomiError(400, MESSAGES.unknownOperation(verb(op), name));
  }
  if (!def) throw new BoomiError(501, MESSAGES.notImplementedObject(name));
  if (!serves(def, op)) throw new BoomiError(501, MESSAGES.notImplementedOperation(verb(op), name));
  return { def, op, id, objectSuffix };
}
