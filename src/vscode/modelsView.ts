import * as vscode from 'vscode';
import { RULES } from '../core/assess/rules.js';
import type { InventoryLevel, InventoryModel, InventoryReference } from '../core/inventory.js';
import { escapeMarkdown } from '../core/render/markdown.js';
import { modelPageUrl } from '../core/render/referenceHover.js';
import type { WorkspaceInventory } from './inventory.js';
import { keyToUri } from './inventory.js';
import type { ModelService } from './models.js';
import type { ReportPanels } from './reportPanel.js';
import type { ScanCommand } from './scanCommand.js';
import { MODELS_VIEW_ID } from './scanCommand.js';

type Node = { type: 'model'; model: InventoryModel } | { type: 'reference'; model: InventoryModel; ref: InventoryReference };

const LEVEL_ICON: Record<InventoryLevel, [string, string]> = {
  error: ['error', 'problemsErrorIcon.foreground'],
  warning: ['warning', 'problemsWarningIcon.foreground'],
  information: ['info', 'problemsInfoIcon.foreground'],
  hint: ['lightbulb', 'problemsInfoIcon.foreground'],
};

function levelIcon(level: InventoryLevel): vscode.ThemeIcon {
  const [id, color] = LEVEL_ICON[level];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `src/train.py:12`, or `notebooks/x.ipynb · cell 3:4`. */
export function referenceLabel(ref: InventoryReference): string {
  const rel = vscode.workspace.asRelativePath(keyToUri(ref.file));
  const r = ref.reference;
  return r.cell !== undefined ? `${rel} · cell ${r.cell + 1}:${r.range.start.line + 1}` : `${rel}:${r.range.start.line + 1}`;
}

/**
 * The Explorer view "Pre-trained Models": every model the workspace loads, with the worst finding as
 * its icon and the license and scores as its description; under each, the places that load it.
 * The first time the view is shown it fills itself in with a quiet workspace scan.
 */
export class ModelsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private autoScanned = false;

  constructor(private readonly inventory: WorkspaceInventory, private readonly scan: ScanCommand, private readonly models: ModelService, private readonly reports: ReportPanels) {
    this.view = vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions.push(
      this.view,
      this.changed,
      inventory.onDidChange(() => this.refresh()),
      scan.onDidChangeRunning((running) => void this.setContext(running)),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) this.fillIn();
      }),
      vscode.commands.registerCommand('ptmLens.showReport', (arg?: Node | string) => this.showReport(arg)),
      vscode.commands.registerCommand('ptmLens.openOnHub', (arg?: Node) => this.openOnHub(arg)),
      vscode.commands.registerCommand('ptmLens.copyModelId', (arg?: Node) => this.copyId(arg)),
      vscode.commands.registerCommand('ptmLens.revealReferences', (arg?: Node) => this.revealReferences(arg)),
      vscode.commands.registerCommand('ptmLens.openReference', (file: string, cell: number | undefined, line: number, character: number, endLine: number, endCharacter: number) =>
        openLocation(file, cell, new vscode.Range(line, character, endLine, endCharacter), false),
      ),
    );
    void this.setContext(false);
    this.refresh();
    if (this.view.visible) this.fillIn();
  }

  private fillIn(): void {
    if (this.autoScanned || this.inventory.scannedOnce || this.scan.isRunning) return;
    this.autoScanned = true;
    void this.scan.run({ quiet: true });
  }

  private async setContext(running: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'ptmLens.scanning', running);
    await vscode.commands.executeCommand('setContext', 'ptmLens.scanned', this.inventory.scannedOnce);
  }

  private refresh(): void {
    const t = this.inventory.totals();
    const serious = t.errors + t.warnings;
    this.view.badge = serious > 0 ? { value: serious, tooltip: `${plural(t.errors, 'error')} and ${plural(t.warnings, 'warning')} in the workspace's models` } : undefined;
    this.view.description = t.models > 0 ? plural(t.models, 'model') : undefined;
    void this.setContext(this.scan.isRunning);
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.inventory.all().map((model) => ({ type: 'model', model }));
    if (node.type === 'model') return node.model.references.map((ref) => ({ type: 'reference', model: node.model, ref }));
    return [];
  }

  getParent(node: Node): Node | undefined {
    return node.type === 'reference' ? { type: 'model', model: node.model } : undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    return node.type === 'model' ? this.modelItem(node.model) : this.referenceItem(node.model, node.ref);
  }

  private modelItem(m: InventoryModel): vscode.TreeItem {
    const item = new vscode.TreeItem(m.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = m.key;
    item.description = m.revision ? `@${m.revision.slice(0, 7)} · ${m.description}` : m.description;
    item.contextValue = `ptmLens.model.${m.kind}${m.assessment ? '.assessed' : ''}`;
    const a = m.assessment;
    const known = a && (a.state === 'ok' || (a.state === 'offline' && a.facts));
    if (m.worst) item.iconPath = levelIcon(m.worst);
    else if (m.kind === 'dynamic') item.iconPath = new vscode.ThemeIcon('symbol-variable');
    else if (m.kind === 'library') item.iconPath = new vscode.ThemeIcon('library');
    else if (!a) item.iconPath = new vscode.ThemeIcon('loading~spin');
    else if (!known) item.iconPath = new vscode.ThemeIcon('question', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    else item.iconPath = new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    item.tooltip = this.modelTooltip(m);
    item.accessibilityInformation = { label: `${m.label}, ${m.description}, ${m.worst ? `worst finding ${m.worst}` : 'no findings'}, ${plural(m.references.length, 'reference')}` };
    if (m.kind === 'hub' && a) item.command = { command: 'ptmLens.showReport', title: 'Show Model Report', arguments: [m.key] };
    return item;
  }

  private modelTooltip(m: InventoryModel): vscode.MarkdownString {
    const lines: string[] = [`**${escapeMarkdown(m.label)}**`, '', escapeMarkdown(m.description)];
    const a = m.assessment;
    if (a && a.state !== 'ok' && a.reason) lines.push('', `Unknown because ${escapeMarkdown(a.reason)}.`);
    if (m.findings.length > 0) {
      lines.push('');
      const seen = new Set<string>();
      for (const f of m.findings) {
        const k = `${f.rule}\0${f.message}`;
        if (seen.has(k)) continue;
        seen.add(k);
        lines.push(`- ${escapeMarkdown(RULES[f.rule]?.title ?? f.rule)}: ${escapeMarkdown(f.message)}`);
      }
    } else if (a && m.kind === 'hub') {
      lines.push('', 'No findings.');
    }
    lines.push('', `${plural(m.references.length, 'reference')} in the workspace.`);
    const md = new vscode.MarkdownString(lines.join('\n'));
    md.isTrusted = false;
    md.supportHtml = false;
    return md;
  }

  private referenceItem(m: InventoryModel, ref: InventoryReference): vscode.TreeItem {
    const item = new vscode.TreeItem(referenceLabel(ref), vscode.TreeItemCollapsibleState.None);
    const r = ref.reference;
    item.id = `${m.key}\0${ref.file}\0${r.cell ?? ''}\0${r.range.start.line}:${r.range.start.character}`;
    const rules = [...new Set(ref.findings.map((f) => f.rule))];
    item.description = rules.length ? `${r.call} · ${rules.join(', ')}` : r.call;
    item.resourceUri = keyToUri(ref.file);
    item.iconPath = ref.worst ? levelIcon(ref.worst) : vscode.ThemeIcon.File;
    item.contextValue = 'ptmLens.reference';
    const md = new vscode.MarkdownString(
      [`${escapeMarkdown(r.call)} at ${escapeMarkdown(referenceLabel(ref))}`, ...ref.findings.map((f) => `- ${escapeMarkdown(f.message)}`)].join('\n\n'),
    );
    md.isTrusted = false;
    item.tooltip = md;
    item.command = {
      command: 'ptmLens.openReference',
      title: 'Open Reference',
      arguments: [ref.file, r.cell, r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character],
    };
    return item;
  }

  /** The model a command was invoked on: a tree node, a key, or (from the palette) the user's pick. */
  private async resolveModel(arg: Node | string | undefined, placeHolder: string, filter: (m: InventoryModel) => boolean): Promise<InventoryModel | undefined> {
    if (typeof arg === 'string') return this.inventory.find(arg) ?? this.inventory.all().find((m) => m.modelId === arg);
    if (arg) return this.inventory.find(arg.model.key) ?? arg.model;
    const selected = this.view.selection[0];
    if (selected && this.view.visible && filter(selected.model)) return this.inventory.find(selected.model.key) ?? selected.model;
    const candidates = this.inventory.all().filter(filter);
    if (candidates.length === 0) {
      const action = await vscode.window.showInformationMessage('PTM Lens: no models found yet. Scan the workspace to list them.', 'Scan Workspace');
      if (action) await this.scan.run();
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      candidates.map((m) => ({ label: m.label, description: m.description, detail: plural(m.references.length, 'reference'), model: m })),
      { placeHolder, matchOnDescription: true },
    );
    return pick?.model;
  }

  private async showReport(arg?: Node | string): Promise<void> {
    const m = await this.resolveModel(arg, 'Show the report of which model?', (x) => x.kind === 'hub');
    if (!m) return;
    if (m.kind !== 'hub') {
      void vscode.window.showInformationMessage(`PTM Lens: ${m.label} is not a Hugging Face Hub model; there is no report for it.`);
      return;
    }
    if (!m.assessment) {
      void vscode.window.showInformationMessage(`PTM Lens: ${m.label} is still being looked up; try again in a moment.`);
      return;
    }
    this.reports.show(m, this.models.hubUrl);
  }

  private async openOnHub(arg?: Node): Promise<void> {
    const m = await this.resolveModel(arg, 'Open which model on the Hub?', (x) => x.kind === 'hub');
    if (!m?.modelId) return;
    const id = m.assessment?.renamed ? m.assessment.canonicalId : m.modelId;
    await vscode.env.openExternal(vscode.Uri.parse(modelPageUrl(id, this.models.hubUrl)));
  }

  private async copyId(arg?: Node): Promise<void> {
    const m = await this.resolveModel(arg, 'Copy which model id?', (x) => x.modelId !== null);
    if (!m?.modelId) return;
    await vscode.env.clipboard.writeText(m.modelId);
    vscode.window.setStatusBarMessage(`PTM Lens: copied ${m.modelId}`, 3_000);
  }

  private async revealReferences(arg?: Node): Promise<void> {
    const m = await this.resolveModel(arg, 'Reveal the references of which model?', () => true);
    if (!m || m.references.length === 0) return;
    if (m.references.length === 1) {
      const only = m.references[0]!;
      await openLocation(only.file, only.reference.cell, rangeOf(only), false);
      return;
    }
    // Several places: pick one, previewing each as it is highlighted.
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { ref: InventoryReference }>();
    qp.title = `References to ${m.label}`;
    qp.placeholder = 'Select a reference to open';
    qp.matchOnDescription = true;
    qp.items = m.references.map((ref) => ({ label: referenceLabel(ref), description: ref.reference.call, detail: ref.findings.map((f) => f.rule).join(', ') || undefined, ref }) as vscode.QuickPickItem & { ref: InventoryReference });
    const disposables: vscode.Disposable[] = [
      qp.onDidChangeActive((items) => {
        const ref = items[0]?.ref;
        if (ref) void openLocation(ref.file, ref.reference.cell, rangeOf(ref), true);
      }),
      qp.onDidAccept(() => {
        const ref = qp.selectedItems[0]?.ref;
        qp.hide();
        if (ref) void openLocation(ref.file, ref.reference.cell, rangeOf(ref), false);
      }),
      qp.onDidHide(() => {
        for (const d of disposables) d.dispose();
        qp.dispose();
      }),
    ];
    qp.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

function rangeOf(ref: InventoryReference): vscode.Range {
  const r = ref.reference.range;
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Opens a file (or a notebook at a cell) with the reference selected. */
async function openLocation(file: string, cell: number | undefined, range: vscode.Range, preview: boolean): Promise<void> {
  const uri = keyToUri(file);
  try {
    if (cell !== undefined) {
      const notebook = await vscode.workspace.openNotebookDocument(uri);
      const index = Math.min(cell, Math.max(0, notebook.cellCount - 1));
      const editor = await vscode.window.showNotebookDocument(notebook, { preview, preserveFocus: preview, selections: [new vscode.NotebookRange(index, index + 1)] });
      editor.revealRange(new vscode.NotebookRange(index, index + 1), vscode.NotebookEditorRevealType.InCenterIfOutsideViewport);
      const cellDoc = notebook.cellAt(index).document;
      if (!preview) await vscode.window.showTextDocument(cellDoc, { selection: range, preview: false });
      return;
    }
    await vscode.window.showTextDocument(uri, { selection: range, preview, preserveFocus: preview });
  } catch (err) {
    void vscode.window.showWarningMessage(`PTM Lens: could not open ${vscode.workspace.asRelativePath(uri)}: ${(err as Error).message}`);
  }
}
