/**
 * Classifies a model as a convolutional network (CNN), a vision transformer, something else (text,
 * audio, multimodal) or unknown, from what the Hub says about it or from the constructor that builds it.
 *
 * Why: focused convolution (REFERENCE §9) only speeds up convolutions, so PTM Lens must tell a ResNet
 * from a ViT before it suggests it. The Hub's `pipeline_tag` cannot: it is `image-classification` for
 * both (REFERENCE §3.4). The evidence used, strongest first:
 *
 * 1. a torchvision or timm constructor name (`resnet50`, `convnext_tiny.fb_in22k`);
 * 2. `config.model_type` (`resnet`, `vit`) and `config.architectures` (`ResNetForImageClassification`);
 * 3. the Hub's tags, which repeat the model type for transformers repos;
 * 4. for timm repos, whose `config.json` has no `model_type`, the architecture prefix of the repo name
 *    (`timm/resnet50.a1_in1k` → `resnet50`) or the timm config's `architecture`;
 * 5. the model id's first word (`google/vit-base-patch16-224`), when nothing else is known;
 * 6. a non-vision `pipeline_tag` or `library_name`, which makes the model `other`.
 *
 * Decisions on hybrids: a model whose later layers are attention counts as a vision transformer even
 * when its stem or backbone is convolutional (DETR and its variants, LeViT, CoAtNet, MobileViT, MaxViT,
 * CvT, EfficientFormer, FastViT, EdgeNeXt, BoTNet). Focused convolution skips work only in the
 * convolutions after its threshold layer; in these models those layers are mostly attention, and the
 * published figures were measured on convolutional networks, so no suggestion should be made.
 * ConvNeXt and RepViT, which have no attention at all, are CNNs. MLP-only models (MLP-Mixer, ResMLP,
 * gMLP) and multimodal models (CLIP, OWL-ViT, BLIP) are `other`.
 */

import type { ModelReference } from '../detect/types.js';
import type { ModelFacts } from '../hub/types.js';

export type ArchitectureFamily = 'cnn' | 'vision-transformer' | 'other' | 'unknown';

export interface ArchitectureInput {
  /** `config.model_type` (transformers). */
  modelType?: string | null;
  /** `config.architectures` (transformers class names). */
  architectures?: readonly string[] | null;
  /** The Hub's `library_name`. */
  libraryName?: string | null;
  /** The Hub's `pipeline_tag`. */
  pipelineTag?: string | null;
  /** The Hub's tags. */
  tags?: readonly string[] | null;
  /** The repo id (`timm/resnet50.a1_in1k`, `microsoft/resnet-50`). */
  modelId?: string | null;
  /** A torchvision or timm constructor / architecture name (`resnet50`, `vgg16_bn`, `convnext_tiny.fb_in22k`). */
  constructorName?: string | null;
}

export interface ArchitectureClass {
  family: ArchitectureFamily;
  /** A short family name (`resnet`, `convnext`, `vit`), null when unknown. */
  name: string | null;
  /** What the decision rests on, for hovers and reports. */
  evidence: string;
}

type VisionFamily = 'cnn' | 'vision-transformer' | 'other';

/**
 * transformers `model_type` values and class-name stems, compared after lower-casing and removing `_`
 * and `-` (`mobilenet_v2` and `MobileNetV2` both become `mobilenetv2`). The value is [family, name].
 */
const MODEL_TYPES: ReadonlyMap<string, readonly [VisionFamily, string]> = new Map<string, readonly [VisionFamily, string]>([
  // Convolutional networks.
  ['resnet', ['cnn', 'resnet']],
  ['regnet', ['cnn', 'regnet']],
  ['convnext', ['cnn', 'convnext']],
  ['convnextv2', ['cnn', 'convnextv2']],
  ['efficientnet', ['cnn', 'efficientnet']],
  ['mobilenetv1', ['cnn', 'mobilenet_v1']],
  ['mobilenetv2', ['cnn', 'mobilenet_v2']],
  ['bit', ['cnn', 'bit']],
  ['textnet', ['cnn', 'textnet']],
  ['superpoint', ['cnn', 'superpoint']],
  ['rtdetrresnet', ['cnn', 'resnet']],
  ['timmbackbone', ['cnn', 'timm']],
  // Architecture words that are not transformers model types but name CNNs in repo names and tags.
  ['vgg', ['cnn', 'vgg']],
  ['densenet', ['cnn', 'densenet']],
  ['mobilenet', ['cnn', 'mobilenet']],
  ['mobilenetv3', ['cnn', 'mobilenet_v3']],
  ['mobilenetv4', ['cnn', 'mobilenet_v4']],
  ['resnext', ['cnn', 'resnext']],
  ['inception', ['cnn', 'inception']],
  ['googlenet', ['cnn', 'googlenet']],
  ['squeezenet', ['cnn', 'squeezenet']],
  ['shufflenet', ['cnn', 'shufflenet']],
  ['alexnet', ['cnn', 'alexnet']],
  ['ghostnet', ['cnn', 'ghostnet']],
  ['xception', ['cnn', 'xception']],
  ['hrnet', ['cnn', 'hrnet']],
  ['efficientnetv2', ['cnn', 'efficientnet']],
  // Vision transformers, including hybrids whose later layers are attention (see the file comment).
  ['vit', ['vision-transformer', 'vit']],
  ['vithybrid', ['vision-transformer', 'vit']],
  ['vitmae', ['vision-transformer', 'vit']],
  ['vitmsn', ['vision-transformer', 'vit']],
  ['vitdet', ['vision-transformer', 'vit']],
  ['vitmatte', ['vision-transformer', 'vit']],
  ['vitpose', ['vision-transformer', 'vit']],
  ['vitposebackbone', ['vision-transformer', 'vit']],
  ['deit', ['vision-transformer', 'deit']],
  ['beit', ['vision-transformer', 'beit']],
  ['data2vecvision', ['vision-transformer', 'beit']],
  ['dinov2', ['vision-transformer', 'dinov2']],
  ['dinov2withregisters', ['vision-transformer', 'dinov2']],
  ['dinov3vit', ['vision-transformer', 'dinov3']],
  ['swin', ['vision-transformer', 'swin']],
  ['swinv2', ['vision-transformer', 'swinv2']],
  ['swin2sr', ['vision-transformer', 'swin']],
  ['donutswin', ['vision-transformer', 'swin']],
  ['maskformerswin', ['vision-transformer', 'swin']],
  ['levit', ['vision-transformer', 'levit']],
  ['mobilevit', ['vision-transformer', 'mobilevit']],
  ['mobilevitv2', ['vision-transformer', 'mobilevit']],
  ['cvt', ['vision-transformer', 'cvt']],
  ['pvt', ['vision-transformer', 'pvt']],
  ['pvtv2', ['vision-transformer', 'pvt']],
  ['segformer', ['vision-transformer', 'segformer']],
  ['glpn', ['vision-transformer', 'segformer']],
  ['efficientformer', ['vision-transformer', 'efficientformer']],
  ['swiftformer', ['vision-transformer', 'swiftformer']],
  ['dpt', ['vision-transformer', 'dpt']],
  ['depthanything', ['vision-transformer', 'dpt']],
  ['zoedepth', ['vision-transformer', 'dpt']],
  ['yolos', ['vision-transformer', 'yolos']],
  ['detr', ['vision-transformer', 'detr']],
  ['conditionaldetr', ['vision-transformer', 'detr']],
  ['deformabledetr', ['vision-transformer', 'detr']],
  ['dabdetr', ['vision-transformer', 'detr']],
  ['deta', ['vision-transformer', 'detr']],
  ['tabletransformer', ['vision-transformer', 'detr']],
  ['rtdetr', ['vision-transformer', 'detr']],
  ['rtdetrv2', ['vision-transformer', 'detr']],
  ['dfine', ['vision-transformer', 'detr']],
  ['maskformer', ['vision-transformer', 'maskformer']],
  ['mask2former', ['vision-transformer', 'maskformer']],
  ['oneformer', ['vision-transformer', 'maskformer']],
  ['sam', ['vision-transformer', 'sam']],
  ['samvisionmodel', ['vision-transformer', 'sam']],
  ['hiera', ['vision-transformer', 'hiera']],
  ['ijepa', ['vision-transformer', 'vit']],
  ['dinat', ['vision-transformer', 'dinat']],
  ['nat', ['vision-transformer', 'dinat']],
  ['imagegpt', ['vision-transformer', 'imagegpt']],
  ['vivit', ['vision-transformer', 'vivit']],
  ['timesformer', ['vision-transformer', 'timesformer']],
  ['videomae', ['vision-transformer', 'videomae']],
  ['clipvisionmodel', ['vision-transformer', 'vit']],
  ['siglipvisionmodel', ['vision-transformer', 'vit']],
  // Vision-related but not a convolutional or vision-transformer classifier.
  ['clip', ['other', 'clip']],
  ['siglip', ['other', 'siglip']],
  ['owlvit', ['other', 'owlvit']],
  ['owlv2', ['other', 'owlvit']],
  ['groundingdino', ['other', 'grounding-dino']],
  ['blip', ['other', 'blip']],
  ['blip2', ['other', 'blip']],
  ['llava', ['other', 'llava']],
]);

/**
 * torchvision and timm architecture names, tried in order against the lower-cased name without its
 * pretrained tag (`.a1_in1k`) and without timm's source prefixes (`tf_`, `tv_`, `gluon_`, `legacy_`, …).
 * A label `$1` takes the matched word as the name.
 */
const NAME_PATTERNS: readonly (readonly [RegExp, VisionFamily, string])[] = [
  // Vision transformers and attention hybrids first, where their names overlap CNN prefixes.
  [/^efficientvit/, 'vision-transformer', 'efficientvit'],
  [/^efficientformer/, 'vision-transformer', 'efficientformer'],
  [/^mobilevit/, 'vision-transformer', 'mobilevit'],
  [/^mobilenetv4_hybrid/, 'vision-transformer', 'mobilenet_v4_hybrid'],
  [/^maxx?vit/, 'vision-transformer', 'maxvit'],
  [/^coatnex?t/, 'vision-transformer', 'coatnet'],
  [/^coat_/, 'vision-transformer', 'coat'],
  [/^convit/, 'vision-transformer', 'convit'],
  [/^(vit|vitamin|flexivit|naflexvit)(_|$)/, 'vision-transformer', 'vit'],
  [/^deit/, 'vision-transformer', 'deit'],
  [/^beit/, 'vision-transformer', 'beit'],
  [/^eva(\d|_|$)/, 'vision-transformer', 'eva'],
  [/^swin/, 'vision-transformer', 'swin'],
  [/^cait/, 'vision-transformer', 'cait'],
  [/^levit/, 'vision-transformer', 'levit'],
  [/^mvit/, 'vision-transformer', 'mvit'],
  [/^(xcit|volo|twins|crossvit|pit|tnt|gcvit|davit|nest|jx_nest|hiera|sam2_hiera|samvit|tiny_vit|fastvit|edgenext|botnet\d*t?|halonet|sebotnet|eca_botnext|lambda_resnet|pvt_v2|caformer|mobileclip|aimv2|dinov2|dinov3)(\d|_|$)/, 'vision-transformer', '$1'],
  [/^(mixer|resmlp|gmlp|sequencer2d)(\d|_|$)/, 'other', 'mlp'],
  // Convolutional networks.
  [/^convnextv2/, 'cnn', 'convnextv2'],
  [/^convnext/, 'cnn', 'convnext'],
  [/^wide_resnet/, 'cnn', 'wide_resnet'],
  [/^resnext/, 'cnn', 'resnext'],
  [/^resnest/, 'cnn', 'resnest'],
  [/^res2ne(t|xt)/, 'cnn', 'res2net'],
  [/^(se|ecase|skse|seres|senet|legacy_se|eca|sk|gc|ese_)?resnet/, 'cnn', 'resnet'],
  [/^seresnext/, 'cnn', 'resnext'],
  [/^(senet|legacy_senet)/, 'cnn', 'senet'],
  [/^efficientnet/, 'cnn', 'efficientnet'],
  [/^(mobilenet_?v1|mobilenetv1)/, 'cnn', 'mobilenet_v1'],
  [/^mobilenet_?v2/, 'cnn', 'mobilenet_v2'],
  [/^mobilenet_?v3/, 'cnn', 'mobilenet_v3'],
  [/^mobilenet_?v4/, 'cnn', 'mobilenet_v4'],
  [/^mobilenet/, 'cnn', 'mobilenet'],
  [/^mobileone/, 'cnn', 'mobileone'],
  [/^regnet/, 'cnn', 'regnet'],
  [/^repvgg/, 'cnn', 'repvgg'],
  [/^repvit/, 'cnn', 'repvit'],
  [/^vgg/, 'cnn', 'vgg'],
  [/^densenet/, 'cnn', 'densenet'],
  [/^(inception|inception_resnet|inception_next)/, 'cnn', 'inception'],
  [/^googlenet/, 'cnn', 'googlenet'],
  [/^xception/, 'cnn', 'xception'],
  [/^squeezenet/, 'cnn', 'squeezenet'],
  [/^shufflenet/, 'cnn', 'shufflenet'],
  [/^mnasnet/, 'cnn', 'mnasnet'],
  [/^alexnet/, 'cnn', 'alexnet'],
  [/^ghostnet/, 'cnn', 'ghostnet'],
  [/^dla\d/, 'cnn', 'dla'],
  [/^dpn\d/, 'cnn', 'dpn'],
  [/^csp(resnet|resnext|darknet)/, 'cnn', 'cspnet'],
  [/^(cs3|darknet)/, 'cnn', 'darknet'],
  [/^hrnet/, 'cnn', 'hrnet'],
  [/^rexnet/, 'cnn', 'rexnet'],
  [/^(dm_|eca_)?nfnet/, 'cnn', 'nfnet'],
  [/^nf_/, 'cnn', 'nfnet'],
  [/^(mixnet|tinynet|fbnet|spnasnet|lcnet|hardcorenas|semnasnet|mnasnet)/, 'cnn', 'efficientnet'],
  [/^(vovnet|ese_vovnet)/, 'cnn', 'vovnet'],
  [/^(selecsls|tresnet|gernet|hgnet|hgnetv2|convmixer|rdnet|starnet|nasnetalarge|pnasnet5large|bat_resnext)(\d|_|$)/, 'cnn', '$1'],
  // torchvision detection, segmentation, optical flow and video models with convolutional backbones.
  [/^(fasterrcnn|maskrcnn|keypointrcnn)/, 'cnn', 'faster_rcnn'],
  [/^(retinanet|fcos|ssdlite|ssd)/, 'cnn', 'detector'],
  [/^(deeplabv3|fcn_|lraspp)/, 'cnn', 'segmentation'],
  [/^raft_/, 'cnn', 'raft'],
  [/^(r3d_|mc3_|r2plus1d_|s3d$|x3d|i3d|slowfast)/, 'cnn', 'video-3d-cnn'],
];

/** Text, audio and multimodal model types that may appear as the first word of a model id. */
const NON_VISION_WORDS = new Set([
  'bert', 'roberta', 'xlm', 'distilbert', 'albert', 'electra', 'deberta', 'gpt2', 'gpt', 'opt', 'bloom', 'llama',
  'mistral', 'mixtral', 'qwen', 'qwen2', 'qwen3', 'gemma', 'phi', 't5', 'flan', 'bart', 'mbart', 'pegasus', 'marian',
  'opus', 'whisper', 'wav2vec2', 'hubert', 'wavlm', 'clip', 'blip', 'llava', 'falcon', 'mpt', 'pythia', 'codellama',
  'starcoder', 'all', 'paraphrase', 'multi', 'e5', 'bge', 'gte', 'sentence', 'stable', 'sdxl', 'flux', 'xlnet',
  'camembert', 'longformer', 'bigbird', 'ernie', 'mt5', 'byt5', 'led', 'speecht5', 'bark', 'musicgen', 'encodec',
]);

/** Hub pipeline tags of computer-vision tasks where a CNN or a vision transformer may sit. */
const VISION_TASKS = new Set([
  'image-classification', 'object-detection', 'image-segmentation', 'depth-estimation', 'image-feature-extraction',
  'image-to-image', 'keypoint-detection', 'mask-generation', 'video-classification', 'unconditional-image-generation',
  'zero-shot-object-detection', 'image-super-resolution',
]);

/** Libraries whose models are not image classifiers (text, audio, diffusion, reinforcement learning, …). */
const NON_VISION_LIBRARIES = new Set([
  'sentence-transformers', 'peft', 'diffusers', 'gguf', 'llama.cpp', 'mlx', 'mlx-lm', 'nemo', 'espnet', 'speechbrain',
  'stable-baselines3', 'ml-agents', 'sample-factory', 'fasttext', 'spacy', 'flair', 'adapter-transformers',
  'setfit', 'span-marker', 'asteroid', 'pyannote-audio', 'vllm', 'open_clip', 'paddlenlp', 'allennlp', 'ctranslate2',
]);

const TIMM_SOURCE_PREFIX = /^(tf_|tv_|gluon_|ssl_|swsl_|ig_|legacy_|timm_|fb_)+/;

/** Classifies a model from whatever is known about it; see the file comment for the order of evidence. */
export function classifyArchitecture(input: ArchitectureInput): ArchitectureClass {
  if (input.constructorName) {
    const byName = classifyName(input.constructorName);
    if (byName) return { ...byName, evidence: `architecture name "${input.constructorName}"` };
  }
  const modelType = input.modelType?.trim();
  if (modelType) {
    const hit = MODEL_TYPES.get(normalize(modelType));
    if (hit) return { family: hit[0], name: hit[1], evidence: `config.model_type "${modelType}"` };
  }
  for (const arch of input.architectures ?? []) {
    const stem = normalize(arch.replace(/(For[A-Z]\w*|Model|Backbone|Encoder|Decoder)$/, ''));
    const hit = MODEL_TYPES.get(stem);
    if (hit) return { family: hit[0], name: hit[1], evidence: `config.architectures "${arch}"` };
  }
  const library = input.libraryName?.toLowerCase() ?? null;
  const isTimm = library === 'timm' || /^timm\//i.test(input.modelId ?? '') || (input.tags ?? []).includes('timm');
  if (isTimm && input.modelId) {
    const repoName = input.modelId.split('/').pop() ?? '';
    const byName = classifyName(repoName);
    if (byName) return { ...byName, evidence: `timm architecture "${repoName.split('.')[0]}" (repo name)` };
  }
  for (const tag of input.tags ?? []) {
    if (tag.includes(':')) continue;
    const hit = MODEL_TYPES.get(normalize(tag));
    if (hit) return { family: hit[0], name: hit[1], evidence: `Hub tag "${tag}"` };
  }
  const task = input.pipelineTag?.trim().toLowerCase() || null;
  const visionTask = task !== null && VISION_TASKS.has(task);
  if (modelType) {
    // A transformers config whose type is not a known vision architecture.
    if (visionTask) return { family: 'unknown', name: null, evidence: `config.model_type "${modelType}" is not a known vision architecture` };
    return { family: 'other', name: modelType, evidence: `config.model_type "${modelType}"` };
  }
  if (task !== null && !visionTask) return { family: 'other', name: null, evidence: `pipeline_tag "${task}"` };
  if (library !== null && NON_VISION_LIBRARIES.has(library)) return { family: 'other', name: null, evidence: `library_name "${library}"` };
  if (input.modelId) {
    // Only the id is known (no lookup, or the lookup failed): its first word may name the architecture.
    for (const word of idWords(input.modelId)) {
      const hit = MODEL_TYPES.get(normalize(word)) ?? (!visionTask && NON_VISION_WORDS.has(word) ? (['other', word] as const) : undefined);
      if (hit) return { family: hit[0], name: hit[1], evidence: `model id "${input.modelId}"` };
    }
  }
  return { family: 'unknown', name: null, evidence: visionTask ? `pipeline_tag "${task}" fits CNNs and vision transformers alike` : 'no architecture metadata' };
}

/**
 * Classifies a torchvision or timm architecture name (`resnet50`, `vgg16_bn`, `convnext_tiny.fb_in22k`,
 * `tf_efficientnet_b0.ns_jft_in1k`), or returns undefined when the name is not a known architecture.
 */
export function classifyName(raw: string): Omit<ArchitectureClass, 'evidence'> | undefined {
  const name = raw.trim().toLowerCase().split('.')[0]!.replace(TIMM_SOURCE_PREFIX, '');
  if (!name) return undefined;
  for (const [re, family, label] of NAME_PATTERNS) {
    const m = re.exec(name);
    if (m) return { family, name: label === '$1' ? m[1]! : label };
  }
  return undefined;
}

function normalize(s: string): string {
  return s.toLowerCase().replace(/[_\-\s]/g, '');
}

/**
 * Candidate architecture words of a repo name, most specific first: `microsoft/resnet-50` → `resnet`,
 * `google/mobilenet_v2_1.0_224` → `mobilenetv2`, `mobilenet`; `facebook/dinov2-base` → `dinov2`, `dinov`;
 * `openai-community/gpt2` → `gpt2`, `gpt`.
 */
function idWords(modelId: string): string[] {
  const repo = (modelId.split('/').pop() ?? '').toLowerCase();
  const run = /^[a-z][a-z0-9]*/.exec(repo)?.[0];
  if (!run) return [];
  const words: string[] = [];
  const version = /^[-_](v\d+)(?=[-_.]|$)/.exec(repo.slice(run.length));
  if (version) words.push(`${run}${version[1]}`);
  words.push(run);
  const noDigits = run.replace(/\d+$/, '');
  if (noDigits && noDigits !== run) words.push(noDigits);
  return words;
}

/** Classifies a looked-up model from its Hub facts (`config`, `library_name`, `pipeline_tag`, tags, id). */
export function classifyFacts(facts: ModelFacts, hint: { constructorName?: string | null; libraryName?: string | null } = {}): ArchitectureClass {
  const config = facts.config ?? {};
  const modelType = typeof config.model_type === 'string' ? config.model_type : null;
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : null;
  // timm's own config.json names the architecture (`"architecture": "resnet50"`) instead of a model_type.
  const timmArchitecture = typeof config.architecture === 'string' ? config.architecture : null;
  return classifyArchitecture({
    modelType,
    architectures,
    libraryName: facts.libraryName ?? hint.libraryName ?? null,
    pipelineTag: facts.pipelineTag ?? null,
    tags: facts.tags ?? null,
    modelId: facts.canonicalId || facts.requestedId,
    constructorName: hint.constructorName ?? timmArchitecture,
  });
}

/**
 * Classifies the model behind a reference: from its constructor for library weights
 * (`torchvision/resnet50`), else from the Hub facts when they were looked up, else from the id alone.
 */
export function classifyReference(ref: Pick<ModelReference, 'modelId' | 'call' | 'source'>, facts?: ModelFacts): ArchitectureClass {
  const constructorName = libraryConstructorName(ref);
  if (constructorName) return classifyArchitecture({ constructorName, libraryName: ref.source ?? null });
  const viaTimm = /(^|\.)create_model$/.test(ref.call) ? 'timm' : null;
  if (facts) return classifyFacts(facts, { libraryName: viaTimm });
  if (!ref.modelId) return { family: 'unknown', name: null, evidence: 'the model id is not known statically' };
  return classifyArchitecture({ modelId: ref.modelId, libraryName: viaTimm });
}

/** `torchvision/quantization.resnet50` → `resnet50`; a timm library name as written; undefined for Hub references. */
export function libraryConstructorName(ref: Pick<ModelReference, 'modelId' | 'source'>): string | undefined {
  if (!ref.modelId) return undefined;
  if (ref.source === 'torchvision') return ref.modelId.replace(/^torchvision\//, '').replace(/^[a-z_]+\./, '');
  if (ref.source === 'timm') return ref.modelId;
  return undefined;
}
