/**
 * Incremental detection for an open document: the last tree-sitter tree is kept and, when the editor
 * reports what changed, edited (`Tree.edit`) and reparsed with the old tree, which reuses every
 * unchanged subtree. Results are the same as `Detector.detect` on the whole text; anything that does
 * not add up (changes that do not produce the new text, a different language) falls back to a full
 * parse.
 *
 * Offsets and columns are UTF-16 code units, as in VS Code's `TextDocumentContentChangeEvent` and in
 * web-tree-sitter when it parses a JavaScript string.
 */
import type { Point, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import type { DetectionResult } from './types.js';

/** One change, in the shape of VS Code's `TextDocumentContentChangeEvent`: offsets into the text before it. */
export interface TextChange {
  /** Offset of the replaced range in the text before this change. */
  rangeOffset: number;
  /** Length of the replaced range. */
  rangeLength: number;
  /** The inserted text. */
  text: string;
}

/** The detector's side of incremental parsing (implemented by `Detector`). */
export interface IncrementalHost {
  /** Parses `text`, reusing `oldTree` (already edited) when given; returns the tree and the detection. */
  parseAndDetect(text: string, fileName: string, oldTree: Tree | undefined): { tree: Tree | undefined; result: DetectionResult };
}

/** Row and column (UTF-16 code units) of `offset` in `text`. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point reached after `inserted` starting at `start`. */
function advance(start: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}

/**
 * The state of one open document: its last text and tree. `update` takes the new text and, when known,
 * the changes from the previous text; it returns the detection result for the new text.
 */
export class IncrementalDocument {
  private text: string | undefined;
  private tree: Tree | undefined;
  /** Counters for tests and benchmarks. */
  readonly stats = { full: 0, incremental: 0 };

  constructor(
    private readonly host: IncrementalHost,
    private readonly fileName: string,
  ) {}

  update(text: string, changes?: readonly TextChange[]): DetectionResult {
    let old: Tree | undefined;
    if (changes && this.tree && this.text !== undefined && this.applyEdits(this.tree, this.text, changes, text)) {
      old = this.tree;
    } else {
      this.tree?.delete();
    }
    this.tree = undefined;
    this.text = undefined;
    try {
      const { tree, result } = this.host.parseAndDetect(text, this.fileName, old);
      this.tree = tree;
      this.text = tree ? text : undefined;
      if (old) this.stats.incremental++;
      else this.stats.full++;
      return result;
    } finally {
      old?.delete();
    }
  }

  /**
   * Applies the changes to `tree`, in order, checking that they turn `before` into `after`. False (tree
   * untouched or no longer usable: the caller deletes it) when they do not.
   */
  private applyEdits(tree: Tree, before: string, changes: readonly TextChange[], after: string): boolean {
    if (changes.length === 1) return this.applyOne(tree, before, changes[0]!, after);
    let text = before;
    const edits: Edit[] = [];
    for (const c of changes) {
      const start = c.rangeOffset;
      const oldEnd = c.rangeOffset + c.rangeLength;
      if (!Number.isInteger(start) || !Number.isInteger(oldEnd) || start < 0 || c.rangeLength < 0 || oldEnd > text.length) return false;
      const startPosition = pointAt(text, start);
      const oldEndPosition = advance(startPosition, text.slice(start, oldEnd));
      const newEndPosition = advance(startPosition, c.text);
      edits.push(new Edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: start + c.text.length, startPosition, oldEndPosition, newEndPosition }));
      text = text.slice(0, start) + c.text + text.slice(oldEnd);
    }
    if (text !== after) return false;
    for (const e of edits) tree.edit(e);
    return true;
  }

  /**
   * One change (the usual case: a keystroke): checked against the new text piece by piece, without
   * building the edited text, which would copy the whole document.
   */
  private applyOne(tree: Tree, before: string, c: TextChange, after: string): boolean {
    const start = c.rangeOffset;
    const oldEnd = c.rangeOffset + c.rangeLength;
    if (!Number.isInteger(start) || !Number.isInteger(oldEnd) || start < 0 || c.rangeLength < 0 || oldEnd > before.length) return false;
    const newEnd = start + c.text.length;
    if (after.length !== before.length - c.rangeLength + c.text.length) return false;
    if (!after.startsWith(c.text, start)) return false;
    // The text before and after the change is unchanged (compared from the end: edits are local).
    if (after.slice(newEnd) !== before.slice(oldEnd) || after.slice(0, start) !== before.slice(0, start)) return false;
    const startPosition = pointAt(before, start);
    tree.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition: advance(startPosition, before.slice(start, oldEnd)),
        newEndPosition: advance(startPosition, c.text),
      }),
    );
    return true;
  }

  /** Frees the tree. The document may be updated again afterwards (it then parses in full). */
  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.text = undefined;
  }
}
