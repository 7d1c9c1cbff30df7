import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { DEMO, emulatorPlugin, type EmulatorControl, type EmulatorOptions } from '../../emulator/index.ts';
import type { DemoConnectionMapping } from './demo-seed.ts';

export const EMULATOR_PREFIX = '/boomi-emulator';

/** Demo mode: the Boomi emulator answers on the service's own port, its state under DATA_DIR. */
export async function mountDemoEmulator(
  app: FastifyInstance,
  config: Config,
  options: EmulatorOptions = {},
): Promise<EmulatorControl> {
  const plugin = emulatorPlugin({ dataDir: config.dataDir, ...options });
  await app.register(plugin, { prefix: EMULATOR_PREFIX });
  return plugin.control;
}

/** The connection mappings an admin of the demo would have seeded (from the emulator's fixture). */
export function demoConnectionMappings(): DemoConnectionMapping[] {
  return DEMO.connectionMappings.map((m) => ({
    devComponentId: m.devComponentId,
    devAccountId: m.devAccountId,
    prodComponentId: m.prodComponentId,
    componentName: m.name,
  }));
}
