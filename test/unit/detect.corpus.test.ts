/**
 * Corpus test: every fixture under test/fixtures/corpus is run through `Detector.detect` and compared with
 * its hand-written `X.expected.json` (written from the product specification, not from the implementation).
 * Prints precision/recall across the corpus for literal and constant references.
 */
import assert from 'node:assert/strict';
import { Detector } from '../../src/core/detect/index.js';
import type { ModelReference, SourceLanguage } from '../../src/core/detect/types.js';
import { isLibraryWeightsReference } from '../../src/core/vision/references.js';
import {
  type Comparison,
  compareReferences,
  formatComparison,
  listFixtures,
  loadExpected,
  PrecisionRecall,
  readFixture,
  sourceFor,
  textAt,
} from '../helpers/corpus.js';

const fixtures = listFixtures();

const LANGUAGE_BY_EXTENSION: Record<string, SourceLanguage> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ipynb': 'python',
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

function extensionOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('.'));
}

describe('detection corpus', function () {
  let detector: Detector;
  const results = new Map<string, ModelReference[]>();
  const comparisons = new Map<string, Comparison>();
  const literalAndConstant = new PrecisionRecall();
  const allReferences = new PrecisionRecall();

  before(async function () {
    detector = await Detector.create();
  });

  function run(rel: string): ModelReference[] {
    let refs = results.get(rel);
    if (!refs) {
      // The corpus states Hub references; library weights (`torchvision/resnet18`, bare timm names) are
      // covered by test/unit/vision.test.ts.
      refs = detector.detect(readFixture(rel), rel).references.filter((r) => !isLibraryWeightsReference(r));
      results.set(rel, refs);
    }
    return refs;
  }

  after(function () {
    if (results.size === 0) return;
    const failing = [...comparisons.entries()].filter(([, c]) => c.missing.length || c.unexpected.length || c.mismatches.length);
    console.log(`\n  Corpus: ${fixtures.length} files, ${fixtures.reduce((n, f) => n + loadExpected(f).length, 0)} expected references`);
    console.log(`  literal+constant: ${literalAndConstant.toString()}`);
    console.log(`  all resolutions:  ${allReferences.toString()}`);
    console.log(`  files with differences: ${failing.length}`);
  });

  it('has a corpus of 25+ files and 100+ expected references', function () {
    assert.ok(fixtures.length >= 25, `only ${fixtures.length} fixture files`);
    const total = fixtures.reduce((n, f) => n + loadExpected(f).length, 0);
    assert.ok(total >= 100, `only ${total} expected references`);
  });

  for (const rel of fixtures) {
    it(rel, function () {
      const expected = loadExpected(rel);
      const actual = run(rel);
      literalAndConstant.add(expected, actual, (via) => via === 'literal' || via === 'constant');
      allReferences.add(expected, actual, () => true);
      const c = compareReferences(expected, actual);
      comparisons.set(rel, c);
      if (c.missing.length || c.unexpected.length || c.mismatches.length) {
        assert.fail(formatComparison(rel, c));
      }
    });
  }

  describe('properties of every reported reference', function () {
    it('references are sorted by position', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        const refs = run(rel);
        for (let i = 1; i < refs.length; i++) {
          const a = refs[i - 1]!;
          const b = refs[i]!;
          const ka = [a.cell ?? -1, a.range.start.line, a.range.start.character];
          const kb = [b.cell ?? -1, b.range.start.line, b.range.start.character];
          const cmp = ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!;
          if (cmp > 0) problems.push(`${rel}: ${ka.join(':')} before ${kb.join(':')}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('language follows the file extension (notebooks are python)', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        const want = LANGUAGE_BY_EXTENSION[extensionOf(rel)];
        for (const r of run(rel)) if (r.language !== want) problems.push(`${rel}: ${r.language} (want ${want})`);
      }
      assert.deepEqual(problems, []);
    });

    it('cell is set exactly for notebook references', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        const nb = rel.endsWith('.ipynb');
        for (const r of run(rel)) {
          if (nb && typeof r.cell !== 'number') problems.push(`${rel}: missing cell`);
          if (!nb && r.cell !== undefined) problems.push(`${rel}: unexpected cell ${r.cell}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('dynamic references have a null modelId and resolved ones a non-null modelId', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        for (const r of run(rel)) {
          if ((r.resolvedVia === 'dynamic') !== (r.modelId === null)) problems.push(`${rel}: ${r.resolvedVia} with modelId ${JSON.stringify(r.modelId)}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('the range of a literal covers exactly the id text inside the quotes (UTF-16 columns)', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        const text = readFixture(rel);
        for (const r of run(rel)) {
          if (r.resolvedVia !== 'literal' || r.modelId === null) continue;
          const covered = textAt(sourceFor(rel, text, r.cell), r.range);
          // hf-hub:org/x@rev may or may not include "@rev"; bare sentence-transformers names cover the name as written.
          const ok =
            covered === r.modelId ||
            covered.startsWith(`${r.modelId}@`) ||
            (r.modelId.startsWith('sentence-transformers/') && `sentence-transformers/${covered}` === r.modelId);
          if (!ok) problems.push(`${rel} ${r.range.start.line + 1}:${r.range.start.character + 1}: covers ${JSON.stringify(covered)}, id ${r.modelId}`);
        }
      }
      assert.deepEqual(problems, []);
    });

    it('the range of a constant, default or dynamic reference starts at the argument expression and stays on its text', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        const text = readFixture(rel);
        for (const r of run(rel)) {
          if (r.resolvedVia === 'literal') continue;
          const covered = textAt(sourceFor(rel, text, r.cell), r.range);
          if (covered.trim() === '' || covered !== covered.trim() || /^[,(=]/.test(covered)) {
            problems.push(`${rel} ${r.range.start.line + 1}:${r.range.start.character + 1}: covers ${JSON.stringify(covered)}`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });

    it('constants point valueRange at the string that defines them', function () {
      const problems: string[] = [];
      for (const rel of fixtures) {
        if (rel.endsWith('.ipynb')) continue; // the defining cell is not recorded
        const text = readFixture(rel);
        for (const r of run(rel)) {
          if (r.resolvedVia !== 'constant' || r.modelId === null) continue;
          if (!r.valueRange) {
            problems.push(`${rel} ${r.range.start.line + 1}: no valueRange`);
            continue;
          }
          const covered = textAt(text, r.valueRange).replace(/^["'`]|["'`]$/g, '');
          if (covered !== r.modelId) problems.push(`${rel} ${r.range.start.line + 1}: valueRange covers ${JSON.stringify(covered)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  });
});

describe('detection edge cases', function () {
  let detector: Detector;
  before(async function () {
    detector = await Detector.create();
  });

  it('an empty file of every language yields nothing', function () {
    for (const name of ['a.py', 'a.pyi', 'a.ipynb', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.yaml', 'a.yml', 'a.json']) {
      const res = detector.detect('', name);
      assert.deepEqual(res.references, [], name);
    }
  });

  it('whitespace-only and comment-only files yield nothing', function () {
    assert.deepEqual(detector.detect('\n\n   \n', 'a.py').references, []);
    assert.deepEqual(detector.detect('# AutoModel.from_pretrained("org/x")\n', 'a.py').references, []);
    assert.deepEqual(detector.detect('// pipeline("x", "org/x")\n', 'a.js').references, []);
    assert.deepEqual(detector.detect('# base_model: org/x\n', 'a.yaml').references, []);
  });

  it('an unknown extension yields nothing', function () {
    assert.deepEqual(detector.detect('AutoModel.from_pretrained("org/x")\n', 'notes.txt').references, []);
  });

  it('a broken notebook (invalid JSON) gives a notice and does not throw', function () {
    const res = detector.detect(readFixture('notebooks/broken.ipynb'), 'notebooks/broken.ipynb');
    assert.deepEqual(res.references, []);
    assert.ok(res.notices.length >= 1, 'expected a notice for invalid JSON');
    assert.equal(res.notices[0]!.kind, 'invalid-notebook');
    assert.ok(res.notices[0]!.message.length > 0);
  });

  it('a notebook that is JSON but not a notebook does not throw', function () {
    for (const text of ['{}', '[]', 'null', '42', '{"cells": 5}', '{"cells": [{"cell_type": "code", "source": 7}]}']) {
      const res = detector.detect(text, 'odd.ipynb');
      assert.deepEqual(res.references, [], text);
    }
  });

  it('an nbformat 3 notebook yields no references and does not throw', function () {
    const res = detector.detect(readFixture('notebooks/legacy_nbformat3.ipynb'), 'legacy.ipynb');
    assert.deepEqual(res.references, []);
  });

  it('invalid YAML and JSON do not throw', function () {
    assert.doesNotThrow(() => detector.detect('base_model: [unclosed\n  - : :\n', 'bad.yaml'));
    assert.doesNotThrow(() => detector.detect('{"_name_or_path": "org/x",', 'bad.json'));
  });

  it('a huge file is handled without throwing, and not silently dropped', function () {
    this.timeout(60_000);
    const filler = '# ' + 'x'.repeat(78) + '\n';
    const text = filler.repeat(40_000) + 'model = AutoModel.from_pretrained("org/huge-file-model")\n'; // ~3.2 MB
    const res = detector.detect(text, 'huge.py');
    const found = res.references.some((r) => r.modelId === 'org/huge-file-model');
    assert.ok(found || res.notices.length > 0, 'neither the reference nor a notice was reported');
  });

  it('a very long single line (minified JS) is handled', function () {
    const line = 'var a=1;'.repeat(50_000) + "pipeline('x','Xenova/minified-model');";
    const res = detector.detect(line, 'bundle.min.js');
    const found = res.references.some((r) => r.modelId === 'Xenova/minified-model');
    assert.ok(found || res.notices.length > 0);
  });

  describe('isLocalPath (a folder that exists in the workspace wins over the Hub)', function () {
    const src = [
      'from transformers import AutoModel, AutoTokenizer',
      'a = AutoModel.from_pretrained("acme/finetuned")',
      'b = AutoTokenizer.from_pretrained("bert-base-uncased")',
      'c = AutoModel.from_pretrained("google/flan-t5-base")',
      '',
    ].join('\n');

    it('without it, all three are references', function () {
      const ids = detector.detect(src, 'a.py').references.map((r) => r.modelId);
      assert.deepEqual(ids, ['acme/finetuned', 'bert-base-uncased', 'google/flan-t5-base']);
    });

    it('with it, existing folders are not references', function () {
      const local = new Set(['acme/finetuned', 'bert-base-uncased']);
      const ids = detector.detect(src, 'a.py', { isLocalPath: (v) => local.has(v) }).references.map((r) => r.modelId);
      assert.deepEqual(ids, ['google/flan-t5-base']);
    });

    it('applies to config files too', function () {
      const yaml = 'base_model: acme/finetuned\nhub_model_id: acme/published\n';
      const ids = detector.detect(yaml, 'c.yaml', { isLocalPath: (v) => v === 'acme/finetuned' }).references.map((r) => r.modelId);
      assert.deepEqual(ids, ['acme/published']);
    });
  });

  describe('Python details', function () {
    it('a constant used twice gives two references, one per call site', function () {
      const src = 'M = "org/shared"\na = AutoModel.from_pretrained(M)\nb = AutoTokenizer.from_pretrained(M)\n';
      const refs = detector.detect(src, 'a.py').references;
      assert.deepEqual(
        refs.map((r) => [r.range.start.line, r.range.start.character, r.modelId, r.resolvedVia, r.kind]),
        [
          [1, 30, 'org/shared', 'constant', 'model'],
          [2, 34, 'org/shared', 'constant', 'tokenizer'],
        ],
      );
    });

    it('an unused constant is not a reference', function () {
      assert.deepEqual(detector.detect('MODEL_ID = "org/unused"\nprint(MODEL_ID)\n', 'a.py').references, []);
    });

    it('`call` is the callee without whitespace', function () {
      const src = 'import transformers\nm = (transformers.AutoModel\n    .from_pretrained("org/x"))\n';
      const refs = detector.detect(src, 'a.py').references;
      assert.equal(refs.length, 1);
      assert.equal(refs[0]!.call, 'transformers.AutoModel.from_pretrained');
    });

    it('hf-hub: ranges exclude the prefix', function () {
      const src = 'import timm\nm = timm.create_model("hf-hub:org/x", pretrained=True)\n';
      const r = detector.detect(src, 'a.py').references[0]!;
      assert.equal(r.modelId, 'org/x');
      assert.deepEqual(r.range.start, { line: 1, character: 30 });
    });

    it('a range uses UTF-16 columns', function () {
      const src = 's = "😀"; m = AutoModel.from_pretrained("org/x")\n';
      const r = detector.detect(src, 'a.py').references[0]!;
      // 's = "' (5) + surrogate pair (2) + '"; m = AutoModel.from_pretrained("' (34)
      assert.deepEqual(r.range, { start: { line: 0, character: 41 }, end: { line: 0, character: 46 } });
    });

    it('CRLF line endings do not shift columns', function () {
      const src = 'import os\r\nm = AutoModel.from_pretrained("org/x")\r\n';
      const r = detector.detect(src, 'a.py').references[0]!;
      assert.deepEqual(r.range, { start: { line: 1, character: 31 }, end: { line: 1, character: 36 } });
    });

    it('snapshot_download/hf_hub_download with repo_type="model" are references', function () {
      const src = 'snapshot_download(repo_id="org/x", repo_type="model")\nhf_hub_download("org/y", "config.json", repo_type="model")\n';
      assert.deepEqual(detector.detect(src, 'a.py').references.map((r) => [r.modelId, r.kind]), [
        ['org/x', 'download'],
        ['org/y', 'download'],
      ]);
    });
  });

  describe('notebook details', function () {
    it('IPython magics do not hide references in the same cell', function () {
      const nb = JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# Title'] },
          { cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: ['!pip install transformers\n', '%matplotlib inline\n', 'm = AutoModel.from_pretrained("org/x")\n', '!echo done'] },
        ],
      });
      const refs = detector.detect(nb, 'n.ipynb').references;
      assert.deepEqual(refs.map((r) => [r.cell, r.range.start.line, r.range.start.character, r.modelId]), [[1, 2, 31, 'org/x']]);
    });

    it('a constant from an earlier cell resolves in a later one', function () {
      const nb = JSON.stringify({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: 'code', metadata: {}, outputs: [], execution_count: 1, source: 'CKPT = "org/first"' },
          { cell_type: 'markdown', metadata: {}, source: 'text' },
          { cell_type: 'code', metadata: {}, outputs: [], execution_count: 2, source: 'm = AutoModel.from_pretrained(CKPT)' },
        ],
      });
      const refs = detector.detect(nb, 'n.ipynb').references;
      assert.deepEqual(refs.map((r) => [r.cell, r.range.start.line, r.range.start.character, r.modelId, r.resolvedVia]), [[2, 0, 30, 'org/first', 'constant']]);
    });
  });
});
