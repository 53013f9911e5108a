/**
 * Reliability: hostile text (markdown links, HTML, `command:` and `javascript:` URIs, control
 * characters, bidirectional overrides) in model ids, code, card text, license and data set names,
 * Hub error messages and file names is shown inertly in hovers, reports and BOMs. Markdown outputs
 * are rendered with markdown-it (HTML allowed, so raw HTML passing through would show) and checked
 * for live links and tags; JSON outputs are checked for hostile URIs in link-valued fields.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { renderCycloneDx } from '../../src/core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../../src/core/bom/markdown.js';
import { renderSpdx } from '../../src/core/bom/spdx.js';
import type { ModelReference } from '../../src/core/detect/types.js';
import { HubClient } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { PipelineResult } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { escapeMarkdown, inlineCode, safeLink } from '../../src/core/render/markdown.js';
import { renderModelHover, renderPendingHover } from '../../src/core/render/modelHover.js';
import { renderModelReport } from '../../src/core/render/modelReport.js';
import { renderReferenceHover } from '../../src/core/render/referenceHover.js';
import { renderScanSarif } from '../../src/core/report/sarif.js';
import { renderScanJson, renderScanText } from '../../src/core/report/scanReport.js';
import type { FixtureHub, ModelRecord } from '../hub-fixture/server.js';
import { bundledRecord, loadBundledRecords, startFixtureHub } from '../hub-fixture/server.js';
import { getDetector } from './support.js';

/** The hostile-input classes; RELIABILITY.md counts them. */
export const HOSTILE: Record<string, string> = {
  'markdown command link': '[click me](command:workbench.action.terminal.new)',
  'markdown javascript link': '[x](javascript:alert(1))',
  'reference-style link': '[x][r]\n\n[r]: command:workbench.action.reloadWindow',
  'autolink': '<command:workbench.action.terminal.new> <javascript:alert(1)>',
  'bare URIs': 'command:workbench.action.terminal.new javascript:alert(1) https://evil.example/x',
  'image': '![x](https://evil.example/track.png)',
  'HTML tags': '<img src=x onerror=alert(1)><script>alert(1)</script><a href="command:x">y</a>',
  'HTML entities': '&lt;script&gt; &#106;avascript:alert(1)',
  'theme icon': '$(alert) $(sync~spin)',
  'emphasis and code': '**bold** _it_ `code` ~~strike~~',
  'table break': '| a | b |\n|---|---|',
  'control characters': 'a\u0000b\u0007c\u001b[31mred\u001b[0m\u001b]8;;https://evil/\u0007link\u001b]8;;\u0007\u007f\u0085',
  'bidi overrides': 'safe\u202egpj.exe\u202c \u2066iso\u2069 \u200f',
  'newlines': 'line\r\n# heading\n---\n> quote',
};
const ALL = Object.values(HOSTILE).join(' ');

const md = new MarkdownIt({ html: true, linkify: true });
// eslint-disable-next-line no-control-regex -- these are what must not survive
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\u202a-\u202e\u2066-\u2069\u200e\u200f]/;

/** A Markdown output is inert when, rendered, it has no live link to a non-http(s) target and no raw HTML. */
function assertInertMarkdown(text: string, label: string): void {
  const html = md.render(text);
  for (const m of html.matchAll(/<(a|img)\s[^>]*(href|src)="([^"]*)"/g)) {
    assert.match(m[3]!, /^https?:\/\//, `${label}: live ${m[1]} to ${m[3]}`);
    assert.notEqual(new URL(m[3]!.replace(/&amp;/g, '&')).hostname, 'evil.example', `${label}: link to a hostile host`);
  }
  assert.doesNotMatch(html, /<(img|script|iframe|object|embed|svg|style)\b/i, `${label}: raw HTML`);
  assert.doesNotMatch(html, /<a href="(command|javascript|data|vbscript):/i, `${label}: hostile link`);
  assert.ok(!CONTROL.test(text), `${label}: a control or bidi character survived: ${JSON.stringify(text.match(CONTROL)?.[0])}`);
  // VS Code renders `$(name)` as an icon when theme icons are on: Hub text must not produce one.
  // (Code spans are shown as written.)
  assert.doesNotMatch(text.replace(/`[^`]*`/g, ''), /(?<!\\)\$\((alert|sync~spin)\)/, `${label}: theme icon syntax`);
}

function ref(over: Partial<ModelReference> = {}): ModelReference {
  return {
    modelId: 'evil-org/model', resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
    revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python', ...over,
  };
}

describe('Reliability: hostile text is shown inertly', function () {
  this.timeout(30_000);

  describe('escapers', () => {
    for (const [name, s] of Object.entries(HOSTILE)) {
      it(`escapeMarkdown, inlineCode and safeLink: ${name}`, () => {
        assertInertMarkdown(escapeMarkdown(s), `escapeMarkdown(${name})`);
        assertInertMarkdown(`text ${inlineCode(s)} text`, `inlineCode(${name})`);
        assertInertMarkdown(safeLink(s, 'https://huggingface.co/org/x'), `safeLink label (${name})`);
        assertInertMarkdown(safeLink('label', s), `safeLink url (${name})`);
      });
    }
  });

  describe('hovers', () => {
    for (const [name, s] of Object.entries(HOSTILE)) {
      it(`reference hover: ${name} in id, call, revision, subfolder, weights`, () => {
        for (const over of [
          { modelId: `org/${s}` }, { call: s }, { revision: s }, { subfolder: s },
          { modelId: `torchvision/${s}`, source: 'torchvision' as const, weights: s },
        ]) assertInertMarkdown(renderReferenceHover(ref(over), { hubUrl: 'https://huggingface.co' }), `${name} ${Object.keys(over).join(',')}`);
        assertInertMarkdown(renderPendingHover(ref({ modelId: `org/${s}` })).replace('$(sync~spin)', ''), `pending ${name}`);
      });
    }
  });

  describe('through the whole pipeline (fixture Hub with a hostile record, hostile file names)', () => {
    let hub: FixtureHub;
    let root: string;
    let result: PipelineResult;
    const env = { SOURCE_DATE_EPOCH: '1704067200' };

    before(async () => {
      const evil: ModelRecord = JSON.parse(JSON.stringify(bundledRecord('aurora-labs/aurora-sentiment-base'))) as ModelRecord;
      const card = evil.cardData as Record<string, unknown>;
      Object.assign(card, {
        license: 'other', license_name: ALL, license_link: 'javascript:alert(1)', datasets: [...Object.values(HOSTILE), 'command:x'],
        base_model: ALL, new_version: HOSTILE['markdown command link'], pipeline_tag: ALL, language: [ALL],
      });
      evil.tags = [...(evil.tags as string[]).filter((t) => !t.startsWith('license:')), 'license:other', `dataset:${ALL}`];
      evil.library_name = ALL;
      evil.pipeline_tag = ALL;
      evil._fixture.readme = false;
      // eslint-disable-next-line no-control-regex -- YAML-safe copy of the hostile text
      (evil._fixture as unknown as Record<string, unknown>).readmeText = `---\nlicense: other\nlicense_name: "${ALL.replace(/[\\"]/g, ' ').replace(/[\n\r\u0000-\u001f]/g, ' ')}"\n---\n# ${ALL}\n\n## Training data\n${ALL}\n\n## Bias, risks and limitations\n${ALL}\n`;
      const second = JSON.parse(JSON.stringify(bundledRecord('google/vit-base-patch16-224'))) as ModelRecord;
      (second.cardData as Record<string, unknown>).license_link = 'command:workbench.action.terminal.new';
      (second.cardData as Record<string, unknown>).license = 'other';
      (second.cardData as Record<string, unknown>).license_name = HOSTILE['HTML tags'];
      const records = [...loadBundledRecords().filter((r) => r.id !== evil.id && r.id !== second.id), evil, second];
      hub = await startFixtureHub({ records });
      // A Hub error message with every hostile class in it, for a model that fails.
      const hubSays = `${HOSTILE['control characters']} ${HOSTILE['bidi overrides']} ${HOSTILE['markdown command link']}`;
      hub.faults.inject({ kind: 'status', status: 500, body: JSON.stringify({ error: hubSays }) }, { pathPrefix: '/api/models/openai/whisper-tiny' });
      root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-inject-'));
      const code = [
        'from transformers import AutoModel',
        'a = AutoModel.from_pretrained("aurora-labs/aurora-sentiment-base", revision="v1.0\u202e")',
        'b = AutoModel.from_pretrained("google/vit-base-patch16-224", subfolder="[x](command:foo)")',
        'c = AutoModel.from_pretrained("openai/whisper-tiny")',
        '',
      ].join('\n');
      writeFileSync(path.join(root, 'app.py'), code);
      // File names may hold anything but "/" and NUL on Linux.
      for (const name of ['[x](command:workbench.action.terminal.new).py', '<img src=x onerror=alert(1)>.py', 'rlo\u202egpj.py', 'a|b.py', 'e\u001b[2Jvil\u009b31m.py']) {
        try {
          writeFileSync(path.join(root, name), code);
        } catch {
          // a file system that refuses the name
        }
      }
      const client = new HubClient({ settings: resolveHubSettings({ endpoint: hub.url, env: {}, readFile: () => undefined }), sleep: async () => undefined, maxRetries: 0 });
      result = await runPipeline(root, await getDetector(), { client });
    });
    after(async () => {
      await hub.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('looked the hostile models up (the test is not vacuous)', () => {
      const evil = result.models!.find((m) => m.modelId === 'aurora-labs/aurora-sentiment-base')!;
      assert.equal(evil.state, 'ok');
      assert.ok(evil.datasets.length > 0);
      const failed = result.models!.find((m) => m.modelId === 'openai/whisper-tiny')!;
      assert.equal(failed.state, 'error');
      assert.ok(result.scan.references.length >= 12);
    });

    it('the text report: no terminal escape, control or bidi character from file names, revisions or Hub text', () => {
      const text = renderScanText(result, 0);
      assert.ok(text.includes('vil'), 'the escape-named file is listed');
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f]/.exec(text);
      assert.equal(bad, null, `U+${bad?.[0].codePointAt(0)?.toString(16).padStart(4, '0')} at ${JSON.stringify(text.slice(Math.max(0, (bad?.index ?? 0) - 30), (bad?.index ?? 0) + 10))}`);
    });

    it('model hovers', () => {
      for (const m of result.models!) for (const r of m.references) assertInertMarkdown(renderModelHover(r, m, { hubUrl: hub.url }), `hover ${m.modelId}`);
    });

    it('the model report page (webview HTML): no script, no handlers, only http(s)/mailto links', () => {
      for (const m of result.models!) {
        const html = renderModelReport(m, {
          hubUrl: hub.url, cspSource: 'vscode-resource:', nonce: 'n0nce', now: 0,
          references: m.references.map((r) => ({ location: `${(r as { file?: string }).file ?? ''}:${r.range.start.line + 1}`, call: r.call, revision: r.revision })),
        });
        const label = `report ${m.modelId}`;
        assert.doesNotMatch(html, /<script|<iframe|<object|<embed|<img\b|<svg|<form/i, `${label}: active HTML`);
        const handler = /<[^>]*\son[a-z]+\s*=/i.exec(html);
        assert.equal(handler, null, `${label}: event handler attribute in ${handler?.[0].slice(0, 200)}`);
        for (const a of html.matchAll(/\s(href|src|action)\s*=\s*"([^"]*)"/gi)) assert.match(a[2]!, /^(https?:|mailto:)/i, `${label}: ${a[1]}=${a[2]}`);
        assert.ok(!CONTROL.test(html), `${label}: a control or bidi character survived: ${JSON.stringify(html.match(CONTROL)?.[0])}`);
      }
    });

    it('the Markdown BOM', () => {
      assertInertMarkdown(renderBomMarkdown(result, '0', { hubUrl: hub.url, env }), 'BOM markdown');
    });

    it('a Hub error message reaches the reason without control or bidi characters', () => {
      const failed = result.models!.find((m) => m.modelId === 'openai/whisper-tiny')!;
      assert.ok(!CONTROL.test(failed.reason ?? ''), JSON.stringify(failed.reason));
      for (const f of failed.findings) assert.ok(!CONTROL.test(f.message), JSON.stringify(f.message));
    });

    it('the license link is never a non-http(s) URI in any JSON output', () => {
      const outputs: [string, string][] = [
        ['report JSON', renderScanJson(result, '0')],
        ['SARIF', renderScanSarif(result, '0')],
        ['CycloneDX', renderCycloneDx(result, '0', { hubUrl: hub.url, env })],
        ['SPDX', renderSpdx(result, '0', { hubUrl: hub.url, env })],
      ];
      for (const [label, text] of outputs) {
        const doc = JSON.parse(text) as unknown;
        walkJson(doc, (key, value) => {
          if (/url|uri|link|href|location|homepage|locator/i.test(key) && key !== 'uriBaseId' && key !== 'artifactLocation') {
            if (typeof value === 'string' && /^[a-z][\w+.-]*:/i.test(value)) assert.match(value, /^(https?|urn|pkg|file):/i, `${label}: ${key} = ${value}`);
          }
        });
        assert.doesNotMatch(text, /"(url|href|link)":\s*"(command|javascript):/i, label);
      }
    });

    it('SARIF messages are plain text (no markdown message a viewer would render)', () => {
      const sarif = JSON.parse(renderScanSarif(result, '0')) as { runs: { results: { message: Record<string, string> }[] }[] };
      for (const r of sarif.runs[0]!.results) assert.equal(r.message.markdown, undefined);
    });
  });
});

function walkJson(v: unknown, visit: (key: string, value: unknown) => void, key = ''): void {
  if (Array.isArray(v)) for (const x of v) walkJson(x, visit, key);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
    visit(k, x);
    walkJson(x, visit, k);
  }
}
