import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { STATE_FORMAT_VERSION, type EmulatorState } from '../state/state-types.ts';

// The state file: written whole, atomically (temp file + rename, so a crash leaves the old or the
// new file, never half of one), at most once per debounce window however many mutations happen in
// it, so write throughput does not depend on request throughput.

export const STATE_FILE_NAME = 'emulator-state.json';

export function loadStateFile(dataDir: string): EmulatorState | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, STATE_FILE_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const state = upgrade(JSON.parse(text) as EmulatorState);
  if (state.formatVersion !== STATE_FORMAT_VERSION) {
    throw new Error(
      `${STATE_FILE_NAME} has format ${String(state.formatVersion)}, expected ${STATE_FORMAT_VERSION}; move it away to start from the fixture.`,
    );
  }
  return state;
}

/**
 * Version 1 had no runtimes, version 2 no map extensions or pack instances: their accounts get
 * empty ones (the demo's need a fresh fixture).
 */
function upgrade(state: EmulatorState): EmulatorState {
  if (state.formatVersion !== 1 && state.formatVersion !== 2) return state;
  for (const account of Object.values(state.accounts)) {
    if (state.formatVersion === 1) {
      account.atoms = {};
      account.atomAttachments = {};
      account.schedules = {};
      account.listeners = {};
    }
    account.mapExtensions = {};
    account.packInstances = {};
    account.packAttachments = {};
  }
  return { ...state, formatVersion: STATE_FORMAT_VERSION };
}

export class StateWriter {
  private readonly file: string;
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private chain: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    dataDir: string,
    private readonly snapshot: () => EmulatorState,
    private readonly debounceMs: number,
    private readonly onError: (err: unknown) => void,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, STATE_FILE_NAME);
  }

  markDirty(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.enqueue();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes now if anything changed and waits for every write in flight. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.enqueue();
    await this.chain;
  }

  private enqueue(): void {
    this.chain = this.chain.then(() => this.writeNow()).catch(this.onError);
  }

  private async writeNow(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const json = JSON.stringify(this.snapshot());
    const tmp = `${this.file}.${process.pid}.${++this.seq}.tmp`;
    await writeFile(tmp, json);
    await rename(tmp, this.file);
  }
}
