/**
 * Walks a folder and runs the detector on every file it can read: default and user excludes, a
 * per-file size cap (reported), a byte-level prefilter before any decoding or parsing, and results
 * cached by content so a re-scan parses only what changed.
 */
import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Detector, FileLanguage } from '../detect/index.js';
import { languageForFile, mayContainReference } from '../detect/index.js';
import type { DetectionResult, FileNotice, ModelReference } from '../detect/types.js';

/** Folders never worth reading: VCS data, dependencies, virtual environments, build output, caches. */
export const DEFAULT_EXCLUDED_DIRS: readonly string[] = [
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.tox', '.nox', 'site-packages', 'dist-packages',
  'dist', 'build', '__pycache__', '.ipynb_checkpoints', '.mypy_cache', '.pytest_cache', '.ruff_cache',
];

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Bumped whenever detection changes what it returns, so cached results from older versions are ignored. */
export const DETECTOR_VERSION = '2';

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
  /** Parallel file reads. */
  concurrency?: number;
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

  const files: { abs: string; rel: string; language: FileLanguage }[] = [];
  await walk(absRoot, '', files, excluded, opts.signal, notices);
  throwIfAborted(opts.signal);

  let next = 0;
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  const perFile: (FileReference[] | undefined)[] = new Array(files.length);

  const worker = async (): Promise<void> => {
    while (next < files.length) {
      throwIfAborted(opts.signal);
      const index = next++;
      const f = files[index]!;
      stats.filesSeen++;
      if (stats.filesSeen % 500 === 0) opts.onProgress?.({ filesSeen: stats.filesSeen, filesParsed: stats.filesParsed, currentFile: f.rel });
      let buf: Buffer;
      try {
        const st = await fs.stat(f.abs);
        if (st.size > maxBytes) {
          notices.push({ file: f.rel, kind: 'too-large', message: `Skipped: ${formatBytes(st.size)} is over the ${formatBytes(maxBytes)} limit per file.` });
          continue;
        }
        buf = await fs.readFile(f.abs);
      } catch (err) {
        notices.push({ file: f.rel, kind: 'unreadable', message: `Could not read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.` });
        continue;
      }
      stats.bytesRead += buf.length;
      if (!mayContainReference(buf, f.language)) continue;
      stats.filesMatched++;
      const key = contentKey(f.language, buf);
      let result = cache?.get(key);
      if (result) {
        stats.cacheHits++;
      } else {
        const text = decode(buf);
        if (text.lossy) notices.push({ file: f.rel, kind: 'not-utf8', message: 'The file is not valid UTF-8; it was read with replacement characters.' });
        try {
          result = detector.detect(text.value, f.abs, { language: f.language });
        } catch (err) {
          notices.push({ file: f.rel, kind: 'parse-error', message: `Could not analyse the file: ${(err as Error).message}` });
          continue;
        }
        stats.filesParsed++;
        cache?.set(key, result);
      }
      for (const n of result.notices) notices.push({ file: f.rel, ...n });
      const dir = path.dirname(f.abs);
      perFile[index] = result.references
        .filter((r) => !namesLocalFolder(r, [absRoot, dir], isDir))
        .map((r) => ({ file: f.rel, ...r }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(files.length, 1)) }, worker));
  throwIfAborted(opts.signal);
  for (const list of perFile) if (list) references.push(...list);
  notices.sort((a, b) => a.file.localeCompare(b.file) || a.kind.localeCompare(b.kind));
  opts.onProgress?.({ filesSeen: stats.filesSeen, filesParsed: stats.filesParsed });
  return { root: absRoot, references, notices, stats };
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
  out: { abs: string; rel: string; language: FileLanguage }[],
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
