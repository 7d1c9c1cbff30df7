// An undo log for one mutating API call. The handler sees the state through proxies that record
// the previous value of every property it sets or deletes, at any depth; when the call is refused
// (a BoomiError or a bug) the log is replayed backwards, so a failed create, update, delete or
// execute leaves the state exactly as it was, however far the handler got. The cost is proportional
// to what the handler touches, not to the size of the state (a whole-state copy per call would be
// hundreds of milliseconds with a few thousand components).
//
// Invariant: the real state never holds a proxy. Values written through a proxy are unwrapped
// first, including proxies nested in fresh objects (`{ ...revision, deleted: true }` copies
// proxied children).

type Key = string | symbol;

interface Entry {
  target: object;
  key: Key;
  had: boolean;
  old: unknown;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

export class Journal {
  private readonly entries: Entry[] = [];
  private readonly proxies = new WeakMap<object, object>();
  private readonly targets = new WeakMap<object, object>();

  /** The proxy for `target` (one per object, so identity comparisons keep working). */
  wrap<T extends object>(target: T): T {
    const known = this.targets.has(target) ? target : this.proxies.get(target);
    if (known) return known as T;
    const proxy = new Proxy(target, {
      get: (t, key) => {
        const v: unknown = Reflect.get(t, key, t);
        return isObject(v) ? this.wrap(v) : v;
      },
      set: (t, key, value) => {
        this.record(t, key);
        return Reflect.set(t, key, this.unwrap(value), t);
      },
      deleteProperty: (t, key) => {
        this.record(t, key);
        return Reflect.deleteProperty(t, key);
      },
      defineProperty: (t, key, descriptor) => {
        this.record(t, key);
        const value: unknown = descriptor.value;
        return Reflect.defineProperty(
          t,
          key,
          'value' in descriptor ? { ...descriptor, value: this.unwrap(value) } : descriptor,
        );
      },
    });
    this.proxies.set(target, proxy);
    this.targets.set(proxy, target);
    return proxy;
  }

  /** Number of recorded writes (tests use it to show a refused call did write before it failed). */
  get size(): number {
    return this.entries.length;
  }

  /** Puts back every recorded property, newest first. */
  rollback(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const { target, key, had, old } = this.entries[i] as Entry;
      if (had) Reflect.set(target, key, old, target);
      else Reflect.deleteProperty(target, key);
    }
    this.entries.length = 0;
  }

  private record(target: object, key: Key): void {
    // Writing past the end of an array grows `length` implicitly; remember the length it had.
    if (Array.isArray(target) && key !== 'length')
      this.entries.push({ target, key: 'length', had: true, old: target.length });
    const had = Object.prototype.hasOwnProperty.call(target, key);
    this.entries.push({ target, key, had, old: had ? Reflect.get(target, key, target) : undefined });
  }

  private unwrap(value: unknown, seen = new Set<object>()): unknown {
    if (!isObject(value)) return value;
    const target = this.targets.get(value);
    if (target) return target;
    if (seen.has(value)) return value;
    seen.add(value);
    // A plain value built by the handler: its children may be proxies read from the state.
    for (const key of Object.keys(value)) {
      const child: unknown = (value as Record<string, unknown>)[key];
      const raw = this.unwrap(child, seen);
      if (raw !== child) (value as Record<string, unknown>)[key] = raw;
    }
    return value;
  }
}
