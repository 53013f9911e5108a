import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { InventoryModel } from '../core/inventory.js';
import { renderModelReport } from '../core/render/modelReport.js';
import { levelFor, readConfig } from './config.js';
import type { WorkspaceInventory } from './inventory.js';
import { referenceLabel } from './modelsView.js';

const VIEW_TYPE = 'ptmLens.modelReport';

/**
 * One webview per model report. The page runs no script and may not use command links; it is
 * re-rendered when the model's assessment changes (a refresh, a settings change, a newer lookup).
 */
export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** What each panel shows, so an unrelated inventory change does not re-render (and scroll) it. */
  private readonly shown = new WeakMap<vscode.WebviewPanel, { assessment: object; references: string; hubUrl: string }>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly inventory: WorkspaceInventory, private readonly hubUrl: () => string) {
    this.subscription = inventory.onDidChange(() => {
      for (const [key, panel] of this.panels) {
        const m = inventory.find(key);
        if (m?.assessment) this.render(panel, m, this.hubUrl(), false);
      }
    });
  }

  show(model: InventoryModel, hubUrl = this.hubUrl()): void {
    let panel = this.panels.get(model.key);
    if (panel) {
      panel.reveal(undefined, false);
    } else {
      panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Model: ${model.label}`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: false,
        enableCommandUris: false,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      const key = model.key;
      panel.onDidDispose(() => this.panels.delete(key));
      this.panels.set(key, panel);
    }
    this.render(panel, model, hubUrl, true);
  }

  private render(panel: vscode.WebviewPanel, model: InventoryModel, hubUrl: string, force: boolean): void {
    const a = model.assessment;
    if (!a) return;
    const references = model.references.map((r) => ({ location: referenceLabel(r), call: r.reference.call, revision: r.reference.revision }));
    const signature = JSON.stringify(references);
    const last = this.shown.get(panel);
    if (!force && last && last.assessment === a && last.references === signature && last.hubUrl === hubUrl) return;
    this.shown.set(panel, { assessment: a, references: signature, hubUrl });
    const config = readConfig();
    panel.title = `Model: ${model.label}`;
    panel.webview.html = renderModelReport(a, {
      hubUrl,
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      references,
      isRuleOff: (rule) => levelFor(config, rule as never, 'info') === 'off',
    });
  }

  dispose(): void {
    this.subscription.dispose();
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
  }
}
