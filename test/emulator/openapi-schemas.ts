import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Boomi's OpenAPI 3.0.3 subset (spec file 31) as JSON Schema for ajv: `xml` and `example` keywords
// dropped, `#/components/schemas/X` refs pointed at one registered schema's definitions.

// The spec lives beside the repository (../shared/spec), as on every developer machine and in CI.
const CANDIDATES = [
  ...(process.env.PROMO_SPEC_DIR ? [`${process.env.PROMO_SPEC_DIR}/31-boomi-platform-openapi.subset.json`] : []),
  new URL('../../../shared/spec/31-boomi-platform-openapi.subset.json', import.meta.url).pathname,
];

export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> } }>
  >;
  components: { schemas: Record<string, unknown> };
}

export function loadOpenApi(): OpenApiDoc {
  const file = CANDIDATES.find((p) => existsSync(p));
  if (!file) throw new Error(`31-boomi-platform-openapi.subset.json not found in ${CANDIDATES.join(' or ')}`);
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDoc;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'xml' || k === 'example' || k === 'examples') continue;
    // Boomi's file has an `enum: []` or two, which JSON Schema forbids; they mean "no restriction".
    if (k === 'enum' && Array.isArray(v) && v.length === 0) continue;
    if (k === '$ref' && typeof v === 'string') out[k] = v.replace('#/components/schemas/', 'boomi#/definitions/');
    else if (k === 'properties' && typeof v === 'object' && v !== null) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([name, s]) => [name, convert(s)]));
    } else out[k] = convert(v);
  }
  return out;
}

export type SchemaValidator = (schema: string, data: unknown) => string | null;

export function schemaValidator(doc: OpenApiDoc): SchemaValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS; its default export arrives as `.default` under ESM.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
    a: Ajv,
  ) => void;
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'xml', 'xpath']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'boomi', definitions: convert(doc.components.schemas) });
  return (schema, data) => {
    const ok = ajv.validate({ $ref: `boomi#/definitions/${schema}` }, data);
    return ok ? null : ajv.errorsText(ajv.errors, { separator: '; ' });
  };
}
