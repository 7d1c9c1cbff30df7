import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const JAVA_SOURCES = fileURLToPath(new URL('./java/', import.meta.url));
const MAIN_CLASS = 'GroovyScriptChecker';

/** What the helper answers for one script (see GroovyScriptChecker.java). */
export interface HelperAnswer {
  errors?: { line: number; column: number; message: string; type: 'SYNTAX' | 'SECURITY' }[];
  internal?: string;
}

/** The compiler could not be set up at all: no Java, no Groovy, the helper does not compile or start. */
export class HelperUnavailable extends Error {}
/** One request failed (timeout, crash); the next one starts a fresh helper. */
export class HelperFailed extends Error {}

function run(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/**
 * Compiles the helper once per (sources, jars) into the cache and returns the class directory. javac
 * writes to a fresh folder that is renamed into place, so two processes compiling at once both win.
 */
export async function compileHelper(javac: string, jars: string[], cacheDir: string): Promise<string> {
  const sources = readdirSync(JAVA_SOURCES).filter((f) => f.endsWith('.java'));
  const hash = createHash('sha256');
  for (const f of sources) hash.update(f).update(readFileSync(join(JAVA_SOURCES, f)));
  for (const j of jars) hash.update(j).update(existsSync(j) ? String(statSync(j).size) : 'missing');
  const out = join(cacheDir, hash.digest('hex').slice(0, 16));
  if (existsSync(join(out, `${MAIN_CLASS}.class`))) return out;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.${process.pid}.${Date.now()}`;
  const args = ['-nowarn', '-encoding', 'UTF-8', '-d', tmp, '-cp', jars.join(delimiter)];
  let result;
  try {
    result = await run(javac, [...args, ...sources.map((f) => join(JAVA_SOURCES, f))], 120_000);
  } catch (e) {
    throw new HelperUnavailable(`javac (${javac}) could not run: ${(e as Error).message}`);
  }
  if (result.code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new HelperUnavailable(`javac could not compile the Groovy checker: ${result.output.slice(0, 2000)}`);
  }
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process renamed its copy first
  }
  return out;
}

export interface HelperProcessOptions {
  java: string;
  classPath: string[];
  timeoutMs: number;
  startTimeoutMs: number;
  onStart?: (pid: number | undefined, groovyVersion: string) => void;
  onExit?: (pid: number | undefined, reason: string) => void;
}

interface Pending {
  id: number;
  resolve: (a: HelperAnswer) => void;
  reject: (e: Error) => void;
}

/**
 * The long-lived checker JVM: started on the first request (JVM and compiler warm-up paid once), one
 * request at a time, killed on a timeout and restarted by the next request after a crash.
 */
export class HelperProcess {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private pending: Pending | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(private readonly opts: HelperProcessOptions) {}

  check(script: string): Promise<HelperAnswer> {
    const turn = this.queue.then(() => this.send(script));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.stop('closed');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
  }

  private async send(script: string): Promise<HelperAnswer> {
    await this.start();
    const child = this.child;
    if (!child?.stdin) throw new HelperFailed('The Groovy checker is not running');
    const id = this.nextId++;
    return new Promise<HelperAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(`no answer within ${this.opts.timeoutMs} ms`);
      }, this.opts.timeoutMs);
      const done =
        <T>(fn: (v: T) => void) =>
        (v: T) => {
          clearTimeout(timer);
          this.pending = null;
          fn(v);
        };
      this.pending = { id, resolve: done(resolve), reject: done(reject) };
      child.stdin!.write(`${JSON.stringify({ id, script })}\n`);
    });
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const { java, classPath, startTimeoutMs } = this.opts;
    this.ready = new Promise<void>((resolve, reject) => {
      // A small heap (one script's AST at a time) and a deeper stack (the compiler recurses per nesting level).
      const child = spawn(java, ['-Xss4m', '-Xmx256m', '-cp', classPath.join(delimiter), MAIN_CLASS], {
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      this.child = child;
      let stderr = '';
      let started = false;
      const timer = setTimeout(() => this.stop(`did not start within ${startTimeoutMs} ms`), startTimeoutMs);
      child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      child.stdin!.on('error', () => undefined); // a dead helper is reported through 'exit'
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let msg: HelperAnswer & { id?: number; ready?: boolean; groovy?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          return; // a stray line (a JVM warning on stdout) is not an answer
        }
        if (msg.ready) {
          started = true;
          clearTimeout(timer);
          this.opts.onStart?.(child.pid, msg.groovy ?? 'unknown');
          resolve();
        } else if (this.pending && msg.id === this.pending.id) {
          this.pending.resolve(msg);
        }
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        this.forget(child);
        reject(new HelperUnavailable(`${java} could not start: ${e.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        const why = `exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`;
        // A helper killed on a timeout may exit after its successor took a request: not that one's failure.
        const current = this.child === child;
        this.forget(child);
        if (current) this.opts.onExit?.(child.pid, why);
        if (!started) reject(new HelperUnavailable(`The Groovy checker ${why}`));
        if (current) this.pending?.reject(new HelperFailed(`The Groovy checker ${why}`));
      });
    });
    return this.ready;
  }

  private stop(reason: string): void {
    const child = this.child;
    if (!child) return;
    this.forget(child);
    if (reason !== 'closed') this.opts.onExit?.(child.pid, reason);
    this.pending?.reject(new HelperFailed(`The Groovy checker was stopped: ${reason}`));
    child.kill('SIGKILL');
  }

  /** The next request starts a new helper. */
  private forget(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = null;
    this.ready = null;
  }
}

export const javacBeside = (java: string) => (java.includes('/') ? join(dirname(java), 'javac') : 'javac');
