/**
 * Text edits behind the quick fixes, computed on the syntax tree of the file (never by running it):
 * pin `revision="<sha>"`, replace a renamed id, add `use_safetensors=True`, suppress a rule on a line.
 * Positions are 0-based, in UTF-16 code units, like the editor's.
 */
import type { Node } from 'web-tree-sitter';
import type { Parsers } from '../detect/parsers.js';
import type { Position, Range } from '../detect/types.js';

export interface TextEdit {
  range: Range;
  newText: string;
}

type Lang = 'python' | 'javascript' | 'typescript' | 'tsx';

/** The innermost call around a reference's range, and its argument list. */
function callAround(root: Node, range: Range, lang: Lang): { call: Node; args: Node } | undefined {
  const start = root.descendantForPosition({ row: range.start.line, column: range.start.character });
  const callType = lang === 'python' ? 'call' : 'call_expression';
  const argsType = lang === 'python' ? 'argument_list' : 'arguments';
  for (let n: Node | null = start; n; n = n.parent) {
    if (n.type === callType) {
      const args = n.childForFieldName('arguments');
      if (args && args.type === argsType) return { call: n, args };
    }
  }
  return undefined;
}

function pos(p: { row: number; column: number }): Position {
  return { line: p.row, character: p.column };
}

/** Where to append a new argument: after the last argument (before a trailing comma or the `)`). */
function appendArgument(args: Node, text: string): TextEdit {
  const named = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  const close = args.child(args.childCount - 1);
  if (named.length === 0) {
    const at = close ? pos(close.startPosition) : pos(args.endPosition);
    return { range: { start: at, end: at }, newText: text };
  }
  const last = named[named.length - 1]!;
  const multiline = args.startPosition.row !== args.endPosition.row && last.startPosition.row !== args.startPosition.row;
  if (multiline) {
    // One argument per line: add a line with the same indentation after the last argument.
    const indent = ' '.repeat(last.startPosition.column);
    const afterLast = last.nextSibling;
    const hasTrailingComma = afterLast?.type === ',';
    const at = pos((hasTrailingComma ? afterLast! : last).endPosition);
    return { range: { start: at, end: at }, newText: `${hasTrailingComma ? '' : ','}\n${indent}${text}${hasTrailingComma ? ',' : ''}` };
  }
  const at = pos(last.endPosition);
  return { range: { start: at, end: at }, newText: `, ${text}` };
}

function keywordArgument(args: Node, name: string, lang: Lang): Node | undefined {
  for (const c of args.namedChildren) {
    if (!c) continue;
    if (lang === 'python' && c.type === 'keyword_argument' && c.childForFieldName('name')?.text === name) return c;
  }
  return undefined;
}

/** For JS/TS loaders the options object (`{ revision: 'x' }`) is the argument after the id. */
function optionsObject(args: Node): Node | undefined {
  const named = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  return named.find((c, i) => i > 0 && c.type === 'object');
}

/** `revision="<sha>"`: replaces an existing revision value, or adds the argument. */
export function pinRevisionEdit(parsers: Parsers, text: string, lang: Lang, refRange: Range, sha: string): TextEdit | undefined {
  const tree = parsers.get(lang).parse(text);
  if (!tree) return undefined;
  try {
    const found = callAround(tree.rootNode, refRange, lang);
    if (!found) return undefined;
    if (lang === 'python') {
      const existing = keywordArgument(found.args, 'revision', lang);
      if (existing) {
        const value = existing.childForFieldName('value')!;
        return { range: { start: pos(value.startPosition), end: pos(value.endPosition) }, newText: `"${sha}"` };
      }
      return appendArgument(found.args, `revision="${sha}"`);
    }
    const obj = optionsObject(found.args);
    if (obj) {
      const pair = obj.namedChildren.find((p) => p?.type === 'pair' && p.childForFieldName('key')?.text.replace(/['"]/g, '') === 'revision');
      const value = pair?.childForFieldName('value');
      if (value) return { range: { start: pos(value.startPosition), end: pos(value.endPosition) }, newText: `'${sha}'` };
      const open = obj.child(0)!;
      const at = pos(open.endPosition);
      const empty = obj.namedChildren.filter((c) => c && c.type !== 'comment').length === 0;
      return { range: { start: at, end: at }, newText: empty ? ` revision: '${sha}' ` : ` revision: '${sha}',` };
    }
    return appendArgument(found.args, `{ revision: '${sha}' }`);
  } finally {
    tree.delete();
  }
}

/** `use_safetensors=True`: replaces `use_safetensors=False`, or adds the argument (Python only). */
export function useSafetensorsEdit(parsers: Parsers, text: string, refRange: Range): TextEdit | undefined {
  const tree = parsers.get('python').parse(text);
  if (!tree) return undefined;
  try {
    const found = callAround(tree.rootNode, refRange, 'python');
    if (!found) return undefined;
    const existing = keywordArgument(found.args, 'use_safetensors', 'python');
    if (existing) {
      const value = existing.childForFieldName('value')!;
      return { range: { start: pos(value.startPosition), end: pos(value.endPosition) }, newText: 'True' };
    }
    return appendArgument(found.args, 'use_safetensors=True');
  } finally {
    tree.delete();
  }
}

/** Replaces the id text of a literal reference (the range the detector reports). */
export function replaceIdEdit(refRange: Range, newId: string): TextEdit {
  return { range: refRange, newText: newId };
}

const IGNORE = /(?:#|\/\/)\s*ptm-lens:\s*ignore(?:\[([^\]]*)\])?/i;

/**
 * Rules suppressed on a line by `# ptm-lens: ignore[rule-a, rule-b]` (or `//` in JS/TS);
 * a bare `ptm-lens: ignore` suppresses every rule on that line.
 */
export function suppressedOnLine(lineText: string): Set<string> | 'all' | undefined {
  const m = IGNORE.exec(lineText);
  if (!m) return undefined;
  if (m[1] === undefined) return 'all';
  return new Set(m[1].split(',').map((r) => r.trim()).filter((r) => r !== ''));
}

/** Adds a rule to the line's ignore comment, or appends one at the end of the line. */
export function suppressEdit(lineText: string, line: number, rule: string, commentPrefix: '#' | '//'): TextEdit {
  const m = /((?:#|\/\/)\s*ptm-lens:\s*ignore\[)([^\]]*)\]/i.exec(lineText);
  if (m) {
    const inside = m[2]!.trim();
    const start = m.index + m[1]!.length;
    return { range: { start: { line, character: start }, end: { line, character: start + m[2]!.length } }, newText: inside ? `${inside}, ${rule}` : rule };
  }
  const end = lineText.replace(/\s+$/, '').length;
  return { range: { start: { line, character: end }, end: { line, character: lineText.length } }, newText: `  ${commentPrefix} ptm-lens: ignore[${rule}]` };
}
