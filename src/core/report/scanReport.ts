/**
 * Renders scan results for people (a table grouped by model) and for machines (the JSON schema
 * documented in README.md, kept stable: fields are only ever added).
 */
import { isPinnedRevision } from '../detect/hubId.js';
import type { FileNotice } from '../detect/types.js';
import type { FileReference, ScanResult } from '../scan/workspace.js';

export interface JsonReference {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cell?: number;
  call: string;
  kind: FileReference['kind'];
  modelId: string | null;
  resolvedVia: FileReference['resolvedVia'];
  revision: string | null;
  trustRemoteCode: boolean | null;
  useSafetensors: boolean | null;
  subfolder: string | null;
  localFilesOnly: boolean | null;
}

export interface JsonScan {
  tool: { name: 'ptm-lens'; version: string };
  root: string;
  references: JsonReference[];
  notices: FileNotice[];
}

/** 1-based lines and columns; `endColumn` is one past the last character (as in SARIF). */
export function toJsonReference(r: FileReference): JsonReference {
  return {
    file: r.file,
    line: r.range.start.line + 1,
    column: r.range.start.character + 1,
    endLine: r.range.end.line + 1,
    endColumn: r.range.end.character + 1,
    ...(r.cell !== undefined ? { cell: r.cell } : {}),
    call: r.call,
    kind: r.kind,
    modelId: r.modelId,
    resolvedVia: r.resolvedVia,
    revision: r.revision,
    trustRemoteCode: r.trustRemoteCode,
    useSafetensors: r.useSafetensors,
    subfolder: r.subfolder,
    localFilesOnly: r.localFilesOnly,
  };
}

export function scanToJson(result: ScanResult, version: string): JsonScan {
  return {
    tool: { name: 'ptm-lens', version },
    root: result.root,
    references: result.references.map(toJsonReference),
    notices: result.notices,
  };
}

export function renderScanJson(result: ScanResult, version: string): string {
  return `${JSON.stringify(scanToJson(result, version), null, 2)}\n`;
}

/** Where a reference is, as people read it: `src/app.py:12:5` or `nb.ipynb cell 3:2:9` (cell 1-based). */
export function formatLocation(r: FileReference): string {
  const pos = `${r.range.start.line + 1}:${r.range.start.character + 1}`;
  return r.cell === undefined ? `${r.file}:${pos}` : `${r.file} cell ${r.cell + 1}:${pos}`;
}

export function describeRevision(revision: string | null): string {
  if (revision === null) return 'unpinned';
  return isPinnedRevision(revision) ? `pinned @${revision.slice(0, 12)}` : `revision "${revision}" (not a commit)`;
}

export function renderScanText(result: ScanResult, elapsedMs: number): string {
  const lines: string[] = [];
  const groups = new Map<string, FileReference[]>();
  for (const r of result.references) {
    const key = r.modelId ?? '';
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const widths = {
    location: Math.min(60, Math.max(0, ...result.references.map((r) => formatLocation(r).length))),
    call: Math.min(60, Math.max(0, ...result.references.map((r) => r.call.length))),
  };
  const ids = [...groups.keys()].filter((k) => k !== '').sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  for (const id of ids) {
    const refs = groups.get(id)!;
    lines.push(`${id}  (${plural(refs.length, 'reference')})`);
    for (const r of refs) lines.push(formatRow(r, widths));
    lines.push('');
  }
  const dynamic = groups.get('');
  if (dynamic) {
    lines.push(`Model id not known statically  (${plural(dynamic.length, 'reference')})`);
    for (const r of dynamic) lines.push(formatRow(r, widths));
    lines.push('');
  }
  if (result.notices.length > 0) {
    lines.push(`Notices (${result.notices.length}):`);
    for (const n of result.notices) lines.push(`  ${n.file}: ${n.message}`);
    lines.push('');
  }
  const files = new Set(result.references.map((r) => r.file)).size;
  const s = result.stats;
  if (result.references.length === 0) lines.push('No model references found.');
  else lines.push(`${plural(result.references.length, 'reference')} to ${plural(ids.length, 'model')} in ${plural(files, 'file')}.`);
  lines.push(`Scanned ${plural(s.filesSeen, 'file')} under ${result.root} in ${(elapsedMs / 1000).toFixed(2)} s (${s.filesParsed} parsed, ${s.cacheHits} from cache).`);
  return `${lines.join('\n')}\n`;
}

function formatRow(r: FileReference, widths: { location: number; call: number }): string {
  const flags: string[] = [];
  if (r.kind !== 'config-key') flags.push(describeRevision(r.revision));
  if (r.trustRemoteCode) flags.push('trust_remote_code=True');
  if (r.useSafetensors === false) flags.push('use_safetensors=False');
  if (r.resolvedVia !== 'literal') flags.push(`via ${r.resolvedVia}`);
  return `  ${formatLocation(r).padEnd(widths.location)}  ${r.call.padEnd(widths.call)}  ${r.kind.padEnd(10)}  ${flags.join(', ')}`.trimEnd();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
