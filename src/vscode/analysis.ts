import * as vscode from 'vscode';
import type { Detector, FileLanguage, IncrementalDocument, TextChange } from '../core/detect/index.js';
import type { NotebookCell } from '../core/detect/notebook.js';
import type { ModelReference } from '../core/detect/types.js';

/** Language ids of the editor mapped to the detector's languages. */
const LANGUAGE_IDS: Record<string, FileLanguage> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
};

export const DOCUMENT_SELECTOR: vscode.DocumentSelector = Object.keys(LANGUAGE_IDS).map((language) => ({ language }));

interface Entry {
  version: number;
  references: ModelReference[];
}

/**
 * Incremental state of an open Python file: its last parse tree (inside `doc`) and the content changes
 * made since, with the version they lead to. `pending` is null when a change was missed; the next
 * analysis then parses in full.
 */
interface EditState {
  doc: IncrementalDocument;
  language: FileLanguage;
  /** The document version the tree and `pending` lead from. */
  pending: TextChange[] | null;
  pendingVersion: number;
}

/**
 * Detection results per open document, recomputed only when the document's version changes. Python
 * files (not notebook cells) are reparsed incrementally: the content changes the editor reports are
 * applied to the last tree. The parsers load on first use, never during activation.
 */
export class DocumentAnalysis implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly edits = new Map<string, EditState>();
  private detector: Promise<Detector> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly loadDetector: () => Promise<Detector>) {
    this.subscriptions.push(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        this.entries.delete(key);
        this.dropEdits(key);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.recordChanges(e)),
    );
  }

  private recordChanges(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length === 0) return;
    const state = this.edits.get(e.document.uri.toString());
    if (!state) return;
    // Each event moves the version on by one; a gap means a change was missed.
    if (state.pending && state.pendingVersion === e.document.version - 1) {
      for (const c of e.contentChanges) state.pending.push({ rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text });
    } else {
      state.pending = null;
    }
    state.pendingVersion = e.document.version;
  }

  private dropEdits(key: string): void {
    this.edits.get(key)?.doc.dispose();
    this.edits.delete(key);
  }

  async references(document: vscode.TextDocument): Promise<ModelReference[]> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached.references;
    const language = LANGUAGE_IDS[document.languageId];
    if (!language) {
      this.dropEdits(key);
      return [];
    }
    this.detector ??= this.loadDetector();
    const detector = await this.detector;
    let references: ModelReference[];
    const notebook = language === 'python' ? notebookOf(document) : undefined;
    if (notebook) {
      const cells: NotebookCell[] = notebook.getCells().map((c) => ({
        index: c.index,
        kind: c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python' ? 'code' : 'markdown',
        source: c.document.getText(),
      }));
      const index = notebook.getCells().findIndex((c) => c.document === document);
      references = detector.detectCells(cells).references.filter((r) => r.cell === index);
    } else if (language === 'python' && !document.isClosed) {
      references = this.incremental(detector, key, document, language);
    } else {
      this.dropEdits(key);
      references = detector.detect(document.getText(), document.fileName, { language }).references;
    }
    this.entries.set(key, { version: document.version, references });
    return references;
  }

  /** Detection from the document's last tree and the changes recorded since (a full parse when there are none). */
  private incremental(detector: Detector, key: string, document: vscode.TextDocument, language: FileLanguage): ModelReference[] {
    let state = this.edits.get(key);
    if (state && state.language !== language) {
      this.dropEdits(key);
      state = undefined;
    }
    if (!state) {
      state = { doc: detector.openDocument(document.fileName, { language }), language, pending: null, pendingVersion: -1 };
      this.edits.set(key, state);
    }
    const version = document.version;
    const changes = state.pending && state.pendingVersion === version ? state.pending : undefined;
    state.pending = [];
    state.pendingVersion = version;
    // The document checks that the changes lead to this text and parses in full when they do not.
    return state.doc.update(document.getText(), changes).references;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
    for (const key of [...this.edits.keys()]) this.dropEdits(key);
  }
}

function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

export function toVsRange(r: ModelReference['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
