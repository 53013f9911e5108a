import assert from 'node:assert/strict';
import { languageForFile } from '../../src/core/detect/index.js';
import { maskIPython } from '../../src/core/detect/notebook.js';
import { getDetector, refs, rows } from './support.js';

function notebook(cells: { type: 'code' | 'markdown'; source: string[] | string }[], language = 'python'): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { language_info: { name: language } },
    cells: cells.map((c) => ({ cell_type: c.type, metadata: {}, source: c.source, ...(c.type === 'code' ? { outputs: [], execution_count: null } : {}) })),
  });
}

describe('Notebook detection', () => {
  it('maps positions to cells (markdown cells counted) and resolves constants across cells', async () => {
    const text = notebook([
      { type: 'markdown', source: ['# Title\n'] },
      { type: 'code', source: ['!pip install transformers\n', '%matplotlib inline\n', 'MODEL = "org/nb-const"\n'] },
      { type: 'code', source: 'from transformers import AutoModel\nm = AutoModel.from_pretrained(MODEL)\nt = AutoTokenizer.from_pretrained("org/nb-literal")' },
    ]);
    const got = await refs(text, 'a.ipynb');
    assert.deepEqual(got.map((r) => `c${r.cell} ${r.range.start.line + 1}:${r.range.start.character + 1} ${r.modelId} ${r.resolvedVia}`), [
      'c2 2:31 org/nb-const constant',
      'c2 3:36 org/nb-literal literal',
    ]);
    assert.equal(got[0]!.valueCell, 1);
  });

  it('reports broken and unsupported notebooks as notices, not crashes', async () => {
    const d = await getDetector();
    assert.equal(d.detect('{"cells": [', 'a.ipynb').notices[0]?.kind, 'invalid-notebook');
    assert.equal(d.detect('[]', 'a.ipynb').notices[0]?.kind, 'invalid-notebook');
    assert.equal(d.detect(JSON.stringify({ nbformat: 3, worksheets: [] }), 'a.ipynb').notices[0]?.kind, 'invalid-notebook');
    assert.deepEqual(d.detect(JSON.stringify({ nbformat: 4, cells: [null, 3, { cell_type: 'code', source: 42 }] }), 'a.ipynb').references, []);
  });

  it('skips notebooks whose kernel is not Python', async () => {
    const text = notebook([{ type: 'code', source: 'AutoModel.from_pretrained("org/x")' }], 'r');
    assert.deepEqual(await rows(text, 'a.ipynb'), []);
  });

  it('blanks IPython magics without moving anything', () => {
    const src = '!pip install x\n  %time y = 1\nz = 2\nmodel?\n';
    const masked = maskIPython(src);
    assert.equal(masked.length, src.length);
    assert.equal(masked.split('\n')[2], 'z = 2');
    assert.match(maskIPython('%%bash\nls\n'), /^\s*$/);
  });
});

describe('JavaScript and TypeScript detection', () => {
  it('finds transformers.js pipelines and from_pretrained with constants and options', async () => {
    const src = [
      "import { pipeline, AutoTokenizer } from '@huggingface/transformers';",
      "const MODEL = 'Xenova/distilbert-base-uncased';",
      "const p = await pipeline('sentiment-analysis', MODEL, { revision: 'abc1234' });",
      'const t = await AutoTokenizer.from_pretrained(`Xenova/bert-base-uncased`);',
      "const q = await pipeline('sentiment-analysis');",
      "const r = await pipeline('asr', `Xenova/${name}`);",
      "const s = await AutoModel.from_pretrained('./local/model');",
    ].join('\n');
    for (const file of ['a.js', 'a.ts', 'a.tsx']) {
      const got = await refs(src, file);
      assert.deepEqual(got.map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.modelId} ${r.resolvedVia} ${r.kind} ${r.revision}`), [
        '3:48 Xenova/distilbert-base-uncased constant pipeline abc1234',
        '4:48 Xenova/bert-base-uncased literal tokenizer null',
        '6:33 null dynamic pipeline null',
      ], file);
    }
  });

  it('does not treat a reassigned let as a constant', async () => {
    assert.deepEqual(await rows("let m = 'org/a';\nm = 'org/b';\npipeline('x', m);", 'a.js'), ['3:15 <dynamic> dynamic pipeline']);
  });
});

describe('Config file detection', () => {
  it('reads known keys in YAML, at any depth, with exact positions', async () => {
    const src = 'base_model: mistralai/Mistral-7B-v0.1\nmodel:\n  model_name_or_path: "org/nested"\n  other: org/ignored\noutput_dir: ./out\ntokenizer_name: ./local/tok\n';
    assert.deepEqual(await rows(src, 'a.yaml'), ['1:13 mistralai/Mistral-7B-v0.1 literal config-key', '3:24 org/nested literal config-key']);
  });

  it('reads JSON configs and ignores one-segment values', async () => {
    const src = '{\n  "_name_or_path": "bert-base-uncased",\n  "base_model_name_or_path": "meta-llama/Llama-2-7b-hf",\n  "list": [{"repo_id": "org/in-list"}]\n}';
    assert.deepEqual(await rows(src, 'adapter_config.json'), ['3:31 meta-llama/Llama-2-7b-hf literal config-key', '4:25 org/in-list literal config-key']);
  });

  it('reports YAML syntax errors as a notice', async () => {
    const d = await getDetector();
    const result = d.detect('base_model: [unclosed\n', 'a.yml');
    assert.equal(result.notices[0]?.kind, 'parse-error');
  });
});

describe('languageForFile', () => {
  it('maps extensions and skips declaration files', () => {
    assert.equal(languageForFile('a/b.PY'), 'python');
    assert.equal(languageForFile('x.ipynb'), 'notebook');
    assert.equal(languageForFile('x.d.ts'), undefined);
    assert.equal(languageForFile('x.tsx'), 'tsx');
    assert.equal(languageForFile('Makefile'), undefined);
  });
});

describe('Config file lists', () => {
  it('reads each id of a list under a known key', async () => {
    assert.deepEqual(await rows('base_model:\n  - org/a\n  - "org/b"\n', 'merge.yaml'), ['2:5 org/a literal config-key', '3:6 org/b literal config-key']);
  });
});

describe('transformers.js class fields', () => {
  it('resolves this.model and ClassName.model to a static field (the singleton pattern)', async () => {
    const src = [
      'class PipelineSingleton {',
      "  static task = 'feature-extraction';",
      "  static model = 'Xenova/all-MiniLM-L6-v2';",
      '  static async getInstance() { return pipeline(this.task, this.model); }',
      '}',
      "const p = await pipeline('feature-extraction', PipelineSingleton.model);",
      'const q = await pipeline(this.task, this.other);',
    ].join('\n');
    for (const file of ['a.js', 'a.ts']) {
      assert.deepEqual(await rows(src, file), [
        '4:59 Xenova/all-MiniLM-L6-v2 constant pipeline',
        '6:48 Xenova/all-MiniLM-L6-v2 constant pipeline',
        '7:37 <dynamic> dynamic pipeline',
      ], file);
    }
  });
});
