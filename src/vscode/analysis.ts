import * as vscode from 'vscode';
import type { Detector, FileLanguage } from '../core/detect/index.js';
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
 * Detection results per open document, recomputed only when the document's version changes.
 * The parsers load on first use, never during activation.
 */
export class DocumentAnalysis implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private detector: Promise<Detector> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly loadDetector: () => Promise<Detector>) {
    this.subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())));
  }

  async references(document: vscode.TextDocument): Promise<ModelReference[]> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached.references;
    const language = LANGUAGE_IDS[document.languageId];
    if (!language) return [];
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
    } else {
      references = detector.detect(document.getText(), document.fileName, { language }).references;
    }
    this.entries.set(key, { version: document.version, references });
    return references;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.entries.clear();
  }
}

function notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
  if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
  return vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
}

export function toVsRange(r: ModelReference['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}
