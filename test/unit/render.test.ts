import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { ModelReference } from '../../src/core/detect/types.js';
import { escapeMarkdown, inlineCode, safeLink } from '../../src/core/render/markdown.js';
import { modelPageUrl, renderReferenceHover } from '../../src/core/render/referenceHover.js';

const md = new MarkdownIt({ html: false, linkify: false });

function ref(over: Partial<ModelReference> = {}): ModelReference {
  return {
    modelId: 'google-bert/bert-base-uncased',
    resolvedVia: 'literal',
    kind: 'model',
    call: 'AutoModel.from_pretrained',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    revision: null,
    trustRemoteCode: null,
    useSafetensors: null,
    subfolder: null,
    localFilesOnly: null,
    language: 'python',
    ...over,
  };
}

describe('Markdown escaping', () => {
  it('renders hostile text inertly', () => {
    const hostile = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code` javascript:alert(1) \u202eevil\u0007';
    const html = md.render(escapeMarkdown(hostile));
    assert.doesNotMatch(html, /<a |<img|<strong>|<code>/);
    assert.ok(!html.includes("\u202e") && !html.includes("\u0007"));
    assert.match(html, /command:workbench/); // shown as text, not as a link
  });

  it('keeps inline code closed and links limited to http(s)', () => {
    assert.equal(md.renderInline(inlineCode('a`b')), '<code>aˋb</code>');
    assert.equal(safeLink('x', 'command:foo'), 'x');
    assert.equal(safeLink('x', 'javascript:alert(1)'), 'x');
    assert.match(md.renderInline(safeLink('org/x', 'https://huggingface.co/org/x')), /^<a href="https:\/\/huggingface.co\/org\/x">org\/x<\/a>$/);
  });
});

describe('Reference hover', () => {
  it('links the id, names the legacy canonical id and says the revision is unpinned', () => {
    const text = renderReferenceHover(ref({ modelId: 'bert-base-uncased' }));
    assert.match(text, /^\*\*PTM Lens\*\*/);
    assert.match(text, /\(https:\/\/huggingface\.co\/bert-base-uncased\)/);
    assert.match(text, /google-bert\/bert-base-uncased/);
    assert.match(text, /unpinned/);
  });

  it('tells pinned commits from branch names and flags remote code and pickle weights', () => {
    assert.match(renderReferenceHover(ref({ revision: '86b5e0934494bd15c9632b12f734a8a67f723594' })), /pinned to commit/);
    assert.match(renderReferenceHover(ref({ revision: 'main' })), /branch or tag, not a commit/);
    assert.match(renderReferenceHover(ref({ trustRemoteCode: true })), /trust_remote_code=True/);
    assert.match(renderReferenceHover(ref({ useSafetensors: false })), /pickle/);
  });

  it('does not link library weights to the Hub', () => {
    const text = renderReferenceHover(ref({ modelId: 'torchvision/resnet50', source: 'torchvision', weights: 'ResNet50_Weights.DEFAULT' }));
    assert.doesNotMatch(text, /huggingface\.co/);
    assert.match(text, /pretrained weights from torchvision/);
  });

  it('says when the id is not known statically', () => {
    assert.match(renderReferenceHover(ref({ modelId: null, resolvedVia: 'dynamic' })), /not known statically/);
  });

  it('builds Hub page URLs against the configured endpoint', () => {
    assert.equal(modelPageUrl('org/x', 'http://127.0.0.1:8080/'), 'http://127.0.0.1:8080/org/x');
  });
});
