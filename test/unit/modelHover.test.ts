import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { assessModel } from '../../src/core/assess/assess.js';
import type { ModelReference } from '../../src/core/detect/types.js';
import type { ModelLookup } from '../../src/core/hub/types.js';
import { renderModelHover, renderPendingHover, scoreBar } from '../../src/core/render/modelHover.js';

const md = new MarkdownIt({ html: false });

function ref(over: Partial<ModelReference> = {}): ModelReference {
  return {
    modelId: 'evil-org/model', resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained',
    range: { start: { line: 2, character: 5 }, end: { line: 2, character: 19 } },
    revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python', ...over,
  };
}

describe('Model hover card', () => {
  const hostile = '[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> \u202e';
  const lookup: ModelLookup = {
    state: 'ok',
    facts: {
      requestedId: 'evil-org/model', canonicalId: 'evil-org/model', requestedRevision: null, sha: 'a'.repeat(40), author: 'evil-org',
      downloads: 12, likes: 1, createdAt: '2026-11-01T00:00:00.000Z', tags: ['license:other'],
      cardData: { license: 'other', license_name: hostile, license_link: 'javascript:alert(1)', datasets: [hostile] },
      readme: `# ${hostile}\n${hostile}`, files: ['pytorch_model.bin'], security: { scansDone: false, filesWithIssues: [] },
      publisher: { name: 'evil-org', kind: 'user', verified: false }, unavailable: [], source: 'hub',
    },
  };

  it('renders scores, license, risks worst first, data sets and adoption, with Hub text inert', () => {
    const r = ref();
    const a = assessModel('evil-org/model', null, lookup, [], [r], { projectLicense: null, now: Date.parse('2026-11-26T00:00:00Z') });
    const text = renderModelHover(r, a);
    assert.match(text, /Provenance/);
    assert.match(text, /\*\*Unpinned\*\*/);
    assert.match(text, /pickle-weights/);
    assert.match(text, /25 days old/);
    const html = md.render(text);
    assert.doesNotMatch(html, /href="command:|href="javascript:|<img/);
    assert.ok(!html.includes('\u202e'));
    const risks = text.split('**Risks**')[1]!;
    assert.ok(risks.indexOf('⚠️') < risks.indexOf('ℹ️'), 'warnings before information');
  });

  it('says why an unknown model is unknown', () => {
    const r = ref();
    const a = assessModel('evil-org/model', null, { state: 'error', reason: 'could not reach the Hub (ECONNREFUSED)', error: { kind: 'network' } }, [], [r], { projectLicense: null });
    assert.match(renderModelHover(r, a), /\*\*Unknown\*\* because could not reach the Hub/);
    assert.match(renderPendingHover(r), /Looking evil\\-org\/model up/);
  });

  it('draws bars', () => {
    assert.equal(scoreBar(62), '`▰▰▰▰▰▰▱▱▱▱`\u00a062');
    assert.match(scoreBar(null), /unknown/);
  });
});
