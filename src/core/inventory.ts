/**
 * The workspace inventory behind the "Pre-trained Models" view: every model the workspace loads, with
 * the places that load it, the findings at each place and the worst of them. Pure, so the view's
 * grouping, ordering and labels are tested without an editor.
 *
 * Sources are of two kinds. A workspace scan covers many files; each reference carries its `file`. An
 * open document is one file (or one notebook cell) and is newer than any scan, so it supersedes the
 * scan's references in that file (or cell).
 */
import type { Finding, LocatedReference, ModelAssessment } from './assess/assess.js';
import { SEVERITY_RANK, SUGGESTION_RULES } from './assess/rules.js';
import { isPinnedRevision } from './detect/hubId.js';
import { isLibraryWeightsReference } from './vision/references.js';

/** How a finding is shown, after the user's per-rule settings. */
export type InventoryLevel = 'error' | 'warning' | 'information' | 'hint';

export interface InventorySource {
  /**
   * Set for an open document: every reference is in this file, and the scan's references in it are
   * superseded. Unset for a scan: each reference's `file` says where it is.
   */
  file?: string;
  /** With `file`, a notebook cell: only the scan's references in this cell are superseded. */
  cell?: number;
  /** Every reference found, including dynamic ids and library weights, which have no assessment. */
  references: readonly LocatedReference[];
  /** Assessments of the Hub references; a reference without one is still being looked up. */
  assessments: readonly ModelAssessment[];
  /** Findings at references without an assessment (library weights), matched to them by place. */
  otherFindings?: readonly Finding[];
}

export interface InventoryReference {
  /** The file, as the source named it (an absolute path, or a URI for documents that are not files). */
  file: string;
  reference: LocatedReference;
  /** Findings at this reference that the user's settings show, suggestions included. */
  findings: Finding[];
  /** The levels of the findings that are not suggestions (suggestions never make a model look worse). */
  levels: InventoryLevel[];
  worst: InventoryLevel | null;
}

export type InventoryKind = 'hub' | 'library' | 'dynamic';

export interface InventoryModel {
  /** Stable across refreshes: kind, id as written (lower-cased) and pinned revision. */
  key: string;
  kind: InventoryKind;
  label: string;
  /** The id as written; null for the group of ids computed at run time. */
  modelId: string | null;
  /** The commit every reference pins, when they agree. */
  revision: string | null;
  /** Absent while the lookup is in flight, and for library weights and dynamic ids. */
  assessment?: ModelAssessment;
  references: InventoryReference[];
  findings: Finding[];
  worst: InventoryLevel | null;
  /** One line for the tree: the license and the three scores, or why they are unknown. */
  description: string;
}

export interface InventoryOptions {
  /** The level a finding is shown at, or `off`. Defaults to the finding's own severity. */
  levelOf?: (f: Finding) => InventoryLevel | 'off';
}

const LEVEL_RANK: Record<InventoryLevel, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const DEFAULT_LEVEL: Record<Finding['severity'], InventoryLevel> = { error: 'error', warning: 'warning', info: 'information' };

export function worstLevel(levels: readonly InventoryLevel[]): InventoryLevel | null {
  let worst: InventoryLevel | null = null;
  for (const l of levels) if (worst === null || LEVEL_RANK[l] < LEVEL_RANK[worst]) worst = l;
  return worst;
}

function refKey(file: string, r: LocatedReference): string {
  return `${file}\0${r.cell ?? ''}\0${r.range.start.line}:${r.range.start.character}`;
}

function scoreText(label: string, value: number | null): string {
  return `${label} ${value ?? '?'}`;
}

/** `Apache-2.0 · P 80 · R 55 · D 70`, or the reason nothing is known. */
export function describeAssessment(a: ModelAssessment | undefined, kind: InventoryKind): string {
  if (kind === 'library') return "library's published weights";
  if (kind === 'dynamic') return 'computed at run time';
  if (!a) return 'looking up…';
  if (a.state !== 'ok' && !(a.state === 'offline' && a.facts)) return `unknown: ${a.state.replace(/-/g, ' ')}`;
  const license = a.license?.spdx ?? a.license?.name ?? 'no license';
  const s = a.scores;
  return [license, scoreText('P', s.provenance.value), scoreText('R', s.reproducibility.value), scoreText('D', s.documentation.value)].join(' · ');
}

function fileOf(source: InventorySource, r: LocatedReference): string | undefined {
  return source.file ?? r.file;
}

/**
 * Merges the sources into one list of models, sorted by id with run-time ids last. Open documents
 * win over the scan for the files (or cells) they cover.
 */
export function buildInventory(sources: readonly InventorySource[], opts: InventoryOptions = {}): InventoryModel[] {
  const levelOf = opts.levelOf ?? ((f: Finding) => DEFAULT_LEVEL[f.severity]);
  const live = sources.filter((s) => s.file !== undefined);
  const superseded = (file: string, r: LocatedReference): boolean =>
    live.some((s) => s.file === file && (s.cell === undefined || s.cell === r.cell));

  const models = new Map<string, InventoryModel>();
  const seenRefs = new Set<string>();
  const modelFor = (kind: InventoryKind, r: LocatedReference, revision: string | null, assessment?: ModelAssessment): InventoryModel => {
    const id = kind === 'dynamic' ? null : (r.modelId ?? '');
    const key = `${kind}:${(id ?? '').toLowerCase()}@${revision ?? ''}`;
    let m = models.get(key);
    if (!m) {
      m = { key, kind, label: id ?? 'Model ids computed at run time', modelId: id, revision, references: [], findings: [], worst: null, description: '' };
      models.set(key, m);
    }
    // An open document's assessment is the newest; the first one given wins.
    if (assessment && !m.assessment) m.assessment = assessment;
    return m;
  };
  const addRef = (m: InventoryModel, file: string, r: LocatedReference, findings: Finding[]): void => {
    const k = refKey(file, r);
    if (seenRefs.has(k)) return;
    seenRefs.add(k);
    const shown: Finding[] = [];
    const levels: InventoryLevel[] = [];
    for (const f of findings) {
      const level = levelOf(f);
      if (level === 'off') continue;
      shown.push(f);
      if (!SUGGESTION_RULES.has(f.rule)) levels.push(level);
    }
    m.references.push({ file, reference: { ...r, file }, findings: shown, levels, worst: worstLevel(levels) });
  };

  // Open documents first, so their assessments win.
  const ordered = [...live, ...sources.filter((s) => s.file === undefined)];
  for (const source of ordered) {
    const assessed = new Set<string>();
    for (const a of source.assessments) {
      for (const r of a.references) {
        const file = fileOf(source, r);
        if (file === undefined || (source.file === undefined && superseded(file, r))) continue;
        assessed.add(refKey(file, r));
        const at = a.findings.filter((f) => f.reference === r || (f.reference.file === r.file && samePlace(f.reference, r)));
        addRef(modelFor('hub', r, a.revision, a), file, r, at);
      }
    }
    for (const r of source.references) {
      const file = fileOf(source, r);
      if (file === undefined || assessed.has(refKey(file, r)) || (source.file === undefined && superseded(file, r))) continue;
      const at = (source.otherFindings ?? []).filter((f) => f.reference === r || ((source.file !== undefined || f.reference.file === r.file) && samePlace(f.reference, r)));
      if (r.modelId === null) addRef(modelFor('dynamic', r, null), file, r, at);
      else if (isLibraryWeightsReference(r)) addRef(modelFor('library', r, null), file, r, at);
      // Still being looked up: listed now, assessed when the lookup lands.
      else addRef(modelFor('hub', r, isPinnedRevision(r.revision) ? r.revision : null), file, r, []);
    }
  }

  const out = [...models.values()].filter((m) => m.references.length > 0);
  for (const m of out) {
    m.references.sort((a, b) => a.file.localeCompare(b.file) || (a.reference.cell ?? -1) - (b.reference.cell ?? -1) || a.reference.range.start.line - b.reference.range.start.line);
    m.findings = m.references.flatMap((r) => r.findings).sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
    m.worst = worstLevel(m.references.flatMap((r) => r.levels));
    m.description = describeAssessment(m.assessment, m.kind);
  }
  const kindRank: Record<InventoryKind, number> = { hub: 0, library: 0, dynamic: 1 };
  return out.sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || a.label.toLowerCase().localeCompare(b.label.toLowerCase()) || (a.revision ?? '').localeCompare(b.revision ?? ''));
}

function samePlace(a: LocatedReference, b: LocatedReference): boolean {
  return a.cell === b.cell && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
}

/** Counts for the view's badge and the status bar. */
export function inventoryTotals(models: readonly InventoryModel[]): { models: number; references: number; errors: number; warnings: number; findings: number } {
  let references = 0;
  let errors = 0;
  let warnings = 0;
  let findings = 0;
  for (const m of models) {
    references += m.references.length;
    for (const r of m.references) {
      findings += r.levels.length;
      errors += r.levels.filter((l) => l === 'error').length;
      warnings += r.levels.filter((l) => l === 'warning').length;
    }
  }
  // A model pinned in one place and unpinned in another is one model (two entries in the view).
  const distinct = new Set(models.filter((m) => m.kind !== 'dynamic').map((m) => `${m.kind}:${(m.modelId ?? '').toLowerCase()}`));
  return { models: distinct.size, references, errors, warnings, findings };
}
