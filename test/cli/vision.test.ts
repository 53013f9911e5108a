/**
 * The CLI on vision models (subprocess, fixture Hub): architecture classes and focused-convolution
 * suggestions in the JSON, text and BOM outputs; `--no-suggestions`; suggestions never fail `--fail-on`.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { FixtureHub } from '../hub-fixture/server.js';
import { startFixtureHub } from '../hub-fixture/server.js';
import { assertCliBuilt, makeTempDir, removeDir, runCliAsync, writeTree } from '../helpers/cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reports are checked field by field

const run = runCliAsync;

describe('ptm-lens on vision models (subprocess, fixture Hub)', function () {
  let hub: FixtureHub;
  let sandbox: string;
  let ws: string;
  let libraryOnly: string;
  before(async () => {
    assertCliBuilt();
    hub = await startFixtureHub();
    sandbox = makeTempDir();
    ws = path.join(sandbox, 'ws');
    libraryOnly = path.join(sandbox, 'library-only');
    writeTree(ws, {
      'package.json': JSON.stringify({ name: 'app', license: 'MIT' }),
      'vision.py': [
        'import timm, torchvision',
        'from transformers import AutoModel, AutoModelForImageClassification',
        'resnet = AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")',
        'backbone = timm.create_model("hf-hub:timm/resnet50.a1_in1k", pretrained=True)',
        'vgg = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.DEFAULT)',
        'vit = AutoModelForImageClassification.from_pretrained("google/vit-base-patch16-224")',
        'bert = AutoModel.from_pretrained("google-bert/bert-base-uncased")',
        '',
      ].join('\n'),
    });
    writeTree(libraryOnly, { 'train.py': 'import torchvision\nmodel = torchvision.models.vgg16(weights="DEFAULT")\n' });
  });
  after(async () => {
    await hub.close();
    removeDir(sandbox);
  });

  it('carries each model\'s architecture and the suggestion in the JSON', async () => {
    const res = await run(['scan', ws, '--format', 'json', '--hub-url', hub.url], path.join(sandbox, 'h1'));
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout) as Json;
    const model = (id: string): Json => (out.models as Json[]).find((m) => m.id === id)!;
    assert.deepEqual([model('microsoft/resnet-50').architecture.family, model('microsoft/resnet-50').architecture.name], ['cnn', 'resnet']);
    assert.deepEqual((model('microsoft/resnet-50').suggestions as Json[]).map((s) => s.kind), ['focused-convolution']);
    assert.deepEqual((model('timm/resnet50.a1_in1k').suggestions as Json[]).map((s) => s.kind), ['focused-convolution']);
    for (const id of ['google/vit-base-patch16-224', 'google-bert/bert-base-uncased']) assert.deepEqual(model(id).suggestions, [], id);
    assert.equal(model('google/vit-base-patch16-224').architecture.family, 'vision-transformer');
    assert.equal(model('google-bert/bert-base-uncased').architecture.family, 'other');
    const vgg = (out.references as Json[]).find((r) => r.modelId === 'torchvision/vgg16')!;
    assert.deepEqual([vgg.architecture.family, vgg.architecture.name], ['cnn', 'vgg']);
    assert.deepEqual((vgg.suggestions as Json[]).map((s) => [s.kind, s.form]), [['focused-convolution', 'build_focused_model']]);
    const lines = (out.findings as Json[]).filter((f) => f.rule === 'focused-convolution').map((f) => `${f.line} ${f.modelId} ${f.severity}`).sort();
    assert.deepEqual(lines, ['3 microsoft/resnet-50 info', '4 timm/resnet50.a1_in1k info', '5 torchvision/vgg16 info']);
  });

  it('leaves suggestions out with --no-suggestions', async () => {
    const res = await run(['scan', ws, '--format', 'json', '--hub-url', hub.url, '--no-suggestions'], path.join(sandbox, 'h2'));
    assert.equal(res.status, 0, res.stderr);
    const out = JSON.parse(res.stdout) as Json;
    assert.ok((out.models as Json[]).every((m) => (m.suggestions as Json[]).length === 0));
    assert.ok(!(out.findings as Json[]).some((f) => f.rule === 'focused-convolution'));
    assert.deepEqual((out.references as Json[]).find((r) => r.modelId === 'torchvision/vgg16')!.suggestions, []);
  });

  it('shows a line for library weights in the text report; a suggestion never fails --fail-on info', async () => {
    const res = await run(['scan', libraryOnly, '--hub-url', hub.url, '--fail-on', 'info'], path.join(sandbox, 'h3'));
    assert.equal(res.status, 0, res.stdout);
    assert.match(res.stdout, /^torchvision\/vgg16 {2}\(1 reference\) {2}torchvision library weights, not a Hub repo; architecture cnn \(vgg\)$/m);
    assert.match(res.stdout, /info {4}focused-convolution: torchvision\/vgg16 is a pretrained CNN \(vgg\)/);
  });

  it('puts the architecture and the suggestion into the CycloneDX BOM', async () => {
    const res = await run(['bom', ws, '--hub-url', hub.url], path.join(sandbox, 'h4'), { SOURCE_DATE_EPOCH: '1704067200' });
    assert.equal(res.status, 0, res.stderr);
    const bom = JSON.parse(res.stdout) as Json;
    const props = (c: Json, name: string): string[] => ((c.properties ?? []) as Json[]).filter((p) => p.name === name).map((p) => p.value as string);
    const byId = (id: string): Json => (bom.components as Json[]).find((c) => props(c, 'ptm-lens:model-id')[0] === id)!;
    assert.deepEqual(props(byId('microsoft/resnet-50'), 'ptm-lens:architecture:family'), ['cnn']);
    assert.equal(props(byId('microsoft/resnet-50'), 'ptm-lens:suggestion').length, 1);
    assert.deepEqual(props(byId('google/vit-base-patch16-224'), 'ptm-lens:suggestion'), []);
    const vgg = byId('torchvision/vgg16');
    assert.deepEqual([vgg.type, vgg.group, vgg.name], ['machine-learning-model', 'torchvision', 'vgg16']);
    assert.match(props(vgg, 'ptm-lens:suggestion')[0]!, /^focused-convolution \(build_focused_model\)/);
  });
});
