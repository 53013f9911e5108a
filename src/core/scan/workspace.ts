/**
 * Walks a folder and runs the detector on every file it can read: default and user excludes, a
 * per-file size cap (reported), a byte-level prefilter before any decoding or parsing, and results
 * cached by content so a re-scan parses only what changed.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Detector, FileLanguage } from '../detect/index.js';
import { languageForFile, mayContainReference } from '../detect/index.js';
import { startWorkers } from './workerPool.js';
import type { DetectionResult, FileNotice, ModelReference } from '../detect/types.js';

/** Folders never worth reading: VCS data, dependencies, virtual environments, build output, caches. */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = [
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.tox', '.nox', 'site-packages', 'dist-packages',
  'dist', 'build', '__pycache__', '.ipynb_checkpoints', '.mypy_cache', '.pytest_cache', '.ruff_cache',
];

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Bumped whenever detection changes what it returns, so cached results from older versions are ignored. */
export const DETECTOR_VERSION = '3';

export interface FileReference extends ModelReference {
  /** Path relative to the scanned root, with `/` separators. */
  file: string;
}

export interface ScanProgress {
  filesSeen: number;
  filesParsed: number;
  currentFile?: string;
}

export interface ScanOptions {
  exclude?: readonly string[];
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  cache?: ScanCache;
  /** @deprecated Ignored: files are read synchronously, in parallel only across worker threads (`workers`). */
  concurrency?: number;
  /**
   * Worker threads that read and analyse files beside this one. Default: one less than the cores (at
   * most 3) for scans of at least 1,000 files, when the bundled worker script is present; 0 for none.
   */
  workers?: number;
}

export interface ScanStats {
  filesSeen: number;
  filesMatched: number;
  filesParsed: number;
  cacheHits: number;
  bytesRead: number;
}

export interface ScanResult {
  root: string;
  references: FileReference[];
  notices: FileNotice[];
  stats: ScanStats;
}

/** Results of detection keyed by content hash; implementations may persist them. */
export interface ScanCache {
  get(key: string): DetectionResult | undefined;
  set(key: string, value: DetectionResult): void;
  /** The keys held; without it, scans do not use worker threads (they could not skip cached files). */
  keys?(): Iterable<string>;
}

/** An in-memory cache with a bound on entries (oldest evicted first). */
export class MemoryScanCache implements ScanCache {
  protected readonly entries = new Map<string, DetectionResult>();
  constructor(private readonly capacity = 50_000) {}
  get(key: string): DetectionResult | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }
  set(key: string, value: DetectionResult): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
  keys(): Iterable<string> {
    return this.entries.keys();
  }
  get size(): number {
    return this.entries.size;
  }
}

export function contentKey(language: FileLanguage, content: Uint8Array): string {
  return createHash('sha1').update(`${DETECTOR_VERSION}\0${language}\0`).update(content).digest('hex');
}

/** Matches user exclude globs against root-relative POSIX paths; a glob without `/` matches any path segment. */
export function excludeMatcher(globs: readonly string[]): (relPath: string) => boolean {
  const cleaned = globs.map((g) => g.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')).filter((g) => g !== '');
  if (cleaned.length === 0) return () => false;
  // picomatch's `basename` option breaks patterns that contain "/", so the two kinds are compiled apart.
  const names = cleaned.filter((g) => !g.includes('/'));
  const paths = cleaned.filter((g) => g.includes('/'));
  const byName = names.length > 0 ? picomatch(names, { dot: true, basename: true }) : () => false;
  const byPath = paths.length > 0 ? picomatch(paths, { dot: true }) : () => false;
  return (rel) => byName(rel) || byPath(rel);
}

export async function scanWorkspace(root: string, detector: Detector, opts: ScanOptions = {}): Promise<ScanResult> {
  const absRoot = path.resolve(root);
  const excluded = excludeMatcher(opts.exclude ?? []);
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const cache = opts.cache;
  const stats: ScanStats = { filesSeen: 0, filesMatched: 0, filesParsed: 0, cacheHits: 0, bytesRead: 0 };
  const references: FileReference[] = [];
  const notices: FileNotice[] = [];
  const dirExists = new Map<string, boolean>();
  const isDir = (p: string): boolean => {
    let v = dirExists.get(p);
    if (v === undefined) {
      try {
        v = statSync(p).isDirectory();
      } catch {
        v = false;
      }
      dirExists.set(p, v);
    }
    return v;
  };

  // The Python grammar, needed in nearly every scan, compiles while the folders are listed.
  const pythonReady = detector.prepare(['python']).catch(() => undefined);
  const files: ScanFile[] = [];
  await walk(absRoot, '', files, excluded, opts.signal, notices);
  throwIfAborted(opts.signal);

  const languages = new Set(files.map((f) => f.language));
  await pythonReady;
  await detector.prepare(languages);
  const perFile: (FileReference[] | undefined)[] = new Array(files.length);
  const done = new Uint8Array(files.length);
  const reader = new FileReader();
  const apply = (index: number, outcome: FileOutcome): void => {
    const f = files[index]!;
    // A worker skipped a file whose key was cached then; if the entry has since been evicted, analyse it here.
    if (outcome.key && !outcome.result && !cache?.get(outcome.key)) outcome = scanFile(f, reader, detector, maxBytes, () => false);
    done[index] = 1;
    stats.filesSeen++;
    if (stats.filesSeen % 500 === 0) opts.onProgress?.({ filesSeen: stats.filesSeen, filesParsed: stats.filesParsed, currentFile: f.rel });
    stats.bytesRead += outcome.bytesRead;
    for (const n of outcome.notices) notices.push({ file: f.rel, ...n });
    if (!outcome.key) return;
    stats.filesMatched++;
    let result = outcome.result;
    if (result) {
      stats.filesParsed++;
      cache?.set(outcome.key, result);
    } else {
      result = cache!.get(outcome.key)!;
      stats.cacheHits++;
    }
    for (const n of result.notices) notices.push({ file: f.rel, ...n });
    const dir = path.dirname(f.abs);
    perFile[index] = result.references
      .filter((r) => !namesLocalFolder(r, [absRoot, dir], isDir))
      .map((r) => ({ file: f.rel, ...r }));
  };

  // Files are claimed in chunks from a shared counter, by this thread and by worker threads when the
  // scan is large enough to pay for starting them; a worker that fails leaves its files to this thread.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const pool = startWorkers(files, [...languages], maxBytes, next, cache, opts.workers, apply);
  const isCached = (key: string): boolean => cache?.get(key) !== undefined;
  let sliceStarted = performance.now();
  try {
    const scanOne = async (index: number): Promise<void> => {
      // Reads are synchronous (far cheaper per file than promises); hand the event loop back now and
      // then, so that an editor stays responsive, worker results come in and a cancellation gets through.
      if (performance.now() - sliceStarted > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStarted = performance.now();
      }
      throwIfAborted(opts.signal);
      apply(index, scanFile(files[index]!, reader, detector, maxBytes, isCached));
    };
    for (let start = Atomics.add(next, 0, CHUNK); start < files.length; start = Atomics.add(next, 0, CHUNK)) {
      for (let i = start; i < Math.min(start + CHUNK, files.length); i++) await scanOne(i);
    }
    await pool.finished(opts.signal);
    for (let i = 0; i < files.length; i++) if (!done[i]) await scanOne(i);
  } finally {
    pool.stop();
  }
  throwIfAborted(opts.signal);
  for (const list of perFile) if (list) references.push(...list);
  notices.sort((a, b) => a.file.localeCompare(b.file) || a.kind.localeCompare(b.kind));
  opts.onProgress?.({ filesSeen: stats.filesSeen, filesParsed: stats.filesParsed });
  return { root: absRoot, references, notices, stats };
}

export interface ScanFile {
  abs: string;
  rel: string;
  language: FileLanguage;
}

/** What reading and analysing one file gave: a key when it passed the prefilter, a result when it was analysed. */
export interface FileOutcome {
  bytesRead: number;
  notices: Omit<FileNotice, 'file'>[];
  /** Content key, when the file may hold references. */
  key?: string;
  /** Fresh detection result; absent when the key is cached (or the file was skipped). */
  result?: DetectionResult;
}

/**
 * Reads one file, prefilters its bytes and, unless its content key is cached, decodes and analyses it.
 * The same code runs on the main thread and in scan workers.
 */
export function scanFile(f: ScanFile, reader: FileReader, detector: Detector, maxBytes: number, isCached: (key: string) => boolean): FileOutcome {
  let buf: Buffer;
  try {
    const read = reader.read(f.abs, maxBytes);
    if (typeof read === 'number') {
      return { bytesRead: 0, notices: [{ kind: 'too-large', message: `Skipped: ${formatBytes(read)} is over the ${formatBytes(maxBytes)} limit per file.` }] };
    }
    buf = read;
  } catch (err) {
    return { bytesRead: 0, notices: [{ kind: 'unreadable', message: `Could not read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.` }] };
  }
  // Most files stop here, before any hashing or decoding.
  if (!mayContainReference(buf, f.language)) return { bytesRead: buf.length, notices: [] };
  const key = contentKey(f.language, buf);
  if (isCached(key)) return { bytesRead: buf.length, notices: [], key };
  const text = decode(buf);
  const notUtf8 = text.lossy ? [{ kind: 'not-utf8' as const, message: 'The file is not valid UTF-8; it was read with replacement characters.' }] : [];
  try {
    const result = detector.detect(text.value, f.abs, { language: f.language });
    // Kept with the result, so that a cached result repeats it.
    result.notices.unshift(...notUtf8);
    return { bytesRead: buf.length, notices: [], key, result };
  } catch (err) {
    return { bytesRead: buf.length, notices: [...notUtf8, { kind: 'parse-error', message: `Could not analyse the file: ${(err as Error).message}` }] };
  }
}

/**
 * Loaders read an existing local folder before asking the Hub, so an id that names a folder in the
 * workspace (relative to the root or to the file) is a local path, not a Hub reference.
 */
function namesLocalFolder(ref: ModelReference, bases: string[], isDir: (p: string) => boolean): boolean {
  if (!ref.modelId || ref.kind === 'config-key') return false;
  const candidates = [ref.modelId];
  if (ref.modelId.startsWith('sentence-transformers/')) candidates.push(ref.modelId.slice('sentence-transformers/'.length));
  return candidates.some((c) => bases.some((b) => isDir(path.join(b, c))));
}

async function walk(
  absRoot: string,
  relDir: string,
  out: ScanFile[],
  excluded: (rel: string) => boolean,
  signal: AbortSignal | undefined,
  notices: FileNotice[],
): Promise<void> {
  const stack: string[] = [relDir];
  while (stack.length > 0) {
    throwIfAborted(signal);
    const rel = stack.pop()!;
    const abs = rel ? path.join(absRoot, rel) : absRoot;
    let entries;
    try {
      entries = await fs.readdir(abs, { withFileTypes: true });
    } catch (err) {
      if (rel === '') throw err;
      notices.push({ file: rel, kind: 'unreadable', message: `Could not list the folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.` });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const isVenv = entries.some((e) => e.name === 'pyvenv.cfg' && e.isFile());
    if (isVenv && rel !== '') continue;
    const subdirs: string[] = [];
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      // Symbolic links are not followed: they can loop, or leave the workspace.
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (DEFAULT_EXCLUDED_DIRS.includes(e.name) || excluded(childRel)) continue;
        subdirs.push(childRel);
      } else if (e.isFile()) {
        const language = languageForFile(e.name);
        if (!language || excluded(childRel)) continue;
        out.push({ abs: path.join(absRoot, childRel), rel: childRel, language });
      }
    }
    // Depth-first in name order, so results come out sorted.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
  // Files are sorted as paths, so output order does not depend on directory traversal.
  out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** How long the scan may hold the event loop before yielding, in milliseconds. */
const SLICE_MS = 25;
/** Files claimed at a time by a thread. */
export const CHUNK = 16;

/**
 * Reads whole files into one reusable buffer, with plain synchronous calls: open, read until the end,
 * close. The returned view is valid until the next read.
 */
/** Read-only, without blocking on a FIFO and without following a final symbolic link (where the platform has them). */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0) | (fsConstants.O_NOFOLLOW ?? 0);

export class FileReader {
  private buf = Buffer.allocUnsafe(256 * 1024);

  /**
   * The file's bytes, or its size when it is over `maxBytes` (then only the first buffer of it is read).
   * The walk saw a regular file, but it may have changed since: a named pipe would block the open and
   * the read forever, and a symbolic link would lead outside the workspace. So the open neither blocks
   * nor follows a link, and anything but a regular file is refused.
   */
  read(file: string, maxBytes: number): Buffer | number {
    const fd = openSync(file, OPEN_FLAGS);
    try {
      if (!fstatSync(fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
      let n = 0;
      for (;;) {
        if (n === this.buf.length) {
          // Only files that fill the buffer pay for a stat.
          const size = fstatSync(fd).size;
          if (size > maxBytes || n > maxBytes) return Math.max(size, n);
          const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, size + 1));
          this.buf.copy(bigger, 0, 0, n);
          this.buf = bigger;
        }
        const got = readSync(fd, this.buf, n, this.buf.length - n, null);
        if (got === 0) return n > maxBytes ? n : this.buf.subarray(0, n);
        n += got;
      }
    } finally {
      closeSync(fd);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lossy = new TextDecoder('utf-8');

function decode(buf: Buffer): { value: string; lossy: boolean } {
  try {
    return { value: utf8.decode(buf), lossy: false };
  } catch {
    return { value: utf8Lossy.decode(buf), lossy: true };
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('The scan was cancelled.');
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
