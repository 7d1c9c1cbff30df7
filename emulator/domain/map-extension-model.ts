import { badRequest } from '../http/boomi-error.ts';
import type { ExtensionItem } from '../state/state-types.ts';
import { isRecord, oneOf, records, type Body } from './body.ts';

// The `Map` element of an EnvironmentMapExtension (Boomi's MapExtension schema): source and
// destination profiles, ExtendedFunctions (each Function with Inputs, Outputs and a Configuration,
// e.g. Scripting with a language and the script text), ExtendedMappings between XPaths and
// function keys, profile extensions and browse settings. Stored in the JSON shape with lists
// normalised; an update replaces it whole.

export const FUNCTION_TYPES = [
  'Count',
  'CurrentDate',
  'DateFormat',
  'LeftTrim',
  'LineItemIncrement',
  'MathABS',
  'MathAdd',
  'MathCeil',
  'MathDivide',
  'MathFloor',
  'MathMultiply',
  'MathSetPrecision',
  'MathSubtract',
  'NumberFormat',
  'PropertyGet',
  'PropertySet',
  'RightTrim',
  'RunningTotal',
  'StringAppend',
  'StringPrepend',
  'StringRemove',
  'StringReplace',
  'StringToLower',
  'StringToUpper',
  'Sum',
  'TrimWhitespace',
  'StringConcat',
  'StringSplit',
  'SequentialValue',
  'SimpleLookup',
  'DocumentPropertyGet',
  'DocumentPropertySet',
  'CrossRefLookup',
  'DocumentCacheLookup',
  'CustomScripting',
  'UserDefined',
  'JapaneseCharacterConversion',
] as const;

/** Boomi's enum, spelled as Boomi spells it. */
export const SCRIPT_LANGUAGES = ['GROOVY', 'GROOVY2', 'Javascript'] as const;

const LIST_KEYS = new Set(['Function', 'Input', 'Output', 'Mapping', 'Node', 'BrowseField', 'BrowseFields', 'row']);
const INT_KEYS = new Set(['key', 'index', 'version', 'minLength', 'maxLength']);
const BOOL_KEYS = new Set(['mandatory', 'enforceUnique', 'fieldLengthValidation', 'skipIfNoInputs']);

/** XML bodies carry numbers and booleans as text and single items as objects; store one shape. */
function normalize(node: Body): ExtensionItem {
  const out: ExtensionItem = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '@type') continue;
    if (LIST_KEYS.has(k)) out[k] = records(v).map(normalize);
    else if (isRecord(v)) out[k] = normalize(v);
    else if (INT_KEYS.has(k) && typeof v === 'string' && /^-?\d+$/.test(v)) out[k] = Number(v);
    else if (BOOL_KEYS.has(k) && typeof v === 'string' && /^(true|false)$/i.test(v))
      out[k] = v.toLowerCase() === 'true';
    else out[k] = v;
  }
  return out;
}

const list = (node: unknown, container: string, item: string): ExtensionItem[] =>
  isRecord(node) && isRecord(node[container]) ? (records(node[container][item]) as ExtensionItem[]) : [];

function checkFunction(f: ExtensionItem): void {
  const type = oneOf(f, 'type', FUNCTION_TYPES);
  const id = typeof f['id'] === 'string' ? f['id'] : '';
  if (!id) throw badRequest(`Map extension function of type ${type}: id is required.`);
  if (type !== 'CustomScripting') return;
  const config = f['Configuration'];
  const scripting = isRecord(config) ? config['Scripting'] : undefined;
  if (!isRecord(scripting))
    throw badRequest(`Map extension function ${id}: a CustomScripting function needs Configuration/Scripting.`);
  oneOf(scripting, 'language', SCRIPT_LANGUAGES);
  const script = scripting['Script'];
  if (typeof script !== 'string' || script.trim() === '')
    throw badRequest(`Map extension function ${id}: Scripting needs a Script.`);
}

function checkMappings(map: ExtensionItem, functionIds: Set<string>): void {
  for (const m of list(map, 'ExtendedMappings', 'Mapping')) {
    const from = m['fromXPath'] ?? m['fromFunction'];
    const to = m['toXPath'] ?? m['toFunction'];
    if (!from || !to) throw badRequest('Each Mapping needs fromXPath or fromFunction, and toXPath or toFunction.');
    for (const ref of [m['fromFunction'], m['toFunction']]) {
      if (ref !== undefined && !functionIds.has(String(ref)))
        throw badRequest(`Mapping refers to function ${String(ref)}, which is not in ExtendedFunctions.`);
    }
  }
}

/** Validates a sent `Map` and returns it normalised; a malformed document is a 400 and changes nothing. */
export function readMap(body: Body): ExtensionItem {
  const raw = body['Map'];
  if (!isRecord(raw)) throw badRequest('EnvironmentMapExtension: Map is required.');
  const map = normalize(raw);
  const functions = list(map, 'ExtendedFunctions', 'Function');
  functions.forEach(checkFunction);
  checkMappings(map, new Set(functions.map((f) => String(f['id']))));
  for (const side of ['SourceProfile', 'DestinationProfile']) {
    const p = map[side];
    if (p !== undefined && (!isRecord(p) || typeof p['componentId'] !== 'string'))
      throw badRequest(`EnvironmentMapExtension: ${side} needs a componentId.`);
  }
  return map;
}
