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

export const ALL_GRAMMARS: readonly GrammarName[] = ['python', 'javascript', 'typescript', 'tsx'];

export class Parsers {
  private readonly parsers = new Map<GrammarName, Parser>();
  private readonly languages = new Map<GrammarName, Language>();
  private readonly loading = new Map<GrammarName, Promise<void>>();

  private constructor(private readonly wasmDir: string | undefined) {}

  /** Initialises tree-sitter and loads the given grammars (all by default); others load on `ensure`. */
  static async load(wasmDir?: string, grammars: readonly GrammarName[] = ALL_GRAMMARS): Promise<Parsers> {
    await Parser.init({ locateFile: (name: string) => locateWasm(name, wasmDir) });
    const parsers = new Parsers(wasmDir);
    await parsers.ensure(grammars);
    return parsers;
  }

  /** Loads the grammars not loaded yet (each compiles its WASM once, tens of milliseconds). */
  async ensure(grammars: Iterable<GrammarName>): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const name of grammars) {
      let p = this.loading.get(name);
      if (!p) {
        p = Language.load(locateWasm(`tree-sitter-${name}.wasm`, this.wasmDir)).then((lang) => {
          this.languages.set(name, lang);
        });
        p.catch(() => this.loading.delete(name));
        this.loading.set(name, p);
      }
      pending.push(p);
    }
    await Promise.all(pending);
  }

  get(name: GrammarName): Parser {
    let parser = this.parsers.get(name);
    if (!parser) {
      const language = this.languages.get(name);
      if (!language) throw new Error(`the ${name} grammar is not loaded`);
      parser = new Parser();
      parser.setLanguage(language);
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

/** The process-wide parsers, loaded once, with the given grammars (all by default) loaded. */
export async function sharedParsers(wasmDir?: string, grammars: readonly GrammarName[] = ALL_GRAMMARS): Promise<Parsers> {
  shared ??= Parsers.load(wasmDir, []).catch((err: unknown) => {
    shared = undefined;
    throw err;
  });
  const parsers = await shared;
  await parsers.ensure(grammars);
  return parsers;
}
