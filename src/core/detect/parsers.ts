/**
 * Loads web-tree-sitter and the grammars VS Code itself uses (@vscode/tree-sitter-wasm).
 * The WASM files sit beside the bundle in dist/; from sources they are resolved in node_modules.
 * Initialisation is lazy and shared: the first detection pays for it, later ones reuse the parsers.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export type GrammarName = 'python' | 'javascript' | 'typescript' | 'tsx';

const WASM_PACKAGES: Record<string, string> = {
  'web-tree-sitter.wasm': 'web-tree-sitter/web-tree-sitter.wasm',
  'tree-sitter-python.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm',
  'tree-sitter-javascript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm',
  'tree-sitter-typescript.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm',
  'tree-sitter-tsx.wasm': '@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm',
};

/** Finds a WASM file: next to the running bundle (dist/), else in node_modules. */
export function locateWasm(fileName: string, wasmDir?: string): string {
  const dirs = [wasmDir, typeof __dirname === 'string' ? __dirname : undefined].filter((d): d is string => !!d);
  for (const dir of dirs) {
    const candidate = path.join(dir, fileName);
    if (existsSync(candidate)) return candidate;
  }
  const spec = WASM_PACKAGES[fileName];
  if (!spec) throw new Error(`Unknown WASM file ${fileName}`);
  return createRequire(typeof __filename === 'string' ? __filename : path.join(process.cwd(), 'x.js')).resolve(spec);
}

export class Parsers {
  private readonly parsers = new Map<GrammarName, Parser>();

  private constructor(private readonly languages: Map<GrammarName, Language>) {}

  static async load(wasmDir?: string): Promise<Parsers> {
    await Parser.init({ locateFile: (name: string) => locateWasm(name, wasmDir) });
    const names: GrammarName[] = ['python', 'javascript', 'typescript', 'tsx'];
    const langs = await Promise.all(names.map((n) => Language.load(locateWasm(`tree-sitter-${n}.wasm`, wasmDir))));
    return new Parsers(new Map(names.map((n, i) => [n, langs[i]!])));
  }

  get(name: GrammarName): Parser {
    let parser = this.parsers.get(name);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(this.languages.get(name)!);
      this.parsers.set(name, parser);
    }
    return parser;
  }

  dispose(): void {
    for (const p of this.parsers.values()) p.delete();
    this.parsers.clear();
  }
}

let shared: Promise<Parsers> | undefined;

/** The process-wide parsers, loaded once. */
export function sharedParsers(wasmDir?: string): Promise<Parsers> {
  shared ??= Parsers.load(wasmDir).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  return shared;
}
