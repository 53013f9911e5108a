import * as vscode from 'vscode';
import { renderReferenceHover } from '../core/render/referenceHover.js';
import type { DocumentAnalysis } from './analysis.js';
import { toVsRange } from './analysis.js';

/** Shows what PTM Lens knows about the model id under the cursor. */
export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analysis: DocumentAnalysis) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const refs = await this.analysis.references(document);
    if (token.isCancellationRequested) return undefined;
    const ref = refs.find((r) => toVsRange(r.range).contains(position));
    if (!ref) return undefined;
    // Untrusted Markdown: no command links, no HTML; ids are escaped by the renderer.
    const md = new vscode.MarkdownString(renderReferenceHover(ref));
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, toVsRange(ref.range));
  }
}
