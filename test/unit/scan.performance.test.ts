/**
 * The hot path of workspace scans (issue 7): the byte prefilter must never drop a file the detector
 * finds a reference in, the strict-JSON reader must agree with the YAML path, and the file reader must
 * read whole files and refuse large ones without reading them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { generateTree } from '../../bench/generateTree.js';
import { detectConfigFile, scanJson } from '../../src/core/detect/configFile.js';
import type { FileLanguage } from '../../src/core/detect/index.js';
import { languageForFile, mayContainReference } from '../../src/core/detect/index.js';
import { FileReader, scanWorkspace } from '../../src/core/scan/workspace.js';
import { CORPUS_DIR, listFixtures } from '../helpers/corpus.js';
import { getDetector } from './support.js';

const may = (text: string, language: FileLanguage = 'python'): boolean => mayContainReference(Buffer.from(text), language);

describe('Scan hot path: prefilter', () => {
  it('passes every corpus file in which the detector finds a reference, as bytes and as text', async () => {
    const d = await getDetector();
    let checked = 0;
    for (const rel of listFixtures()) {
      const language = languageForFile(rel);
      if (!language) continue;
      const bytes = readFileSync(path.join(CORPUS_DIR, rel));
      const found = d.detect(bytes.toString('utf8'), rel, { language }).references.length;
      if (found === 0) continue;
      checked++;
      assert.ok(mayContainReference(bytes, language), `${rel} (bytes)`);
      assert.ok(mayContainReference(bytes.toString('utf8'), language), `${rel} (text)`);
    }
    assert.ok(checked > 30, `${checked} corpus files with references`);
  });

  it('on a generated tree, a scan finds exactly what detecting every file without the prefilter finds', async function () {
    this.timeout(120_000);
    const root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-prefilter-'));
    try {
      const tree = generateTree(root, { files: 400, targetBytes: 2 * 1024 * 1024, seed: 99 });
      const d = await getDetector();
      const brute: string[] = [];
      for (const rel of generatedFiles(root)) {
        const language = languageForFile(rel)!;
        for (const r of d.detect(readFileSync(path.join(root, rel), 'utf8'), path.join(root, rel), { language }).references) brute.push(`${rel} ${r.range.start.line}:${r.range.start.character} ${r.modelId}`);
      }
      const scan = await scanWorkspace(root, d);
      assert.deepEqual(scan.references.map((r) => `${r.file} ${r.range.start.line}:${r.range.start.character} ${r.modelId}`).sort(), brute.sort());
      assert.ok(tree.withReferences.every((f) => scan.references.some((r) => r.file === f)), 'every planted reference file is found');
      // The point of the prefilter: most files never reach the parser.
      assert.ok(scan.stats.filesMatched < tree.files * 0.2, `${scan.stats.filesMatched} of ${tree.files} files matched`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects the words ordinary ML code shares with loaders (all passed before)', () => {
    const ml = [
      'import torch',
      '# The preprocessing pipeline: tokenise, pad, batch.',
      'def make_pipeline(steps, model_name="baseline"):',
      '    return Pipeline(steps)',
      'def train(model, class_weights=None, pretrained=False):',
      '    loss_fn = nn.CrossEntropyLoss(weight=class_weights)',
      '    frame = pd.read_csv("data/train.csv")',
      '    torch.save(model.state_dict(), "checkpoints/best")',
      '    return create_model_card(model=model)',
    ].join('\n');
    assert.equal(may(ml), false);
    assert.equal(may(ml, 'notebook'), false);
  });

  it('keeps every form that can hold a reference', () => {
    const yes: [string, FileLanguage?][] = [
      ['pipe = pipeline("text-classification")'],
      ['pipe = transformers.pipeline (task)'],
      ['pipe = pipeline \\\n  ("sentiment-analysis", model=m)'],
      ['{"source": ["p = pipeline\\n", "(\\"x\\")"]}', 'notebook'],
      ['from torchvision.models import resnet50\nm = resnet50(weights="DEFAULT")'],
      ['import timm\nm = timm.create_model("resnet50", pretrained=True)'],
      ['m = torch.hub.load("pytorch/vision", "resnet50", pretrained = True)'],
      ['m = open_clip.create_model_and_transforms("hf-hub:org/clip")'],
      ['llm = LLM(model="org/name")'],
      ['cfg = dict(model_name_or_path=\'org/name\')'],
      ['{"source": ["llm = LLM(model=\\"org/name\\")"]}', 'notebook'],
      ['x = AutoModel.from_pretrained(path)'],
      ['e = HuggingFaceEmbeddings(model_name=name)'],
    ];
    for (const [text, language] of yes) assert.ok(may(text, language), text);
  });

  it('reads an import in one notebook cell together with the call in another', async () => {
    const d = await getDetector();
    const cells = [
      { index: 0, kind: 'code' as const, source: 'from torchvision.models import *' },
      { index: 1, kind: 'code' as const, source: 'm = densenet121(weights="DEFAULT")' },
    ];
    assert.deepEqual(d.detectCells(cells).references.map((r) => r.modelId), ['torchvision/densenet121']);
  });
});

describe('Scan hot path: strict JSON reader', () => {
  const viaYaml = (text: string): unknown => detectConfigFile(text, 'yaml').references.map((r) => ({ ...r, language: 'json' }));

  it('agrees with the YAML path on the corpus JSON files', () => {
    for (const rel of listFixtures().filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(path.join(CORPUS_DIR, rel), 'utf8');
      assert.deepEqual(scanJson(text), viaYaml(text), rel);
    }
  });

  it('agrees with the YAML path on generated JSON (keys, lists, nesting, escapes, duplicates, layout)', () => {
    const key = fc.constantFrom('model_id', 'base_model', '_name_or_path', 'repo_id', 'name', 'path', 'tokenizer_name');
    const id = fc.constantFrom('org/model', 'google-bert/bert-base-uncased', 'data/train.csv', 'checkpoints/best', 'gpt2', 'a/b/c', 'org\\/x', 'caf\u00e9/x', ' org/pad ');
    const leaf = fc.oneof(id.map((s) => JSON.stringify(s).replace('\\\\/', '\\/')), fc.constantFrom('1', '-2.5e3', 'true', 'null'));
    const { value } = fc.letrec<{ value: string }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(',')}]`),
        fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(',\n  ')}}`),
      ),
    }));
    fc.assert(
      fc.property(value, (text) => {
        assert.deepEqual(scanJson(text), viaYaml(text));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves what is not strict JSON to the YAML path', () => {
    for (const text of ['{"model_id": "org/x",}', '// c\n{"model_id": "org/x"}', "{'model_id': 'org/x'}", '{"a": 01}', '']) assert.equal(scanJson(text), undefined, text);
    assert.deepEqual(detectConfigFile('{"model_id": "org/x",}', 'json').references.map((r) => r.modelId), ['org/x']);
  });

  it('stops looking below the same depth as the YAML path', () => {
    const deep = (n: number): string => `${'{"a": '.repeat(n)}{"model_id": "org/deep"}${'}'.repeat(n)}`;
    for (const n of [63, 64, 65, 66]) assert.deepEqual(scanJson(deep(n)), viaYaml(deep(n)), `depth ${n}`);
  });
});

describe('Scan hot path: file reader', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-reader-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads whole files of any size around its buffer, and reuses the buffer', () => {
    const reader = new FileReader();
    for (const size of [0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 600_000]) {
      const content = Buffer.from(Array.from({ length: size }, (_, i) => (i * 31) % 251));
      const file = path.join(dir, `f${size}`);
      writeFileSync(file, content);
      const read = reader.read(file, 10 * 1024 * 1024);
      assert.ok(Buffer.isBuffer(read) && read.equals(content), `size ${size}`);
    }
  });

  it('returns the size of a file over the limit, small or large', () => {
    const reader = new FileReader();
    writeFileSync(path.join(dir, 'small'), 'x'.repeat(2000));
    assert.equal(reader.read(path.join(dir, 'small'), 1000), 2000);
    writeFileSync(path.join(dir, 'big'), 'x'.repeat(3 * 1024 * 1024));
    assert.equal(reader.read(path.join(dir, 'big'), 1024 * 1024), 3 * 1024 * 1024);
  });
});

function generatedFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...generatedFiles(root, r));
    else out.push(r);
  }
  return out;
}
