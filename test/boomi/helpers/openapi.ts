import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS with a `default` property; under ESM the import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => void;

// Boomi's OpenAPI 3.0.3 subset, loaded for contract tests. `nullable` is OpenAPI's, not JSON
// Schema's, so it is rewritten; every `#/components/schemas/…` ref resolves inside one document.

type Json = Record<string, unknown>;

// The spec lives beside the repository (../shared/spec), or where PROMO_SPEC_DIR points.
const CANDIDATES = [
  ...(process.env.PROMO_SPEC_DIR ? [`${process.env.PROMO_SPEC_DIR}/31-boomi-platform-openapi.subset.json`] : []),
  new URL('../../../../shared/spec/31-boomi-platform-openapi.subset.json', import.meta.url).pathname,
];
export const SPEC_PATH = CANDIDATES.find((p) => existsSync(p)) ?? CANDIDATES.at(-1)!;
export const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
};

function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = k === 'example' || k === 'examples' ? v : withNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export interface Operation {
  template: string;
  method: string;
  op: Json;
}

export function findOperation(method: string, path: string): Operation | undefined {
  // Literal paths first: `/Branch/query` must not be taken for `/Branch/{id}`.
  const entries = Object.entries(spec.paths).sort(([a], [b]) => Number(a.includes('{')) - Number(b.includes('{')));
  for (const [template, item] of entries) {
    const re = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    const op = item[method.toLowerCase()];
    if (op && re.test(path)) return { template, method, op };
  }
  return undefined;
}

export const requestContent = (o: Operation) =>
  ((o.op.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>;
export const responseContent = (o: Operation, status = '200') =>
  (((o.op.responses as Json)[status] as Json | undefined)?.content ?? {}) as Record<string, Json>;

/** Follows an in-document `{"$ref": "#/…"}` (examples use them too). */
export function deref(value: unknown): unknown {
  const ref = value && typeof value === 'object' && !Array.isArray(value) ? (value as Json).$ref : undefined;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value;
  let node: unknown = spec;
  for (const part of ref.slice(2).split('/')) node = (node as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return deref(node);
}

/** The `example`, or the first of `examples`. */
export function exampleOf(media: Json | undefined): unknown {
  if (!media) return undefined;
  if (media.example !== undefined) return deref(media.example);
  const first = Object.values((media.examples ?? {}) as Record<string, { value?: unknown }>)[0];
  return deref(first?.value);
}

export const refName = (schema: unknown) =>
  ((schema as Json | undefined)?.$ref as string | undefined)?.replace('#/components/schemas/', '');

/**
 * A validator factory. `relax` drops required properties from a top-level request schema; the
 * contract test uses it only for properties Boomi's own request example leaves out (fields that
 * are read-only on create, such as a PackagedComponent's `packageId`).
 */
export function buildValidators(patch: (schemas: Record<string, Json>) => void = () => {}) {
  const schemas = withNullable(structuredClone(spec.components.schemas)) as Record<string, Json>;
  patch(schemas);
  const extra: Record<string, Json> = {};
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true } });
  addFormats(ajv);
  let added = false;
  const cache = new Map<string, ValidateFunction>();
  return {
    schemas,
    validator(name: string, relax: readonly string[] = []): ValidateFunction {
      const key = `${name}|${relax.join(',')}`;
      let v = cache.get(key);
      if (v) return v;
      let target = name;
      if (relax.length) {
        target = `__relaxed_${cache.size}_${name}`;
        const base = schemas[name]!;
        extra[target] = {
          ...base,
          required: ((base.required as string[] | undefined) ?? []).filter((r) => !relax.includes(r)),
        };
        ajv.removeSchema('boomi');
        added = false;
      }
      if (!added) {
        ajv.addSchema({ $id: 'boomi', components: { schemas: { ...schemas, ...extra } } });
        added = true;
      }
      v = ajv.compile({ $ref: `boomi#/components/schemas/${target}` });
      cache.set(key, v);
      return v;
    },
  };
}
