import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { createControl, type EmulatorControl } from './core/control.ts';
import type { EmulatorCore } from './core/core.ts';
import { FaultRegistry } from './core/faults.ts';
import { StateWriter, loadStateFile } from './core/persistence.ts';
import { RateLimiter } from './core/rate-limiter.ts';
import { resolveSettings, type EmulatorOptions } from './core/settings.ts';
import { loadDemoFixture } from './fixture/demo-ids.ts';
import { applyFixture, emptyState } from './fixture/load-fixture.ts';
import { apiRoutes } from './http/api-routes.ts';
import { Authenticator } from './http/auth.ts';
import { controlRoutes } from './http/control-routes.ts';
import { QueryCursors } from './query/query-cursors.ts';
import type { EmulatorState } from './state/state-types.ts';

export interface Emulator {
  /** A Fastify instance with the emulator at its root; it has not listened (use `inject` or `listen`). */
  app: FastifyInstance;
  control: EmulatorControl;
  /** The emulator's routes, for `app.register(emulator.plugin, { prefix: '/boomi-emulator' })`. */
  plugin: FastifyPluginAsync;
  /** Writes pending state and closes `app`. */
  close(): Promise<void>;
}

interface Instance {
  control: EmulatorControl;
  routes: FastifyPluginAsync;
  flush(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024;

function createInstance(opts: EmulatorOptions): Instance {
  let writer: StateWriter | null = null;
  const stored = opts.dataDir ? loadStateFile(opts.dataDir) : null;
  const core: EmulatorCore = {
    state: emptyState(),
    settings: resolveSettings(opts),
    faults: new FaultRegistry(),
    rateLimiter: new RateLimiter(),
    cursors: new QueryCursors(),
    counters: new Map(),
    now: opts.now ?? Date.now,
    markDirty: () => writer?.markDirty(),
    logError: (err) => console.error('[boomi-emulator]', err),
  };
  // Fixtures load through the API's own functions, on a scratch core so a failure leaves no half state.
  const fixtureState = (): EmulatorState => {
    const scratch: EmulatorCore = { ...core, state: emptyState() };
    const fixture = opts.fixture ?? 'demo';
    if (fixture !== 'empty') applyFixture(scratch, fixture === 'demo' ? loadDemoFixture() : fixture);
    return scratch.state;
  };
  core.state = stored ?? fixtureState();
  if (opts.dataDir) {
    writer = new StateWriter(opts.dataDir, () => core.state, opts.persistDebounceMs ?? 50, core.logError);
    if (!stored) writer.markDirty();
  }
  for (const f of opts.faults ?? []) core.faults.add(f);
  const auth = new Authenticator(() => core.state);
  const flush = async () => {
    await writer?.flush();
  };
  const control = createControl({
    core,
    applyFixture: (fixture) => applyFixture(core, fixture),
    resetState: () => {
      core.state = fixtureState();
    },
    flush,
    invalidateAuth: () => auth.invalidate(),
  });
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(apiRoutes(core, auth, bodyLimit));
    if (opts.controlRoutes) await app.register(controlRoutes(control), { prefix: '/__emulator' });
  };
  return { control, routes, flush };
}

/**
 * The Boomi Platform API emulator: state loaded from `<dataDir>/emulator-state.json` or, when there
 * is none, from the demo fixture; every mutation persisted (coalesced) when a data directory is set.
 */
export function createEmulator(opts: EmulatorOptions = {}): Emulator {
  const inst = createInstance(opts);
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT });
  void app.register(inst.routes);
  app.addHook('onClose', async () => inst.flush());
  return {
    app,
    control: inst.control,
    plugin: inst.routes,
    async close() {
      await app.close();
      await inst.flush();
    },
  };
}

export type EmulatorPluginOptions = EmulatorOptions & { emulator?: Emulator };

/**
 * A Fastify plugin serving the emulator, for the service's own server (demo mode registers it under
 * `/boomi-emulator`). Pass `emulator` to serve an existing instance; otherwise one is created from
 * the options, its control API is on the returned plugin's `control`, and its state is flushed
 * when the server closes.
 */
export function emulatorPlugin(opts: EmulatorPluginOptions = {}): FastifyPluginAsync & { control: EmulatorControl } {
  if (opts.emulator) return Object.assign(opts.emulator.plugin, { control: opts.emulator.control });
  const inst = createInstance(opts);
  const plugin: FastifyPluginAsync = async (app) => {
    app.addHook('onClose', async () => inst.flush());
    await app.register(inst.routes);
  };
  return Object.assign(plugin, { control: inst.control });
}
