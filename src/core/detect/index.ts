/**
 * The detection engine's entry point: picks the language from the file name, parses with
 * tree-sitter (or the YAML/JSON reader) and returns model references sorted by position.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { detectConfigFile } from './configFile.js';
import { detectJavaScript } from './javascript.js';
import { maskIPython, parseNotebook } from './notebook.js';
import type { NotebookCell } from './notebook.js';
import type { GrammarName, Parsers } from './parsers.js';
import { sharedParsers } from './parsers.js';
import { detectPython, PYTHON_NEEDLES } from './python.js';
import type { PythonModule } from './python.js';
import type { DetectionResult, ModelReference } from './types.js';

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

/** Needles that name a reference only together with a quoted `org/name` string in the same file. */
const WEAK_NEEDLES = new Set(['model_id', 'repo_id', 'model=', 'model =', 'model_name', 'base_model', 'tokenizer_name']);
/** A quoted `org/name`, also inside notebook JSON where the closing quote is escaped. */
const QUOTED_ID = /["'`][A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\\?["'`]/;

/**
 * True when the content may hold a reference in the given language: it names a loader, or names a
 * model-id keyword and quotes something shaped like `org/name`. Works on text or raw bytes, so a scan
 * can skip files without decoding them.
 */
export function mayContainReference(content: string | Buffer, language: FileLanguage): boolean {
  let weak = false;
  for (const needle of PREFILTER_NEEDLES[language]) {
    if (!content.includes(needle)) continue;
    if (language === 'yaml' || language === 'json' || !WEAK_NEEDLES.has(needle)) return true;
    weak = true;
  }
  if (!weak) return false;
  return QUOTED_ID.test(typeof content === 'string' ? content : content.toString('latin1'));
}

export class Detector {
  private constructor(private readonly parsers: Parsers) {}

  /** Loads the parsers once (about 20 ms); detection is synchronous afterwards. */
  static async create(opts: { wasmDir?: string } = {}): Promise<Detector> {
    return new Detector(await sharedParsers(opts.wasmDir));
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

  private parse(grammar: GrammarName, text: string): Tree {
    const tree = this.parsers.get(grammar).parse(text);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${grammar} file`);
    return tree;
  }

  private python(units: { source: string; cell?: number }[], opts: DetectOptions): DetectionResult {
    const trees: Tree[] = [];
    try {
      const modules: PythonModule[] = [];
      for (const u of units) {
        const tree = this.parse('python', u.source);
        trees.push(tree);
        const m: PythonModule = { root: tree.rootNode, source: u.source };
        if (u.cell !== undefined) m.cell = u.cell;
        modules.push(m);
      }
      const references = detectPython(modules, opts.isLocalPath ? { isLocalPath: opts.isLocalPath } : {});
      const notices: DetectionResult['notices'] = [];
      const errors = modules.filter((m) => m.root.hasError).length;
      if (errors > 0 && units.length === 1) {
        notices.push({ kind: 'parse-error', message: `The file has syntax errors near ${firstErrorLine(modules[0]!.root)}; references in the rest of it are still reported.` });
      }
      return { references: sortReferences(references), notices };
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
    if (!code.some((c) => mayContainReference(c.source, 'python'))) return { references: [], notices: [] };
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
  const err = root.descendantsOfType('ERROR')[0] ?? root.descendantsOfType('MISSING')[0];
  return err ? `line ${err.startPosition.row + 1}` : 'an unknown line';
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
