import type { EmulatorOptions } from './core/settings.ts';
import { createEmulator, type Emulator } from './emulator.ts';

export interface EmulatorServerOptions extends EmulatorOptions {
  port?: number;
  host?: string;
}

export interface RunningEmulator {
  emulator: Emulator;
  /** e.g. `http://127.0.0.1:9090`; the API is at `${url}/partner/api/rest/v1/{accountId}/…`. */
  url: string;
  close(): Promise<void>;
}

/**
 * `promo emulator --port N`: the emulator standalone at the root of its own server. The control
 * endpoints under `/__emulator/` are on unless `controlRoutes: false`.
 */
export async function startEmulatorServer(opts: EmulatorServerOptions = {}): Promise<RunningEmulator> {
  const { port = 8081, host = '127.0.0.1', ...rest } = opts;
  const emulator = createEmulator({ controlRoutes: true, ...rest });
  const address = await emulator.app.listen({ port, host });
  return { emulator, url: address, close: () => emulator.close() };
}
