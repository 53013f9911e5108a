import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RULE_IDS } from '../../src/core/assess/rules.js';
import type { RuleId } from '../../src/core/assess/rules.js';
import { HubClient } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { PipelineResult } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/pipeline.js';
import type { FixtureHub } from '../hub-fixture/server.js';
import { startFixtureHub } from '../hub-fixture/server.js';
import { getDetector } from './support.js';

const CLEAN_SHA = '53aec78ed558f288d43ed6f1252091b01854ac6e';

/** One line per model; the test knows which line each rule must land on. */
const LINES: [string, string][] = [
  ['clean', `AutoModel.from_pretrained("aurora-labs/aurora-sentiment-base", revision="${CLEAN_SHA}")`],
  ['remote-code', 'AutoModelForCausalLM.from_pretrained("tiiuae/falcon-7b", trust_remote_code=True)'],
  ['remote-required', 'AutoModelForCausalLM.from_pretrained("tiiuae/falcon-7b")'],
  ['pickle', 'AutoModel.from_pretrained("nlptown/bert-base-multilingual-uncased-sentiment")'],
  ['flagged', 'AutoModel.from_pretrained("mcpotato/42-eicar-street")'],
  ['scan-missing', 'AutoModel.from_pretrained("openai/whisper-tiny")'],
  ['no-license', 'AutoModel.from_pretrained("textattack/bert-base-uncased-imdb")'],
  ['odd-license', 'AutoModel.from_pretrained("kestrel-nlp/legal-bert-small-fr")'],
  ['non-commercial', 'AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")'],
  ['rail', 'AutoModel.from_pretrained("bigscience/bloom-560m")'],
  ['lineage', 'AutoModel.from_pretrained("jdoe-ml/llama2-7b-customer-support")'],
  ['gated', 'AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")'],
  ['missing', 'AutoModel.from_pretrained("ghost-org/deleted-model")'],
  ['disabled', 'AutoModel.from_pretrained("spam-uploader/free-gpt5-weights")'],
  ['renamed', 'AutoModel.from_pretrained("bert-base-uncased")'],
  ['typosquat', 'AutoModel.from_pretrained("meta-IIama/Llama-2-7b-hf")'],
  ['undocumented', 'AutoModel.from_pretrained("kevin-dev/bert-finetuned-ner")'],
  ['superseded', 'AutoModel.from_pretrained("aurora-labs/aurora-sentiment-base-v1")'],
  ['failing', 'AutoModel.from_pretrained("KBLab/bert-base-swedish-cased")'],
  ['cnn', 'AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")'],
];
const lineOf = (label: string): number => LINES.findIndex(([l]) => l === label) + 1;

const EXPECTED: [RuleId, string, 'error' | 'warning' | 'info'][] = [
  ['trust-remote-code', 'remote-code', 'warning'],
  ['remote-code-required', 'remote-required', 'warning'],
  ['pickle-weights', 'pickle', 'warning'],
  ['security-scan-flagged', 'flagged', 'error'],
  ['security-scan-missing', 'scan-missing', 'info'],
  ['license-missing', 'no-license', 'warning'],
  ['license-unrecognized', 'odd-license', 'warning'],
  ['license-incompatible', 'non-commercial', 'error'],
  ['license-conditions', 'rail', 'info'],
  ['license-lineage-conflict', 'lineage', 'warning'],
  ['gated-model', 'gated', 'info'],
  ['model-not-found', 'missing', 'error'],
  ['model-disabled', 'disabled', 'error'],
  ['model-renamed', 'renamed', 'warning'],
  ['typosquat-suspect', 'typosquat', 'warning'],
  ['low-documentation', 'undocumented', 'info'],
  ['no-training-data', 'undocumented', 'info'],
  ['no-evaluation-results', 'undocumented', 'info'],
  ['superseded-model', 'superseded', 'info'],
  ['lookup-failed', 'failing', 'warning'],
  ['unpinned-revision', 'pickle', 'warning'],
  ['focused-convolution', 'cnn', 'info'],
];

describe('Assessment of a workspace against the fixture Hub', function () {
  let hub: FixtureHub;
  let root: string;
  let result: PipelineResult;

  before(async () => {
    hub = await startFixtureHub();
    hub.faults.inject({ kind: 'status', status: 500 }, { pathPrefix: '/api/models/KBLab/bert-base-swedish-cased/revision' });
    root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-assess-'));
    writeFileSync(path.join(root, 'models.py'), `${LINES.map(([, code]) => code).join('\n')}\n`);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', license: 'MIT' }));
    const client = new HubClient({ settings: resolveHubSettings({ endpoint: hub.url, env: {}, readFile: () => undefined }), sleep: async () => undefined, maxRetries: 1 });
    result = await runPipeline(root, await getDetector(), { client });
  });
  after(async () => {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('detects the project license', () => {
    assert.equal(result.project.license?.spdx, 'MIT');
  });

  it('fires every rule on the right model and line', () => {
    assert.deepEqual(new Set(EXPECTED.map(([r]) => r)), new Set(RULE_IDS));
    for (const [rule, label, severity] of EXPECTED) {
      const hit = result.findings.find((f) => f.rule === rule && f.reference.range.start.line + 1 === lineOf(label));
      assert.ok(hit, `${rule} did not fire on line ${lineOf(label)} (${label}); findings there: ${result.findings.filter((f) => f.reference.range.start.line + 1 === lineOf(label)).map((f) => f.rule).join(', ')}`);
      assert.equal(hit.severity, severity, rule);
    }
  });

  it('gives the clean, pinned model no finding at all', () => {
    const clean = result.findings.filter((f) => f.reference.range.start.line + 1 === lineOf('clean'));
    assert.deepEqual(clean.map((f) => `${f.rule}: ${f.message}`), []);
    const model = result.models!.find((m) => m.modelId === 'aurora-labs/aurora-sentiment-base')!;
    assert.equal(model.compatibility.verdict, 'compatible');
    assert.ok(model.scores.provenance.value! >= 90, JSON.stringify(model.scores.provenance));
    assert.ok(model.scores.documentation.value! >= 80, JSON.stringify(model.scores.documentation));
  });

  it('never shows an unknown model as clean: error states have unknown scores and a reason', () => {
    for (const id of ['ghost-org/deleted-model', 'KBLab/bert-base-swedish-cased']) {
      const m = result.models!.find((x) => x.modelId === id)!;
      assert.notEqual(m.state, 'ok');
      assert.equal(m.scores.provenance.value, null);
      assert.equal(m.compatibility.verdict, 'unknown');
      assert.ok(m.reason && m.reason.length > 10);
      assert.ok(m.findings.length > 0);
    }
  });

  it('gives every score its evidence', () => {
    for (const m of result.models!.filter((x) => x.state === 'ok')) {
      for (const s of [m.scores.provenance, m.scores.reproducibility, m.scores.documentation]) {
        assert.ok(s.value !== null && s.value >= 0 && s.value <= 100);
        assert.ok(s.items.length > 0 && s.items.every((i) => i.evidence.length > 0));
      }
    }
  });
});
