import * as vscode from 'vscode';
import { renderModelHover, renderPendingHover } from '../core/render/modelHover.js';
import { renderReferenceHover } from '../core/render/referenceHover.js';
import { EXPLAIN_FOCUSED_CONV_COMMAND } from '../core/render/suggestionHover.js';
import { suppressedOnLine } from '../core/fix/edits.js';
import { isLibraryWeightsReference } from '../core/vision/references.js';
import type { DocumentAnalysis } from './analysis.js';
import { toVsRange } from './analysis.js';
import { focusedConvolutionEnabled, levelFor, readConfig } from './config.js';
import type { DiagnosticsManager } from './diagnostics.js';
import type { ModelService } from './models.js';

/** How long a hover waits for a lookup before showing "looking up…" instead. */
const HOVER_WAIT_MS = 1_500;

/** The model card under the cursor. Never blocks typing: an unfinished lookup shows a pending card. */
export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: DocumentAnalysis, private readonly diagnostics: DiagnosticsManager, private readonly models: ModelService) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const refs = await this.analysis.references(document);
    if (token.isCancellationRequested) return undefined;
    const ref = refs.find((r) => toVsRange(r.range).contains(position));
    if (!ref) return undefined;
    const hubUrl = this.models.hubUrl;
    const config = readConfig(document.uri);
    // A `ptm-lens: ignore[...]` comment on the line hides what it names here too, as in the Problems panel.
    const suppressed = ref.range.start.line < document.lineCount ? suppressedOnLine(document.lineAt(ref.range.start.line).text) : undefined;
    const isSuppressed = (rule: string): boolean => suppressed === 'all' || (suppressed?.has(rule) ?? false);
    const suggestions = focusedConvolutionEnabled(config) && !isSuppressed('focused-convolution');
    let markdown: string;
    if (!ref.modelId || isLibraryWeightsReference(ref)) {
      // Dynamic ids and library weights (torchvision, timm) are not Hub repos: show what the code says.
      markdown = renderReferenceHover(ref, { hubUrl, suggestions, explainCommand: true });
    } else {
      let state = this.diagnostics.state(document.uri);
      if (!state || state.version !== document.version) {
        state = await Promise.race([
          this.diagnostics.update(document),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), HOVER_WAIT_MS)),
        ]);
      }
      if (token.isCancellationRequested) return undefined;
      const assessment = state?.assessments.find((a) => a.references.some((r) => r.range.start.line === ref.range.start.line && r.range.start.character === ref.range.start.character && r.cell === ref.cell));
      markdown = assessment
        ? renderModelHover(ref, assessment, { hubUrl, suggestions, explainCommand: true, isRuleOff: (rule) => isSuppressed(rule) || levelFor(config, rule as never, 'info') === 'off' })
        : renderPendingHover(ref, { hubUrl });
    }
    // Untrusted Markdown but for one command (the focused-convolution explanation, which takes no
    // arguments): no other command links and no HTML; Hub text is escaped by the renderers.
    const md = new vscode.MarkdownString(markdown, true);
    md.isTrusted = { enabledCommands: [EXPLAIN_FOCUSED_CONV_COMMAND] };
    md.supportHtml = false;
    return new vscode.Hover(md, toVsRange(ref.range));
  }
}
