/**
 * Worker threads for large scans. Each loads its own parsers, claims chunks of files from the counter it
 * shares with the main thread, runs the same per-file code (read, prefilter, analyse) and posts the
 * outcomes back. Files whose content is already cached are only keyed, never analysed, by a worker.
 * Workers are optional: without the bundled worker script (running from sources), on small scans, or
 * with a cache that cannot list its keys, the main thread does all the work.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileLanguage } from '../detect/index.js';
import type { FileOutcome, ScanCache, ScanFile } from './workspace.js';

/** The worker script, built beside the bundles (dist/scanWorker.js). */
export const WORKER_SCRIPT = 'scanWorker.js';
/** Below this many files, starting workers (about 100 ms each) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 1000;

export interface WorkerInput {
  files: ScanFile[];
  /** Languages among the files: the worker loads only their grammars. */
  languages: FileLanguage[];
  maxBytes: number;
  /** Index of the next unclaimed file, shared by every thread. */
  next: Int32Array;
  cachedKeys: string[];
}

export type WorkerMessage = { outcomes: [number, FileOutcome][] } | { done: true };

export interface WorkerPool {
  /** Resolves when every worker has finished or failed (or at once when the signal aborts). */
  finished(signal?: AbortSignal): Promise<void>;
  stop(): void;
}

export function workerScriptPath(): string | undefined {
  if (typeof __dirname !== 'string') return undefined;
  const script = path.join(__dirname, WORKER_SCRIPT);
  return existsSync(script) ? script : undefined;
}

export function defaultWorkerCount(files: number): number {
  return files >= MIN_FILES_FOR_WORKERS ? Math.max(0, Math.min(3, os.availableParallelism() - 1)) : 0;
}

export function startWorkers(
  files: ScanFile[],
  languages: FileLanguage[],
  maxBytes: number,
  next: Int32Array,
  cache: ScanCache | undefined,
  requested: number | undefined,
  onOutcome: (index: number, outcome: FileOutcome) => void,
): WorkerPool {
  const count = requested ?? defaultWorkerCount(files.length);
  const script = count > 0 ? workerScriptPath() : undefined;
  if (!script || (cache && !cache.keys)) return { finished: () => Promise.resolve(), stop: () => undefined };
  const input: WorkerInput = { files, languages, maxBytes, next, cachedKeys: cache?.keys ? [...cache.keys()] : [] };
  const workers: Worker[] = [];
  const settled: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const worker = new Worker(script, { workerData: input });
    workers.push(worker);
    settled.push(
      new Promise<void>((resolve) => {
        worker.on('message', (m: WorkerMessage) => {
          if ('outcomes' in m) for (const [index, outcome] of m.outcomes) onOutcome(index, outcome);
          else resolve();
        });
        // A failed worker's unreported files are left to the main thread.
        worker.on('error', () => resolve());
        worker.on('exit', () => resolve());
      }),
    );
  }
  return {
    finished: (signal) =>
      new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        signal?.addEventListener('abort', () => resolve(), { once: true });
        void Promise.all(settled).then(() => resolve());
      }),
    stop: () => {
      for (const w of workers) void w.terminate();
    },
  };
}
