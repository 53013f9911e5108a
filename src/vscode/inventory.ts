import path from 'node:path';
import * as vscode from 'vscode';
import type { LocatedReference } from '../core/assess/assess.js';
import type { InventoryModel, InventorySource } from '../core/inventory.js';
import { buildInventory, inventoryTotals } from '../core/inventory.js';
import type { PipelineResult } from '../core/pipeline.js';
import { isLibraryWeightsReference } from '../core/vision/references.js';
import { levelFor, readConfig } from './config.js';
import type { DiagnosticsManager } from './diagnostics.js';
import type { ScanCommand } from './scanCommand.js';

/** Where a reference lives: an absolute path for files, a URI string otherwise. */
export function locationKey(uri: vscode.Uri): string {
  return uri.scheme === 'file' || uri.scheme === 'vscode-notebook-cell' ? uri.fsPath : uri.toString();
}

export function keyToUri(key: string): vscode.Uri {
  return path.isAbsolute(key) ? vscode.Uri.file(key) : vscode.Uri.parse(key);
}

/**
 * The workspace's models: the last workspace scan, overlaid with the open documents (which are newer).
 * The "Pre-trained Models" view and the status bar both read it.
 */
export class WorkspaceInventory implements vscode.Disposable {
  private scanned: PipelineResult[] = [];
  private hasScanned = false;
  private deleted = new Set<string>();
  private models: InventoryModel[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly diagnostics: DiagnosticsManager, scan: ScanCommand) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.subscriptions.push(
      this.changed,
      watcher,
      watcher.onDidDelete((uri) => {
        if (!this.hasScanned) return;
        this.deleted.add(uri.fsPath);
        this.schedule();
      }),
      diagnostics.onDidChange(() => this.schedule()),
      scan.onDidScan((results) => {
        this.scanned = results;
        this.hasScanned = true;
        this.deleted.clear();
        this.rebuild();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ptmLens.rules')) this.schedule();
      }),
    );
    this.rebuild();
  }

  /** True once a workspace scan has finished; before that only open documents are listed. */
  get scannedOnce(): boolean {
    return this.hasScanned;
  }

  all(): readonly InventoryModel[] {
    return this.models;
  }

  find(key: string): InventoryModel | undefined {
    return this.models.find((m) => m.key === key);
  }

  /** The first place the workspace loads a model, by id (case-insensitive). */
  locate(modelId: string): vscode.Location | undefined {
    const want = modelId.toLowerCase();
    const ref = this.models.find((m) => m.kind === 'hub' && m.modelId?.toLowerCase() === want)?.references[0];
    if (!ref || ref.reference.cell !== undefined) return undefined;
    const r = ref.reference.range;
    return new vscode.Location(keyToUri(ref.file), new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character));
  }

  totals(): ReturnType<typeof inventoryTotals> {
    return inventoryTotals(this.models);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rebuild(), 100);
  }

  private isDeleted(file: string): boolean {
    if (this.deleted.size === 0) return false;
    for (const d of this.deleted) if (file === d || file.startsWith(d + path.sep)) return true;
    return false;
  }

  private rebuild(): void {
    this.timer = undefined;
    const sources: InventorySource[] = [];
    for (const [uriString, state] of this.diagnostics.entries()) {
      const uri = vscode.Uri.parse(uriString);
      const cell = uri.scheme === 'vscode-notebook-cell' ? cellIndexOf(uri) : undefined;
      if (uri.scheme === 'vscode-notebook-cell' && cell === undefined) continue;
      sources.push({ file: locationKey(uri), ...(cell !== undefined ? { cell } : {}), references: state.references, assessments: state.assessments, otherFindings: state.libraryFindings });
    }
    for (const result of this.scanned) {
      const abs = (rel: string | undefined): string | undefined => (rel === undefined ? undefined : path.join(result.scan.root, ...rel.split('/')));
      const keep = (r: { file?: string }): boolean => r.file !== undefined && !this.isDeleted(r.file);
      // Scan references carry paths relative to the scanned folder; the inventory wants absolute ones.
      const located = new Map<LocatedReference, LocatedReference>();
      const locate = (r: LocatedReference): LocatedReference => {
        let l = located.get(r);
        if (!l) {
          l = { ...r };
          const file = abs(r.file);
          if (file !== undefined) l.file = file;
          located.set(r, l);
        }
        return l;
      };
      sources.push({
        references: result.scan.references.map(locate).filter(keep),
        assessments: (result.models ?? []).map((a) => ({
          ...a,
          references: a.references.map(locate).filter(keep),
          findings: a.findings.map((f) => ({ ...f, reference: locate(f.reference) })).filter((f) => keep(f.reference)),
        })),
        // Library weights have findings but no assessment.
        otherFindings: result.findings.filter((f) => isLibraryWeightsReference(f.reference)).map((f) => ({ ...f, reference: locate(f.reference) })),
      });
    }
    // Rule levels are resource settings, which differ per workspace folder: one read per folder, not per file.
    const configs = new Map<string, ReturnType<typeof readConfig>>();
    const configFor = (file: string | undefined): ReturnType<typeof readConfig> => {
      const folder = file ? vscode.workspace.getWorkspaceFolder(keyToUri(file)) : undefined;
      const k = folder?.uri.toString() ?? '';
      let c = configs.get(k);
      if (!c) {
        c = readConfig(folder?.uri);
        configs.set(k, c);
      }
      return c;
    };
    this.models = buildInventory(sources, {
      levelOf: (f) => {
        return levelFor(configFor(f.reference.file), f.rule, f.severity);
      },
    });
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

/** The index of a notebook cell document within its notebook, when the notebook is open. */
function cellIndexOf(uri: vscode.Uri): number | undefined {
  for (const nb of vscode.workspace.notebookDocuments) {
    const cell = nb.getCells().find((c) => c.document.uri.toString() === uri.toString());
    if (cell) return cell.index;
  }
  return undefined;
}
