import * as vscode from 'vscode';
import type { Finding, ModelAssessment } from '../core/assess/assess.js';
import { ruleUrl } from '../core/assess/rules.js';
import type { ModelReference } from '../core/detect/types.js';
import { suppressedOnLine } from '../core/fix/edits.js';
import { libraryWeightsFindings } from '../core/vision/suggestions.js';
import type { DocumentAnalysis } from './analysis.js';
import { DOCUMENT_SELECTOR, toVsRange } from './analysis.js';
import { levelFor, readConfig, toDiagnosticSeverity } from './config.js';
import type { Log } from './log.js';
import type { ModelService } from './models.js';

export const DIAGNOSTIC_SOURCE = 'PTM Lens';
const DEBOUNCE_MS = 300;

export interface DocumentState {
  version: number;
  references: ModelReference[];
  assessments: ModelAssessment[];
  /** Findings on library weights (torchvision, timm), which have no assessment. */
  libraryFindings: Finding[];
}

/**
 * One diagnostic collection for every finding. Documents are analysed on open, on edit (debounced; the
 * latest edit wins and stale results are dropped), and on settings changes; diagnostics go on close.
 */
export class DiagnosticsManager implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('ptm-lens');
  private readonly states = new Map<string, DocumentState>();
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; generation: number }>();
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly analysis: DocumentAnalysis, private readonly models: ModelService, private readonly log: Log) {
    this.subscriptions.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      models.onDidChange(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  /** Finds where the workspace loads a model, for related information; set once the inventory exists. */
  locateModel: ((modelId: string) => vscode.Location | undefined) | undefined;

  state(uri: vscode.Uri): DocumentState | undefined {
    return this.states.get(uri.toString());
  }

  /** Every analysed document's state, for the status bar. */
  allStates(): DocumentState[] {
    return [...this.states.values()];
  }

  /** Every analysed document's state by document URI, for the workspace inventory. */
  entries(): [string, DocumentState][] {
    return [...this.states.entries()];
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private supported(d: vscode.TextDocument): boolean {
    return vscode.languages.match(DOCUMENT_SELECTOR, d) > 0 && (d.uri.scheme === 'file' || d.uri.scheme === 'untitled' || d.uri.scheme === 'vscode-notebook-cell');
  }

  private schedule(d: vscode.TextDocument, delay: number): void {
    if (!this.supported(d)) return;
    const key = d.uri.toString();
    const prev = this.pending.get(key);
    if (prev) clearTimeout(prev.timer);
    const generation = ++this.generation;
    const timer = setTimeout(() => void this.update(d, generation), delay);
    this.pending.set(key, { timer, generation });
  }

  /** Analyses one document; a newer edit supersedes it and its results are dropped. */
  async update(d: vscode.TextDocument, generation = ++this.generation): Promise<DocumentState | undefined> {
    const key = d.uri.toString();
    const stale = (): boolean => (this.pending.get(key)?.generation ?? generation) !== generation || d.isClosed;
    try {
      const version = d.version;
      const references = await this.analysis.references(d);
      if (stale()) return undefined;
      const withRefs = references.filter((r) => r.modelId !== null);
      if (withRefs.length === 0) {
        this.states.set(key, { version, references, assessments: [], libraryFindings: [] });
        this.collection.delete(d.uri);
        this.changed.fire();
        return this.states.get(key);
      }
      const assessments = await this.models.assess(d.uri, withRefs);
      if (stale() || d.version !== version) return undefined;
      const state: DocumentState = { version, references, assessments, libraryFindings: libraryWeightsFindings(withRefs) };
      this.states.set(key, state);
      this.collection.set(d.uri, this.toDiagnostics(d, [...assessments.flatMap((a) => a.findings), ...state.libraryFindings]));
      this.changed.fire();
      return state;
    } catch (err) {
      this.log.error(`Could not assess ${d.uri.fsPath}`, err);
      return undefined;
    } finally {
      if (this.pending.get(key)?.generation === generation) this.pending.delete(key);
    }
  }

  private toDiagnostics(d: vscode.TextDocument, findings: Finding[]): vscode.Diagnostic[] {
    const config = readConfig(d.uri);
    const out: vscode.Diagnostic[] = [];
    const seen = new Set<string>();
    for (const f of findings) {
      const level = levelFor(config, f.rule, f.severity);
      if (level === 'off') continue;
      const range = toVsRange(f.reference.range);
      if (range.start.line >= d.lineCount) continue;
      const suppressed = suppressedOnLine(d.lineAt(range.start.line).text);
      if (suppressed === 'all' || suppressed?.has(f.rule)) continue;
      const dedupeKey = `${f.rule}\0${range.start.line}:${range.start.character}\0${f.message}`;
      if (seen.has(dedupeKey)) continue;
      seen.add(dedupeKey);
      out.push(this.toDiagnostic(d, f, range, level));
    }
    return out;
  }

  private toDiagnostic(d: vscode.TextDocument, f: Finding, range: vscode.Range, level: Exclude<ReturnType<typeof levelFor>, 'off'>): vscode.Diagnostic {
    const diag = new vscode.Diagnostic(range, f.message, toDiagnosticSeverity(level));
    diag.source = DIAGNOSTIC_SOURCE;
    diag.code = { value: f.rule, target: vscode.Uri.parse(ruleUrl(f.rule)) };
    if (f.related) {
      // The second place that matters (for a lineage conflict, the base model): where the workspace
      // loads it, when it does; otherwise the message alone, at this reference.
      const elsewhere = this.locateModel?.(f.related.modelId);
      diag.relatedInformation = [new vscode.DiagnosticRelatedInformation(elsewhere ?? new vscode.Location(d.uri, range), f.related.message)];
    }
    return diag;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const p = this.pending.get(key);
    if (p) clearTimeout(p.timer);
    this.pending.delete(key);
    this.states.delete(key);
    this.collection.delete(uri);
    this.changed.fire();
  }

  dispose(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
