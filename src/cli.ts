import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { StartupError, startBanner, startService } from './main.ts';

const USAGE = `Usage: promo <command>
  start                 run the service (demo mode when no Boomi credentials are configured)
  emulator [--port N]   run the Boomi Platform API emulator on its own (default port 8081)
                        [--data-dir DIR] [--latency-ms N] [--jitter-ms N] [--rate-limit N]
  migrate               apply database migrations and exit
  bench <api|emulator>  run a benchmark and print its figures`;

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start': {
        const s = await startService();
        console.log(startBanner(s));
        const shutdown = async () => {
          await s.stop();
          process.exit(0);
        };
        process.once('SIGINT', shutdown);
        process.once('SIGTERM', shutdown);
        return;
      }
      case 'migrate': {
        const { migrateOnly } = await import('./migrate-command.ts');
        await migrateOnly();
        return;
      }
      case 'emulator': {
        const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'latency-ms': { type: 'string' }, 'jitter-ms': { type: 'string' }, 'rate-limit': { type: 'string' } } });
        const { runEmulatorCommand } = await import('./demo/emulator-command.ts');
        await runEmulatorCommand(values);
        return;
      }
      case 'bench': {
        const { runBench } = await import('../bench/index.ts');
        await runBench(rest);
        return;
      }
      default:
        console.log(USAGE);
        process.exitCode = command ? 2 : 0;
    }
  } catch (e) {
    if (e instanceof StartupError || e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}
