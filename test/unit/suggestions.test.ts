/**
 * Vision CNNs end to end through the core (issue 6): the `focused-convolution` finding for pretrained
 * CNNs (Hub models by their recorded-shape facts, torchvision/timm constructors by name), never for
 * vision transformers or text models; the hover section; the CLI JSON and text; and the bills of
 * materials (CycloneDX validated against the 1.6 schema).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import MarkdownIt from 'markdown-it';
import type { ModelAssessment } from '../../src/core/assess/assess.js';
import { assessModel } from '../../src/core/assess/assess.js';
import { RULE_IDS, RULES, rulePagePath, SUGGESTION_RULES } from '../../src/core/assess/rules.js';
import { renderCycloneDx } from '../../src/core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../../src/core/bom/markdown.js';
import { renderSpdx } from '../../src/core/bom/spdx.js';
import type { ModelReference } from '../../src/core/detect/types.js';
import { HubClient } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { ModelLookup } from '../../src/core/hub/types.js';
import type { PipelineResult } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { renderModelHover } from '../../src/core/render/modelHover.js';
import { renderReferenceHover } from '../../src/core/render/referenceHover.js';
import { FOCUSED_CONV_HOVER_CLAIM } from '../../src/core/render/suggestionHover.js';
import { scanToSarif } from '../../src/core/report/sarif.js';
import { hasFindingAtLeast, renderScanText, scanToJson } from '../../src/core/report/scanReport.js';
import { FOCUSED_CONV_AICAS_2022, FOCUSED_CONV_ASPDAC_2024, FOCUSED_CONV_REPOSITORY } from '../../src/core/vision/index.js';
import type { FixtureHub } from '../hub-fixture/server.js';
import { startFixtureHub } from '../hub-fixture/server.js';
import { getDetector, refs } from './support.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reports are checked field by field

const md = new MarkdownIt({ html: false });

/** One line per case; the label says whether the suggestion must appear there. */
const LINES: [string, string][] = [
  ['imports', 'import timm, torchvision\nfrom torchvision import models\nfrom transformers import AutoImageProcessor, AutoModel, AutoModelForImageClassification, pipeline'],
  ['hub-resnet', 'resnet = AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")'],
  ['hub-processor', 'processor = AutoImageProcessor.from_pretrained("microsoft/resnet-50")'],
  ['timm-hub', 'backbone = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)'],
  ['hub-convnext', 'classify = pipeline("image-classification", model="facebook/convnext-tiny-224")'],
  ['torchvision-vgg', 'vgg = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.DEFAULT)'],
  ['timm-library', 'r50 = timm.create_model("resnet50", pretrained=True)'],
  ['hub-vit', 'vit = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")'],
  ['hub-dinov2', 'dino = AutoModel.from_pretrained("facebook/dinov2-small")'],
  ['hub-bert', 'bert = AutoModel.from_pretrained("google-bert/bert-base-uncased")'],
  ['torchvision-vit', 'tv_vit = models.vit_b_16(weights="DEFAULT")'],
];
const SOURCE = `${LINES.map(([, code]) => code).join('\n')}\n`;
/** 1-based line of a label's (first) line. */
const lineOf = (label: string): number => SOURCE.split('\n').findIndex((l) => l === LINES.find(([x]) => x === label)![1].split('\n')[0]) + 1;
const SUGGESTED = ['hub-resnet', 'timm-hub', 'hub-convnext', 'torchvision-vgg', 'timm-library'];
const NEVER = ['hub-processor', 'hub-vit', 'hub-dinov2', 'hub-bert', 'torchvision-vit'];

function newClient(hub: FixtureHub): HubClient {
  return new HubClient({ settings: resolveHubSettings({ endpoint: hub.url, env: {}, readFile: () => undefined }), sleep: async () => undefined, maxRetries: 1 });
}

describe('Vision CNNs: the focused-convolution suggestion across the core', function () {
  this.timeout(60_000);
  let hub: FixtureHub;
  let root: string;
  let result: PipelineResult;
  let off: PipelineResult;

  before(async () => {
    hub = await startFixtureHub();
    root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-vision-'));
    writeFileSync(path.join(root, 'vision.py'), SOURCE);
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', license: 'MIT' }));
    const detector = await getDetector();
    result = await runPipeline(root, detector, { client: newClient(hub) });
    off = await runPipeline(root, detector, { client: newClient(hub), suggestions: false });
  });
  after(async () => {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  });

  const suggestionLines = (r: PipelineResult): number[] => [...new Set(r.findings.filter((f) => f.rule === 'focused-convolution').map((f) => f.reference.range.start.line + 1))].sort((a, b) => a - b);

  it('fires an information-level focused-convolution finding on every pretrained CNN that code builds, and nowhere else', () => {
    assert.deepEqual(suggestionLines(result), SUGGESTED.map(lineOf).sort((a, b) => a - b));
    for (const label of NEVER) assert.ok(!suggestionLines(result).includes(lineOf(label)), label);
    for (const f of result.findings.filter((x) => x.rule === 'focused-convolution')) {
      assert.equal(f.severity, 'info');
      assert.match(f.message, /up to 25% and energy by up to 22% without retraining \(ASP-DAC 2024\)/);
      assert.ok(f.evidence[0]!.startsWith('architecture: '), f.evidence.join());
    }
    const vgg = result.findings.find((f) => f.rule === 'focused-convolution' && f.modelId === 'torchvision/vgg16');
    assert.ok(vgg, 'library weights get the finding without a Hub lookup');
    assert.match(vgg.message, /^torchvision\/vgg16 is a pretrained CNN \(vgg\)/);
  });

  it('classifies every model and gives the suggestion in the form that fits', () => {
    const m = (id: string): ModelAssessment => result.models!.find((x) => x.modelId === id)!;
    assert.deepEqual([m('microsoft/resnet-50').architecture.family, m('microsoft/resnet-50').architecture.name], ['cnn', 'resnet']);
    assert.deepEqual([m('timm/resnet50.a1_in1k').architecture.family, m('timm/resnet50.a1_in1k').architecture.name], ['cnn', 'resnet']);
    assert.equal(m('google/vit-base-patch16-224').architecture.family, 'vision-transformer');
    assert.equal(m('facebook/dinov2-small').architecture.family, 'vision-transformer');
    assert.equal(m('google-bert/bert-base-uncased').architecture.family, 'other');
    assert.deepEqual(m('microsoft/resnet-50').suggestions.map((s) => [s.kind, s.form]), [['focused-convolution', 'focusify_all_conv2d']]);
    for (const id of ['google/vit-base-patch16-224', 'facebook/dinov2-small', 'google-bert/bert-base-uncased']) assert.deepEqual(m(id).suggestions, [], id);
  });

  it('turns off with suggestions: false, and never makes --fail-on fail', () => {
    assert.deepEqual(suggestionLines(off), []);
    assert.ok(off.models!.every((m) => m.suggestions.length === 0));
    const onlySuggestions = result.findings.filter((f) => f.rule === 'focused-convolution');
    assert.ok(onlySuggestions.length > 0);
    assert.equal(hasFindingAtLeast(onlySuggestions, 'info'), false);
  });

  it('carries architecture and suggestions in the JSON report, for Hub models and library weights', () => {
    const json = JSON.parse(JSON.stringify(scanToJson(result, '0.0.0'))) as Json;
    const model = (id: string): Json => (json.models as Json[]).find((x) => x.id === id)!;
    assert.deepEqual(model('microsoft/resnet-50').architecture, { family: 'cnn', name: 'resnet', evidence: 'config.model_type "resnet"' });
    const [s] = model('microsoft/resnet-50').suggestions as Json[];
    assert.equal(s!.kind, 'focused-convolution');
    assert.equal(s!.form, 'focusify_all_conv2d');
    assert.ok((s!.links as Json[]).some((l) => l.url === FOCUSED_CONV_ASPDAC_2024));
    assert.ok((s!.conditions as string[]).length >= 4);
    assert.deepEqual(model('google/vit-base-patch16-224').suggestions, []);
    assert.equal(model('google/vit-base-patch16-224').architecture.family, 'vision-transformer');
    const vgg = (json.references as Json[]).find((r) => r.modelId === 'torchvision/vgg16')!;
    assert.deepEqual(vgg.architecture, { family: 'cnn', name: 'vgg', evidence: 'architecture name "vgg16"' });
    assert.deepEqual((vgg.suggestions as Json[]).map((x) => x.form), ['build_focused_model']);
    const tvVit = (json.references as Json[]).find((r) => r.modelId === 'torchvision/vit_b_16')!;
    assert.equal(tvVit.architecture.family, 'vision-transformer');
    assert.deepEqual(tvVit.suggestions, []);
    const hubRef = (json.references as Json[]).find((r) => r.modelId === 'microsoft/resnet-50')!;
    assert.equal(hubRef.architecture, undefined, 'Hub references carry it on their model');
    assert.ok((json.findings as Json[]).some((f) => f.rule === 'focused-convolution' && f.modelId === 'torchvision/vgg16' && f.severity === 'info'));
    // Deterministic: the same result gives the same bytes.
    assert.equal(JSON.stringify(scanToJson(result, '0.0.0')), JSON.stringify(scanToJson(result, '0.0.0')));
  });

  it('shows the suggestion in the text report, library weights included', () => {
    const text = renderScanText(result, 10);
    assert.match(text, /microsoft\/resnet-50 .*architecture cnn \(resnet\)/);
    assert.match(text, /^torchvision\/vgg16 .*torchvision library weights, not a Hub repo; architecture cnn \(vgg\)$/m);
    assert.match(text, /info {4}focused-convolution: torchvision\/vgg16 is a pretrained CNN/);
  });

  it('lists the rule in SARIF as a note', () => {
    const sarif = scanToSarif(result, '0.0.0') as Json;
    const run = sarif.runs[0] as Json;
    assert.ok((run.tool.driver.rules as Json[]).some((r) => r.id === 'focused-convolution'));
    const results = (run.results as Json[]).filter((r) => r.ruleId === 'focused-convolution');
    assert.equal(results.length, SUGGESTED.length);
    assert.ok(results.every((r) => r.level === 'note'));
  });

  it('puts architecture and suggestion into a schema-valid CycloneDX BOM, library weights as components', async () => {
    const text = renderCycloneDx(result, '0.0.0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '1704067200' } });
    const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
    assert.equal(errors, null, JSON.stringify(errors, null, 2));
    const bom = JSON.parse(text) as Json;
    const props = (c: Json, name: string): string[] => ((c.properties ?? []) as Json[]).filter((p) => p.name === name).map((p) => p.value as string);
    const byId = (id: string): Json => (bom.components as Json[]).find((c) => props(c, 'ptm-lens:model-id')[0] === id)!;
    const resnet = byId('microsoft/resnet-50');
    assert.deepEqual(props(resnet, 'ptm-lens:architecture:family'), ['cnn']);
    assert.deepEqual(props(resnet, 'ptm-lens:architecture:name'), ['resnet']);
    assert.match(props(resnet, 'ptm-lens:suggestion')[0]!, /^focused-convolution \(focusify_all_conv2d\): Focused convolution saves up to 25% latency/);
    assert.deepEqual(props(byId('google/vit-base-patch16-224'), 'ptm-lens:suggestion'), []);
    const vgg = byId('torchvision/vgg16');
    assert.equal(vgg.group, 'torchvision');
    assert.equal(vgg.name, 'vgg16');
    assert.equal(vgg.version, undefined);
    assert.deepEqual(props(vgg, 'ptm-lens:weights'), ['torchvision.models.VGG16_Weights.DEFAULT']);
    assert.match(props(vgg, 'ptm-lens:suggestion')[0]!, /^focused-convolution \(build_focused_model\)/);
    assert.ok(props(vgg, 'ptm-lens:finding').some((f) => f.startsWith('info focused-convolution: ')));
    assert.ok((bom.dependencies as Json[]).find((d) => d.ref === 'project')!.dependsOn.includes(vgg['bom-ref']));
    assert.equal(text, renderCycloneDx(result, '0.0.0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '1704067200' } }), 'deterministic');
  });

  it('carries them in SPDX and the Markdown report too', () => {
    const doc = JSON.parse(renderSpdx(result, '0.0.0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '1704067200' } })) as Json;
    const graph = doc['@graph'] as Json[];
    const vgg = graph.find((e) => e.type === 'ai_AIPackage' && e.name === 'torchvision/vgg16')!;
    assert.ok(vgg, 'library weights are an AIPackage');
    assert.equal(graph.find((e) => e.spdxId === vgg.suppliedBy)?.name, 'torchvision');
    assert.deepEqual(vgg.ai_typeOfModel, ['vgg']);
    for (const type of ['hasDeclaredLicense', 'hasConcludedLicense']) assert.equal(graph.filter((r) => r.from === vgg.spdxId && r.relationshipType === type).length, 1, type);
    const resnet = graph.find((e) => e.type === 'ai_AIPackage' && e.name === 'microsoft/resnet-50')!;
    const review = graph.find((e) => e.type === 'Annotation' && e.subject === resnet.spdxId)!;
    assert.match(review.statement, /Architecture: cnn \(resnet\)\./);
    assert.match(review.statement, /Suggestion focused-convolution \(focusify_all_conv2d\)/);

    const report = renderBomMarkdown(result, '0.0.0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '1704067200' } });
    assert.match(report, /## Library weights \(3\)/);
    assert.match(report, /\n- `microsoft\/resnet-50` \(cnn, resnet\): \*\*focused-convolution\*\* with `focusify_all_conv2d`\./);
    assert.match(report, /- `torchvision\/vgg16` \(cnn, vgg\): \*\*focused-convolution\*\* with `build_focused_model`\./);
    assert.doesNotMatch(report.split('## Suggestions')[1]!.split('##')[0]!, /vit/);
  });
});

describe('Vision CNNs: the hover section', () => {
  const SHA = 'a'.repeat(40);
  function ref(over: Partial<ModelReference> = {}): ModelReference {
    return {
      modelId: 'microsoft/resnet-50', resolvedVia: 'literal', kind: 'model', call: 'AutoModelForImageClassification.from_pretrained',
      range: { start: { line: 1, character: 10 }, end: { line: 1, character: 29 } },
      revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python', ...over,
    };
  }
  function lookup(id: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}): ModelLookup {
    return {
      state: 'ok',
      facts: {
        requestedId: id, canonicalId: id, requestedRevision: null, sha: SHA, author: id.split('/')[0]!, tags: ['license:apache-2.0'],
        cardData: { license: 'apache-2.0' }, config, libraryName: 'transformers', pipelineTag: 'image-classification', files: ['model.safetensors'],
        security: { scansDone: true, filesWithIssues: [] }, unavailable: [], source: 'hub', ...extra,
      },
    };
  }
  const assess = (r: ModelReference, l: ModelLookup, suggestions = true): ModelAssessment => assessModel(r.modelId!, null, l, [], [r], { projectLicense: null, suggestions });

  it('shows the figures with their sources, the conditions and the links for a CNN', () => {
    const r = ref();
    const text = renderModelHover(r, assess(r, lookup('microsoft/resnet-50', { model_type: 'resnet', architectures: ['ResNetForImageClassification'] })));
    assert.ok(text.includes(FOCUSED_CONV_HOVER_CLAIM), text);
    assert.match(text, /\*\*Focused convolution\*\* · a pretrained CNN \(resnet\)/);
    assert.match(text, /Check accuracy and latency on your own images first/);
    assert.match(text, /Tune the activation threshold/);
    assert.match(text, /`build_focused_model` .*`\.features` trunk|no `\.features` trunk/);
    const html = md.render(text);
    for (const url of [FOCUSED_CONV_REPOSITORY, FOCUSED_CONV_ASPDAC_2024, FOCUSED_CONV_AICAS_2022]) assert.ok(html.includes(`href="${url}"`), url);
    assert.match(text, /· \[focused-convolution\]\(https:\/\/.*docs\/rules\/focused-convolution\.md\)/, 'links its rule page');
    assert.doesNotMatch(text.split('**Focused convolution**')[0]!, /focused-convolution/, 'a suggestion is not listed as a risk');
    assert.doesNotMatch(html, /href="command:/, 'no command link unless the hover allows it');
    assert.match(renderModelHover(r, assess(r, lookup('microsoft/resnet-50', { model_type: 'resnet' })), { explainCommand: true }), /\[How it works\]\(command:ptmLens\.explainFocusedConvolution\)/);
  });

  it('never shows it for a vision transformer, a text model, a processor, or when turned off', () => {
    const vit = ref({ modelId: 'google/vit-base-patch16-224' });
    assert.doesNotMatch(renderModelHover(vit, assess(vit, lookup('google/vit-base-patch16-224', { model_type: 'vit' }))), /Focused convolution|focused-convolution/);
    const bert = ref({ modelId: 'google-bert/bert-base-uncased' });
    assert.doesNotMatch(renderModelHover(bert, assess(bert, lookup('google-bert/bert-base-uncased', { model_type: 'bert' }, { pipelineTag: 'fill-mask' }))), /Focused convolution|focused-convolution/);
    const processor = ref({ kind: 'processor', call: 'AutoImageProcessor.from_pretrained' });
    assert.doesNotMatch(renderModelHover(processor, assess(processor, lookup('microsoft/resnet-50', { model_type: 'resnet' }))), /Focused convolution/);
    const r = ref();
    const a = assess(r, lookup('microsoft/resnet-50', { model_type: 'resnet' }));
    assert.doesNotMatch(renderModelHover(r, a, { suggestions: false }), /\*\*Focused convolution\*\*/);
    assert.doesNotMatch(renderModelHover(r, a, { isRuleOff: (rule) => rule === 'focused-convolution' }), /\*\*Focused convolution\*\*/, 'the rule turned off in ptmLens.rules');
    assert.doesNotMatch(renderModelHover(r, assess(r, lookup('microsoft/resnet-50', { model_type: 'resnet' }), false)), /Focused convolution|focused-convolution/);
    const js = ref({ language: 'typescript', call: 'pipeline', kind: 'pipeline' });
    assert.doesNotMatch(renderModelHover(js, assess(js, lookup('microsoft/resnet-50', { model_type: 'resnet' }))), /Focused convolution/, 'the optimizer is Python');
  });

  it('escapes an architecture name that comes from the Hub', () => {
    // A hostile `model_type` is not a known CNN, so it gets no section; a CNN's name comes from PTM Lens's tables.
    const r = ref({ modelId: 'evil/x' });
    const hostile = '[x](command:workbench.action.terminal.new)<img src=x>';
    const text = renderModelHover(r, assess(r, lookup('evil/x', { model_type: hostile, architectures: ['ResNetForImageClassification'] })), { explainCommand: true });
    const html = md.render(text);
    assert.doesNotMatch(html, /href="command:workbench|<img/);
  });

  it('shows it on torchvision and timm library weights (no Hub lookup), not on a torchvision ViT', async () => {
    const [vgg] = (await refs('import torchvision\nm = torchvision.models.vgg16(weights="DEFAULT")\n')).filter((x) => x.source);
    const text = renderReferenceHover(vgg!);
    assert.match(text, /Architecture: convolutional network \(CNN\), vgg/);
    assert.ok(text.includes(FOCUSED_CONV_HOVER_CLAIM));
    assert.match(text, /`build_focused_model`/);
    assert.doesNotMatch(renderReferenceHover(vgg!, { suggestions: false }), /Focused convolution/);
    const [timmRef] = (await refs('import timm\nm = timm.create_model("convnext_tiny", pretrained=True)\n')).filter((x) => x.source);
    assert.ok(renderReferenceHover(timmRef!).includes(FOCUSED_CONV_HOVER_CLAIM));
    const [vit] = (await refs('from torchvision import models\nm = models.vit_b_16(weights="DEFAULT")\n')).filter((x) => x.source);
    const vitText = renderReferenceHover(vit!);
    assert.match(vitText, /Architecture: vision transformer, vit/);
    assert.doesNotMatch(vitText, /Focused convolution/);
  });
});

describe('Rule pages', () => {
  const repo = path.join(__dirname, '..', '..');
  const index = readFileSync(path.join(repo, 'docs', 'rules', 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as Json;

  it('has a page, an index row and a ptmLens.rules entry for every rule, focused-convolution included', () => {
    for (const id of RULE_IDS) {
      assert.ok(existsSync(path.join(repo, rulePagePath(id))), rulePagePath(id));
      assert.match(readFileSync(path.join(repo, rulePagePath(id)), 'utf8'), new RegExp(`^# ${id}: `), id);
      assert.ok(index.includes(`| [\`${id}\`](${id}.md) | `), `docs/rules/README.md row for ${id}`);
    }
    assert.deepEqual(manifest.contributes.configuration.properties['ptmLens.rules'].propertyNames.enum, [...RULE_IDS]);
    assert.equal(RULES['focused-convolution'].severity, 'info');
    assert.ok(SUGGESTION_RULES.has('focused-convolution'));
  });

  it('contributes the setting and the command', () => {
    const setting = manifest.contributes.configuration.properties['ptmLens.suggestions.focusedConvolution'] as Json;
    assert.deepEqual([setting.type, setting.default, setting.scope], ['boolean', true, 'resource']);
    assert.ok((manifest.contributes.commands as Json[]).some((c) => c.command === 'ptmLens.explainFocusedConvolution' && c.title === 'Explain Focused Convolution' && c.category === 'PTM Lens'));
    const ignore = readFileSync(path.join(repo, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/focused-convolution\.md$/m);
    assert.match(ignore, /^!media\/\*\.svg$/m);
  });
});
