import * as vscode from 'vscode';
import type { RuleId } from '../core/assess/rules.js';
import type { Parsers } from '../core/detect/parsers.js';
import type { ModelReference } from '../core/detect/types.js';
import type { TextEdit } from '../core/fix/edits.js';
import { pinRevisionEdit, replaceIdEdit, suppressEdit, useSafetensorsEdit } from '../core/fix/edits.js';
import { modelPageUrl } from '../core/render/referenceHover.js';
import { EXPLAIN_FOCUSED_CONV_COMMAND } from '../core/render/suggestionHover.js';
import type { ArchitectureClass } from '../core/vision/architecture.js';
import { classifyReference } from '../core/vision/architecture.js';
import { focusedConvEdit } from '../core/vision/insertion.js';
import { modelLibraryOf } from '../core/vision/references.js';
import { toVsRange } from './analysis.js';
import { focusedConvolutionEnabled, readConfig } from './config.js';
import { DIAGNOSTIC_SOURCE } from './diagnostics.js';
import type { DiagnosticsManager } from './diagnostics.js';
import type { ModelService } from './models.js';

const GRAMMAR: Record<string, 'python' | 'javascript' | 'typescript' | 'tsx' | undefined> = {
  python: 'python',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
};

/** Quick fixes for PTM Lens diagnostics; every edit is computed on the syntax tree, nothing is run. */
export class PtmLensCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: DiagnosticsManager, private readonly models: ModelService, private readonly parsers: () => Promise<Parsers>) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    if (ours.length === 0) return [];
    const state = this.diagnostics.state(document.uri);
    if (!state) return [];
    const parsers = await this.parsers();
    const grammar = GRAMMAR[document.languageId];
    const text = document.getText();
    const actions: vscode.CodeAction[] = [];
    const opened = new Set<string>();
    for (const diag of ours) {
      const rule = (typeof diag.code === 'object' ? String(diag.code.value) : String(diag.code)) as RuleId;
      const assessment = state.assessments.find((a) => a.references.some((r) => toVsRange(r.range).isEqual(diag.range)));
      const ref: ModelReference | undefined = assessment?.references.find((r) => toVsRange(r.range).isEqual(diag.range));
      if (rule === 'focused-convolution' && grammar === 'python' && focusedConvolutionEnabled(readConfig(document.uri))) {
        // Hub models carry their architecture; library weights (no assessment) are classified by their constructor.
        const libraryRef = ref ? undefined : state.libraryFindings.find((f) => f.rule === rule && toVsRange(f.reference.range).isEqual(diag.range))?.reference;
        const target = ref ?? libraryRef;
        if (target) actions.push(...this.focusedConvActions(document, parsers, text, target, assessment?.architecture ?? classifyReference(target), assessment?.facts?.libraryName, diag));
      }
      if (!assessment || !ref) {
        const line = diag.range.start.line;
        if (document.languageId !== 'json') actions.push(this.action(`Suppress ${rule} on this line`, document, [suppressEdit(document.lineAt(line).text, line, rule, grammar === 'python' || document.languageId === 'yaml' ? '#' : '//')], diag, false));
        continue;
      }
      const sha = assessment.facts?.sha;
      if (rule === 'unpinned-revision' && sha && grammar) {
        const edit = pinRevisionEdit(parsers, text, grammar, ref.range, sha);
        if (edit) actions.push(this.action(`Pin ${assessment.modelId} to commit ${sha.slice(0, 12)}`, document, [edit], diag, true));
      }
      if (rule === 'model-renamed' && ref.resolvedVia === 'literal') {
        actions.push(this.action(`Replace with ${assessment.canonicalId}`, document, [replaceIdEdit(ref.range, assessment.canonicalId)], diag, true));
      }
      if (rule === 'pickle-weights' && grammar === 'python' && (assessment.facts?.files ?? []).some((f) => f.endsWith('.safetensors'))) {
        const edit = useSafetensorsEdit(parsers, text, ref.range);
        if (edit) actions.push(this.action('Load safetensors weights (use_safetensors=True)', document, [edit], diag, true));
      }
      const line = diag.range.start.line;
      // JSON has no comments to suppress with.
      if (document.languageId !== 'json') actions.push(this.action(`Suppress ${rule} on this line`, document, [suppressEdit(document.lineAt(line).text, line, rule, grammar === 'python' || document.languageId === 'yaml' ? '#' : '//')], diag, false));
      if (!opened.has(assessment.canonicalId)) {
        opened.add(assessment.canonicalId);
        const open = new vscode.CodeAction(`Open ${assessment.canonicalId} on the Hub`, vscode.CodeActionKind.QuickFix);
        open.command = { title: 'Open on the Hub', command: 'vscode.open', arguments: [vscode.Uri.parse(modelPageUrl(assessment.canonicalId, this.models.hubUrl))] };
        open.diagnostics = [diag];
        actions.push(open);
      }
    }
    return actions;
  }

  /**
   * "Optimize with focused convolutions": one insertion after the statement that builds the model, so
   * a single undo restores the file; never preferred, so it is never applied without being chosen.
   * Also a link to the explanation page.
   */
  private focusedConvActions(document: vscode.TextDocument, parsers: Parsers, text: string, ref: ModelReference, arch: ArchitectureClass, libraryName: string | undefined, diag: vscode.Diagnostic): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const tree = parsers.get('python').parse(text);
    if (tree) {
      try {
        const edit = focusedConvEdit(tree.rootNode, text, ref, arch, modelLibraryOf(ref, libraryName));
        if (edit) actions.push(this.action('Optimize with focused convolutions', document, [edit], diag, false));
      } finally {
        tree.delete();
      }
    }
    const explain = new vscode.CodeAction('Explain focused convolution', vscode.CodeActionKind.QuickFix);
    explain.command = { title: 'Explain focused convolution', command: EXPLAIN_FOCUSED_CONV_COMMAND };
    explain.diagnostics = [diag];
    actions.push(explain);
    return actions;
  }

  private action(title: string, document: vscode.TextDocument, edits: TextEdit[], diag: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    for (const e of edits) action.edit.replace(document.uri, toVsRange(e.range), e.newText);
    action.diagnostics = [diag];
    action.isPreferred = preferred;
    return action;
  }
}
