/**
 * Helpers for the detection corpus: fixture discovery, expectation loading and comparison.
 *
 * Each fixture `X` under test/fixtures/corpus has a sibling `X.expected.json`: an array of
 * `{ line, column, modelId, resolvedVia, kind?, call?, revision?, trustRemoteCode?, useSafetensors?,
 *    subfolder?, localFilesOnly?, cell? }` with 1-based line/column of the start of the underlined range
 * (UTF-16 columns; within the cell's source for notebooks). Optional keys are asserted only when present.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelReference } from '../../src/core/detect/types.js';

export const CORPUS_DIR = path.resolve(__dirname, '..', 'fixtures', 'corpus');
const EXPECTED_SUFFIX = '.expected.json';

export interface ExpectedReference {
  line: number;
  column: number;
  modelId: string | null;
  resolvedVia: ModelReference['resolvedVia'];
  kind?: ModelReference['kind'];
  call?: string;
  revision?: string | null;
  trustRemoteCode?: boolean | null;
  useSafetensors?: boolean | null;
  subfolder?: string | null;
  localFilesOnly?: boolean | null;
  cell?: number;
}

/** Fields compared when the expectation states them. */
export const OPTIONAL_FIELDS = ['kind', 'call', 'revision', 'trustRemoteCode', 'useSafetensors', 'subfolder', 'localFilesOnly'] as const;

/** Every fixture file (posix path relative to the corpus root), sorted. */
export function listFixtures(dir: string = CORPUS_DIR): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith(EXPECTED_SUFFIX)) out.push(path.relative(dir, full).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export function readFixture(rel: string): string {
  return readFileSync(path.join(CORPUS_DIR, rel), 'utf8');
}

export function loadExpected(rel: string): ExpectedReference[] {
  const file = path.join(CORPUS_DIR, rel + EXPECTED_SUFFIX);
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file}: expected a JSON array`);
  return parsed as ExpectedReference[];
}

/** The identity used to pair expected and actual references. */
export function keyOfExpected(e: ExpectedReference): string {
  return `${e.cell ?? '-'}:${e.line}:${e.column}:${e.modelId ?? 'null'}`;
}

export function keyOfActual(r: ModelReference): string {
  return `${r.cell ?? '-'}:${r.range.start.line + 1}:${r.range.start.character + 1}:${r.modelId ?? 'null'}`;
}

export function describeActual(r: ModelReference): string {
  const where = `${r.cell !== undefined ? `cell ${r.cell} ` : ''}${r.range.start.line + 1}:${r.range.start.character + 1}`;
  return `${where} ${r.call} → ${JSON.stringify(r.modelId)} (${r.resolvedVia}, ${r.kind})`;
}

export function describeExpected(e: ExpectedReference): string {
  const where = `${e.cell !== undefined ? `cell ${e.cell} ` : ''}${e.line}:${e.column}`;
  return `${where} ${e.call ?? '?'} → ${JSON.stringify(e.modelId)} (${e.resolvedVia}, ${e.kind ?? '?'})`;
}

export interface Comparison {
  matched: { expected: ExpectedReference; actual: ModelReference }[];
  missing: ExpectedReference[];
  unexpected: ModelReference[];
  /** Differences in asserted fields of matched references. */
  mismatches: string[];
}

export function compareReferences(expected: ExpectedReference[], actual: ModelReference[]): Comparison {
  const byKey = new Map<string, ModelReference[]>();
  for (const r of actual) {
    const k = keyOfActual(r);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const result: Comparison = { matched: [], missing: [], unexpected: [], mismatches: [] };
  for (const e of expected) {
    const bucket = byKey.get(keyOfExpected(e));
    const a = bucket?.shift();
    if (!a) {
      result.missing.push(e);
      continue;
    }
    result.matched.push({ expected: e, actual: a });
    const diffs: string[] = [];
    if (a.resolvedVia !== e.resolvedVia) diffs.push(`resolvedVia: expected ${e.resolvedVia}, got ${a.resolvedVia}`);
    for (const f of OPTIONAL_FIELDS) {
      if (!(f in e)) continue;
      const want = e[f];
      const got = (a as unknown as Record<string, unknown>)[f];
      if (got !== want) diffs.push(`${f}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    if (diffs.length) result.mismatches.push(`${describeExpected(e)}: ${diffs.join('; ')}`);
  }
  for (const rest of byKey.values()) result.unexpected.push(...rest);
  return result;
}

export function formatComparison(rel: string, c: Comparison): string {
  const lines: string[] = [`${rel}:`];
  for (const m of c.missing) lines.push(`  missing    ${describeExpected(m)}`);
  for (const u of c.unexpected) lines.push(`  unexpected ${describeActual(u)}`);
  for (const d of c.mismatches) lines.push(`  mismatch   ${d}`);
  return lines.join('\n');
}

/** The source text a range refers to: the whole file, or the cell's source for notebooks. */
export function sourceFor(rel: string, text: string, cell: number | undefined): string {
  if (cell === undefined || !rel.endsWith('.ipynb')) return text;
  const nb = JSON.parse(text) as { cells: { source: string | string[] }[] };
  const src = nb.cells[cell]?.source ?? '';
  return Array.isArray(src) ? src.join('') : src;
}

/** Text covered by a 0-based single- or multi-line range (UTF-16 columns, as JS strings index). */
export function textAt(source: string, range: ModelReference['range']): string {
  const lines = source.split('\n');
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  }
  const parts = [(lines[range.start.line] ?? '').slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l] ?? '');
  parts.push((lines[range.end.line] ?? '').slice(0, range.end.character));
  return parts.join('\n');
}

/** Tally for precision/recall over a subset of references. */
export class PrecisionRecall {
  truePositives = 0;
  expectedPositives = 0;
  actualPositives = 0;

  add(expected: ExpectedReference[], actual: ModelReference[], include: (via: ModelReference['resolvedVia']) => boolean): void {
    const e = expected.filter((x) => include(x.resolvedVia));
    const a = actual.filter((x) => include(x.resolvedVia));
    this.expectedPositives += e.length;
    this.actualPositives += a.length;
    const c = compareReferences(e, a);
    this.truePositives += c.matched.length;
  }

  get precision(): number {
    return this.actualPositives === 0 ? 1 : this.truePositives / this.actualPositives;
  }

  get recall(): number {
    return this.expectedPositives === 0 ? 1 : this.truePositives / this.expectedPositives;
  }

  toString(): string {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    return `precision ${pct(this.precision)} (${this.truePositives}/${this.actualPositives}), recall ${pct(this.recall)} (${this.truePositives}/${this.expectedPositives})`;
  }
}
