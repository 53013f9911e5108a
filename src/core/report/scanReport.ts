/**
 * Renders scan results for people (a table grouped by model) and for machines (the JSON schema
 * documented in README.md, kept stable: fields are only ever added).
 */
import type { Finding, ModelAssessment } from '../assess/assess.js';
import type { Severity } from '../assess/rules.js';
import { SEVERITY_RANK, SUGGESTION_RULES } from '../assess/rules.js';
import { isPinnedRevision } from '../detect/hubId.js';
import type { FileNotice } from '../detect/types.js';
import type { ProjectLicense } from '../license/index.js';
import type { PipelineResult } from '../pipeline.js';
import type { FileReference, ScanResult } from '../scan/workspace.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import { classifyReference } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import { isLibraryWeightsReference } from '../vision/references.js';
import { modelSuggestions } from '../vision/suggestions.js';
import { terminalSafe } from '../text.js';

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
  /** Library weights (`torchvision`, `timm`) that are not Hub repos; absent for Hub references. */
  source?: 'hub' | 'torchvision' | 'timm';
  weights?: string;
  /** Library weights only (they have no entry in `models`): the architecture, from the constructor. */
  architecture?: JsonArchitecture;
  /** Library weights only: the suggestions that apply. */
  suggestions?: JsonSuggestion[];
}

export interface JsonArchitecture {
  /** `cnn` | `vision-transformer` | `other` | `unknown`. */
  family: ArchitectureClass['family'];
  /** A short architecture name (`resnet`, `vgg`, `vit`, `bert`); null when unknown. */
  name: string | null;
  /** What the classification rests on. */
  evidence: string;
}

export interface JsonSuggestion {
  kind: FocusedConvSuggestion['kind'];
  /** `build_focused_model` (a `.features` trunk) or `focusify_all_conv2d` (per-layer replacement). */
  form: FocusedConvSuggestion['form'];
  summary: string;
  conditions: string[];
  links: { title: string; url: string }[];
}

export interface JsonModel {
  id: string;
  canonicalId: string;
  /** The commit the references pin, when they pin one. */
  revision: string | null;
  sha: string | null;
  author: string | null;
  state: ModelAssessment['state'];
  /** Why the facts are unknown or partial; absent when the lookup succeeded. */
  reason?: string;
  license: { hubId: string | null; spdx: string | null; name: string; link: string | null } | null;
  compatibility: { verdict: string; reason: string };
  scores: { provenance: number | null; reproducibility: number | null; documentation: number | null };
  architecture: JsonArchitecture;
  suggestions: JsonSuggestion[];
}

export interface JsonFinding {
  rule: string;
  severity: Severity;
  modelId: string;
  file: string;
  line: number;
  column: number;
  cell?: number;
  message: string;
  /** What the finding rests on: fields, files, requests (with the Hub's X-Request-Id). */
  evidence: string[];
}

export interface JsonScan {
  tool: { name: 'ptm-lens'; version: string };
  root: string;
  project?: { license: { spdx: string | null; name: string; source: string; file?: string } | null };
  references: JsonReference[];
  models?: JsonModel[];
  findings?: JsonFinding[];
  notices: FileNotice[];
}

export function toJsonArchitecture(a: ArchitectureClass): JsonArchitecture {
  return { family: a.family, name: a.name, evidence: a.evidence };
}

export function toJsonSuggestion(s: FocusedConvSuggestion): JsonSuggestion {
  return { kind: s.kind, form: s.form, summary: s.summary, conditions: [...s.conditions], links: s.links.map((l) => ({ title: l.title, url: l.url })) };
}

/**
 * 1-based lines and columns; `endColumn` is one past the last character (as in SARIF). Library weights
 * also carry their architecture and suggestions (unless `suggestions` is false), which Hub models
 * carry in `models`.
 */
export function toJsonReference(r: FileReference, suggestions = true): JsonReference {
  const out: JsonReference = {
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
    ...(r.source ? { source: r.source } : {}),
    ...(r.weights ? { weights: r.weights } : {}),
  };
  if (r.modelId && isLibraryWeightsReference(r)) {
    const arch = classifyReference(r);
    out.architecture = toJsonArchitecture(arch);
    out.suggestions = suggestions ? modelSuggestions(arch, [r]).map(toJsonSuggestion) : [];
  }
  return out;
}

export function toJsonModel(m: ModelAssessment): JsonModel {
  const out: JsonModel = {
    id: m.modelId,
    canonicalId: m.canonicalId,
    revision: m.revision,
    sha: m.facts?.sha ?? null,
    author: m.facts?.author ?? null,
    state: m.state,
    license: m.license ? { hubId: m.license.hubId, spdx: m.license.spdx, name: m.license.name, link: m.license.link } : null,
    compatibility: { verdict: m.compatibility.verdict, reason: m.compatibility.reason },
    scores: { provenance: m.scores.provenance.value, reproducibility: m.scores.reproducibility.value, documentation: m.scores.documentation.value },
    architecture: toJsonArchitecture(m.architecture),
    suggestions: m.suggestions.map(toJsonSuggestion),
  };
  if (m.reason) out.reason = m.reason;
  return out;
}

export function toJsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    modelId: f.modelId,
    file: f.reference.file ?? '',
    line: f.reference.range.start.line + 1,
    column: f.reference.range.start.character + 1,
    ...(f.reference.cell !== undefined ? { cell: f.reference.cell } : {}),
    message: f.message,
    evidence: f.evidence,
  };
}

function projectJson(license: ProjectLicense | null): NonNullable<JsonScan['project']> {
  if (!license) return { license: null };
  return { license: { spdx: license.spdx, name: license.name, source: license.source, ...(license.file ? { file: license.file } : {}) } };
}

export function scanToJson(result: ScanResult | PipelineResult, version: string): JsonScan {
  const scan = 'scan' in result ? result.scan : result;
  const suggestions = !('scan' in result) || result.suggestions;
  const out: JsonScan = { tool: { name: 'ptm-lens', version }, root: scan.root, references: scan.references.map((r) => toJsonReference(r, suggestions)), notices: scan.notices };
  if ('scan' in result && result.models) {
    return {
      tool: out.tool,
      root: out.root,
      project: projectJson(result.project.license),
      references: out.references,
      models: result.models.map(toJsonModel),
      findings: result.findings.map(toJsonFinding),
      notices: out.notices,
    };
  }
  return out;
}

export function renderScanJson(result: ScanResult | PipelineResult, version: string): string {
  return `${JSON.stringify(scanToJson(result, version), null, 2)}\n`;
}

/** Where a reference is, as people read it: `src/app.py:12:5` or `nb.ipynb cell 3:2:9` (cell 1-based). */
export function formatLocation(r: { file?: string; cell?: number; range: FileReference['range'] }): string {
  const pos = `${r.range.start.line + 1}:${r.range.start.character + 1}`;
  const file = r.file ?? '';
  return r.cell === undefined ? `${file}:${pos}` : `${file} cell ${r.cell + 1}:${pos}`;
}

export function describeRevision(revision: string | null): string {
  if (revision === null) return 'unpinned';
  return isPinnedRevision(revision) ? `pinned @${revision.slice(0, 12)}` : `revision "${revision}" (not a commit)`;
}

/** True when a finding at or above `level` exists (for `--fail-on`); suggestions never count. */
export function hasFindingAtLeast(findings: readonly Finding[], level: Severity): boolean {
  return findings.some((f) => !SUGGESTION_RULES.has(f.rule) && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[level]);
}

export function renderScanText(result: ScanResult | PipelineResult, elapsedMs: number): string {
  const scan = 'scan' in result ? result.scan : result;
  const models = 'scan' in result ? result.models : undefined;
  const lines: string[] = [];
  const widths = {
    location: Math.min(60, Math.max(0, ...scan.references.map((r) => formatLocation(r).length))),
    call: Math.min(60, Math.max(0, ...scan.references.map((r) => r.call.length))),
  };
  if ('scan' in result && models) {
    const lic = result.project.license;
    lines.push(`Project license: ${lic ? `${lic.spdx ?? lic.name} (from ${lic.file ?? lic.source})` : 'none found'}`);
    lines.push('');
    for (const m of models) {
      lines.push(modelHeading(m));
      for (const r of m.references as FileReference[]) lines.push(formatRow(r, widths));
      for (const f of m.findings.filter((x, i, all) => all.findIndex((y) => y.rule === x.rule && y.message === x.message) === i)) {
        lines.push(`    ${f.severity.padEnd(7)} ${f.rule}: ${f.message}`);
      }
      lines.push('');
    }
    // Library weights are not looked up; they are listed with what the constructor tells.
    const library = scan.references.filter((r) => r.modelId && isLibraryWeightsReference(r));
    for (const id of [...new Set(library.map((r) => r.modelId!))].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) {
      const refs = library.filter((r) => r.modelId === id);
      const arch = classifyReference(refs[0]!);
      lines.push(`${id}  (${plural(refs.length, 'reference')})  ${refs[0]!.source} library weights, not a Hub repo; architecture ${arch.family}${arch.name ? ` (${arch.name})` : ''}`);
      for (const r of refs) lines.push(formatRow(r, widths));
      const own = result.findings.filter((f) => refs.includes(f.reference as FileReference));
      for (const f of own.filter((x, i, all) => all.findIndex((y) => y.rule === x.rule && y.message === x.message) === i)) {
        lines.push(`    ${f.severity.padEnd(7)} ${f.rule}: ${f.message}`);
      }
      lines.push('');
    }
  } else {
    const groups = new Map<string, FileReference[]>();
    for (const r of scan.references) {
      if (!r.modelId) continue;
      const list = groups.get(r.modelId);
      if (list) list.push(r);
      else groups.set(r.modelId, [r]);
    }
    for (const id of [...groups.keys()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))) {
      const refs = groups.get(id)!;
      lines.push(`${id}  (${plural(refs.length, 'reference')})`);
      for (const r of refs) lines.push(formatRow(r, widths));
      lines.push('');
    }
  }
  const dynamic = scan.references.filter((r) => !r.modelId);
  if (dynamic.length > 0) {
    lines.push(`Model id not known statically  (${plural(dynamic.length, 'reference')})`);
    for (const r of dynamic) lines.push(formatRow(r, widths));
    lines.push('');
  }
  if (scan.notices.length > 0) {
    lines.push(`Notices (${scan.notices.length}):`);
    for (const n of scan.notices) lines.push(`  ${n.file}: ${n.message}`);
    lines.push('');
  }
  const files = new Set(scan.references.map((r) => r.file)).size;
  const modelCount = new Set(scan.references.map((r) => r.modelId).filter((x) => x)).size;
  const s = scan.stats;
  if (scan.references.length === 0) lines.push('No model references found.');
  else lines.push(`${plural(scan.references.length, 'reference')} to ${plural(modelCount, 'model')} in ${plural(files, 'file')}.`);
  if ('scan' in result && models) {
    const counts = (['error', 'warning', 'info'] as const).map((sev) => `${result.findings.filter((f) => f.severity === sev).length} ${sev}`);
    lines.push(`Findings: ${counts.join(', ')}.`);
  }
  lines.push(`Scanned ${plural(s.filesSeen, 'file')} under ${scan.root} in ${(elapsedMs / 1000).toFixed(2)} s (${s.filesParsed} parsed, ${s.cacheHits} from cache).`);
  // Every line may hold workspace or Hub text: one filter over the whole report.
  return `${terminalSafe(lines.join('\n'))}\n`;
}

function modelHeading(m: ModelAssessment): string {
  const parts: string[] = [];
  if (m.renamed) parts.push(`now ${m.canonicalId}`);
  if (m.state !== 'ok') parts.push(m.state === 'offline' && m.facts ? 'offline (local cache)' : `unknown: ${m.reason ?? m.state}`);
  if (m.license) parts.push(`license ${m.license.spdx ?? m.license.name} → ${m.compatibility.verdict}`);
  const sc = m.scores;
  if (sc.provenance.value !== null) parts.push(`provenance ${sc.provenance.value}, reproducibility ${sc.reproducibility.value}, documentation ${sc.documentation.value}`);
  if (m.architecture.family === 'cnn' || m.architecture.family === 'vision-transformer') parts.push(`architecture ${m.architecture.family}${m.architecture.name ? ` (${m.architecture.name})` : ''}`);
  return `${m.modelId}${m.revision ? `@${m.revision.slice(0, 12)}` : ''}  (${plural(m.references.length, 'reference')})${parts.length ? `  ${parts.join('; ')}` : ''}`;
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
