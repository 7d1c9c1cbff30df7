import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, cleanEnv, promo, runCommand, startCliService, type CliService } from './helpers/cli-service.ts';

// docs/cli.md's pipeline examples, run step by step against the demo service: a renamed flag, a
// changed exit code or a broken quote in the docs fails here. What a CI runner provides (setup,
// checkout, the install step, secrets, step-to-step variables) is stood in for, nothing more.

const DOC = readFileSync(join(ROOT, 'docs', 'cli.md'), 'utf8');

function yamlUnder(heading: string): Record<string, unknown> {
  const section = DOC.split(/^### /m).find((s) => s.startsWith(heading));
  const block = section && /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, `docs/cli.md has a yaml block under "### ${heading}"`);
  return parse(block) as Record<string, unknown>;
}

type Step = Record<string, unknown> & { env?: Record<string, string> };
const INSTALL = 'Install the promo CLI';

/** `promo` on the PATH, as the install step leaves it: this checkout's bin. */
function shimPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'promo-bin-'));
  const shim = join(dir, 'promo');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'promo.mjs')}" "$@"\n`);
  chmodSync(shim, 0o755);
  const { PATH } = process.env;
  return `${dir}:${PATH}`;
}

/** Replaces a CI's expressions from a table; one the table lacks fails the test (so the docs name no other). */
const substitute = (text: string, pattern: RegExp, table: Record<string, string>) =>
  text.replace(pattern, (whole, key: string) => {
    assert.ok(key in table, `no value for ${whole}`);
    return table[key]!;
  });

// Each CI's shell on Linux: GitHub's bash stops at the first failure, Azure's script step does not.
const GITHUB_BASH = ['--noprofile', '--norc', '-eo', 'pipefail'];
const AZURE_BASH = ['--noprofile', '--norc'];

async function runScript(script: string, shell: string[], env: Record<string, string>, name: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'promo-step-')), 'step.sh');
  writeFileSync(file, script);
  const r = await runCommand('bash', [...shell, file], env);
  assert.equal(r.code, 0, `step "${name}" failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
  return r;
}

describe('the pipeline examples of docs/cli.md run against the demo service', () => {
  let s: CliService;
  let base: Record<string, string>;
  before(async () => {
    s = await startCliService();
    base = cleanEnv({ PATH: shimPath() });
  });
  after(async () => {
    await s?.stop();
  });

  const productionRequestOf = async (testId: string) => {
    const r = await promo(['status', '--json'], {
      ...base,
      PROMO_URL: s.url,
      PROMO_USER: s.user,
      PROMO_TOKEN: s.token,
    });
    const open = JSON.parse(r.stdout).promotions as Array<Record<string, unknown>>;
    return open.find((p) => p.testPromotionId === testId);
  };

  test('GitHub Actions: promote, diff, deploy to Test, request production (exit 3 is a success there)', async () => {
    const workflow = yamlUnder('GitHub Actions') as {
      jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
    };
    const [job] = Object.values(workflow.jobs);
    const table: Record<string, string> = {
      'vars.PROMO_URL': s.url,
      'vars.PROMO_USER': s.user,
      'secrets.PROMO_TOKEN': s.token,
      'inputs.package': 'Order Processing Main',
      'inputs.account': 'acme-DEVA',
      'inputs.version': '2.0.0',
    };
    const jobEnv = Object.fromEntries(
      Object.entries(job!.env).map(([k, v]) => [k, substitute(v, /\$\{\{\s*([\w.]+)\s*\}\}/g, table)]),
    );
    const githubEnv = join(mkdtempSync(join(tmpdir(), 'promo-gh-')), 'env');
    writeFileSync(githubEnv, '');
    const ran: string[] = [];
    for (const step of job!.steps) {
      if (typeof step.run !== 'string' || step.name === INSTALL) continue;
      // Later steps see what earlier ones appended to $GITHUB_ENV (NAME=value lines).
      const carried = Object.fromEntries(
        readFileSync(githubEnv, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      const env = { ...base, ...jobEnv, ...carried, GITHUB_ENV: githubEnv, GITHUB_RUN_ID: '42' };
      await runScript(step.run, GITHUB_BASH, env, String(step.name));
      ran.push(String(step.name));
    }
    assert.deepEqual(ran, ['Promote', 'Show what changed', 'Deploy to Test', 'Request production']);
    const testId = /^PROMOTION_ID=(.+)$/m.exec(readFileSync(githubEnv, 'utf8'))?.[1];
    assert.ok(testId, 'the Promote step handed the id on');
    const prod = await productionRequestOf(testId);
    assert.equal(prod?.status, 'PENDING_PEER_REVIEW');
    assert.equal(prod?.packageVersion, '2.0.0');
    assert.equal(prod?.deploymentNotes, 'GitHub run 42');
  });

  test('Azure DevOps: the same path through script steps and task.setvariable', async () => {
    const pipeline = yamlUnder('Azure DevOps') as {
      parameters: Array<{ name: string; default: string }>;
      variables: Record<string, string>;
      steps: Step[];
    };
    const parameters: Record<string, string> = {
      ...Object.fromEntries(pipeline.parameters.map((p) => [`parameters.${p.name}`, String(p.default)])),
      'parameters.package': 'Customer Master Sync',
    };
    // Plain pipeline variables reach scripts as environment variables; secrets only through env:.
    const variables: Record<string, string> = { PROMO_URL: s.url, PROMO_USER: s.user };
    for (const [k, v] of Object.entries(pipeline.variables))
      variables[k] = substitute(v, /\$\{\{\s*([\w.]+)\s*\}\}/g, parameters);
    const secrets = { PROMO_TOKEN: s.token };
    const ran: string[] = [];
    for (const step of pipeline.steps) {
      if (typeof step.script !== 'string' || step.displayName === INSTALL) continue;
      const stepEnv = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, /\$\(([\w.]+)\)/g, secrets)]),
      );
      const env = { ...base, ...variables, ...stepEnv, BUILD_BUILDID: '7' };
      const r = await runScript(step.script, AZURE_BASH, env, String(step.displayName));
      for (const m of r.stdout.matchAll(/^##vso\[task\.setvariable variable=(\w+)\](.*)$/gm)) variables[m[1]!] = m[2]!;
      ran.push(String(step.displayName));
    }
    assert.deepEqual(ran, ['Promote', 'Deploy to Test', 'Request production']);
    assert.ok(variables.PROMOTION_ID, 'the Promote step handed the id on');
    const prod = await productionRequestOf(variables.PROMOTION_ID);
    assert.equal(prod?.status, 'PENDING_PEER_REVIEW');
    assert.equal(prod?.processName, 'Customer Master Sync');
    assert.equal(prod?.deploymentNotes, 'Azure build 7');
  });
});
