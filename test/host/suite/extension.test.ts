/**
 * Extension-host tests through the VS Code API (run by test/host/runTest.ts in a desktop VS Code):
 * activation, the hover card, diagnostics, the quick fixes and the Pre-trained Models commands.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';

const BERT = 'google-bert/bert-base-uncased';

async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

export function registerSuite(): void {
  describe('PTM Lens in the extension host', () => {
    const workspace = process.env.PTM_LENS_HOST_WORKSPACE ?? '';
    let doc: vscode.TextDocument;

    before(async () => {
      const ext = vscode.extensions.getExtension('ptm-lens.ptm-lens');
      assert.ok(ext, 'the extension is installed');
      doc = await vscode.workspace.openTextDocument(path.join(workspace, 'train.py'));
      await vscode.window.showTextDocument(doc);
      await until('activation', () => (ext.isActive ? true : undefined));
    });

    it('registers its commands', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['ptmLens.scanWorkspace', 'ptmLens.generateBom', 'ptmLens.showReport', 'ptmLens.openOnHub', 'ptmLens.copyModelId', 'ptmLens.revealReferences', 'ptmLens.refresh']) {
        assert.ok(commands.includes(c), c);
      }
    });

    it('reports diagnostics with rule ids on the model id', async () => {
      const diags = await until('diagnostics', () => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'PTM Lens');
        return d.length > 0 ? d : undefined;
      });
      const unpinned = diags.find((d) => typeof d.code === 'object' && d.code.value === 'unpinned-revision');
      assert.ok(unpinned, diags.map((d) => d.message).join('\n'));
      assert.equal(doc.getText(unpinned.range), BERT);
    });

    it('shows the model card on hover', async () => {
      const at = doc.positionAt(doc.getText().indexOf(BERT) + 3);
      const text = await until('a hover with scores', async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at));
        return t.includes('Provenance') ? t : undefined;
      });
      assert.match(text, /Apache/);
    });

    it('offers the pin quick fix', async () => {
      const range = new vscode.Range(doc.positionAt(doc.getText().indexOf(BERT)), doc.positionAt(doc.getText().indexOf(BERT) + BERT.length));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
      assert.ok(actions.some((a) => /pin/i.test(a.title)), actions.map((a) => a.title).join(', '));
    });

    it('scans the workspace and opens the model report', async () => {
      const api = vscode.extensions.getExtension<{ scanWorkspace(): Promise<unknown> }>('ptm-lens.ptm-lens')!.exports;
      const results = (await api.scanWorkspace()) as { models?: { modelId: string }[] }[] | undefined;
      assert.ok(results?.some((r) => r.models?.some((m) => m.modelId === BERT)));
      await vscode.commands.executeCommand('ptmLens.showReport', BERT);
      await until('the report panel', () => (vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes(BERT) ? true : undefined));
    });
  });
}
