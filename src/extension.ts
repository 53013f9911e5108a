/**
 * Activation stays cheap: it registers providers and commands; the tree-sitter parsers load the
 * first time a document or a scan needs them, and nothing is looked up until a document asks.
 */
import * as vscode from 'vscode';
import { Detector } from './core/detect/index.js';
import type { Parsers } from './core/detect/parsers.js';
import { sharedParsers } from './core/detect/parsers.js';
import { DOCUMENT_SELECTOR, DocumentAnalysis } from './vscode/analysis.js';
import { BomCommand } from './vscode/bomCommand.js';
import { PtmLensCodeActions } from './vscode/codeActions.js';
import { DiagnosticsManager } from './vscode/diagnostics.js';
import { ReferenceHoverProvider } from './vscode/hover.js';
import { WorkspaceInventory } from './vscode/inventory.js';
import { Log } from './vscode/log.js';
import { ModelService, TOKEN_SECRET } from './vscode/models.js';
import { ModelsView } from './vscode/modelsView.js';
import { ReportPanels } from './vscode/reportPanel.js';
import { ScanCommand } from './vscode/scanCommand.js';
import { StatusBar } from './vscode/statusBar.js';

export interface PtmLensApi {
  /** Runs the workspace scan; resolves with the results, or undefined when cancelled or impossible. */
  scanWorkspace(): Promise<unknown>;
}

export function activate(context: vscode.ExtensionContext): PtmLensApi {
  const log = new Log();
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  let detector: Promise<Detector> | undefined;
  const loadDetector = (): Promise<Detector> => {
    detector ??= Detector.create({ wasmDir: context.asAbsolutePath('dist') }).catch((err: unknown) => {
      detector = undefined;
      log.error('Could not load the parsers', err);
      throw err;
    });
    return detector;
  };
  const parsers = async (): Promise<Parsers> => {
    await loadDetector();
    return sharedParsers(context.asAbsolutePath('dist'));
  };
  const analysis = new DocumentAnalysis(loadDetector);
  const models = new ModelService(context, log, version);
  const diagnostics = new DiagnosticsManager(analysis, models, log);
  const scan = new ScanCommand(loadDetector, models, log);
  const bom = new BomCommand(loadDetector, models, log, version);
  const inventory = new WorkspaceInventory(diagnostics, scan);
  diagnostics.locateModel = (id) => inventory.locate(id);
  const reports = new ReportPanels(context.extensionUri, inventory, () => models.hubUrl);
  context.subscriptions.push(
    log,
    analysis,
    models,
    diagnostics,
    scan,
    inventory,
    reports,
    new ModelsView(inventory, scan, models, reports),
    new StatusBar(inventory),
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new ReferenceHoverProvider(analysis, diagnostics, models)),
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new PtmLensCodeActions(diagnostics, models, parsers), {
      providedCodeActionKinds: PtmLensCodeActions.kinds,
    }),
    vscode.commands.registerCommand('ptmLens.scanWorkspace', () => scan.run()),
    vscode.commands.registerCommand('ptmLens.generateBom', () => bom.run()),
    vscode.commands.registerCommand('ptmLens.refresh', async () => {
      await models.reset(true);
      void vscode.window.showInformationMessage('PTM Lens: caches cleared; open files are being looked up again.');
    }),
    vscode.commands.registerCommand('ptmLens.setToken', async () => {
      const token = await vscode.window.showInputBox({
        title: 'PTM Lens: Hugging Face token',
        prompt: 'Stored in VS Code\'s secret storage and sent only to the configured Hub. Read access is enough.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'Enter a token, or press Escape.' : /\s/.test(v.trim()) ? 'A token has no spaces.' : undefined),
      });
      if (!token) return;
      await context.secrets.store(TOKEN_SECRET, token.trim());
      void vscode.window.showInformationMessage('PTM Lens: Hugging Face token saved.');
    }),
    vscode.commands.registerCommand('ptmLens.clearToken', async () => {
      await context.secrets.delete(TOKEN_SECRET);
      void vscode.window.showInformationMessage('PTM Lens: Hugging Face token removed; HF_TOKEN is used if set.');
    }),
    vscode.commands.registerCommand('ptmLens.showLog', () => log.channel.show()),
    // The explanation page ships in media/ and opens in the built-in Markdown preview.
    vscode.commands.registerCommand('ptmLens.explainFocusedConvolution', () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(context.asAbsolutePath('media/focused-convolution.md'))),
    ),
  );
  log.info('PTM Lens activated.');
  return { scanWorkspace: () => scan.run() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
