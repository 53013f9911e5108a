/**
 * Entry point of a scan worker thread (bundled as dist/scanWorker.js); see workerPool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Detector, grammarsFor } from '../detect/index.js';
import type { WorkerInput, WorkerMessage } from './workerPool.js';
import type { FileOutcome } from './workspace.js';
import { CHUNK, FileReader, scanFile } from './workspace.js';

async function run(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const detector = await Detector.create({ grammars: grammarsFor(input.languages) });
  const cached = new Set(input.cachedKeys);
  const isCached = (key: string): boolean => cached.has(key);
  const reader = new FileReader();
  const { files, next } = input;
  for (let start = Atomics.add(next, 0, CHUNK); start < files.length; start = Atomics.add(next, 0, CHUNK)) {
    const outcomes: [number, FileOutcome][] = [];
    for (let i = start; i < Math.min(start + CHUNK, files.length); i++) outcomes.push([i, scanFile(files[i]!, reader, detector, input.maxBytes, isCached)]);
    port.postMessage({ outcomes } satisfies WorkerMessage);
  }
  port.postMessage({ done: true } satisfies WorkerMessage);
}

if (parentPort) void run(parentPort, workerData as WorkerInput);
