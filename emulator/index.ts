// Public surface of the Boomi Platform API emulator (D11). Nothing here is shared with src/boomi.
export { createEmulator, emulatorPlugin, type Emulator, type EmulatorPluginOptions } from './emulator.ts';
export { startEmulatorServer, type EmulatorServerOptions, type RunningEmulator } from './server.ts';
export { parseEmulatorArgs, EMULATOR_USAGE } from './cli-options.ts';
export type { EmulatorControl, SettingsPatch } from './core/control.ts';
export type { EmulatorOptions, RuntimeSettings, StageTimings } from './core/settings.ts';
export type { Fault, HttpFault, MergeFault, ReleaseFault, FaultEntry } from './core/faults.ts';
export { MESSAGES as BOOMI_EMULATOR_MESSAGES } from './http/boomi-error.ts';
export {
  DEMO,
  loadDemoFixture,
  type DemoIds,
  type DemoPackage,
  type DemoConnectionMapping,
} from './fixture/demo-ids.ts';
export type { Fixture, FixtureComponent } from './fixture/fixture-schema.ts';
export { generateTree, generateComponents, type TreeOptions, type GeneratedTree } from './fixture/generator.ts';
export { STATE_FILE_NAME } from './core/persistence.ts';
