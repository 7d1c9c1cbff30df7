// Request bodies generated from the service's own OpenAPI document, so the authorization matrix
// and the fuzz test cover every action, including ones added after they were written.

export type JsonSchema = Record<string, unknown>;

export interface ActionDoc {
  name: string;
  minTier: 'READONLY' | 'CONTRIBUTOR' | 'ADMIN';
  refs: Record<string, 'devAccount' | 'promotion' | 'branch' | 'component' | 'clientAccount' | 'rollback'>;
  schema: JsonSchema;
}

export interface RouteBodyDoc {
  method: string;
  path: string;
  schema: JsonSchema;
}

const ACTION = /^\/fs\/PromotionService\/(\w+)$/;

type Paths = Record<string, Record<string, Record<string, unknown>>>;
const bodySchema = (op: Record<string, unknown>) =>
  (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.['application/json']
    ?.schema;

/** Every action of `POST /fs/PromotionService/{name}` with its tier, record refs and body schema. */
export function actionDocs(doc: { paths: Paths }): ActionDoc[] {
  const out: ActionDoc[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const name = ACTION.exec(path)?.[1];
    const op = ops.post;
    if (!name || !op) continue;
    out.push({
      name,
      minTier: op['x-promo-min-tier'] as ActionDoc['minTier'],
      refs: (op['x-promo-refs'] ?? {}) as ActionDoc['refs'],
      schema: bodySchema(op) ?? {},
    });
  }
  return out;
}

/** The other documented routes that take a JSON body (sign-in, tokens, ...). */
export function routeBodyDocs(doc: { paths: Paths }): RouteBodyDoc[] {
  const out: RouteBodyDoc[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (ACTION.test(path)) continue;
    for (const [method, op] of Object.entries(ops)) {
      const schema = bodySchema(op);
      if (schema) out.push({ method: method.toUpperCase(), path, schema });
    }
  }
  return out;
}

/** Chooses a value for a property by its name and place; undefined lets the schema decide. */
export type Fill = (key: string, path: readonly string[]) => unknown;

/**
 * A body the schema accepts: required properties (every property when `optional`), plus every
 * property `fill` has a value for.
 * Strings respect lengths and formats, numbers their bounds, unions take their first option.
 */
export function sampleBody(
  schema: JsonSchema,
  fill: Fill = () => undefined,
  path: string[] = [],
  optional = false,
): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== '') ?? schema.enum[0];
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options?.length) return sampleBody(options[0]!, fill, path, optional);
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) {
        const chosen = fill(key, path);
        if (chosen !== undefined) out[key] = chosen;
        else if (optional || required.has(key)) out[key] = sampleBody(prop, fill, [...path, key], optional);
      }
      return out;
    }
    case 'array': {
      const length = Math.max(Number(schema.minItems ?? 0), optional ? 1 : 0);
      const items = (schema.items ?? {}) as JsonSchema;
      return Array.from({ length }, (_, i) => sampleBody(items, fill, [...path, String(i)], optional));
    }
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return Math.min(Number(schema.maximum ?? Infinity), Math.max(Number(schema.minimum ?? 1), 1));
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function sampleString(schema: JsonSchema): string {
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'date') return '2026-01-01';
  if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
  const min = Number(schema.minLength ?? 1);
  const max = Number(schema.maxLength ?? 64);
  return 'sample'.padEnd(Math.max(min, 1), 'x').slice(0, Math.max(max, 1));
}

/** Paths of every leaf (string, number, boolean, null) of a sample body, dotted like `field` in errors. */
export function leafPaths(value: unknown, path: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return path.length ? [path] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => leafPaths(v, [...path, k]));
}

/** A deep copy of `body` with the value at `path` replaced. */
export function withValue(body: unknown, path: readonly string[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) return body.map((v, i) => (String(i) === head ? withValue(v, rest, value) : v));
  const obj = (body ?? {}) as Record<string, unknown>;
  return { ...obj, [head!]: withValue(obj[head!], rest, value) };
}

/** Property names anywhere in a schema (nested objects and array items), with their dotted place. */
export function propertyPaths(schema: JsonSchema, path: string[] = []): string[] {
  const out: string[] = [];
  for (const option of [...((schema.anyOf ?? []) as JsonSchema[]), ...((schema.oneOf ?? []) as JsonSchema[])]) {
    out.push(...propertyPaths(option, path));
  }
  if (schema.items) out.push(...propertyPaths(schema.items as JsonSchema, [...path, '*']));
  for (const [key, prop] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    out.push([...path, key].join('.'), ...propertyPaths(prop, [...path, key]));
  }
  return [...new Set(out)];
}
