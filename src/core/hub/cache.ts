/**
 * Lookup caching: in-flight de-duplication, a bounded in-memory LRU and a persistent store.
 * Entries carry their own expiry: facts for a pinned commit never expire, others live for the TTL,
 * errors only briefly. The persistent store writes one file per entry, atomically, so a crash or a
 * second editor window never leaves a half-written entry; unreadable entries are dropped.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface StoredEntry<T> {
  value: T;
  storedAt: number;
  /** Epoch ms; null = never expires. */
  expiresAt: number | null;
}

export interface KeyValueStore {
  get(key: string): Promise<StoredEntry<unknown> | undefined>;
  set(key: string, entry: StoredEntry<unknown>): Promise<void>;
  clear(): Promise<void>;
}

/** Temporary files older than this are left over from a writer that crashed. */
const STALE_TMP_MS = 60 * 60 * 1000;

/**
 * One JSON file per key under `dir`, named by the key's hash; at most `maxEntries` files and
 * `maxBytes` bytes (oldest evicted). Eviction runs on the first write of each store (so the caps
 * hold across many short runs, such as CLI invocations) and every 100 writes after that.
 */
export class FileStore implements KeyValueStore {
  private writes = 0;

  constructor(
    private readonly dir: string,
    private readonly maxEntries = 5_000,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  private fileFor(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
  }

  async get(key: string): Promise<StoredEntry<unknown> | undefined> {
    const file = this.fileFor(key);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as { key?: unknown; entry?: StoredEntry<unknown> };
      if (parsed.key !== key || !parsed.entry || typeof parsed.entry.storedAt !== 'number') throw new Error('mismatch');
      return parsed.entry;
    } catch {
      await fs.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
  }

  async set(key: string, entry: StoredEntry<unknown>): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.fileFor(key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ key, entry }));
    await fs.rename(tmp, file);
    if (++this.writes % 100 === 1) await this.evict();
  }

  async clear(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  /** Keeps the newest entries within `maxEntries` and `maxBytes`, and removes stale temporary files. */
  async evict(): Promise<void> {
    let all: string[];
    try {
      all = await fs.readdir(this.dir);
    } catch {
      return;
    }
    const stats = await Promise.all(
      all.map(async (n) => {
        try {
          const st = await fs.stat(path.join(this.dir, n));
          return { n, t: st.mtimeMs, size: st.size };
        } catch {
          return { n, t: 0, size: 0 };
        }
      }),
    );
    const now = Date.now();
    for (const { n, t } of stats) {
      if (n.endsWith('.tmp') && now - t > STALE_TMP_MS) await fs.rm(path.join(this.dir, n), { force: true }).catch(() => undefined);
    }
    const entries = stats.filter((s) => s.n.endsWith('.json')).sort((a, b) => b.t - a.t);
    let bytes = 0;
    for (const [i, e] of entries.entries()) {
      bytes += e.size;
      if (i >= this.maxEntries || bytes > this.maxBytes) await fs.rm(path.join(this.dir, e.n), { force: true }).catch(() => undefined);
    }
  }
}

export class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, StoredEntry<unknown>>();
  async get(key: string): Promise<StoredEntry<unknown> | undefined> {
    return this.map.get(key);
  }
  async set(key: string, entry: StoredEntry<unknown>): Promise<void> {
    this.map.set(key, entry);
  }
  async clear(): Promise<void> {
    this.map.clear();
  }
}

export interface CacheOptions {
  store?: KeyValueStore;
  capacity?: number;
  now?: () => number;
}

/** Memory LRU over an optional persistent store, with in-flight de-duplication. */
export class LookupCache {
  private readonly memory = new Map<string, StoredEntry<unknown>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(private readonly options: CacheOptions = {}) {
    this.capacity = options.capacity ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached value for `key`, or the factory's result, computed once however many callers ask at
   * the same time. `expiry(value)` gives the lifetime in ms (null = forever, 0 = do not keep).
   */
  async getOrCreate<T>(key: string, factory: () => Promise<T>, expiry: (value: T) => number | null): Promise<T> {
    const hit = await this.peek<T>(key);
    if (hit !== undefined) return hit;
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const value = await factory();
      const life = expiry(value);
      if (life !== 0) {
        const entry: StoredEntry<T> = { value, storedAt: this.now(), expiresAt: life === null ? null : this.now() + life };
        this.remember(key, entry);
        await this.options.store?.set(key, entry).catch(() => undefined);
      }
      return value;
    })();
    this.inFlight.set(key, p);
    try {
      return await p;
    } finally {
      this.inFlight.delete(key);
    }
  }

  async peek<T>(key: string): Promise<T | undefined> {
    let entry = this.memory.get(key);
    if (!entry && this.options.store) {
      entry = await this.options.store.get(key).catch(() => undefined);
      if (entry) this.remember(key, entry);
    }
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= this.now()) {
      this.memory.delete(key);
      return undefined;
    }
    this.memory.delete(key);
    this.memory.set(key, entry);
    return entry.value as T;
  }

  async clear(): Promise<void> {
    this.memory.clear();
    await this.options.store?.clear();
  }

  private remember(key: string, entry: StoredEntry<unknown>): void {
    this.memory.delete(key);
    this.memory.set(key, entry);
    while (this.memory.size > this.capacity) {
      const oldest = this.memory.keys().next().value;
      if (oldest === undefined) break;
      this.memory.delete(oldest);
    }
  }
}
