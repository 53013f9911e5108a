import * as vscode from 'vscode';
import type { DiagnosticsManager } from './diagnostics.js';

/** "$(package) 3 models · 5 findings" for the open documents; a click shows the findings. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ptmLens.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly diagnostics: DiagnosticsManager) {
    this.item.name = 'PTM Lens';
    this.item.command = 'workbench.actions.view.problems';
    this.subscription = diagnostics.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const models = new Set<string>();
    let findings = 0;
    for (const s of this.diagnostics.allStates()) for (const a of s.assessments) models.add(a.modelId);
    this.diagnostics.collection.forEach((_uri, diags) => {
      findings += diags.length;
    });
    if (models.size === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(package) ${models.size} model${models.size === 1 ? '' : 's'} · ${findings} finding${findings === 1 ? '' : 's'}`;
    this.item.tooltip = 'PTM Lens: pre-trained models in the open files and their findings. Click to open the Problems panel.';
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
