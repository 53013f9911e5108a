import assert from 'node:assert/strict';
import type { LineageItem, LocatedReference } from '../../src/core/assess/assess.js';
import { assessModel } from '../../src/core/assess/assess.js';
import type { ModelLookup } from '../../src/core/hub/types.js';
import { escapeHtml, safeHref } from '../../src/core/render/html.js';
import { renderLineageGraph } from '../../src/core/render/lineageGraph.js';
import { MAX_CARD_CHARS, renderCard, renderModelReport } from '../../src/core/render/modelReport.js';

const NOW = Date.parse('2026-11-26T00:00:00Z');
const HOSTILE = '[x](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> <script>alert(1)</script> \u202egnp.exe';

const ref: LocatedReference = {
  modelId: 'evil-org/model', resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained',
  range: { start: { line: 2, character: 5 }, end: { line: 2, character: 19 } },
  revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python',
};

const CARD = `---
license: other
---
# Evil model ${HOSTILE}

<div align="center"><b>Bold</b> text <a href="javascript:alert(2)">click</a></div>

See [the paper](./paper.pdf), [the docs](https://example.org/docs), [run](command:workbench.action.terminal.new),
[js](javascript:alert(1)), [data](data:text/html;base64,PHNjcmlwdD4=), [vb](vbscript:msgbox) and [anchor](#usage).

![tracker](https://tracker.example/pixel.png) ![local](images/arch.png)

<script>alert("x")</script>

\`\`\`python
<script>not html</script>
\`\`\`
`;

function lookup(): ModelLookup {
  return {
    state: 'ok',
    facts: {
      requestedId: 'evil-org/model', canonicalId: 'evil-org/model', requestedRevision: null, sha: 'a'.repeat(40), author: 'evil-org',
      downloads: 12, likes: 1, createdAt: '2026-11-01T00:00:00.000Z', tags: ['license:other'], pipelineTag: HOSTILE,
      cardData: { license: 'other', license_name: HOSTILE, license_link: 'javascript:alert(1)', datasets: [HOSTILE] },
      readme: CARD, files: ['pytorch_model.bin'], security: { scansDone: false, filesWithIssues: [] },
      publisher: { name: 'evil-org', kind: 'user', verified: false }, unavailable: [{ fact: HOSTILE, reason: HOSTILE }], source: 'hub',
    },
  };
}

/** Every tag and attribute in the page, for checks that nothing active survives. */
function tags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

describe('Model report page', () => {
  const lineage: LineageItem[] = [
    { id: 'base/one', relation: 'finetune', depth: 1, parent: 'evil-org/model', state: 'ok', license: null },
    { id: `root/${HOSTILE}`, relation: HOSTILE, depth: 2, parent: 'base/one', state: 'not-found', license: null },
  ];
  const a = { ...assessModel('evil-org/model', null, lookup(), [], [ref], { projectLicense: null, now: NOW }), lineage };
  const html = renderModelReport(a, { cspSource: 'vscode-webview://abc', nonce: 'n0nce', references: [{ location: `src/${HOSTILE}.py:3`, call: 'AutoModel.from_pretrained', revision: null }], now: NOW });

  it('has a strict policy: no scripts, styles only by nonce, no remote images', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'nonce-n0nce'/);
    assert.match(csp, /img-src vscode-webview:\/\/abc data:/);
    assert.doesNotMatch(csp, /https:|unsafe/);
  });

  it('renders Hub text inertly: no script, handler, image, or non-http link survives', () => {
    const all = tags(html);
    assert.ok(!all.some((t) => /^<(script|img|iframe|object|embed|form|input|button|link|meta http-equiv="refresh")/i.test(t)), all.filter((t) => /script|img/.test(t)).join('\n'));
    assert.ok(!all.some((t) => /\son[a-z]+=/i.test(t)), 'no event handler attributes');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    for (const h of hrefs) assert.match(h, /^(https?:|mailto:)/, h);
    assert.ok(!html.includes('\u202e'), 'bidi override stripped');
    assert.ok(!/style="/.test(html), 'no inline style attributes (the CSP would block them)');
  });

  it('shows the facts: findings with evidence, scores item by item, license verdict, lineage graph, references', () => {
    assert.match(html, /<h2>Findings<\/h2>/);
    assert.match(html, /pickle-weights/);
    assert.match(html, /<h2>Scores<\/h2>[\s\S]*Provenance[\s\S]*Reproducibility[\s\S]*Documentation/);
    assert.match(html, /<th>Evidence<\/th>/);
    assert.match(html, /<h2>License<\/h2>/);
    assert.match(html, /<svg class="lineage"/);
    assert.match(html, /finetune of evil-org\/model/);
    assert.match(html, /Used in this workspace/);
    assert.match(html, /12 downloads last month/);
  });

  it('renders the card with links resolved against the repo, images as links, raw HTML as text', () => {
    assert.match(html, /href="https:\/\/huggingface\.co\/evil-org\/model\/resolve\/a{40}\/paper\.pdf"/);
    assert.match(html, /href="https:\/\/example\.org\/docs"/);
    assert.match(html, /class="image-link" href="https:\/\/tracker\.example\/pixel\.png">\[image: tracker\]/);
    assert.match(html, /href="https:\/\/huggingface\.co\/evil-org\/model\/resolve\/a{40}\/images\/arch\.png"/);
    assert.match(html, /<p class="html-text">Bold text click<\/p>/);
    assert.match(html, /<span class="dead-link">run<\/span>/);
    assert.match(html, /&lt;script&gt;not html&lt;\/script&gt;/, 'code stays code');
  });

  it('cuts very long cards with a link to the rest', () => {
    const out = renderCard(`# T\n\n${'word '.repeat(MAX_CARD_CHARS / 4)}`, 'https://huggingface.co/o/m/resolve/main/', 'https://huggingface.co/o/m');
    assert.match(out, /read the rest on the Hub/);
  });

  it('says why an unknown model is unknown and scores nothing', () => {
    const u = assessModel('org/gone', null, { state: 'not-found', reason: 'the Hub has no model org/gone', error: { kind: 'not-found', status: 404 } }, [], [ref], { projectLicense: null, now: NOW });
    const page = renderModelReport(u, { cspSource: 'x', nonce: 'n' });
    assert.match(page, /<strong>Unknown<\/strong> because the Hub has no model org\/gone/);
    assert.match(page, /No facts to score/);
    assert.doesNotMatch(page, /class="bar"/);
  });
});

describe('Lineage graph', () => {
  it('draws one node per model and one edge per base link, ancestors above', () => {
    const g = renderLineageGraph({ id: 'me/model', license: 'mit', known: true }, [
      { id: 'base/a', relation: 'finetune', depth: 1, parent: 'me/model', state: 'ok', license: null },
      { id: 'base/b', relation: 'merge', depth: 1, parent: 'me/model', state: 'ok', license: null },
      { id: 'root/r', relation: 'quantized', depth: 2, parent: 'base/a', state: 'error', license: null },
    ]);
    assert.equal(g.nodes, 4);
    assert.equal(g.edges, 3);
    const y = (id: string): number => Number(new RegExp(`<title>${id.replace('/', '\\/')}[^<]*</title><rect x="[\\d.]+" y="([\\d.]+)"`).exec(g.svg)?.[1]);
    assert.ok(y('root/r') < y('base/a') && y('base/a') < y('me/model'), 'root on top, the model at the bottom');
    assert.equal(y('base/a'), y('base/b'));
    assert.match(g.svg, /class="node unknown"><title>root\/r/);
  });

  it('escapes ids and relations', () => {
    const g = renderLineageGraph({ id: '<x>', license: null, known: false }, [{ id: 'a/"b"', relation: '<script>', depth: 1, parent: '<x>', state: 'ok', license: null }]);
    assert.doesNotMatch(g.svg, /<script>|<x>/);
    assert.match(g.svg, /&lt;script&gt;/);
  });
});

describe('HTML helpers', () => {
  it('escape and vet links', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>\u202e`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref(' JAVASCRIPT:alert(1)'), undefined);
    assert.equal(safeHref('command:x'), undefined);
    assert.equal(safeHref('https://huggingface.co/x'), 'https://huggingface.co/x');
  });
});
