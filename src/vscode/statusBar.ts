import * as vscode from 'vscode';
import type { WorkspaceInventory } from './inventory.js';
import { MODELS_VIEW_ID } from './scanCommand.js';

/** "$(package) 3 models · 5 findings" for the workspace's models; a click opens the Pre-trained Models view. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ptmLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly inventory: WorkspaceInventory) {
    this.item.name = 'PTM Lens';
    this.item.command = `${MODELS_VIEW_ID}.focus`;
    this.subscription = inventory.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const t = this.inventory.totals();
    if (t.models === 0) {
      this.item.hide();
      return;
    }
    const scope = this.inventory.scannedOnce ? 'the workspace' : 'the open files';
    this.item.text = `$(package) ${t.models} model${t.models === 1 ? '' : 's'} · ${t.findings} finding${t.findings === 1 ? '' : 's'}`;
    this.item.tooltip = `PTM Lens: pre-trained models in ${scope} (${t.errors} errors, ${t.warnings} warnings). Click to open the Pre-trained Models view.`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
