/**
 * Loading and normalising the fixture Hub's model records (`records/*.json`), owner overviews
 * (`namespaces.json`) and model cards (`readmes/*.md`). See README.md in this folder for the format.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURE_DIR = __dirname;
export const RECORDS_DIR = path.join(FIXTURE_DIR, 'records');
export const READMES_DIR = path.join(FIXTURE_DIR, 'readmes');
export const NAMESPACES_FILE = path.join(FIXTURE_DIR, 'namespaces.json');

/** `createdAt` of every repo created before the Hub recorded creation dates (REFERENCE §1.3). */
export const SENTINEL_CREATED_AT = '2022-03-02T23:29:04.000Z';

/** One pickle import as the Hub's pickle scanner reports it. */
export interface PickleImport {
  module: string;
  name: string;
  safety: 'innocuous' | 'suspicious' | 'dangerous' | string;
}

/** A file of the repo at its latest commit (fixture-only; the server turns it into tree / paths-info entries). */
export interface FixtureFile {
  path: string;
  size: number;
  /** Git blob id (of the LFS pointer for LFS files). */
  oid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
  xetHash?: string;
  /** Inline content of a small text file; size and oid are recomputed from it on load. */
  content?: string;
  /** Commit that last touched the file; defaults to the latest commit. */
  lastCommit?: string;
  /** Shorthand for the aggregated scan level of this file (`safe`, `caution`, `unsafe`, `unscanned`, …). */
  scan?: string;
  pickleImports?: PickleImport[];
  virusNames?: string[];
  /** Verbatim `securityFileStatus`, used instead of the one built from the shorthands. */
  securityFileStatus?: unknown;
}

export interface FixtureCommit {
  id: string;
  title: string;
  message: string;
  date: string;
  authors: { user: string; avatar?: string }[];
  /** Top-level record fields as they were at this commit; `null` removes the field. */
  overrides?: Record<string, unknown>;
}

export interface SecurityRepoStatus {
  scansDone: boolean;
  filesWithIssues: { path: string; level: string }[];
}

/** Fixture-only metadata kept under `_fixture`; the server strips it from every response. */
export interface FixtureMeta {
  /** What the record exercises (mirrored in README.md). */
  exercises?: string;
  /** Where the values come from: real, observed or illustrative. */
  provenance?: string;
  /** Old ids (legacy one-segment ids or ids under a renamed organisation) that 307 to this one. */
  renamedFrom?: string[];
  /** File name under readmes/, or false when the repo has no README.md. */
  readme: string | false;
  /** Inline README text; wins over `readme` (handy for records built inside a test). */
  readmeText?: string;
  securityRepoStatus: SecurityRepoStatus;
  /** Tokens whose owners were granted access to a gated repo. */
  gatedApproved?: string[];
  /** Tokens that can see a private repo. */
  readers?: string[];
  refs?: { branches?: Record<string, string>; tags?: Record<string, string> };
  /** Fields the Hub returns only when asked for with `expand` (baseModels, downloadsAllTime, …). */
  expandOnly?: Record<string, unknown>;
  /** Newest first; `commits[0].id` equals the record's `sha`. */
  commits: FixtureCommit[];
  files: FixtureFile[];
}

/** A record file: the full `GET /api/models/{id}` response plus `_fixture`. */
export interface ModelRecord {
  _id: string;
  id: string;
  sha: string;
  [key: string]: unknown;
  _fixture: FixtureMeta;
}

export interface NamespaceOverview {
  type: 'org' | 'user';
  [key: string]: unknown;
}

let recordCache: string[] | undefined;

/** Fresh, independent copies of all bundled records (tests may mutate them and pass them to startFixtureHub). */
export function loadBundledRecords(): ModelRecord[] {
  recordCache ??= readdirSync(RECORDS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => readFileSync(path.join(RECORDS_DIR, f), 'utf8'));
  return recordCache.map((text) => JSON.parse(text) as ModelRecord);
}

/** A fresh copy of one bundled record; throws when there is none. */
export function bundledRecord(id: string): ModelRecord {
  const rec = loadBundledRecords().find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!rec) throw new Error(`no bundled fixture record for ${id}`);
  return rec;
}

export function loadNamespaces(): Record<string, NamespaceOverview> {
  return JSON.parse(readFileSync(NAMESPACES_FILE, 'utf8')) as Record<string, NamespaceOverview>;
}

/** The README text of a record, or undefined when the repo has none. */
export function readmeOf(rec: ModelRecord): string | undefined {
  const fx = rec._fixture;
  if (fx.readmeText !== undefined) return fx.readmeText;
  if (!fx.readme) return undefined;
  return readFileSync(path.join(READMES_DIR, fx.readme), 'utf8');
}

export const sha1Hex = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex');
export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** Git blob id of some content (`sha1("blob <len>\0" + content)`). */
export function gitBlobOid(content: Buffer): string {
  return sha1Hex(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]));
}

export function lfsPointer(oid: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`;
}

/** File name extensions of pickle-based serialisations (REFERENCE §5.4). */
export const PICKLE_EXT = /\.(bin|pt|pth|pkl|pickle|ckpt|joblib|dill)$/i;
/** Files the third-party model scanners look at. */
export const WEIGHT_EXT = /\.(bin|pt|pth|pkl|pickle|ckpt|joblib|dill|safetensors|h5|keras|onnx|gguf|msgpack|ot|tflite|npy|npz|pb|zip)$/i;
