#!/usr/bin/env node
// `npm run setup:groovy`: makes the Groovy compiler that validates map-extension scripts available.
// Order: GROOVY_JARS, the local Maven repository, a Maven download, then Debian's `groovy` package
// (apt-get, with sudo when not root). Ends by compiling one script, so a success here means it works.
import { spawnSync } from 'node:child_process';
import { locateGroovy } from '../src/features/extensions/script-validation/groovy-locate.ts';
import { createScriptValidator } from '../src/features/extensions/script-validation/script-validator.ts';

const java = process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : 'java';
const javaVersion = spawnSync(java, ['-version'], { encoding: 'utf8' });
if (javaVersion.status !== 0) {
  console.error(`${java} did not run: install a JDK (17 or later), e.g. apt-get install openjdk-17-jdk-headless.`);
  process.exit(1);
}

const jars = process.env.GROOVY_JARS;
let found = await locateGroovy({ jars });
if (!found) {
  console.log('No Groovy found locally and Maven could not fetch it; installing Debian package groovy...');
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  const started = Date.now();
  const r = spawnSync(
    'sh',
    [
      '-c',
      `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq groovy >/dev/null`,
    ],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) {
    console.error('apt-get install groovy failed. Install Groovy 2.4 yourself and set GROOVY_JARS to its jars.');
    process.exit(1);
  }
  console.log(`Installed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  found = await locateGroovy({ jars, mavenFetch: false });
}
if (!found) {
  console.error('Groovy is still not found after installing it.');
  process.exit(1);
}
console.log(`Groovy compiler (${found.source}): ${found.jars.join(', ')}`);

const started = Date.now();
const validator = createScriptValidator({ groovy: { jars, java } });
const result = await validator.validate('GROOVY', 'output1 = input1?.trim()');
await validator.close();
if (!result.isValid) {
  console.error(`The checker does not work: ${result.errorCode} ${result.message ?? JSON.stringify(result.errors)}`);
  process.exit(1);
}
console.log(`Checker ready: first script compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
