/**
 * A scan cache persisted as one JSON file, so the CLI re-parses only files whose content changed.
 * Loading tolerates a missing, truncated or garbled file (it starts empty); saving replaces the file
 * atomically (write to a temporary file, then rename), so two writers never leave half a file behind.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DetectionResult } from '../detect/types.js';
import { DETECTOR_VERSION, MemoryScanCache } from './workspace.js';

interface CacheFile {
  version: string;
  entries: [string, DetectionResult][];
}

export class PersistentScanCache extends MemoryScanCache {
  private dirty = false;

  private constructor(private readonly file: string, capacity: number) {
    super(capacity);
  }

  static async open(file: string, capacity = 20_000): Promise<PersistentScanCache> {
    const cache = new PersistentScanCache(file, capacity);
    try {
      const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<CacheFile>;
      if (parsed.version === DETECTOR_VERSION && Array.isArray(parsed.entries)) {
        for (const e of parsed.entries) {
          if (Array.isArray(e) && typeof e[0] === 'string' && e[1] && Array.isArray(e[1].references)) cache.entries.set(e[0], e[1]);
        }
      }
    } catch {
      // Missing or unreadable: start empty; the next save rewrites it.
    }
    return cache;
  }

  override set(key: string, value: DetectionResult): void {
    super.set(key, value);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    const body: CacheFile = { version: DETECTOR_VERSION, entries: [...this.entries] };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(body));
    await fs.rename(tmp, this.file);
    this.dirty = false;
  }
}

/** `$PTM_LENS_CACHE_DIR`, else `$XDG_CACHE_HOME/ptm-lens`, else `~/.cache/ptm-lens`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PTM_LENS_CACHE_DIR) return env.PTM_LENS_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'ptm-lens');
}
