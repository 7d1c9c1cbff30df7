import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where the Groovy compiler came from, in the order it is looked for. */
export type GroovySource = 'GROOVY_JARS' | 'maven-local' | 'maven-fetch' | 'debian';

export interface GroovyJars {
  jars: string[];
  source: GroovySource;
}

export interface LocateOptions {
  /** GROOVY_JARS: a path-separated list of jars. When given, nothing else is looked at. */
  jars?: string | undefined;
  /** The local Maven repository (default ~/.m2/repository). */
  mavenRepository?: string;
  /** Fetch Groovy with `mvn dependency:get` when nothing is installed (default true). */
  mavenFetch?: boolean;
  mavenTimeoutMs?: number;
  /** Directories Debian's `groovy` package fills (default /usr/share/java, /usr/share/groovy/lib). */
  debianDirs?: string[];
}

/** Boomi runs map scripts on Groovy 2.4: the version we fetch, and the line we prefer when several are installed. */
export const GROOVY_ARTIFACT = 'org.codehaus.groovy:groovy:2.4.21';

const versionKey = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? p.padStart(6, '0') : p));
const byVersionDesc = (a: string, b: string) => (versionKey(b).join('.') < versionKey(a).join('.') ? -1 : 1);

/** The newest jar of one artifact in a Maven repository, preferring versions that start with `prefer`. */
function mavenJar(repo: string, group: string, artifact: string, prefer: string): string | null {
  const dir = join(repo, ...group.split('.'), artifact);
  if (!existsSync(dir)) return null;
  const versions = readdirSync(dir).sort(byVersionDesc);
  const ordered = [...versions.filter((v) => v.startsWith(prefer)), ...versions.filter((v) => !v.startsWith(prefer))];
  for (const v of ordered) {
    const jar = join(dir, v, `${artifact}-${v}.jar`);
    if (existsSync(jar)) return jar;
  }
  return null;
}

/** Groovy's core jar shades its parser (antlr) and bytecode (asm) libraries, so one jar compiles. */
function fromMavenRepository(repo: string): string[] | null {
  const jar =
    mavenJar(repo, 'org.codehaus.groovy', 'groovy', '2.4.') ??
    mavenJar(repo, 'org.codehaus.groovy', 'groovy-all', '2.4.') ??
    mavenJar(repo, 'org.apache.groovy', 'groovy', '4.');
  return jar ? [jar] : null;
}

/** Debian bookworm's `groovy` (2.4.21): /usr/share/java/groovy-all.jar is self-contained. */
function fromDebian(dirs: string[]): string[] | null {
  for (const dir of dirs) {
    for (const name of ['groovy-all.jar', 'groovy-all-2.4.21.jar']) {
      if (existsSync(join(dir, name))) return [join(dir, name)];
    }
  }
  // Without groovy-all, the package's lib folder holds groovy.jar and the libraries it needs.
  const lib = dirs.find((d) => existsSync(join(d, 'groovy.jar')) || existsSync(join(d, 'groovy-2.4.21.jar')));
  return lib
    ? readdirSync(lib)
        .filter((f) => f.endsWith('.jar'))
        .map((f) => join(lib, f))
    : null;
}

function reachable(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: timeoutMs }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** Runs `mvn dependency:get`; false when Maven is missing, Central is unreachable, or it takes too long. */
async function mavenFetch(timeoutMs: number): Promise<boolean> {
  // Maven spends seconds failing to resolve its own plugins offline; a 2-second probe answers first.
  if (!(await reachable('repo.maven.apache.org', 443, 2000))) return false;
  return new Promise((resolve) => {
    const child = spawn('mvn', ['-q', '-B', 'dependency:get', `-Dartifact=${GROOVY_ARTIFACT}`, '-Dtransitive=false'], {
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

/**
 * Finds Groovy's compiler jars: GROOVY_JARS, then the local Maven repository, then a Maven fetch, then
 * Debian's package. The fetch is skipped when Debian's jars are installed: both are Groovy 2.4, and a
 * jar on disk beats a network probe at every start.
 */
export async function locateGroovy(opts: LocateOptions = {}): Promise<GroovyJars | null> {
  if (opts.jars) {
    const jars = opts.jars.split(delimiter).filter(Boolean);
    return { jars, source: 'GROOVY_JARS' };
  }
  const repo = opts.mavenRepository ?? join(homedir(), '.m2', 'repository');
  const local = fromMavenRepository(repo);
  if (local) return { jars: local, source: 'maven-local' };
  const debianDirs = opts.debianDirs ?? ['/usr/share/java', '/usr/share/groovy/lib'];
  if (opts.mavenFetch !== false && !fromDebian(debianDirs) && (await mavenFetch(opts.mavenTimeoutMs ?? 120_000))) {
    const fetched = fromMavenRepository(repo);
    if (fetched) return { jars: fetched, source: 'maven-fetch' };
  }
  const debian = fromDebian(debianDirs);
  return debian ? { jars: debian, source: 'debian' } : null;
}

export const GROOVY_SETUP_HINT =
  'Install Java 17 and Groovy 2.4 (`npm run setup:groovy`, which tries Maven, then `apt-get install groovy`), ' +
  'or point GROOVY_JARS at the Groovy jars.';
