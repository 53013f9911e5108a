/**
 * The detection engine's entry point: picks the language from the file name, parses with
 * tree-sitter (or the YAML/JSON reader) and returns model references sorted by position.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { detectConfigFile } from './configFile.js';
import { IncrementalDocument } from './incremental.js';
import type { IncrementalHost } from './incremental.js';
import { isNamespacedHubId, looksLikeLocalPath } from './hubId.js';
import { detectJavaScript } from './javascript.js';
import { maskIPython, parseNotebook } from './notebook.js';
import type { NotebookCell } from './notebook.js';
import type { GrammarName, Parsers } from './parsers.js';
import { sharedParsers } from './parsers.js';
import { detectPython, PYTHON_NEEDLES } from './python.js';
import type { PythonModule } from './python.js';
import type { DetectionResult, ModelReference } from './types.js';

export { IncrementalDocument } from './incremental.js';
export type { TextChange } from './incremental.js';

export type FileLanguage = 'python' | 'notebook' | 'javascript' | 'typescript' | 'tsx' | 'yaml' | 'json';

const EXTENSIONS: Record<string, FileLanguage> = {
  '.py': 'python',
  '.pyi': 'python',
  '.pyw': 'python',
  '.ipynb': 'notebook',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
};

/** The language PTM Lens reads a file as, from its name; undefined when it does not read it. */
export function languageForFile(fileName: string): FileLanguage | undefined {
  const lower = fileName.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  if (lower.endsWith('.d.ts')) return undefined;
  return EXTENSIONS[lower.slice(dot)];
}

export interface DetectOptions {
  /** Force a language instead of deriving it from the file name. */
  language?: FileLanguage;
  /** True when a value names a folder that exists locally: loaders then read it, not the Hub. */
  isLocalPath?: (value: string) => boolean;
}

/**
 * Cheap test run before parsing: a file that names no loader, key or hub prefix cannot hold a
 * reference. Plain substring search; the parser decides the rest.
 */
export const PREFILTER_NEEDLES: Record<FileLanguage, readonly string[]> = {
  python: PYTHON_NEEDLES,
  notebook: [],
  javascript: ['from_pretrained', 'pipeline'],
  typescript: ['from_pretrained', 'pipeline'],
  tsx: ['from_pretrained', 'pipeline'],
  yaml: [
    'model_name_or_path', 'base_model', 'hub_model_id', '_name_or_path', 'tokenizer_name', 'model_id', 'repo_id',
  ],
  json: [],
};
PREFILTER_NEEDLES.notebook = PREFILTER_NEEDLES.python;
PREFILTER_NEEDLES.json = PREFILTER_NEEDLES.yaml;

/**
 * Python and notebooks: the detector only reports what a call yields (python.ts), so a file is worth
 * parsing only when it holds what such a call needs. Loader names are specific and count on their own.
 * Words that ordinary machine-learning code also uses need more evidence:
 * - `pipeline` names a loader only as the callee, `pipeline(`: a comment about a data pipeline or a
 *   `make_pipeline` call does not count (in a notebook's JSON, escaped line breaks and the quotes between
 *   source lines may stand between the name and the parenthesis);
 * - `weights=`, `pretrained=` and `create_model` load library weights only from torchvision, timm or
 *   `torch.hub.load("pytorch/vision", …)`, whose names then appear in the file; Hub names in other
 *   calls carry `hf-hub:`, itself a loader needle;
 * - model-id keywords (`model=`, `model_id`, `repo_id`, …) only together with a quoted `org/name` that
 *   the detector would take for a Hub id in such a call (`"data/train.csv"` and `"checkpoints/best"` are
 *   local paths).
 */
const PY_LOADER = /from_pretrained|from_model_id|load_adapter|SentenceTransformer|SparseEncoder|CrossEncoder|hf_hub_download|snapshot_download|hf_hub_url|try_to_load_from_cache|InferenceClient|InferenceApi|HuggingFace|hf-hub:|hf_hub:/;
const PY_PIPELINE_CALL = /(?<![A-Za-z0-9_])pipeline[\s\\]*\(/;
const NOTEBOOK_PIPELINE_CALL = /(?<![A-Za-z0-9_])pipeline[\s\\",nrt]*\(/;
const PY_LIBRARY_WEIGHTS = /weights ?=|pretrained ?=|create_model/;
const PY_LIBRARY = /torchvision|timm|pytorch\/vision/;
const PY_KEYWORD = /model_id|repo_id|model ?=|model_name|base_model|tokenizer_name/;
/** A quoted `org/name`, also inside notebook JSON where the closing quote is escaped. */
const QUOTED_ID = /["'`]([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\\?["'`]/g;

function hasQuotedHubId(text: string): boolean {
  for (const m of text.matchAll(QUOTED_ID)) {
    if (isNamespacedHubId(m[1]!) && !looksLikeLocalPath(m[1]!)) return true;
  }
  return false;
}

/**
 * True when the content may hold a reference in the given language. Works on text or raw bytes
 * (read as Latin-1: every needle is ASCII), so a scan can skip files without decoding them as UTF-8.
 * It must never reject a file the detector would find a reference in; the unit tests hold it to that.
 */
export function mayContainReference(content: string | Buffer, language: FileLanguage): boolean {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  switch (language) {
    case 'python':
    case 'notebook':
      return (
        PY_LOADER.test(text) ||
        (language === 'notebook' ? NOTEBOOK_PIPELINE_CALL : PY_PIPELINE_CALL).test(text) ||
        (PY_LIBRARY_WEIGHTS.test(text) && PY_LIBRARY.test(text)) ||
        (PY_KEYWORD.test(text) && hasQuotedHubId(text))
      );
    case 'yaml':
    case 'json':
    case 'javascript':
    case 'typescript':
    case 'tsx':
      return PREFILTER_NEEDLES[language].some((needle) => text.includes(needle));
  }
}

const GRAMMAR_OF: Record<FileLanguage, GrammarName | undefined> = {
  python: 'python',
  notebook: 'python',
  javascript: 'javascript',
  typescript: 'typescript',
  tsx: 'tsx',
  yaml: undefined,
  json: undefined,
};

/** The tree-sitter grammars that files in these languages need. */
export function grammarsFor(languages: Iterable<FileLanguage>): GrammarName[] {
  const out = new Set<GrammarName>();
  for (const l of languages) {
    const g = GRAMMAR_OF[l];
    if (g) out.add(g);
  }
  return [...out];
}

export class Detector {
  private constructor(private readonly parsers: Parsers) {}

  /**
   * Loads the parsers once (tens of milliseconds); detection is synchronous afterwards. `grammars`
   * limits the grammars loaded now (default all); `prepare` loads more before files need them.
   */
  static async create(opts: { wasmDir?: string; grammars?: readonly GrammarName[] } = {}): Promise<Detector> {
    return new Detector(await sharedParsers(opts.wasmDir, opts.grammars));
  }

  /** Makes sure the grammars for these languages are loaded (YAML and JSON need none). */
  async prepare(languages: Iterable<FileLanguage>): Promise<void> {
    await this.parsers.ensure(grammarsFor(languages));
  }

  detect(text: string, fileName: string, opts: DetectOptions = {}): DetectionResult {
    const language = opts.language ?? languageForFile(fileName);
    if (!language) return { references: [], notices: [] };
    if (text.length === 0) return { references: [], notices: [] };
    switch (language) {
      case 'python':
        return this.python([{ source: text }], opts);
      case 'notebook':
        return this.notebook(text, opts);
      case 'javascript':
      case 'typescript':
      case 'tsx':
        return this.javascript(text, language, opts);
      case 'yaml':
      case 'json':
        if (!mayContainReference(text, language)) return { references: [], notices: [] };
        return detectConfigFile(text, language, opts.isLocalPath);
    }
  }

  /**
   * State for an open document that is edited: `update(text, changes)` reparses Python incrementally
   * from the last tree (other languages are detected in full each time). Call `dispose` when it closes.
   */
  openDocument(fileName: string, opts: DetectOptions = {}): IncrementalDocument {
    const host: IncrementalHost = {
      parseAndDetect: (text, name, oldTree) => {
        const language = opts.language ?? languageForFile(name);
        if (language !== 'python' || text.length === 0) return { tree: undefined, result: this.detect(text, name, opts) };
        let kept: Tree | undefined;
        const result = this.python([{ source: text }], opts, { oldTree, keep: (t) => (kept = t) });
        return { tree: kept, result };
      },
    };
    return new IncrementalDocument(host, fileName);
  }

  private parse(grammar: GrammarName, text: string, oldTree?: Tree): Tree {
    const tree = this.parsers.get(grammar).parse(text, oldTree ?? null);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${grammar} file`);
    return tree;
  }

  /**
   * `incremental` (one unit only): reparse from `oldTree`, already edited to the new text, and hand the
   * new tree to `keep` instead of deleting it.
   */
  private python(allUnits: { source: string; cell?: number }[], opts: DetectOptions, incremental?: { oldTree: Tree | undefined; keep: (tree: Tree) => void }): DetectionResult {
    const trees: Tree[] = [];
    const notices: DetectionResult['notices'] = [];
    // The Python grammar's scanner overruns its state buffer past about 510 nested indentation levels
    // and corrupts the shared parser for every later file; such code is refused before parsing.
    const units = allUnits.filter((u) => {
      if (!DEEP_INDENT.test(u.source) || indentationDepth(u.source) <= MAX_INDENT_DEPTH) return true;
      notices.push({ kind: 'parse-error', message: `Skipped${u.cell !== undefined ? ` cell ${u.cell + 1}` : ''}: more than ${MAX_INDENT_DEPTH} nested indentation levels.` });
      return false;
    });
    try {
      const modules: PythonModule[] = [];
      for (const u of units) {
        const tree = this.parse('python', u.source, incremental?.oldTree);
        trees.push(tree);
        const m: PythonModule = { root: tree.rootNode, source: u.source };
        if (u.cell !== undefined) m.cell = u.cell;
        modules.push(m);
      }
      const references = detectPython(modules, opts.isLocalPath ? { isLocalPath: opts.isLocalPath } : {});
      const errors = modules.filter((m) => m.root.hasError).length;
      if (errors > 0 && units.length === 1) {
        notices.push({ kind: 'parse-error', message: `The file has syntax errors near ${firstErrorLine(modules[0]!.root)}; references in the rest of it are still reported.` });
      }
      const result = { references: sortReferences(references), notices };
      if (incremental && trees.length === 1) incremental.keep(trees.pop()!);
      return result;
    } finally {
      for (const t of trees) t.delete();
    }
  }

  private notebook(text: string, opts: DetectOptions): DetectionResult {
    const nb = parseNotebook(text);
    if (!nb.ok) return { references: [], notices: [{ kind: 'invalid-notebook', message: nb.message }] };
    if (nb.language && nb.language !== 'python') return { references: [], notices: [] };
    return this.detectCells(nb.cells, opts);
  }

  /**
   * Detects references in notebook cells. Cells share one namespace, so a constant defined in one
   * cell resolves in another; positions are within each cell's source.
   */
  detectCells(cells: readonly NotebookCell[], opts: DetectOptions = {}): DetectionResult {
    const code = cells.filter((c) => c.kind === 'code' && c.source.trim() !== '');
    // One test over all cells: an import in one cell can make a call in another a reference.
    if (!mayContainReference(code.map((c) => c.source).join('\n'), 'python')) return { references: [], notices: [] };
    return this.python(code.map((c) => ({ source: maskIPython(c.source), cell: c.index })), opts);
  }

  private javascript(text: string, language: 'javascript' | 'typescript' | 'tsx', opts: DetectOptions): DetectionResult {
    if (!mayContainReference(text, language)) return { references: [], notices: [] };
    const tree = this.parse(language, text);
    try {
      const refs: ModelReference[] = detectJavaScript(tree.rootNode, language, opts.isLocalPath ? { isLocalPath: opts.isLocalPath } : {});
      return { references: sortReferences(refs), notices: [] };
    } finally {
      tree.delete();
    }
  }
}

function firstErrorLine(root: Node): string {
  const err = firstOfType(root, 'ERROR') ?? firstOfType(root, 'MISSING');
  return err ? `line ${err.startPosition.row + 1}` : 'an unknown line';
}

/**
 * The first node of `type` in document order (as `descendantsOfType(type)[0]`), visiting only subtrees that
 * hold an error: error nodes make every ancestor's `hasError` true, so the rest of a large tree is skipped.
 */
function firstOfType(node: Node, type: string): Node | undefined {
  for (const child of node.children) {
    if (!child || !child.hasError) continue;
    if (child.type === type) return child;
    const found = firstOfType(child, type);
    if (found) return found;
  }
  return undefined;
}

export function sortReferences(refs: ModelReference[]): ModelReference[] {
  return refs.sort(
    (a, b) =>
      (a.cell ?? -1) - (b.cell ?? -1) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.kind.localeCompare(b.kind),
  );
}

/** Refused nesting depth (the grammar fails at about 510); far beyond any real program. */
export const MAX_INDENT_DEPTH = 400;

/**
 * A line indented by more than MAX_INDENT_DEPTH blanks. Each indentation level is wider than the one it
 * opens from, so a source without such a line cannot nest deeper than MAX_INDENT_DEPTH: one regular
 * expression then settles what `indentationDepth` would count character by character.
 */
const DEEP_INDENT = new RegExp(`(?:^|\\n)[ \\t]{${MAX_INDENT_DEPTH + 1}}`);

/**
 * The deepest stack of indentation levels in Python source, as the grammar's scanner builds it
 * (an over-estimate: lines inside brackets and strings count too). Short sources cannot be deep:
 * n levels take at least n(n+1)/2 characters of indentation.
 */
export function indentationDepth(source: string): number {
  if (source.length < (MAX_INDENT_DEPTH * (MAX_INDENT_DEPTH + 1)) / 2) return 0;
  const stack = [0];
  let max = 1;
  let i = 0;
  const n = source.length;
  while (i < n) {
    let width = 0;
    while (i < n && (source.charCodeAt(i) === 32 || source.charCodeAt(i) === 9)) {
      width++;
      i++;
    }
    const c = source.charCodeAt(i);
    if (i < n && c !== 10 && c !== 13) {
      if (width > stack[stack.length - 1]!) {
        stack.push(width);
        if (stack.length > max) max = stack.length;
      } else {
        while (stack.length > 1 && width < stack[stack.length - 1]!) stack.pop();
      }
    }
    const nl = source.indexOf('\n', i);
    i = nl < 0 ? n : nl + 1;
  }
  return max - 1;
}
