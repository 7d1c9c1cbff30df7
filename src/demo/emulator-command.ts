import { DEMO, EMULATOR_USAGE, parseEmulatorArgs, startEmulatorServer } from '../../emulator/index.ts';

/** `promo emulator [flags]`: the Boomi Platform API emulator on its own port, at the root. */
export async function runEmulatorCommand(argv: string[], env: Record<string, string | undefined>): Promise<void> {
  if (argv.includes('--help')) {
    console.log(EMULATOR_USAGE);
    return;
  }
  const opts = parseEmulatorArgs(argv, env);
  const running = await startEmulatorServer({ dataDir: './data/emulator', ...opts });
  const { basicUser, token } = DEMO.apiUser;
  console.log(
    [
      `Boomi Platform API emulator at ${running.url}`,
      `  primary account ${DEMO.primaryAccountId}; dev sub-accounts ${DEMO.devAccounts.map((a) => a.accountId).join(', ')}`,
      `  Basic auth: ${basicUser} / ${token}`,
      '',
      'Try:',
      `  curl -s -u ${basicUser}:${token} -H 'Accept: application/json' -H 'Content-Type: application/json' \\`,
      `    -d '{"QueryFilter":{"expression":{"operator":"EQUALS","property":"name","argument":["main"]}}}' \\`,
      `    ${running.url}/partner/api/rest/v1/${DEMO.primaryAccountId}/Branch/query`,
    ].join('\n'),
  );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
