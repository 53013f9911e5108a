/**
 * Where the focused-convolution snippet goes: right after the statement that builds the model, at its
 * indentation, with the name the model is bound to. Computed on the syntax tree, never by running code.
 *
 * Why this is conservative: inserted code must keep the file valid Python. So there is no insertion
 * point when the model is not bound to a simple target (`model = …`, `self.model = …`), when the
 * statement shares its line with a compound statement's header (`if x: model = …`), or when it sits
 * directly in a class body, where the snippet's hook functions could not see the names it defines.
 */
import type { Node } from 'web-tree-sitter';
import type { ModelReference, Position, Range } from '../detect/types.js';
import type { ArchitectureClass } from './architecture.js';
import { libraryConstructorName } from './architecture.js';
import type { FocusedConvSnippetInput } from './focusedConv.js';
import { earlyModuleFor, focusedConvSnippet, focusedConvSuggestion, hasFeaturesTrunk } from './focusedConv.js';
import type { ModelLibrary } from './references.js';

export interface FocusedConvInsertion {
  /** The expression holding the model: the assignment target, or `<target>.model` for a `pipeline`. */
  variableName: string;
  /** Leading whitespace of the statement's first line. */
  indent: string;
  /** 0-based last line of the statement; the snippet goes after it. */
  afterLine: number;
  /** Where to insert: the start of the next line, or the end of the text when the statement ends it. */
  position: Position;
  /** `"\n"` when the statement is on the last line and the text does not end with a newline, else `""`. */
  prefix: string;
}

/**
 * Finds the insertion point for a model reference at `at` (a position inside the loader call) in a
 * Python module parsed from `source`.
 */
export function focusedConvInsertion(root: Node, source: string, at: Position): FocusedConvInsertion | undefined {
  let node: Node | null = root.descendantForPosition({ row: at.line, column: at.character });
  let statement: Node | undefined;
  for (; node; node = node.parent) {
    if (node.type === 'expression_statement' && (node.parent?.type === 'block' || node.parent?.type === 'module')) {
      statement = node;
      break;
    }
    if (node.type === 'lambda' || node.type === 'function_definition' || node.type === 'class_definition') return undefined;
  }
  if (!statement) return undefined;
  const assignment = statement.namedChild(0);
  if (!assignment || assignment.type !== 'assignment' || statement.namedChildCount !== 1) return undefined;
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (!left || !right || (left.type !== 'identifier' && left.type !== 'attribute')) return undefined;
  const block = statement.parent!;
  if (block.type === 'block') {
    const owner = block.parent;
    if (!owner || owner.type === 'class_definition') return undefined;
    // `if x: model = f()` — the block starts on its header's line, so there is no line to indent after.
    if (block.startPosition.row === owner.startPosition.row) return undefined;
  }
  const lines = source.split('\n');
  const startLine = lines[statement.startPosition.row] ?? '';
  const indent = /^[ \t]*/.exec(startLine)![0];
  let variableName = left.text.replace(/\s+/g, '');
  if (right.type === 'call' && /(^|\.)pipeline$/.test(right.childForFieldName('function')?.text ?? '')) variableName += '.model';
  const afterLine = statement.endPosition.row;
  const atEnd = afterLine >= lines.length - 1;
  const position: Position = atEnd ? { line: afterLine, character: (lines[afterLine] ?? '').length } : { line: afterLine + 1, character: 0 };
  return { variableName, indent, afterLine, position, prefix: atEnd ? '\n' : '' };
}

/**
 * The whole edit for "Optimize with focused convolutions" on one reference: the insertion point and the
 * snippet in the form that fits, or undefined when the model is not a 2D CNN or there is no safe place.
 * `library` is the library that builds the model (see `modelLibraryOf`).
 */
export function focusedConvEdit(
  root: Node,
  source: string,
  ref: Pick<ModelReference, 'range' | 'modelId' | 'source'>,
  arch: ArchitectureClass,
  library: ModelLibrary,
): { range: Range; newText: string; snippet: FocusedConvSnippetInput } | undefined {
  if (!focusedConvSuggestion(arch)) return undefined;
  const place = focusedConvInsertion(root, source, ref.range.start);
  if (!place) return undefined;
  const architectureName = libraryConstructorName(ref) ?? arch.name;
  const input: FocusedConvSnippetInput = {
    variableName: place.variableName,
    architectureName,
    hasFeaturesTrunk: hasFeaturesTrunk(architectureName, library),
    indent: place.indent,
    library,
  };
  const early = earlyModuleFor(architectureName, library);
  if (early) input.earlyModule = early;
  return { range: { start: place.position, end: place.position }, newText: place.prefix + focusedConvSnippet(input), snippet: input };
}
