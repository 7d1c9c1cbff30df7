import { resolve } from 'node:path';

const USAGE = `Usage: promo <command>
  start                 run the service (demo mode when no Boomi credentials are configured)
  emulator [flags]      run the Boomi Platform API emulator on its own (port 8081; --help for flags)
  build [--out <dir>]   build the dashboard into web/dist (or <dir>), safely beside a running service
  migrate               apply database migrations and exit
  bench <name>         run a benchmark and print its figures (api, emulator, promote, workflow, dashboard, extensions)

Talking to a running service (PROMO_URL, PROMO_USER, PROMO_TOKEN; docs/cli.md; <command> --help):
  packages              list the packaged processes of your dev accounts
  promote <package>     promote a package (--account, --version, --wait, --json)
  deploy-test <id>      deploy a completed promotion to Test (--wait)
  submit <id>           send a test deployment to production review, or --hotfix with --justification
  status [<id>]         a promotion's status (exit 0 done, 1 failed, 3 waiting for review, 4 running)
  diff <id>             main against the promotion's branch`;

const CLIENT_COMMANDS = new Set(['packages', 'promote', 'deploy-test', 'submit', 'status', 'diff']);

export async function runCli(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  // Client commands load neither the service nor its database: `promo status` starts in a blink.
  if (command && CLIENT_COMMANDS.has(command)) {
    const { runClient } = await import('./cli/program.ts');
    process.exitCode = await runClient(argv, {
      env: process.env,
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
    });
    return;
  }
  const { ConfigError } = await import('./config.ts');
  const { StartupError, startBanner, startService } = await import('./main.ts');
  try {
    switch (command) {
      case 'start': {
        await buildDashboardIfStale();
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
      case 'build': {
        const { buildDashboard } = await import('../web/build.ts');
        const out = rest.indexOf('--out');
        await buildDashboard({
          force: true,
          ...(out >= 0 && rest[out + 1] ? { distDir: resolve(rest[out + 1]!) } : {}),
        });
        return;
      }
      case 'migrate': {
        const { migrateOnly } = await import('./migrate-command.ts');
        await migrateOnly();
        return;
      }
      case 'emulator': {
        const { runEmulatorCommand } = await import('./demo/emulator-command.ts');
        await runEmulatorCommand(rest, process.env);
        return;
      }
      case 'bench': {
        const { runBench } = await import('../bench/index.ts');
        await runBench(rest);
        return;
      }
      default:
        console.log(USAGE);
        process.exitCode = command && !['help', '--help', '-h'].includes(command) ? 2 : 0;
    }
  } catch (e) {
    if (e instanceof StartupError || e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
}

/** A fresh clone has no built dashboard: build it (a few seconds) so `npm start` serves it. */
async function buildDashboardIfStale() {
  if (process.env.DASHBOARD_DIR) return;
  try {
    const { buildDashboard } = await import('../web/build.ts');
    if (await buildDashboard({ quiet: true })) console.log('Built the dashboard into web/dist');
  } catch (e) {
    console.warn(
      `The dashboard could not be built (${(e as Error).message}); the API still works. Run \`npm run build\` to see why.`,
    );
  }
}
