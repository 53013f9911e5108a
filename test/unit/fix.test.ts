import assert from 'node:assert/strict';
import { pinRevisionEdit, replaceIdEdit, suppressEdit, suppressedOnLine, useSafetensorsEdit } from '../../src/core/fix/edits.js';
import type { TextEdit } from '../../src/core/fix/edits.js';
import { sharedParsers } from '../../src/core/detect/parsers.js';
import { refs } from './support.js';

function apply(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
}

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';

describe('Quick-fix edits', () => {
  async function pin(text: string, file = 'a.py', lang: 'python' | 'javascript' = 'python'): Promise<string> {
    const [ref] = await refs(text, file);
    const e = pinRevisionEdit(await sharedParsers(), text, lang, ref!.range, SHA);
    assert.ok(e);
    return apply(text, e);
  }

  it('adds revision= after the last argument, on one line or one per line', async () => {
    assert.equal(await pin('m = AutoModel.from_pretrained("org/x")'), `m = AutoModel.from_pretrained("org/x", revision="${SHA}")`);
    assert.equal(await pin('m = AutoModel.from_pretrained("org/x", trust_remote_code=True)'), `m = AutoModel.from_pretrained("org/x", trust_remote_code=True, revision="${SHA}")`);
    assert.equal(
      await pin('m = AutoModel.from_pretrained(\n    "org/x",\n    num_labels=2,\n)'),
      `m = AutoModel.from_pretrained(\n    "org/x",\n    num_labels=2,\n    revision="${SHA}",\n)`,
    );
    assert.equal(await pin('m = AutoModel.from_pretrained(\n    "org/x",\n    num_labels=2\n)'), `m = AutoModel.from_pretrained(\n    "org/x",\n    num_labels=2,\n    revision="${SHA}"\n)`);
  });

  it('replaces an existing revision value', async () => {
    assert.equal(await pin('m = AutoModel.from_pretrained("org/x", revision="main")'), `m = AutoModel.from_pretrained("org/x", revision="${SHA}")`);
  });

  it('pins transformers.js calls through their options object', async () => {
    assert.equal(await pin("const p = await pipeline('x', 'Xenova/a');", 'a.js', 'javascript'), `const p = await pipeline('x', 'Xenova/a', { revision: '${SHA}' });`);
    assert.equal(await pin("const p = await pipeline('x', 'Xenova/a', { revision: 'main' });", 'a.js', 'javascript'), `const p = await pipeline('x', 'Xenova/a', { revision: '${SHA}' });`);
    assert.equal(await pin("const p = await pipeline('x', 'Xenova/a', { dtype: 'q8' });", 'a.js', 'javascript'), `const p = await pipeline('x', 'Xenova/a', { revision: '${SHA}', dtype: 'q8' });`);
  });

  it('adds or flips use_safetensors, and replaces a renamed id', async () => {
    const text = 'm = AutoModel.from_pretrained("bert-base-uncased", use_safetensors=False)';
    const [ref] = await refs(text);
    const parsers = await sharedParsers();
    assert.equal(apply(text, useSafetensorsEdit(parsers, text, ref!.range)!), 'm = AutoModel.from_pretrained("bert-base-uncased", use_safetensors=True)');
    assert.equal(apply(text, replaceIdEdit(ref!.range, 'google-bert/bert-base-uncased')), 'm = AutoModel.from_pretrained("google-bert/bert-base-uncased", use_safetensors=False)');
  });

  it('reads and writes ignore comments', () => {
    assert.deepEqual(suppressedOnLine('x = 1  # ptm-lens: ignore[unpinned-revision, gated-model]'), new Set(['unpinned-revision', 'gated-model']));
    assert.equal(suppressedOnLine('x = 1  // ptm-lens: ignore'), 'all');
    assert.equal(suppressedOnLine('x = 1  # nothing'), undefined);
    const line = 'm = f("org/x")';
    assert.equal(apply(line, suppressEdit(line, 0, 'unpinned-revision', '#')), 'm = f("org/x")  # ptm-lens: ignore[unpinned-revision]');
    const again = 'm = f("org/x")  # ptm-lens: ignore[gated-model]';
    assert.equal(apply(again, suppressEdit(again, 0, 'unpinned-revision', '#')), 'm = f("org/x")  # ptm-lens: ignore[gated-model, unpinned-revision]');
  });
});
