import * as vscode from 'vscode';
import type { Detector } from '../core/detect/index.js';
import type { PipelineResult } from '../core/pipeline.js';
import { runPipeline } from '../core/pipeline.js';
import { renderScanText } from '../core/report/scanReport.js';
import { MemoryScanCache } from '../core/scan/workspace.js';
import { readConfig } from './config.js';
import type { Log } from './log.js';
import type { ModelService } from './models.js';

/** "PTM Lens: Scan Workspace for Models": scans every local workspace folder with progress and cancel. */
export class ScanCommand {
  private readonly cache = new MemoryScanCache();
  private running: Promise<PipelineResult[] | undefined> | undefined;

  constructor(private readonly loadDetector: () => Promise<Detector>, private readonly models: ModelService, private readonly log: Log) {}

  run(): Promise<PipelineResult[] | undefined> {
    // A second invocation while one runs joins it instead of starting another.
    this.running ??= this.scan().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async scan(): Promise<PipelineResult[] | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('PTM Lens: open a folder to scan it for model references.');
      return undefined;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'PTM Lens: scanning for models', cancellable: true },
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
            void vscode.window.showInformationMessage('PTM Lens: scan cancelled.');
            return undefined;
          }
          this.log.error('The workspace scan failed', err);
          void vscode.window.showErrorMessage(`PTM Lens: the scan failed: ${(err as Error).message}`);
          return undefined;
        } finally {
          sub.dispose();
        }
        const refs = results.flatMap((r) => r.scan.references);
        const models = new Set(refs.map((r) => r.modelId).filter((id): id is string => id !== null));
        const notices = results.reduce((n, r) => n + r.scan.notices.length, 0);
        const findings = results.reduce((n, r) => n + r.findings.length, 0);
        const summary = `PTM Lens: ${refs.length} model reference${refs.length === 1 ? '' : 's'} to ${models.size} model${models.size === 1 ? '' : 's'}, ${findings} finding${findings === 1 ? '' : 's'}${notices ? `, ${notices} notice${notices === 1 ? '' : 's'}` : ''}.`;
        void vscode.window.showInformationMessage(summary, 'Show Details').then((choice) => {
          if (choice) this.log.channel.show(true);
        });
        return results;
      },
    );
  }
}
