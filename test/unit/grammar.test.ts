import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import type { IGrammar, IRawGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';

const root = path.resolve(__dirname, '../..');

/**
 * A small stand-in for the Python grammar: comments and quoted strings are enough to host the injections.
 * Comments are begin/end rules, as in VS Code's Python grammar, so an injection can match inside them.
 */
const HOST: IRawGrammar = {
  scopeName: 'source.python',
  patterns: [
    { begin: '(#)', beginCaptures: { 1: { name: 'punctuation.definition.comment.python' } }, end: '$', name: 'comment.line.number-sign.python' },
    { begin: '"', end: '"', name: 'string.quoted.double.python' },
    { begin: "'", end: "'", name: 'string.quoted.single.python' },
  ],
} as unknown as IRawGrammar;

/** The injection grammars package.json contributes, by scope name. */
const INJECTIONS: Record<string, string> = {
  'ptm-lens.injection': 'ptm-lens.injection.tmLanguage.json',
  'ptm-lens.ignore-comment': 'ptm-lens.ignore-comment.tmLanguage.json',
};

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(createRequire(__filename).resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) => {
      if (scope === 'source.python') return HOST;
      const injection = INJECTIONS[scope];
      if (injection) {
        const file = path.join(root, 'syntaxes', injection);
        return parseRawGrammar(readFileSync(file, 'utf8'), file);
      }
      return null;
    },
    getInjections: (scope: string) => (scope === 'source.python' ? Object.keys(INJECTIONS) : undefined),
  });
  const g = await registry.loadGrammar('source.python');
  if (!g) throw new Error('grammar did not load');
  grammar = g;
});

function scopesOf(line: string, text: string): string[] {
  const { tokens } = grammar.tokenizeLine(line, INITIAL);
  const at = line.indexOf(text);
  const token = tokens.find((t) => t.startIndex <= at && at < t.endIndex);
  return token ? token.scopes : [];
}

describe('TextMate injection grammar', () => {
  it('scopes model ids right after a loader call', () => {
    assert.ok(scopesOf('m = AutoModel.from_pretrained("org/name")', 'org/name').includes('entity.name.model-id.ptm-lens'));
    assert.ok(scopesOf("e = SentenceTransformer('all-MiniLM-L6-v2')", 'all-MiniLM').includes('entity.name.model-id.ptm-lens'));
    assert.ok(scopesOf('t = timm.create_model("hf-hub:timm/resnet50.a1_in1k@abc1234")', 'timm/').includes('entity.name.model-id.ptm-lens'));
  });

  it('scopes org/name after model-id keywords', () => {
    assert.ok(scopesOf('p = pipeline("fill-mask", model="org/x")', 'org/x').includes('entity.name.model-id.ptm-lens'));
  });

  it('leaves other strings and comments alone', () => {
    assert.ok(!scopesOf('print("org/name")', 'org/name').includes('entity.name.model-id.ptm-lens'));
    assert.ok(!scopesOf('# from_pretrained("org/name")', 'org/name').includes('entity.name.model-id.ptm-lens'));
    assert.ok(!scopesOf('foo(model="gpt-4")', 'gpt-4').includes('entity.name.model-id.ptm-lens'));
  });

  it('scopes ptm-lens ignore comments and their rule ids', () => {
    const line = 'm = AutoModel.from_pretrained("org/x")  # ptm-lens: ignore[unpinned-revision, pickle-weights]';
    assert.ok(scopesOf(line, 'ptm-lens:').includes('keyword.other.directive.ptm-lens'));
    assert.ok(scopesOf(line, 'ignore[').includes('keyword.control.directive.ignore.ptm-lens'));
    const rule = scopesOf(line, 'unpinned-revision');
    assert.ok(rule.includes('constant.other.rule-id.ptm-lens'), rule.join(' '));
    assert.ok(rule.includes('comment.line.number-sign.python'), 'stays inside the comment');
    assert.ok(scopesOf(line, 'pickle-weights').includes('constant.other.rule-id.ptm-lens'));
    assert.ok(scopesOf('x = 1  # PTM-Lens: ignore', 'ignore').includes('keyword.control.directive.ignore.ptm-lens'), 'bare ignore, any case');
  });

  it('does not scope the directive outside comments or inside other words', () => {
    assert.ok(!scopesOf('s = "ptm-lens: ignore[x]"', 'ignore').includes('keyword.control.directive.ignore.ptm-lens'));
    assert.ok(!scopesOf('# my-ptm-lens: ignore', 'ignore').includes('keyword.control.directive.ignore.ptm-lens'));
  });

  it('every grammar package.json contributes is tested here', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { contributes: { grammars: { scopeName: string; path: string }[] } };
    assert.deepEqual(
      pkg.contributes.grammars.map((g) => [g.scopeName, path.basename(g.path)]).sort(),
      Object.entries(INJECTIONS).sort(),
    );
  });
});
