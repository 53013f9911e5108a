/**
 * Vision CNNs (issue 6): architecture classification over real model names, detection of torchvision/timm
 * pretrained constructors, the focused-convolution suggestion, and a parse check that every snippet the
 * code action can insert is valid Python (tree-sitter always; CPython's `ast` too when python3 exists).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import { groupReferences } from '../../src/core/assess/assess.js';
import { sharedParsers } from '../../src/core/detect/parsers.js';
import type { ModelFacts } from '../../src/core/hub/types.js';
import type { ArchitectureFamily, ArchitectureInput, ModelLibrary } from '../../src/core/vision/index.js';
import {
  classifyArchitecture,
  classifyFacts,
  classifyReference,
  earlyModuleFor,
  focusedConvEdit,
  focusedConvInsertion,
  focusedConvSnippet,
  focusedConvSuggestion,
  hasFeaturesTrunk,
  isLibraryWeightsReference,
  modelLibraryOf,
} from '../../src/core/vision/index.js';
import { refs } from './support.js';

type Row = [ArchitectureInput, ArchitectureFamily, string | null];

const HUB: Row[] = [
  // transformers repos: config.model_type and config.architectures (REFERENCE §3.4 shapes).
  [{ modelId: 'microsoft/resnet-50', modelType: 'resnet', architectures: ['ResNetForImageClassification'], pipelineTag: 'image-classification', libraryName: 'transformers' }, 'cnn', 'resnet'],
  [{ modelId: 'facebook/convnext-tiny-224', modelType: 'convnext', architectures: ['ConvNextForImageClassification'] }, 'cnn', 'convnext'],
  [{ modelId: 'facebook/convnextv2-tiny-1k-224', modelType: 'convnextv2', architectures: ['ConvNextV2ForImageClassification'] }, 'cnn', 'convnextv2'],
  [{ modelId: 'google/efficientnet-b0', modelType: 'efficientnet', architectures: ['EfficientNetForImageClassification'] }, 'cnn', 'efficientnet'],
  [{ modelId: 'google/mobilenet_v1_1.0_224', modelType: 'mobilenet_v1', architectures: ['MobileNetV1ForImageClassification'] }, 'cnn', 'mobilenet_v1'],
  [{ modelId: 'google/mobilenet_v2_1.0_224', modelType: 'mobilenet_v2', architectures: ['MobileNetV2ForImageClassification'] }, 'cnn', 'mobilenet_v2'],
  [{ modelId: 'facebook/regnet-y-040', modelType: 'regnet', architectures: ['RegNetForImageClassification'] }, 'cnn', 'regnet'],
  [{ modelId: 'google/bit-50', modelType: 'bit', architectures: ['BitForImageClassification'] }, 'cnn', 'bit'],
  [{ modelId: 'google/vit-base-patch16-224', modelType: 'vit', architectures: ['ViTForImageClassification'], pipelineTag: 'image-classification' }, 'vision-transformer', 'vit'],
  [{ modelId: 'facebook/deit-base-distilled-patch16-224', modelType: 'deit', architectures: ['DeiTForImageClassificationWithTeacher'] }, 'vision-transformer', 'deit'],
  [{ modelId: 'microsoft/swin-tiny-patch4-window7-224', modelType: 'swin', architectures: ['SwinForImageClassification'] }, 'vision-transformer', 'swin'],
  [{ modelId: 'microsoft/swinv2-tiny-patch4-window8-256', modelType: 'swinv2', architectures: ['Swinv2ForImageClassification'] }, 'vision-transformer', 'swinv2'],
  [{ modelId: 'microsoft/beit-base-patch16-224', modelType: 'beit', architectures: ['BeitForImageClassification'] }, 'vision-transformer', 'beit'],
  [{ modelId: 'facebook/dinov2-base', modelType: 'dinov2', architectures: ['Dinov2Model'], pipelineTag: 'image-feature-extraction' }, 'vision-transformer', 'dinov2'],
  [{ modelId: 'facebook/levit-128S', modelType: 'levit', architectures: ['LevitForImageClassificationWithTeacher'] }, 'vision-transformer', 'levit'],
  [{ modelId: 'apple/mobilevit-small', modelType: 'mobilevit', architectures: ['MobileViTForImageClassification'] }, 'vision-transformer', 'mobilevit'],
  [{ modelId: 'nvidia/mit-b0', modelType: 'segformer', architectures: ['SegformerForImageClassification'] }, 'vision-transformer', 'segformer'],
  [{ modelId: 'microsoft/cvt-13', modelType: 'cvt', architectures: ['CvtForImageClassification'] }, 'vision-transformer', 'cvt'],
  // Decision: a CNN backbone under a transformer encoder-decoder counts as a vision transformer.
  [{ modelId: 'facebook/detr-resnet-50', modelType: 'detr', architectures: ['DetrForObjectDetection'], pipelineTag: 'object-detection' }, 'vision-transformer', 'detr'],
  [{ modelId: 'hustvl/yolos-tiny', modelType: 'yolos', architectures: ['YolosForObjectDetection'] }, 'vision-transformer', 'yolos'],
  [{ modelId: 'Intel/dpt-large', modelType: 'dpt', architectures: ['DPTForDepthEstimation'] }, 'vision-transformer', 'dpt'],
  // Text, audio and multimodal models.
  [{ modelId: 'google-bert/bert-base-uncased', modelType: 'bert', architectures: ['BertForMaskedLM'], pipelineTag: 'fill-mask' }, 'other', 'bert'],
  [{ modelId: 'meta-llama/Llama-2-7b-hf', modelType: 'llama', architectures: ['LlamaForCausalLM'], pipelineTag: 'text-generation' }, 'other', 'llama'],
  [{ modelId: 'openai/whisper-tiny', modelType: 'whisper', pipelineTag: 'automatic-speech-recognition' }, 'other', 'whisper'],
  [{ modelId: 'openai/clip-vit-base-patch32', modelType: 'clip', architectures: ['CLIPModel'], pipelineTag: 'zero-shot-image-classification' }, 'other', 'clip'],
  [{ modelId: 'sentence-transformers/all-MiniLM-L6-v2', libraryName: 'sentence-transformers', pipelineTag: 'sentence-similarity' }, 'other', null],
  [{ modelId: 'org/some-embedder', libraryName: 'sentence-transformers' }, 'other', null],
  // timm repos: no model_type; the architecture prefix of the repo name decides.
  [{ modelId: 'timm/resnet50.a1_in1k', libraryName: 'timm', pipelineTag: 'image-classification', tags: ['timm', 'pytorch', 'safetensors', 'image-classification'] }, 'cnn', 'resnet'],
  [{ modelId: 'timm/convnext_tiny.fb_in22k', libraryName: 'timm' }, 'cnn', 'convnext'],
  [{ modelId: 'timm/convnextv2_tiny.fcmae_ft_in22k_in1k', libraryName: 'timm' }, 'cnn', 'convnextv2'],
  [{ modelId: 'timm/efficientnet_b0.ra_in1k', libraryName: 'timm' }, 'cnn', 'efficientnet'],
  [{ modelId: 'timm/tf_efficientnet_b0.ns_jft_in1k', libraryName: 'timm' }, 'cnn', 'efficientnet'],
  [{ modelId: 'timm/mobilenetv3_large_100.ra_in1k', libraryName: 'timm' }, 'cnn', 'mobilenet_v3'],
  [{ modelId: 'timm/mobilenetv2_100.ra_in1k', libraryName: 'timm' }, 'cnn', 'mobilenet_v2'],
  [{ modelId: 'timm/regnety_040.ra3_in1k', libraryName: 'timm' }, 'cnn', 'regnet'],
  [{ modelId: 'timm/vgg16.tv_in1k', libraryName: 'timm' }, 'cnn', 'vgg'],
  [{ modelId: 'timm/densenet121.ra_in1k', libraryName: 'timm' }, 'cnn', 'densenet'],
  [{ modelId: 'timm/resnext50_32x4d.a1h_in1k', libraryName: 'timm' }, 'cnn', 'resnext'],
  [{ modelId: 'timm/seresnext50_32x4d.racm_in1k', libraryName: 'timm' }, 'cnn', 'resnext'],
  [{ modelId: 'timm/ecaresnet50d.miil_in1k', libraryName: 'timm' }, 'cnn', 'resnet'],
  [{ modelId: 'timm/inception_v3.tv_in1k', libraryName: 'timm' }, 'cnn', 'inception'],
  [{ modelId: 'timm/cspdarknet53.ra_in1k', libraryName: 'timm' }, 'cnn', 'cspnet'],
  [{ modelId: 'timm/dla34.in1k', libraryName: 'timm' }, 'cnn', 'dla'],
  [{ modelId: 'timm/dpn68.mx_in1k', libraryName: 'timm' }, 'cnn', 'dpn'],
  [{ modelId: 'timm/hrnet_w18.ms_aug_in1k', libraryName: 'timm' }, 'cnn', 'hrnet'],
  [{ modelId: 'timm/res2net50_26w_4s.in1k', libraryName: 'timm' }, 'cnn', 'res2net'],
  [{ modelId: 'timm/resnest50d.in1k', libraryName: 'timm' }, 'cnn', 'resnest'],
  [{ modelId: 'timm/rexnet_100.nav_in1k', libraryName: 'timm' }, 'cnn', 'rexnet'],
  [{ modelId: 'timm/dm_nfnet_f0.dm_in1k', libraryName: 'timm' }, 'cnn', 'nfnet'],
  [{ modelId: 'timm/ghostnet_100.in1k', libraryName: 'timm' }, 'cnn', 'ghostnet'],
  [{ modelId: 'timm/repvit_m1.dist_in1k', libraryName: 'timm' }, 'cnn', 'repvit'],
  [{ modelId: 'timm/xception41.tf_in1k', libraryName: 'timm' }, 'cnn', 'xception'],
  [{ modelId: 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k', libraryName: 'timm' }, 'vision-transformer', 'vit'],
  [{ modelId: 'timm/vit_small_patch14_dinov2.lvd142m', libraryName: 'timm' }, 'vision-transformer', 'vit'],
  [{ modelId: 'timm/deit_base_patch16_224.fb_in1k', libraryName: 'timm' }, 'vision-transformer', 'deit'],
  [{ modelId: 'timm/swin_base_patch4_window7_224.ms_in22k_ft_in1k', libraryName: 'timm' }, 'vision-transformer', 'swin'],
  [{ modelId: 'timm/eva02_base_patch14_224.mim_in22k', libraryName: 'timm' }, 'vision-transformer', 'eva'],
  [{ modelId: 'timm/beitv2_base_patch16_224.in1k_ft_in22k_in1k', libraryName: 'timm' }, 'vision-transformer', 'beit'],
  [{ modelId: 'timm/cait_s24_224.fb_dist_in1k', libraryName: 'timm' }, 'vision-transformer', 'cait'],
  [{ modelId: 'timm/levit_128.fb_dist_in1k', libraryName: 'timm' }, 'vision-transformer', 'levit'],
  [{ modelId: 'timm/coatnet_0_rw_224.sw_in1k', libraryName: 'timm' }, 'vision-transformer', 'coatnet'],
  [{ modelId: 'timm/mobilevit_s.cvnets_in1k', libraryName: 'timm' }, 'vision-transformer', 'mobilevit'],
  [{ modelId: 'timm/maxvit_tiny_tf_224.in1k', libraryName: 'timm' }, 'vision-transformer', 'maxvit'],
  [{ modelId: 'timm/fastvit_t8.apple_in1k', libraryName: 'timm' }, 'vision-transformer', 'fastvit'],
  [{ modelId: 'timm/efficientvit_b0.r224_in1k', libraryName: 'timm' }, 'vision-transformer', 'efficientvit'],
  [{ modelId: 'timm/mobilenetv4_hybrid_medium.ix_e550_r256_in1k', libraryName: 'timm' }, 'vision-transformer', 'mobilenet_v4_hybrid'],
  [{ modelId: 'timm/mobilenetv4_conv_small.e2400_r224_in1k', libraryName: 'timm' }, 'cnn', 'mobilenet_v4'],
  [{ modelId: 'timm/mixer_b16_224.goog_in21k_ft_in1k', libraryName: 'timm' }, 'other', 'mlp'],
  // The id alone (no lookup): its first word, when it names an architecture.
  [{ modelId: 'microsoft/resnet-50' }, 'cnn', 'resnet'],
  [{ modelId: 'google/vit-base-patch16-224' }, 'vision-transformer', 'vit'],
  [{ modelId: 'facebook/dinov2-small' }, 'vision-transformer', 'dinov2'],
  [{ modelId: 'google/mobilenet_v2_1.0_224' }, 'cnn', 'mobilenet_v2'],
  [{ modelId: 'bert-base-uncased' }, 'other', 'bert'],
  [{ modelId: 'openai-community/gpt2' }, 'other', 'gpt2'],
  [{ modelId: 'someone/my-model' }, 'unknown', null],
  // Tasks alone.
  [{ pipelineTag: 'image-classification' }, 'unknown', null],
  [{ pipelineTag: 'text-generation' }, 'other', null],
  [{ modelType: 'some_new_vision_type', pipelineTag: 'image-classification' }, 'unknown', null],
  [{}, 'unknown', null],
];

const CONSTRUCTORS: [string, ArchitectureFamily, string][] = [
  ['resnet18', 'cnn', 'resnet'],
  ['resnet50', 'cnn', 'resnet'],
  ['wide_resnet50_2', 'cnn', 'wide_resnet'],
  ['resnext50_32x4d', 'cnn', 'resnext'],
  ['vgg16', 'cnn', 'vgg'],
  ['vgg16_bn', 'cnn', 'vgg'],
  ['alexnet', 'cnn', 'alexnet'],
  ['densenet121', 'cnn', 'densenet'],
  ['inception_v3', 'cnn', 'inception'],
  ['googlenet', 'cnn', 'googlenet'],
  ['squeezenet1_0', 'cnn', 'squeezenet'],
  ['shufflenet_v2_x1_0', 'cnn', 'shufflenet'],
  ['mnasnet1_0', 'cnn', 'mnasnet'],
  ['mobilenet_v2', 'cnn', 'mobilenet_v2'],
  ['mobilenet_v3_large', 'cnn', 'mobilenet_v3'],
  ['efficientnet_b0', 'cnn', 'efficientnet'],
  ['efficientnet_v2_s', 'cnn', 'efficientnet'],
  ['regnet_y_400mf', 'cnn', 'regnet'],
  ['convnext_tiny', 'cnn', 'convnext'],
  ['fasterrcnn_resnet50_fpn', 'cnn', 'faster_rcnn'],
  ['deeplabv3_resnet50', 'cnn', 'segmentation'],
  ['r3d_18', 'cnn', 'video-3d-cnn'],
  ['vit_b_16', 'vision-transformer', 'vit'],
  ['swin_t', 'vision-transformer', 'swin'],
  ['swin_v2_b', 'vision-transformer', 'swin'],
  ['maxvit_t', 'vision-transformer', 'maxvit'],
  ['mvit_v2_s', 'vision-transformer', 'mvit'],
  ['convnext_tiny.fb_in22k', 'cnn', 'convnext'],
  ['vit_base_patch16_224.augreg2_in21k_ft_in1k', 'vision-transformer', 'vit'],
];

describe('vision: architecture classification', () => {
  for (const [input, family, name] of HUB) {
    it(`${JSON.stringify(input)} → ${family}${name ? ` (${name})` : ''}`, () => {
      const got = classifyArchitecture(input);
      assert.equal(got.family, family, got.evidence);
      assert.equal(got.name, name, got.evidence);
      assert.ok(got.evidence.length > 0);
    });
  }

  it('classifies torchvision and timm constructor names', () => {
    const wrong = CONSTRUCTORS.filter(([n, family, name]) => {
      const got = classifyArchitecture({ constructorName: n });
      return got.family !== family || got.name !== name;
    }).map(([n]) => `${n}: ${JSON.stringify(classifyArchitecture({ constructorName: n }))}`);
    assert.deepEqual(wrong, []);
  });

  it('classifies from Hub facts, including timm configs that name an architecture', () => {
    const facts = (over: Partial<ModelFacts>): ModelFacts => ({ requestedId: 'x/y', canonicalId: 'x/y', requestedRevision: null, unavailable: [], source: 'hub', ...over });
    assert.equal(classifyFacts(facts({ canonicalId: 'microsoft/resnet-50', config: { model_type: 'resnet', architectures: ['ResNetForImageClassification'] } })).name, 'resnet');
    assert.equal(classifyFacts(facts({ canonicalId: 'me/finetuned', libraryName: 'timm', config: { architecture: 'vgg16_bn', num_classes: 10 } })).family, 'cnn');
    assert.equal(classifyFacts(facts({ canonicalId: 'timm/vit_small_patch16_224.augreg_in21k', libraryName: 'timm', config: {} })).family, 'vision-transformer');
    assert.equal(classifyFacts(facts({ canonicalId: 'google-bert/bert-base-uncased', pipelineTag: 'fill-mask', config: { model_type: 'bert' } })).family, 'other');
  });

  it('finds exactly the CNNs among the fixture Hub records (recorded-shape Hub answers)', () => {
    const dir = path.resolve(__dirname, '..', 'hub-fixture', 'records');
    const families = new Map<ArchitectureFamily, string[]>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const rec = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
      const facts: ModelFacts = {
        requestedId: String(rec.id),
        canonicalId: String(rec.id),
        requestedRevision: null,
        unavailable: [],
        source: 'hub',
        ...(typeof rec.library_name === 'string' ? { libraryName: rec.library_name } : {}),
        ...(typeof rec.pipeline_tag === 'string' ? { pipelineTag: rec.pipeline_tag } : {}),
        ...(Array.isArray(rec.tags) ? { tags: rec.tags as string[] } : {}),
        ...(rec.config && typeof rec.config === 'object' ? { config: rec.config as Record<string, unknown> } : {}),
      };
      const family = classifyFacts(facts).family;
      families.set(family, [...(families.get(family) ?? []), String(rec.id)]);
    }
    assert.deepEqual(families.get('cnn'), ['facebook/convnext-tiny-224', 'microsoft/resnet-50', 'timm/resnet50.a1_in1k']);
    assert.deepEqual(families.get('vision-transformer'), ['facebook/dinov2-small', 'google/vit-base-patch16-224']);
    assert.ok((families.get('other') ?? []).includes('google-bert/bert-base-uncased'));
    assert.ok((families.get('other') ?? []).includes('openai/whisper-tiny'));
  });

  it('classifies references: library weights by constructor, Hub ones by facts or id', () => {
    assert.deepEqual(
      { ...classifyReference({ modelId: 'torchvision/vgg16', call: 'models.vgg16', source: 'torchvision' }), evidence: '' },
      { family: 'cnn', name: 'vgg', evidence: '' },
    );
    assert.equal(classifyReference({ modelId: 'torchvision/quantization.resnet50', call: 'q.resnet50', source: 'torchvision' }).name, 'resnet');
    assert.equal(classifyReference({ modelId: 'convnext_tiny', call: 'timm.create_model', source: 'timm' }).name, 'convnext');
    // A Hub id loaded through timm is classified as a timm repo even outside the timm namespace.
    assert.equal(classifyReference({ modelId: 'me/resnet50_finetuned', call: 'timm.create_model' }).name, 'resnet');
    assert.equal(classifyReference({ modelId: null, call: 'AutoModel.from_pretrained' }).family, 'unknown');
  });
});

describe('vision: focused-convolution suggestion', () => {
  it('is offered for CNNs with the published figures and their sources', () => {
    const s = focusedConvSuggestion({ family: 'cnn', name: 'resnet', evidence: '' });
    assert.ok(s);
    assert.equal(s.kind, 'focused-convolution');
    assert.match(s.summary, /up to 25% latency and 22% energy/);
    assert.match(s.summary, /ASP-DAC 2024, arXiv 2310\.07782/);
    assert.match(s.summary, /about 45%/);
    assert.match(s.summary, /AICAS 2022/);
    assert.match(s.summary, /without retraining/);
    assert.equal(s.form, 'focusify_all_conv2d');
    assert.ok(s.conditions.some((c) => /accuracy/.test(c)));
    assert.ok(s.conditions.some((c) => /threshold/.test(c)));
    assert.ok(s.conditions.some((c) => /AOI_RECT_MODE/.test(c)));
    const urls = s.links.map((l) => l.url);
    assert.ok(urls.includes('https://github.com/purdueseris/focused-convolutions'));
    assert.ok(urls.includes('https://arxiv.org/abs/2310.07782'));
    assert.ok(urls.includes('https://ieeexplore.ieee.org/abstract/document/9870012'));
    assert.equal(focusedConvSuggestion({ family: 'cnn', name: 'vgg', evidence: '' }, { hasFeaturesTrunk: true })!.form, 'build_focused_model');
  });

  it('is never offered for vision transformers, text models, unknown models or 3D video CNNs', () => {
    for (const input of [
      { modelType: 'vit' },
      { modelType: 'deit' },
      { modelType: 'swin' },
      { modelType: 'dinov2' },
      { modelType: 'detr' },
      { modelType: 'bert', pipelineTag: 'fill-mask' },
      { modelType: 'llama' },
      { modelId: 'timm/vit_base_patch16_224.augreg2_in21k_ft_in1k', libraryName: 'timm' },
      { pipelineTag: 'image-classification' },
      { constructorName: 'r3d_18' },
    ]) {
      assert.equal(focusedConvSuggestion(classifyArchitecture(input)), undefined, JSON.stringify(input));
    }
  });

  it('knows which models have a .features trunk for build_focused_model', () => {
    const yes: [string, ModelLibrary][] = [
      ['vgg16', 'torchvision'], ['vgg19_bn', 'torchvision'], ['alexnet', 'torchvision'], ['densenet121', 'torchvision'],
      ['mobilenet_v2', 'torchvision'], ['mobilenet_v3_large', 'torchvision'], ['efficientnet_b0', 'torchvision'],
      ['convnext_tiny', 'torchvision'], ['squeezenet1_1', 'torchvision'], ['vgg16.tv_in1k', 'timm'],
    ];
    const no: [string | null, ModelLibrary][] = [
      ['resnet50', 'torchvision'], ['regnet_y_400mf', 'torchvision'], ['googlenet', 'torchvision'], ['ssd300_vgg16', 'torchvision'],
      ['lraspp_mobilenet_v3_large', 'torchvision'], ['convnext_tiny.fb_in22k', 'timm'], ['resnet', 'transformers'],
      ['convnext', 'transformers'], ['vgg', 'unknown'], [null, 'torchvision'],
    ];
    for (const [n, lib] of yes) assert.equal(hasFeaturesTrunk(n, lib), true, `${n} ${lib}`);
    for (const [n, lib] of no) assert.equal(hasFeaturesTrunk(n, lib), false, `${n} ${lib}`);
  });

  it('picks an early block by library for the per-layer form', () => {
    assert.equal(earlyModuleFor('resnet50', 'torchvision'), 'layer1');
    assert.equal(earlyModuleFor('fasterrcnn_resnet50_fpn', 'torchvision'), 'layer1');
    assert.equal(earlyModuleFor('resnet', 'transformers'), 'encoder.stages.0');
    assert.equal(earlyModuleFor('convnext_tiny.fb_in22k', 'timm'), 'stages.0');
    assert.equal(earlyModuleFor('efficientnet_b0', 'timm'), 'blocks.1');
    assert.equal(earlyModuleFor('regnet_y_400mf', 'torchvision'), 'trunk_output.block1');
    assert.equal(earlyModuleFor('mobilenet_v3_large', 'torchvision'), undefined);
    assert.equal(earlyModuleFor(null, 'torchvision'), undefined);
  });
});

describe('vision: torchvision and timm pretrained constructors as references', () => {
  async function libRows(src: string): Promise<string[]> {
    return (await refs(src)).map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.modelId} ${r.resolvedVia} ${r.source ?? 'hub'}${r.weights ? ` ${r.weights}` : ''}`);
  }

  it('finds torchvision constructors that ask for pretrained weights, in every import form', async () => {
    const src = [
      'import torchvision',
      'from torchvision import models',
      'from torchvision.models import resnet50, ResNet50_Weights',
      'import torchvision.models as tvm',
      'import torchvision as tv',
      'a = torchvision.models.resnet50(weights=torchvision.models.ResNet50_Weights.DEFAULT)',
      'b = models.vgg16(pretrained=True)',
      'c = resnet50(weights=ResNet50_Weights.IMAGENET1K_V2)',
      'd = tvm.efficientnet_b0(weights="IMAGENET1K_V1")',
      'e = tv.models.convnext_tiny(weights=tv.models.ConvNeXt_Tiny_Weights.DEFAULT).eval()',
      'f = torchvision.models.get_model("regnet_y_400mf", weights="DEFAULT")',
      'g = models.detection.fasterrcnn_resnet50_fpn(weights="DEFAULT")',
      'h = models.quantization.resnet50(weights="DEFAULT", quantize=True)',
    ].join('\n');
    assert.deepEqual(await libRows(src), [
      '6:24 torchvision/resnet50 literal torchvision torchvision.models.ResNet50_Weights.DEFAULT',
      '7:12 torchvision/vgg16 literal torchvision pretrained=True',
      '8:5 torchvision/resnet50 literal torchvision ResNet50_Weights.IMAGENET1K_V2',
      '9:9 torchvision/efficientnet_b0 literal torchvision IMAGENET1K_V1',
      '10:15 torchvision/convnext_tiny literal torchvision tv.models.ConvNeXt_Tiny_Weights.DEFAULT',
      '11:35 torchvision/regnet_y_400mf literal torchvision DEFAULT',
      '12:22 torchvision/fasterrcnn_resnet50_fpn literal torchvision DEFAULT',
      '13:25 torchvision/quantization.resnet50 literal torchvision DEFAULT',
    ]);
    const [a] = await refs(src);
    assert.equal(a!.call, 'torchvision.models.resnet50');
    assert.equal(a!.kind, 'model');
    assert.equal(a!.revision, null);
  });

  it('follows weights and pretrained flags through constants, defaults and conditionals', async () => {
    const src = [
      'from torchvision import models',
      'W = models.ResNet18_Weights.DEFAULT',
      'a = models.resnet18(weights=W)',
      'def build(pretrained=True):',
      '    return models.resnet34(pretrained=pretrained)',
      'def build2(pretrained):',
      '    return models.resnet50(weights=models.ResNet50_Weights.DEFAULT if pretrained else None)',
      'b = models.vgg11(weights=models.get_weight("VGG11_Weights.IMAGENET1K_V1"))',
    ].join('\n');
    assert.deepEqual(await libRows(src), [
      '3:12 torchvision/resnet18 literal torchvision models.ResNet18_Weights.DEFAULT',
      '5:19 torchvision/resnet34 literal torchvision pretrained=True',
      '7:19 torchvision/resnet50 literal torchvision models.ResNet50_Weights.DEFAULT',
      '8:12 torchvision/vgg11 literal torchvision VGG11_Weights.IMAGENET1K_V1',
    ]);
  });

  it('does not report randomly initialised models, unrelated functions or other hubs', async () => {
    const src = [
      'import torch',
      'import timm',
      'from torchvision import models',
      'a = models.resnet18(weights=None)',
      'b = models.resnet18(pretrained=False)',
      'c = models.resnet18()',
      'def build(pretrained=False, weights=None):',
      '    x = models.resnet50(pretrained=pretrained)',
      '    return models.resnet50(weights=weights)',
      'd = models.get_weight("ResNet50_Weights.DEFAULT")',
      'e = models.list_models()',
      'f = torch.hub.load("ultralytics/yolov5", "yolov5s", pretrained=True)',
      'g = torch.hub.load("pytorch/vision", "resnet18")',
      'h = timm.create_model("resnet50")',
      'i = timm.create_model("resnet50", pretrained=False)',
      'j = timm.create_model(args.arch, pretrained=True)',
      'k = timm.create_model("resnet50", pretrained=True, pretrained_cfg_overlay=dict(file="w.pth"))',
      'l = np.average(x, weights=w)',
      'm = keras.applications.ResNet50(weights="imagenet")',
    ].join('\n');
    assert.deepEqual(await libRows(src), []);
    // Without a torchvision import, `resnet50` is the project's own function.
    assert.deepEqual(await libRows('from mymodels import resnet50\nm = resnet50(pretrained=True)\nn = vgg16(pretrained=True)'), []);
  });

  it('takes bare builder names under `from torchvision.models import *`, and imports from other notebook cells', async () => {
    assert.deepEqual(await libRows('from torchvision.models import *\nm = vgg16(weights=VGG16_Weights.DEFAULT)\nn = helper(pretrained=True)'), [
      '2:5 torchvision/vgg16 literal torchvision VGG16_Weights.DEFAULT',
    ]);
    const nb = JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { cell_type: 'code', metadata: {}, source: ['import torchvision.models as tvm\n'], outputs: [], execution_count: null },
        { cell_type: 'code', metadata: {}, source: ['model = tvm.densenet121(weights="DEFAULT")\n'], outputs: [], execution_count: null },
      ],
    });
    const found = await refs(nb, 'x.ipynb');
    assert.deepEqual(found.map((r) => [r.cell, r.modelId, r.source]), [[1, 'torchvision/densenet121', 'torchvision']]);
  });

  it('reads torch.hub.load("pytorch/vision", ...) with its tag as the revision', async () => {
    const [r, ...rest] = await refs('import torch\nm = torch.hub.load("pytorch/vision:v0.10.0", "resnet18", pretrained=True)');
    assert.equal(rest.length, 0);
    assert.equal(r!.modelId, 'torchvision/resnet18');
    assert.equal(r!.source, 'torchvision');
    assert.equal(r!.revision, 'v0.10.0');
    assert.equal(r!.call, 'torch.hub.load');
  });

  it('maps timm names: a tagged name to its Hub repo timm/<name>, an untagged one to a timm library name', async () => {
    const src = [
      'import timm',
      'from timm import create_model',
      'a = timm.create_model("resnet50", pretrained=True)',
      'b = create_model("resnet50.a1_in1k", pretrained=True, num_classes=10)',
      'ARCH = "convnext_tiny.fb_in22k"',
      'c = timm.create_model(ARCH, pretrained=True)',
      'd = timm.create_model(model_name="efficientnet_b0", pretrained=True)',
      'e = timm.create_model("hf-hub:timm/vgg16.tv_in1k", pretrained=True)',
    ].join('\n');
    assert.deepEqual(await libRows(src), [
      '3:24 resnet50 literal timm',
      '4:19 timm/resnet50.a1_in1k literal hub',
      '6:23 timm/convnext_tiny.fb_in22k constant hub',
      '7:35 efficientnet_b0 literal timm',
      '8:31 timm/vgg16.tv_in1k literal hub',
    ]);
  });

  it('keeps library weights out of Hub lookups', async () => {
    const found = await refs('import timm\nfrom torchvision import models\na = models.vgg16(pretrained=True)\nb = timm.create_model("resnet50", pretrained=True)\nc = timm.create_model("resnet50.a1_in1k", pretrained=True)\nd = AutoModel.from_pretrained("microsoft/resnet-50")');
    assert.deepEqual(found.map(isLibraryWeightsReference), [true, true, false, false]);
    assert.deepEqual(groupReferences(found).map((g) => g.modelId), ['timm/resnet50.a1_in1k', 'microsoft/resnet-50']);
    assert.deepEqual(found.map((r) => modelLibraryOf(r)), ['torchvision', 'timm', 'timm', 'transformers']);
    assert.equal(modelLibraryOf({ call: 'hf_hub_download' }, 'timm'), 'timm');
    assert.equal(modelLibraryOf({ call: 'hf_hub_download' }), 'unknown');
  });
});

/** Every ERROR or MISSING node in a tree, as `line:column type`. */
function syntaxProblems(root: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'ERROR' || n.isMissing) out.push(`${n.startPosition.row + 1}:${n.startPosition.column + 1} ${n.isMissing ? `MISSING ${n.type}` : 'ERROR'}`);
    for (const c of n.children) if (c) visit(c);
  };
  visit(root);
  return out;
}

/** A CPython to cross-check with: the system one when present (pyenv shims take a second to start). */
let python: string | null | undefined;
function pythonBinary(): string | null {
  if (python !== undefined) return python;
  python = null;
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import ast'], { encoding: 'utf8' }).status === 0) {
      python = candidate;
      break;
    }
  }
  return python;
}

/** Parses every source with CPython's `ast` in one process; returns `index: error` for each failure. */
function cpythonProblems(sources: string[]): string[] {
  const script = [
    'import ast, json, sys',
    'for i, src in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        ast.parse(src)',
    '    except SyntaxError as e:',
    '        print(f"{i}: {e}")',
  ].join('\n');
  const r = spawnSync(pythonBinary()!, ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

describe('vision: focused-convolution snippets are valid Python', () => {
  const ARCHS: (string | null)[] = [
    'vgg16', 'resnet50', 'convnext_tiny', 'efficientnet_b0', 'mobilenet_v3_large', 'densenet121', 'regnet_y_400mf', 'googlenet',
    'fasterrcnn_resnet50_fpn', 'resnet50.a1_in1k', 'resnet', 'convnext', 'efficientnet', 'mobilenet_v2', null,
  ];
  const LIBRARIES: ModelLibrary[] = ['torchvision', 'timm', 'transformers', 'unknown'];
  const VARIABLES = ['model', 'self.backbone', 'pipe.model', 'net'];
  /** Module templates, one per indentation, with `@@` where the snippet goes right after the model is built. */
  const CONTEXTS: [string, string][] = [
    ['', 'import torch\nfrom torchvision import models\n\nVAR = build()\n@@print(VAR)\n'],
    ['    ', 'def make():\n    VAR = build()\n@@    return VAR\n'],
    ['        ', 'class Holder:\n    def __init__(self):\n        if True:\n            pass\n        VAR = build()\n@@        self.ready = True\n'],
    ['\t', 'def make():\n\tVAR = build()\n@@\treturn VAR\n'],
    ['            ', 'for i in range(1):\n    with ctx():\n        try:\n            VAR = build()\n@@        except Exception:\n            raise\n'],
  ];

  // Many combinations give the same text (the architecture and library only change the early block): each text once.
  const modules: { label: string; text: string }[] = [];
  const seen = new Set<string>();
  for (const arch of ARCHS) {
    for (const library of LIBRARIES) {
      for (const trunk of [true, false]) {
        for (const [indent, template] of CONTEXTS) {
          for (const variableName of VARIABLES) {
            const snippet = focusedConvSnippet({ variableName, architectureName: arch, hasFeaturesTrunk: trunk, indent, library });
            const text = template.replace(/VAR/g, variableName).replace('@@', snippet);
            if (seen.has(text)) continue;
            seen.add(text);
            modules.push({ label: `${arch} ${library} trunk=${trunk} indent=${JSON.stringify(indent)} ${variableName}`, text });
          }
        }
      }
    }
  }

  it(`parses every generated module without ERROR or MISSING nodes (${modules.length} combinations, tree-sitter)`, async () => {
    const parser = (await sharedParsers()).get('python');
    const problems: string[] = [];
    for (const m of modules) {
      const tree = parser.parse(m.text)!;
      try {
        const p = syntaxProblems(tree.rootNode);
        if (p.length) problems.push(`${m.label}: ${p.join(', ')}`);
      } finally {
        tree.delete();
      }
    }
    assert.deepEqual(problems.slice(0, 5), []);
  });

  it('parses every generated module with CPython ast, when python3 is installed', function () {
    if (!pythonBinary()) this.skip();
    const problems = cpythonProblems(modules.map((m) => m.text)).map((l) => {
      const i = Number(l.split(':')[0]);
      return `${modules[i]?.label}: ${l}`;
    });
    assert.deepEqual(problems.slice(0, 5), []);
  });

  it('uses the form that fits, passes the mode explicitly, and carries the install line and a check', () => {
    const trunk = focusedConvSnippet({ variableName: 'model', architectureName: 'vgg16', hasFeaturesTrunk: true, indent: '', library: 'torchvision' });
    assert.match(trunk, /focusedconv\.build_focused_model\(/);
    assert.match(trunk, /model\.features\[:FOCUSED_EARLY_LAYERS\]/);
    assert.match(trunk, /FOCUSED_EARLY_LAYERS = 4 /);
    assert.doesNotMatch(trunk, /focusify_all_conv2d\(/);
    const perLayer = focusedConvSnippet({ variableName: 'model', architectureName: 'resnet50', hasFeaturesTrunk: false, indent: '', library: 'torchvision' });
    assert.match(perLayer, /focusedconv\.focusify_all_conv2d\(focused_model, focused_model_aoi\)/);
    assert.match(perLayer, /focusedconv\.areaofinterest\.AoI\(/);
    assert.match(perLayer, /FOCUSED_EARLY_MODULE = "layer1"/);
    assert.match(perLayer, /register_forward_hook/);
    for (const s of [trunk, perLayer]) {
      assert.match(s, /^# pip install focusedconv/m);
      assert.match(s, /_layer\.focused_conv_op_mode = FOCUSED_CONV_OP_MODES\.AOI_RECT_MODE/);
      assert.match(s, /from focusedconv\.convolution import FOCUSED_CONV_OP_MODES, FocusedConv2d/);
      assert.match(s, /def check_focused_model\(original, focused, aoi, images\):/);
      assert.match(s, /^# check_focused_model\(model, focused_model, focused_model_aoi, images\)/m);
      assert.match(s, /up to 25% latency and 22% energy/);
      assert.ok(s.endsWith('\n'));
      // The original model is never replaced: the focused one is a deep copy next to it.
      assert.doesNotMatch(s, /^model = /m);
    }
    const unknownLayout = focusedConvSnippet({ variableName: 'net', architectureName: 'mobilenet_v3_large', hasFeaturesTrunk: false, indent: '    ', library: 'torchvision' });
    assert.match(unknownLayout, /FOCUSED_EARLY_MODULE = \[name for name, layer in net\.named_modules\(\)/);
    assert.ok(unknownLayout.split('\n').every((l) => l === '' || l.startsWith('    ')));
  });
});

describe('vision: inserting the snippet after the model is built', () => {
  async function parse(text: string): Promise<{ root: Node; done: () => void }> {
    const tree = (await sharedParsers()).get('python').parse(text)!;
    return { root: tree.rootNode, done: () => tree.delete() };
  }

  it('finds the statement, its target and its indentation', async () => {
    const text = 'def f():\n    m = models.vgg16(\n        weights="DEFAULT",\n    ).eval()\n    return m\n';
    const { root, done } = await parse(text);
    try {
      const at = focusedConvInsertion(root, text, { line: 1, character: 20 });
      assert.deepEqual(at, { variableName: 'm', indent: '    ', afterLine: 3, position: { line: 4, character: 0 }, prefix: '' });
    } finally {
      done();
    }
  });

  it('uses `<target>.model` for pipelines, `self.x` targets, and a newline prefix at the end of the text', async () => {
    const text = 'class A:\n    def __init__(self):\n        self.pipe = pipeline("image-classification", model="microsoft/resnet-50")';
    const { root, done } = await parse(text);
    try {
      const at = focusedConvInsertion(root, text, { line: 2, character: 60 });
      assert.equal(at?.variableName, 'self.pipe.model');
      assert.equal(at?.prefix, '\n');
      assert.deepEqual(at?.position, { line: 2, character: text.split('\n')[2]!.length });
    } finally {
      done();
    }
  });

  it('declines when there is no safe place', async () => {
    const cases: [string, number, number][] = [
      ['if x: m = models.vgg16(pretrained=True)\n', 0, 12], // same line as the header
      ['class A:\n    m = models.vgg16(pretrained=True)\n', 1, 10], // class body
      ['a, b = models.vgg16(pretrained=True), 1\n', 0, 10], // tuple target
      ['print(models.vgg16(pretrained=True))\n', 0, 10], // not bound
      ['f = lambda: models.vgg16(pretrained=True)\n', 0, 20], // inside a lambda
    ];
    for (const [text, line, character] of cases) {
      const { root, done } = await parse(text);
      try {
        assert.equal(focusedConvInsertion(root, text, { line, character }), undefined, text);
      } finally {
        done();
      }
    }
  });

  it('end to end: detect a pretrained CNN, build the edit, apply it, and the file still parses', async () => {
    const cases: [string, string, RegExp][] = [
      ['import torchvision\n\nmodel = torchvision.models.vgg16(weights=torchvision.models.VGG16_Weights.DEFAULT).eval()\nprint(model)\n', 'torchvision/vgg16', /build_focused_model/],
      ['import timm\n\ndef load():\n    backbone = timm.create_model("resnet50", pretrained=True)\n    return backbone\n', 'resnet50', /FOCUSED_EARLY_MODULE = "layer1"/],
      ['from transformers import AutoModelForImageClassification\nmodel = AutoModelForImageClassification.from_pretrained("microsoft/resnet-50")', 'microsoft/resnet-50', /FOCUSED_EARLY_MODULE = "encoder\.stages\.0"/],
    ];
    const editedTexts: string[] = [];
    for (const [text, id, form] of cases) {
      const [ref] = (await refs(text)).filter((r) => r.modelId === id);
      assert.ok(ref, id);
      const arch = classifyReference(ref);
      assert.equal(arch.family, 'cnn', id);
      const { root, done } = await parse(text);
      let edited: string;
      try {
        const edit = focusedConvEdit(root, text, ref, arch, modelLibraryOf(ref));
        assert.ok(edit, id);
        assert.deepEqual(edit.range.start, edit.range.end);
        const lines = text.split('\n');
        const offset = lines.slice(0, edit.range.start.line).reduce((n, l) => n + l.length + 1, 0) + edit.range.start.character;
        edited = text.slice(0, offset) + edit.newText + text.slice(offset);
        assert.match(edit.newText, form);
      } finally {
        done();
      }
      const after = await parse(edited);
      try {
        assert.deepEqual(syntaxProblems(after.root), [], edited);
      } finally {
        after.done();
      }
      editedTexts.push(edited);
    }
    if (pythonBinary()) assert.deepEqual(cpythonProblems(editedTexts), [], editedTexts.join('\n\n'));
  });

  it('offers no edit for a vision transformer', async () => {
    const text = 'from torchvision import models\nm = models.vit_b_16(weights="DEFAULT")\n';
    const [ref] = await refs(text);
    const { root, done } = await parse(text);
    try {
      assert.equal(focusedConvEdit(root, text, ref!, classifyReference(ref!), 'torchvision'), undefined);
    } finally {
      done();
    }
  });
});
