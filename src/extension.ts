/**
 * Activation stays cheap: it registers providers and commands; the tree-sitter parsers load the
 * first time a document or a scan needs them.
 */
import * as vscode from 'vscode';
import { Detector } from './core/detect/index.js';
import { DOCUMENT_SELECTOR, DocumentAnalysis } from './vscode/analysis.js';
import { ReferenceHoverProvider } from './vscode/hover.js';
import { Log } from './vscode/log.js';
import { ScanCommand } from './vscode/scanCommand.js';

export interface PtmLensApi {
  /** Runs the workspace scan; resolves with the results, or undefined when cancelled or impossible. */
  scanWorkspace(): Promise<unknown>;
}

export function activate(context: vscode.ExtensionContext): PtmLensApi {
  const log = new Log();
  let detector: Promise<Detector> | undefined;
  const loadDetector = (): Promise<Detector> => {
    detector ??= Detector.create({ wasmDir: context.asAbsolutePath('dist') }).catch((err: unknown) => {
      detector = undefined;
      log.error('Could not load the parsers', err);
      throw err;
    });
    return detector;
  };
  const analysis = new DocumentAnalysis(loadDetector);
  const scan = new ScanCommand(loadDetector, log);
  context.subscriptions.push(
    log,
    analysis,
    vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new ReferenceHoverProvider(analysis)),
    vscode.commands.registerCommand('ptmLens.scanWorkspace', () => scan.run()),
    vscode.commands.registerCommand('ptmLens.showLog', () => log.channel.show()),
  );
  log.info('PTM Lens activated.');
  return { scanWorkspace: () => scan.run() };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
