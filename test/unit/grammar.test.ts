import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import type { IGrammar, IRawGrammar } from 'vscode-textmate';
import { INITIAL, parseRawGrammar, Registry } from 'vscode-textmate';

const root = path.resolve(__dirname, '../..');

/** A small stand-in for the Python grammar: comments and quoted strings are enough to host the injection. */
const HOST: IRawGrammar = {
  scopeName: 'source.python',
  patterns: [
    { match: '#.*$', name: 'comment.line.number-sign.python' },
    { begin: '"', end: '"', name: 'string.quoted.double.python' },
    { begin: "'", end: "'", name: 'string.quoted.single.python' },
  ],
} as unknown as IRawGrammar;

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
      if (scope === 'ptm-lens.injection') {
        const file = path.join(root, 'syntaxes/ptm-lens.injection.tmLanguage.json');
        return parseRawGrammar(readFileSync(file, 'utf8'), file);
      }
      return null;
    },
    getInjections: (scope: string) => (scope === 'source.python' ? ['ptm-lens.injection'] : undefined),
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
});
