import { Command, CommanderError } from 'commander';
import { createClient } from './client.ts';
import { collect, type Ctx } from './context.ts';
import { deployTestCommand, submitCommand } from './deploy-commands.ts';
import { EXIT, ServiceError, UsageError, type ExitCode } from './outcome.ts';
import { packagesCommand, promoteCommand } from './promote-commands.ts';
import { loadSettings } from './settings.ts';
import { diffCommand, statusCommand } from './status-commands.ts';

export interface ClientIo {
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const AFTER_HELP = `
Connection: PROMO_URL (default http://localhost:8080), PROMO_USER (your email) and PROMO_TOKEN (a
personal API token), or "url", "user", "token" in the JSON file PROMO_CLI_CONFIG (default
~/.config/promo/config.json, readable by you alone). There is no --token flag: arguments land in
shell history.
Exit codes: 0 done, 1 failed, 2 usage or credentials, 3 waiting for a review, 4 still running.`;

function build(run: (cmd: (ctx: Ctx) => Promise<ExitCode>) => Promise<void>, io: ClientIo) {
  const program = new Command('promo')
    .description('Promo from scripts and CI pipelines (docs/cli.md)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('afterAll', AFTER_HELP);
  const deploymentOptions = (c: Command) =>
    c
      .option('--version <version>', 'package version to create (default: the promoted package version)')
      .option('--pack <name-or-id>', 'existing Integration Pack (default: the one suggested for the process)')
      .option('--new-pack <name>', 'create a new Integration Pack with this name')
      .option('--env <name-or-id>', 'target environment, repeatable (default: all of the target)', collect)
      .option('--notes <text>', 'deployment notes')
      .option('--json', 'print the record as JSON on stdout');

  program
    .command('packages')
    .description('list the packaged processes of your dev accounts')
    .option('--account <id>', 'one dev account only')
    .option('--json', 'print JSON on stdout')
    .action((o) => run((ctx) => packagesCommand(ctx, o)));

  program
    .command('promote')
    .description('promote a dev package to a new branch of the primary account')
    .argument('<package>', 'package name, package id or root component id')
    .option('--account <id>', 'dev account (default: the only one you may see)')
    .option('--version <version>', 'package version (default: the newest)')
    .option('--force', 're-read and compare every component, even those whose versions did not change')
    .option('--wait', 'wait until the promotion ends, with progress on stderr')
    .option('--json', 'print the record as JSON on stdout')
    .action((pkg: string, o) => run((ctx) => promoteCommand(ctx, pkg, o)));

  deploymentOptions(
    program
      .command('deploy-test')
      .description('package a completed promotion from its branch and deploy it to Test')
      .argument('<promotion-id>'),
  )
    .option('--wait', 'wait until the deployment ends, with progress on stderr')
    .action((id: string, o) => run((ctx) => deployTestCommand(ctx, id, o)));

  deploymentOptions(
    program
      .command('submit')
      .description('send a test deployment to production review, or a completed promotion as a hotfix')
      .argument('<promotion-id>'),
  )
    .option('--hotfix', 'emergency hotfix straight from a completed promotion (skips Test)')
    .option('--justification <text>', 'why the hotfix cannot go through Test (required with --hotfix)')
    .action((id: string, o) => run((ctx) => submitCommand(ctx, id, o)));

  program
    .command('status')
    .description("a promotion's status (exit code by status), or your open promotions")
    .argument('[promotion-id]')
    .option('--wait', 'wait while it is being worked on, with progress on stderr')
    .option('--json', 'print JSON on stdout')
    .action((id: string | undefined, o) => run((ctx) => statusCommand(ctx, id, o)));

  program
    .command('diff')
    .description("main against the promotion's branch, per component it created or updated")
    .argument('<promotion-id>')
    .option('--component <name-or-id>', 'one component only')
    .option('--stat', 'the change summaries only')
    .option('--json', 'print JSON on stdout')
    .action((id: string, o) => run((ctx) => diffCommand(ctx, id, o)));
  return program;
}

/** Runs one client command; returns the exit code and never throws (no stack trace reaches a CI log). */
export async function runClient(argv: string[], io: ClientIo): Promise<ExitCode> {
  let code: ExitCode = EXIT.DONE;
  const line = (text: string) => io.stderr(`${text}\n`);
  const run = async (cmd: (ctx: Ctx) => Promise<ExitCode>) => {
    const client = createClient(loadSettings(io.env));
    code = await cmd({ client, out: (text) => io.stdout(`${text}\n`), log: line });
  };
  try {
    await build(run, io).parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.DONE : EXIT.USAGE;
    if (e instanceof UsageError) {
      line(`promo: ${e.message}`);
      return EXIT.USAGE;
    }
    if (e instanceof ServiceError) {
      line(`${e.code}: ${e.message}${e.field ? ` (field: ${e.field})` : ''}`);
      return e.exitCode;
    }
    line(`promo: unexpected error: ${(e as Error).message ?? String(e)}`);
    return EXIT.FAILED;
  }
}
