// Constants with no schema library behind them, so the dashboard can import them freely.

/** Boomi's EnvironmentExtensions sections, as Promo names them (30-boomi-platform-api.md §3.12). */
export const EXTENSION_SECTIONS = [
  'connections',
  'operations',
  'tradingPartners',
  'sharedCommunications',
  'crossReferences',
  'processProperties',
  'properties',
  'PGPCertificates',
] as const;
export type ExtensionSection = (typeof EXTENSION_SECTIONS)[number];

/** What the Extension Manager calls each section. */
export const SECTION_LABELS: Record<ExtensionSection, string> = {
  connections: 'Connections',
  operations: 'Operations',
  tradingPartners: 'Trading partners',
  sharedCommunications: 'Shared communications',
  crossReferences: 'Cross references',
  processProperties: 'Process properties',
  properties: 'Dynamic process properties',
  PGPCertificates: 'PGP certificates',
};

/** Sections a Test -> Production copy never touches: they hold per-environment endpoints and keys. */
export const COPY_EXCLUDED_SECTIONS: readonly ExtensionSection[] = ['connections', 'PGPCertificates'];

export const SCRIPT_LANGUAGES = ['GROOVY', 'JAVASCRIPT'] as const;

export const EXTENSION_LIMITS = {
  /** Boomi stores extension values as text; longer ones are refused before any call. */
  value: 4_000,
  fieldId: 255,
  changes: 2_000,
  /** Map-extension scripts (10-backend.md §7.12, UTF-8 bytes). */
  scriptBytes: 10_240,
} as const;
