import { z } from 'zod';
import { Id, LIMITS, defineContract } from './common.ts';
import { EXTENSION_LIMITS, EXTENSION_SECTIONS, SCRIPT_LANGUAGES } from './extension-limits.ts';

export { EXTENSION_LIMITS, EXTENSION_SECTIONS, SCRIPT_LANGUAGES };
export type { ExtensionSection } from './extension-limits.ts';

// Environment extensions: the values a promoted process runs with in one environment (issue 13;
// 10-backend.md §7.12). Promo reads Boomi's EnvironmentExtensions document into one flat shape
// (components with fields) and writes back only partial updates. Encrypted values never leave:
// a field says whether a value is set, never what it is.

export const ExtensionField = z.object({
  /** Connection/operation field id, process property key, trading partner `category/field`, DPP name. */
  fieldId: z.string(),
  label: z.string(),
  /** Null for an encrypted field (write-only) and for a field left to its default. */
  value: z.string().nullable(),
  useDefault: z.boolean(),
  encrypted: z.boolean(),
  /** For an encrypted field: whether a value is set in this environment. */
  encryptedValueSet: z.boolean(),
});

export const ExtensionOwner = z.object({ processId: z.string(), processName: z.string() });

export const ExtensionComponent = z.object({
  section: z.enum(EXTENSION_SECTIONS),
  /** The production component id; for dynamic process properties, the property name. */
  componentId: z.string(),
  componentName: z.string(),
  fields: z.array(ExtensionField),
  /** Cross references are edited as whole tables in Boomi; Promo shows and copies them. */
  rowCount: z.number().int().nullable(),
  ownerProcesses: z.array(ExtensionOwner),
  devAccounts: z.array(z.object({ devAccountId: z.string(), devAccountName: z.string() })),
  /** Mapped from more than one dev account: a change reaches every team's processes. */
  isShared: z.boolean(),
  /** In the access cache of this environment (what edits are checked against). */
  inAccessCache: z.boolean(),
  editable: z.boolean(),
  /** Why the caller may not edit it; null when they may. */
  readOnlyReason: z.string().nullable(),
});

export const MapExtensionSummary = z.object({
  mapExtensionId: z.string(),
  mapId: z.string(),
  name: z.string(),
});

export const ExtensionCounts = z.object({
  componentCount: z.number().int(),
  connectionCount: z.number().int(),
  processPropertyCount: z.number().int(),
  dynamicPropertyCount: z.number().int(),
  mapExtensionCount: z.number().int(),
});

const Scope = { clientAccountId: Id, environmentId: Id };
/** Boomi synthesizes map extension ids from the environment, process, map and group ids: long. */
const MapExtensionId = z.string().trim().min(1).max(1_000);

export const getExtensions = defineContract({
  name: 'getExtensions',
  summary:
    "One environment's extensions, per component, with who may edit each (checked against the access cache); " +
    'encrypted values are reported as set or not set, never returned.',
  minTier: 'CONTRIBUTOR',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject(Scope),
  response: z.object({
    clientAccountId: z.string(),
    environmentId: z.string(),
    environmentName: z.string(),
    role: z.enum(['TEST', 'PROD']),
    components: z.array(ExtensionComponent),
    mapExtensions: z.array(MapExtensionSummary),
    counts: ExtensionCounts,
    /** When the access cache of this environment was last built; null when never. */
    accessCacheBuiltAt: z.string().nullable(),
  }),
});

const FieldValue = z.string().max(EXTENSION_LIMITS.value);

export const ExtensionChange = z.strictObject({
  section: z.enum(EXTENSION_SECTIONS),
  componentId: Id,
  fieldId: z.string().trim().min(1).max(EXTENSION_LIMITS.fieldId),
  /** The new value; required unless `useDefault` is true. */
  value: FieldValue.optional(),
  useDefault: z.boolean().default(false),
  /**
   * What the editor saw before the change. When Boomi now holds something else, someone changed
   * the same field in between and the save is refused (EXTENSION_CONFLICT) instead of overwriting.
   */
  expected: z.strictObject({ value: FieldValue.nullable(), useDefault: z.boolean() }).optional(),
});

export const ChangedField = z.object({
  section: z.enum(EXTENSION_SECTIONS),
  componentId: z.string(),
  componentName: z.string(),
  fieldId: z.string(),
  /** Old and new values; encrypted values appear as "(set)" / "(not set)", never themselves. */
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export const updateExtensions = defineContract({
  name: 'updateExtensions',
  summary:
    'Change extension fields of one environment as a Boomi partial update (nothing omitted is touched). Every ' +
    'field is checked first (access cache, team, connection and encrypted fields admin-only, types, limits); ' +
    'one refusal refuses the whole update.',
  minTier: 'CONTRIBUTOR',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({
    ...Scope,
    changes: z.array(ExtensionChange).min(1).max(EXTENSION_LIMITS.changes),
  }),
  response: z.object({
    environmentId: z.string(),
    updatedFieldCount: z.number().int(),
    changed: z.array(ChangedField),
  }),
});

export const COPY_ACTIONS = ['COPY', 'UNCHANGED', 'EXCLUDED', 'ENCRYPTED_SKIPPED'] as const;

export const CopyItem = z.object({
  section: z.enum(EXTENSION_SECTIONS),
  componentId: z.string(),
  componentName: z.string(),
  fieldId: z.string(),
  testValue: z.string().nullable(),
  prodValue: z.string().nullable(),
  action: z.enum(COPY_ACTIONS),
  /** Why an item is excluded or skipped. */
  reason: z.string().nullable(),
});

export const copyExtensionsTestToProd = defineContract({
  name: 'copyExtensionsTestToProd',
  summary:
    "Admin: copy a client account's Test extension values to its Production environment (connections and PGP " +
    'certificates excluded; encrypted values cannot be read, so they are reported, not copied). With ' +
    '`preview`, answers exactly what would change and writes nothing.',
  minTier: 'ADMIN',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({
    clientAccountId: Id,
    testEnvironmentId: Id,
    prodEnvironmentId: Id,
    preview: z.boolean().default(false),
  }),
  response: z.object({
    testEnvironmentId: z.string(),
    prodEnvironmentId: z.string(),
    applied: z.boolean(),
    sectionsExcluded: z.array(z.string()),
    fieldsCopied: z.number().int(),
    encryptedFieldsSkipped: z.number().int(),
    items: z.array(CopyItem),
  }),
});

export const DIFF_STATES = ['SAME', 'DIFFERENT', 'ONLY_LEFT', 'ONLY_RIGHT'] as const;

const DiffSide = z
  .object({ value: z.string().nullable(), useDefault: z.boolean(), encrypted: z.boolean(), set: z.boolean() })
  .nullable();

export const diffExtensions = defineContract({
  name: 'diffExtensions',
  summary:
    'Two environments of one account side by side, per component and field (for example Test against ' +
    'Production). Encrypted fields compare as set / not set.',
  minTier: 'CONTRIBUTOR',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({
    clientAccountId: Id,
    leftEnvironmentId: Id,
    rightEnvironmentId: Id,
    onlyDifferences: z.boolean().default(false),
  }),
  response: z.object({
    leftEnvironmentId: z.string(),
    rightEnvironmentId: z.string(),
    rows: z.array(
      z.object({
        section: z.enum(EXTENSION_SECTIONS),
        componentId: z.string(),
        componentName: z.string(),
        fieldId: z.string(),
        label: z.string(),
        left: DiffSide,
        right: DiffSide,
        state: z.enum(DIFF_STATES),
      }),
    ),
    counts: z.object({
      same: z.number().int(),
      different: z.number().int(),
      onlyLeft: z.number().int(),
      onlyRight: z.number().int(),
    }),
  }),
});

export const syncExtensionAccess = defineContract({
  name: 'syncExtensionAccess',
  summary:
    "Admin: rebuild the access cache of one environment from its extensions, Promo's mappings and the teams' " +
    'dev accounts (which team may edit which component).',
  minTier: 'ADMIN',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject(Scope),
  response: z.object({
    environmentId: z.string(),
    componentCount: z.number().int(),
    mappedCount: z.number().int(),
    sharedCount: z.number().int(),
    unmappedCount: z.number().int(),
    builtAt: z.string(),
  }),
});

// Map extensions: Boomi replaces the whole document on update, so Promo reads it, changes only
// the scripts the user edited, and writes it back only if nobody changed it in between.

export const MapScript = z.object({
  /** The function's key within the map extension. */
  functionKey: z.string(),
  name: z.string(),
  language: z.enum(SCRIPT_LANGUAGES),
  script: z.string(),
});

export const getMapExtension = defineContract({
  name: 'getMapExtension',
  summary: "A map extension's scripts, with the fingerprint an update must name (the document as read).",
  minTier: 'CONTRIBUTOR',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({ ...Scope, mapExtensionId: MapExtensionId }),
  response: z.object({
    mapExtensionId: z.string(),
    mapId: z.string(),
    name: z.string(),
    fingerprint: z.string(),
    scripts: z.array(MapScript),
  }),
});

export const updateMapExtension = defineContract({
  name: 'updateMapExtension',
  summary:
    "Admin: change a map extension's scripts. Each script is validated first; the document is re-read and " +
    'written only when its fingerprint still matches (MAP_EXTENSION_CONFLICT otherwise), so no change is lost.',
  minTier: 'ADMIN',
  refs: { clientAccountId: 'clientAccount' },
  request: z.strictObject({
    ...Scope,
    mapExtensionId: MapExtensionId,
    fingerprint: z.string().min(1).max(128),
    scripts: z
      .array(z.strictObject({ functionKey: z.string().min(1).max(LIMITS.id), script: z.string() }))
      .min(1)
      .max(100),
  }),
  response: getMapExtension.response,
});

export const ScriptProblem = z.object({
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
  type: z.enum(['SYNTAX', 'SECURITY', 'SIZE']),
});

export const validateScript = defineContract({
  name: 'validateScript',
  summary:
    'Check a map-extension script without running it: JavaScript by a real ES5.1 parser, Groovy compiled by the ' +
    'Groovy compiler under a security policy. Stateless: calls no Boomi API, stores nothing.',
  minTier: 'CONTRIBUTOR',
  request: z.strictObject({
    /** GROOVY or JAVASCRIPT, in any case; anything else is answered INVALID_LANGUAGE. */
    language: z.string().trim().min(1).max(32),
    functionName: z.string().max(LIMITS.name).optional(),
    // Oversized scripts get SCRIPT_TOO_LARGE from the validator, not a schema error.
    scriptContent: z.string().max(EXTENSION_LIMITS.scriptBytes * 4),
  }),
  response: z.object({
    language: z.enum(SCRIPT_LANGUAGES),
    functionName: z.string().nullable(),
    isValid: z.boolean(),
    errorCode: z.string().nullable(),
    errors: z.array(ScriptProblem),
    warningCount: z.number().int(),
    validatedAt: z.string(),
  }),
});

// Before production: which extension values of the target environments look wrong.

export const ExtensionFinding = z.object({
  environmentId: z.string(),
  environmentName: z.string(),
  componentId: z.string(),
  componentName: z.string(),
  fieldId: z.string(),
  kind: z.enum(['EMPTY', 'SECRET_NOT_SET', 'TEST_VALUE', 'SAME_AS_TEST']),
  message: z.string(),
  prodValue: z.string().nullable(),
  testValue: z.string().nullable(),
});

export const checkProductionExtensions = defineContract({
  name: 'checkProductionExtensions',
  summary:
    'For a production request: the extension fields of the target Production environments that are empty or look ' +
    'wrong next to Test (a test host, an unset secret). A warning unless an admin made it a rule.',
  minTier: 'CONTRIBUTOR',
  refs: { promotionId: 'promotion' },
  request: z.strictObject({ promotionId: Id }),
  response: z.object({
    promotionId: z.string(),
    findings: z.array(ExtensionFinding),
    /** The admin rule is on: findings block approval. */
    ruleBlocksApproval: z.boolean(),
    /** The rule is on and findings remain: approval is refused. */
    blocksApproval: z.boolean(),
    /** Environments that could not be checked, and why. */
    unchecked: z.array(z.object({ environmentId: z.string(), reason: z.string() })),
  }),
});

export const setExtensionCheckRule = defineContract({
  name: 'setExtensionCheckRule',
  summary: 'Admin: make extension findings block production approval (EXTENSIONS_NOT_READY), or only warn.',
  minTier: 'ADMIN',
  request: z.strictObject({ blockApproval: z.boolean() }),
  response: z.object({
    blockApproval: z.boolean(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
  }),
});
