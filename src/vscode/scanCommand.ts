import * as vscode from 'vscode';
import type { Detector } from '../core/detect/index.js';
import type { PipelineResult } from '../core/pipeline.js';
import { runPipeline } from '../core/pipeline.js';
import { renderScanText } from '../core/report/scanReport.js';
import { MemoryScanCache } from '../core/scan/workspace.js';
import { readConfig } from './config.js';
import type { Log } from './log.js';
import type { ModelService } from './models.js';

/** The Explorer view "Pre-trained Models" (package.json `contributes.views`). */
export const MODELS_VIEW_ID = 'ptmLens.models';

/** "PTM Lens: Scan Workspace for Models": scans every local workspace folder with progress and cancel. */
export interface ScanRunOptions {
  /**
   * A quiet scan (the Pre-trained Models view filling itself in) shows its progress in the view and
   * no summary message; the command shows a cancellable notification and a summary.
   */
  quiet?: boolean;
}

export class ScanCommand implements vscode.Disposable {
  private readonly cache = new MemoryScanCache();
  private running: Promise<PipelineResult[] | undefined> | undefined;
  private readonly scanned = new vscode.EventEmitter<PipelineResult[]>();
  /** Fires with the results of every finished (not cancelled) scan. */
  readonly onDidScan = this.scanned.event;
  private readonly started = new vscode.EventEmitter<boolean>();
  /** Fires true when a scan starts and false when it ends. */
  readonly onDidChangeRunning = this.started.event;

  constructor(private readonly loadDetector: () => Promise<Detector>, private readonly models: ModelService, private readonly log: Log) {}

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  run(options: ScanRunOptions = {}): Promise<PipelineResult[] | undefined> {
    // A second invocation while one runs joins it instead of starting another.
    if (!this.running) {
      this.started.fire(true);
      this.running = this.scan(options).finally(() => {
        this.running = undefined;
        this.started.fire(false);
      });
    }
    return this.running;
  }

  private async scan(options: ScanRunOptions): Promise<PipelineResult[] | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) {
      if (!options.quiet) void vscode.window.showInformationMessage('PTM Lens: open a folder to scan it for model references.');
      return undefined;
    }
    const location = options.quiet ? { viewId: MODELS_VIEW_ID } : vscode.ProgressLocation.Notification;
    return vscode.window.withProgress(
      { location, title: 'PTM Lens: scanning for models', cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort(new vscode.CancellationError()));
        const results: PipelineResult[] = [];
        try {
          const detector = await this.loadDetector();
          const client = await this.models.getClient();
          for (const folder of folders) {
            const config = readConfig(folder.uri);
            const started = Date.now();
            const result = await runPipeline(folder.uri.fsPath, detector, {
              client,
              projectLicense: config.projectLicense || null,
              onModelProgress: (done, total) => progress.report({ message: `${folder.name}: ${done} of ${total} models looked up` }),
              exclude: config.exclude,
              maxFileBytes: Math.round(config.maxFileSizeMB * 1024 * 1024),
              signal: controller.signal,
              cache: this.cache,
              onProgress: (p) => progress.report({ message: `${folder.name}: ${p.filesSeen} files read` }),
            });
            results.push(result);
            this.log.info(`Scan of ${folder.name}:\n${renderScanText(result, Date.now() - started)}`);
          }
        } catch (err) {
          if (controller.signal.aborted) {
            if (!options.quiet) void vscode.window.showInformationMessage('PTM Lens: scan cancelled.');
            return undefined;
          }
          this.log.error('The workspace scan failed', err);
          void vscode.window.showErrorMessage(`PTM Lens: the scan failed: ${(err as Error).message}`);
          return undefined;
        } finally {
          sub.dispose();
        }
        this.scanned.fire(results);
        if (options.quiet) return results;
        const refs = results.flatMap((r) => r.scan.references);
        const models = new Set(refs.map((r) => r.modelId).filter((id): id is string => id !== null));
        const notices = results.reduce((n, r) => n + r.scan.notices.length, 0);
        const findings = results.reduce((n, r) => n + r.findings.length, 0);
        const summary = `PTM Lens: ${refs.length} model reference${refs.length === 1 ? '' : 's'} to ${models.size} model${models.size === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}${notices ? `, ${notices} notice${notices === 1 ? '' : 's'}` : ''}.`;
        void vscode.window.showInformationMessage(summary, 'Show Models', 'Show Details').then((choice) => {
          if (choice === 'Show Models') void vscode.commands.executeCommand(`${MODELS_VIEW_ID}.focus`);
          else if (choice) this.log.channel.show(true);
        });
        return results;
      },
    );
  }

  dispose(): void {
    this.scanned.dispose();
    this.started.dispose();
  }
}
