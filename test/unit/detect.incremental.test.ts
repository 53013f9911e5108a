/**
 * Incremental detection (`Detector.openDocument`): after any sequence of edits, what the document state
 * reports equals a full detection of the same text. Property-based (fast-check, fixed seed) over the
 * Python corpus files, with edits shaped like VS Code's content changes, including several changes in
 * one event, multi-line inserts and deletions, brackets and quotes that break and repair the syntax, and
 * non-ASCII text (offsets are UTF-16 code units).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Detector } from '../../src/core/detect/index.js';
import type { TextChange } from '../../src/core/detect/index.js';
import { pointAt } from '../../src/core/detect/incremental.js';
import { needleOccurrences, PYTHON_NEEDLES } from '../../src/core/detect/python.js';

const CORPUS = path.resolve(__dirname, '..', 'fixtures', 'corpus');

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pythonFiles(p));
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

/** Pieces typed into the text: identifiers, loader calls, ids, brackets, quotes, indentation, non-ASCII. */
const PIECES = [
  'x', '1', '42', ' ', '\n', '\n    ', '(', ')', '"', "'", '"""', ':', ',', '=', '#', '\\', 'é', '€', '😀', '\r\n',
  'model', 'model=', 'model_id = "org/other-model"\n', 'from_pretrained(', 'AutoModel.from_pretrained("bert-base-uncased")',
  'pipeline("text-classification", model="acme/classifier")', 'import torchvision\n', 'def f(model_name="a/b"):\n    ',
  'parser.add_argument("--model", default="org/argparse-model")\n', 'if True:\n    ', 'hf-hub:timm/vit', 'revision="v1"',
];

interface EditSpec {
  at: number;
  del: number;
  text: string;
}

const editArb: fc.Arbitrary<EditSpec> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }).map((x) => x),
  del: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.integer({ min: 5, max: 200 }) }),
  text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }),
}).map((e) => ({ at: Math.floor(e.at * 1e9), del: e.del, text: e.text }));

/** Turns a spec into a change valid for `text`: the offset wrapped into range, never inside a surrogate pair. */
function change(text: string, e: EditSpec): TextChange {
  let start = e.at % (text.length + 1);
  const splits = (i: number): boolean => i > 0 && i < text.length && /[\uDC00-\uDFFF]/.test(text[i]!) && /[\uD800-\uDBFF]/.test(text[i - 1]!);
  if (splits(start)) start--;
  let end = Math.min(text.length, start + e.del);
  if (splits(end)) end++;
  return { rangeOffset: start, rangeLength: end - start, text: e.text };
}

function apply(text: string, c: TextChange): string {
  return text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
}

describe('Detection: incremental edits equal full detection', function () {
  this.timeout(120_000);
  let detector: Detector;
  const files = pythonFiles(CORPUS);
  before(async () => {
    detector = await Detector.create({ grammars: ['python'] });
  });

  it('has Python corpus files to edit', () => {
    assert.ok(files.length >= 10, `found ${files.length}`);
  });

  it('finds needles in one pass exactly as a search per needle does', () => {
    // The one-pass search relies on this: no needle is a prefix of another or overlaps itself.
    for (const a of PYTHON_NEEDLES) {
      for (const b of PYTHON_NEEDLES) if (a !== b) assert.ok(!b.startsWith(a), `${a} is a prefix of ${b}`);
      for (let k = 1; k < a.length; k++) assert.notEqual(a.slice(0, k), a.slice(a.length - k), `${a} overlaps itself`);
    }
    const texts = [...files.map((f) => readFileSync(f, 'utf8')), 'base_model_name from_pretrained=pretrained =model=model_idmodel =weights=weights ='];
    for (const text of texts) {
      const want: string[] = [];
      for (const n of PYTHON_NEEDLES) for (let i = text.indexOf(n); i >= 0; i = text.indexOf(n, i + n.length)) want.push(`${i}:${n.length}`);
      assert.deepEqual(needleOccurrences(text).map(([i, l]) => `${i}:${l}`).sort(), want.sort());
    }
  });

  it('pointAt counts rows and UTF-16 columns', () => {
    assert.deepEqual(pointAt('ab\ncé😀d\n', 0), { row: 0, column: 0 });
    assert.deepEqual(pointAt('ab\ncé😀d\n', 3), { row: 1, column: 0 });
    assert.deepEqual(pointAt('ab\ncé😀d\n', 7), { row: 1, column: 4 });
    assert.deepEqual(pointAt('ab\ncé😀d\n', 9), { row: 2, column: 0 });
  });

  it('200 random edit sequences on corpus files (fixed seed)', () => {
    const sequences = fc.tuple(
      fc.integer({ min: 0, max: files.length - 1 }),
      // Each event holds one change or, sometimes, several applied in order (as VS Code reports them).
      fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
    );
    let incremental = 0;
    fc.assert(
      fc.property(sequences, ([fileIndex, events]) => {
        const file = files[fileIndex]!;
        let text = readFileSync(file, 'utf8');
        const doc = detector.openDocument(file, { language: 'python' });
        try {
          assert.deepEqual(doc.update(text), detector.detect(text, file, { language: 'python' }));
          for (const event of events) {
            const changes: TextChange[] = [];
            for (const e of event) {
              const c = change(text, e);
              changes.push(c);
              text = apply(text, c);
            }
            const got = doc.update(text, changes);
            const want = detector.detect(text, file, { language: 'python' });
            assert.deepEqual(got, want, `after ${JSON.stringify(changes)} in ${path.basename(file)}`);
          }
          incremental += doc.stats.incremental;
        } finally {
          doc.dispose();
        }
      }),
      { seed: 20261126, numRuns: 200, endOnFailure: true },
    );
    assert.ok(incremental > 500, `incremental reparses: ${incremental}`);
  });

  it('falls back to a full parse when the changes do not produce the new text', () => {
    const doc = detector.openDocument('a.py', { language: 'python' });
    const a = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("org/a")\n';
    const b = a.replace('org/a', 'org/b');
    doc.update(a);
    const wrong = doc.update(b, [{ rangeOffset: 0, rangeLength: 0, text: 'zzz' }]);
    assert.deepEqual(wrong, detector.detect(b, 'a.py'));
    assert.equal(doc.stats.full, 2);
    const start = b.indexOf('org/b');
    const c = b.slice(0, start) + 'org/c' + b.slice(start + 5);
    const right = doc.update(c, [{ rangeOffset: start, rangeLength: 5, text: 'org/c' }]);
    assert.equal(right.references[0]!.modelId, 'org/c');
    assert.equal(doc.stats.incremental, 1);
    // A change of the right length that does not describe the difference is refused too.
    const d = c.replace('transformers', 'transformerz');
    assert.deepEqual(doc.update(d, [{ rangeOffset: start, rangeLength: 5, text: 'org/c' }]), detector.detect(d, 'a.py'));
    assert.equal(doc.stats.full, 3);
    // Out-of-range offsets are refused, not applied.
    assert.deepEqual(doc.update(c, [{ rangeOffset: c.length + 5, rangeLength: 1, text: '' }]), detector.detect(c, 'a.py'));
    doc.dispose();
  });
});
