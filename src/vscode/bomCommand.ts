import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../cli/output.js';
import { renderCycloneDx } from '../core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../core/bom/markdown.js';
import { renderSpdx } from '../core/bom/spdx.js';
import type { Detector } from '../core/detect/index.js';
import type { PipelineResult } from '../core/pipeline.js';
import { runPipeline } from '../core/pipeline.js';
import { readConfig } from './config.js';
import type { Log } from './log.js';
import type { ModelService } from './models.js';

interface Format {
  label: string;
  detail: string;
  file: string;
  render: (r: PipelineResult, version: string) => string;
}

const FORMATS: Format[] = [
  { label: 'CycloneDX 1.6 (JSON)', detail: 'ML-BOM with model cards, lineage and where each model is used', file: 'ptm-lens.cdx.json', render: (r, v) => renderCycloneDx(r, v) },
  { label: 'SPDX 3.0.1 (JSON-LD)', detail: 'AI and Dataset profiles', file: 'ptm-lens.spdx.json', render: (r, v) => renderSpdx(r, v) },
  { label: 'Markdown report', detail: 'A table of models, licenses, scores and risks for people', file: 'ptm-lens-report.md', render: (r, v) => renderBomMarkdown(r, v) },
];

/** "PTM Lens: Generate Bill of Materials": writes the BOM into the workspace folder, asking before it replaces a file. */
export class BomCommand {
  constructor(private readonly loadDetector: () => Promise<Detector>, private readonly models: ModelService, private readonly log: Log, private readonly version: string) {}

  async run(): Promise<string | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Generate a bill of materials for which folder?' });
    if (!folder) {
      if (folders.length === 0) void vscode.window.showInformationMessage('PTM Lens: open a folder to generate its bill of materials.');
      return undefined;
    }
    const format = await vscode.window.showQuickPick(FORMATS, { title: 'PTM Lens: Generate Bill of Materials', placeHolder: 'Format' });
    if (!format) return undefined;
    const target = path.join(folder.uri.fsPath, format.file);
    if (existsSync(target)) {
      const answer = await vscode.window.showWarningMessage(`${format.file} already exists. Replace it?`, { modal: true }, 'Replace');
      if (answer !== 'Replace') return undefined;
    }
    const config = readConfig(folder.uri);
    try {
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `PTM Lens: generating ${format.label}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const sub = token.onCancellationRequested(() => controller.abort(new vscode.CancellationError()));
          try {
            const result = await runPipeline(folder.uri.fsPath, await this.loadDetector(), {
              client: await this.models.getClient(),
              projectLicense: config.projectLicense || null,
              exclude: config.exclude,
              maxFileBytes: Math.round(config.maxFileSizeMB * 1024 * 1024),
              signal: controller.signal,
              onModelProgress: (done, total) => progress.report({ message: `${done} of ${total} models looked up` }),
            });
            return format.render(result, this.version);
          } finally {
            sub.dispose();
          }
        },
      );
      // The user agreed to replace the file, if there was one.
      await writeFileAtomic(target, text, true);
      this.log.info(`Wrote ${target}.`);
      await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
      return target;
    } catch (err) {
      if (err instanceof vscode.CancellationError) return undefined;
      this.log.error('Could not generate the bill of materials', err);
      void vscode.window.showErrorMessage(`PTM Lens: could not generate the bill of materials: ${(err as Error).message}`);
      return undefined;
    }
  }
}
