/**
 * The focused-convolution suggestion for pretrained CNNs, and the Python snippet that applies it.
 *
 * Facts (REFERENCE §9): focused convolution (purdueseris/focused-convolutions, PyPI `focusedconv`,
 * HELPS lab, Purdue) puts a threshold layer on early activations; positions whose channel sum falls
 * below the threshold are irrelevant, and the later convolutions skip them, keeping the pretrained
 * weights, so no retraining is needed. Tung et al., ASP-DAC 2024 (arXiv 2310.07782): up to 25% latency
 * and 22% energy saved on popular pretrained CNNs with little or no accuracy loss. Tung et al.,
 * "Irrelevant Pixels are Everywhere", IEEE AICAS 2022: about 45% less latency, energy and multiply-adds
 * on an embedded device.
 *
 * The library API, read from the repository source (`src/focusedconv/__init__.py`, `areaofinterest.py`,
 * `convolution.py`, the layout whose README is the PyPI description of `focusedconv` 1.0.x, and the demo
 * notebook that uses it):
 * - `focusedconv.build_focused_model(m, top_layers, activation_brightness_threshold, remaining_layers)`
 *   returns `(m, aoi)` after setting `m.features = Sequential(top_layers, AoIThresholder, remaining_layers)`
 *   with every `nn.Conv2d` of `remaining_layers` replaced; so it fits models with a `.features` trunk.
 * - `focusedconv.focusify_all_conv2d(m, aoi)` replaces every `nn.Conv2d` (exact type) in `m`, in place,
 *   with a `FocusedConv2d` that shares the weights and reads `aoi.mask_tensor`;
 *   `focusedconv.areaofinterest.AoI(mask_tensor)` holds the mask.
 * - `focusedconv.convolution.FOCUSED_CONV_OP_MODES` (`AOI_GENERAL_MODE`, `AOI_RECT_MODE`) is read from each
 *   layer's `focused_conv_op_mode` attribute; neither helper takes a mode, so the snippet sets it on every
 *   `FocusedConv2d` explicitly. An older layout of the package defaults it to the int `1`, which never
 *   equals the enum, so the layers silently run full convolutions (REFERENCE §9 caveat).
 * The snippet uses `AOI_RECT_MODE`: in the published source, `AOI_GENERAL_MODE` multiplies by a weight view
 * taken in `__init__`, before `focusify_all_conv2d` copies the pretrained weights in, and ignores stride and
 * bias. The installed wheel itself could not be inspected (no network), hence the comment in the snippet.
 */
import type { ArchitectureClass } from './architecture.js';
import { classifyName } from './architecture.js';
import type { ModelLibrary } from './references.js';

export const FOCUSED_CONV_REPOSITORY = 'https://github.com/purdueseris/focused-convolutions';
export const FOCUSED_CONV_PYPI = 'https://pypi.org/project/focusedconv/';
export const FOCUSED_CONV_ASPDAC_2024 = 'https://arxiv.org/abs/2310.07782';
export const FOCUSED_CONV_AICAS_2022 = 'https://ieeexplore.ieee.org/abstract/document/9870012';

/** The one-sentence claim, with its sources; shared by hovers, reports and the explanation page. */
export const FOCUSED_CONV_SUMMARY =
  'Focused convolution saves up to 25% latency and 22% energy on pretrained CNNs without retraining ' +
  '(Tung et al., ASP-DAC 2024, arXiv 2310.07782); earlier work measured about 45% less latency and energy ' +
  'on an embedded device (AICAS 2022).';

export interface FocusedConvLink {
  title: string;
  url: string;
}

export interface FocusedConvSuggestion {
  kind: 'focused-convolution';
  summary: string;
  /** What must hold for the figures to carry over, as short sentences (Markdown code spans allowed). */
  conditions: string[];
  links: FocusedConvLink[];
  /** How the snippet applies it: the whole-model helper for a `.features` trunk, else per-layer replacement. */
  form: 'build_focused_model' | 'focusify_all_conv2d';
}

/** 3D (video) CNNs: `focusify_all_conv2d` replaces `nn.Conv2d` only, so there is nothing to focus. */
const NO_CONV2D = new Set(['video-3d-cnn']);

/**
 * The suggestion for a model, or undefined when it does not apply (anything but a 2D CNN).
 * `hasFeaturesTrunk` picks the form; see {@link hasFeaturesTrunk}.
 */
export function focusedConvSuggestion(arch: ArchitectureClass, opts: { hasFeaturesTrunk?: boolean } = {}): FocusedConvSuggestion | undefined {
  if (arch.family !== 'cnn' || (arch.name !== null && NO_CONV2D.has(arch.name))) return undefined;
  const trunk = opts.hasFeaturesTrunk === true;
  return {
    kind: 'focused-convolution',
    summary: FOCUSED_CONV_SUMMARY,
    conditions: [
      'Check accuracy and latency on your own images first: the savings depend on how much of each image is irrelevant, and the papers report little or no accuracy loss on their benchmarks, not on your data.',
      'Tune the activation threshold and the number of early layers for this model (the library’s VGG-16 demo uses the first 4 feature layers and a threshold of 90).',
      trunk
        ? '`build_focused_model` replaces `model.features`, so it fits models with a `.features` trunk (torchvision VGG, DenseNet, ConvNeXt, EfficientNet, MobileNet).'
        : 'This model has no `.features` trunk for `build_focused_model`: use `focusify_all_conv2d` with an area-of-interest mask refreshed for every image.',
      'Pass the operating mode explicitly (`AOI_RECT_MODE`): left to its default, some versions of the library run plain full convolutions.',
      'Run one image at a time (batch size 1): the area of interest is computed per image.',
      'Only `nn.Conv2d` layers are replaced. The ASP-DAC 2024 paper names VGG, ResNet, ConvNeXt and Faster R-CNN; for other architectures, measure before relying on the figures.',
    ],
    links: [
      { title: 'focused-convolutions (GitHub)', url: FOCUSED_CONV_REPOSITORY },
      { title: 'focusedconv (PyPI)', url: FOCUSED_CONV_PYPI },
      { title: 'Tung et al., ASP-DAC 2024 (arXiv 2310.07782)', url: FOCUSED_CONV_ASPDAC_2024 },
      { title: 'Tung et al., “Irrelevant Pixels are Everywhere”, IEEE AICAS 2022', url: FOCUSED_CONV_AICAS_2022 },
    ],
    form: trunk ? 'build_focused_model' : 'focusify_all_conv2d',
  };
}

/** torchvision classifiers whose `features` attribute is the convolutional trunk, as `build_focused_model` expects. */
const TORCHVISION_FEATURES = new Set(['vgg', 'alexnet', 'densenet', 'mobilenet_v2', 'mobilenet_v3', 'efficientnet', 'convnext', 'squeezenet']);
/** timm models with a `features` Sequential trunk (`timm/models/vgg.py`). */
const TIMM_FEATURES = new Set(['vgg']);

/**
 * True when the model has a `.features` trunk that `build_focused_model` can split. Only torchvision's
 * VGG, AlexNet, DenseNet, MobileNet v2/v3, EfficientNet, ConvNeXt and SqueezeNet classifiers and timm's VGG:
 * transformers models (`ResNetForImageClassification`, …) and most timm models name their trunk otherwise,
 * and torchvision detectors keep theirs under `backbone`.
 */
export function hasFeaturesTrunk(architectureName: string | null, library: ModelLibrary): boolean {
  if (!architectureName) return false;
  const raw = architectureName.toLowerCase();
  // Detection and segmentation constructors (`ssd300_vgg16`, `lraspp_mobilenet_v3_large`) have no top-level trunk.
  if (/^(fasterrcnn|maskrcnn|keypointrcnn|retinanet|fcos|ssd|ssdlite|deeplabv3|fcn|lraspp|raft)/.test(raw)) return false;
  const family = classifyName(raw)?.name ?? raw;
  if (library === 'torchvision') return TORCHVISION_FEATURES.has(family);
  if (library === 'timm') return TIMM_FEATURES.has(family);
  return false;
}

export interface FocusedConvSnippetInput {
  /** The expression that holds the built model (`model`, `self.backbone`, `pipe.model`). */
  variableName: string;
  /** The architecture's family name (`resnet`) or constructor (`resnet50`, `vgg16_bn`); null when unknown. */
  architectureName: string | null;
  /** True for the `build_focused_model` form; see {@link hasFeaturesTrunk}. */
  hasFeaturesTrunk: boolean;
  /** Prefix of every line: the indentation of the statement after which the snippet goes. */
  indent: string;
  /** The library that builds the model; picks the early block for the per-layer form. */
  library?: ModelLibrary;
  /** Overrides the name (or dotted suffix) of the early block whose output marks the area of interest. */
  earlyModule?: string;
}

/** Early `features` layers that run in full, per family (4 for VGG as in the library's demo). */
const EARLY_FEATURE_LAYERS: Record<string, number> = {
  vgg: 4,
  alexnet: 2,
  densenet: 4,
  squeezenet: 3,
  mobilenet_v2: 2,
  mobilenet_v3: 2,
  efficientnet: 2,
  convnext: 2,
};

const RESNET_LIKE = new Set(['resnet', 'resnext', 'wide_resnet', 'resnest', 'res2net', 'senet']);

/**
 * The module (a name, or a dotted suffix of one) whose output decides the area of interest in the
 * per-layer form: the first stage of the network, where the image is still spatial and mostly edges.
 * Undefined when the layout is not known; the snippet then picks the fourth convolution.
 */
export function earlyModuleFor(architectureName: string | null, library: ModelLibrary): string | undefined {
  if (!architectureName) return undefined;
  const raw = architectureName.toLowerCase();
  const family = classifyName(raw)?.name ?? raw.replace(/[-\s]/g, '_');
  if (library === 'transformers') {
    if (['resnet', 'regnet', 'convnext', 'convnextv2', 'bit'].includes(family)) return 'encoder.stages.0';
    if (family === 'efficientnet') return 'encoder.blocks.1';
    return undefined;
  }
  if (RESNET_LIKE.has(family)) return 'layer1';
  // torchvision detectors and segmenters on a ResNet backbone keep its names (`backbone.body.layer1`).
  if (['faster_rcnn', 'detector', 'segmentation'].includes(family) && /resne(s|x)?t/.test(raw)) return 'layer1';
  if (library === 'torchvision') {
    if (family === 'regnet') return 'trunk_output.block1';
    if (family === 'googlenet' || family === 'inception') return 'maxpool2';
    if (family === 'shufflenet') return 'stage2';
    return undefined;
  }
  if (library === 'timm') {
    if (family === 'convnext' || family === 'convnextv2' || family === 'cspnet' || family === 'darknet') return 'stages.0';
    if (family === 'regnet') return 's1';
    if (['efficientnet', 'mobilenet_v2', 'mobilenet_v3', 'mobilenet', 'mnasnet'].includes(family)) return 'blocks.1';
  }
  return undefined;
}

/**
 * A commented, syntactically valid Python snippet that builds a focused copy of the model next to the
 * original (the original is left untouched), passes the operating mode explicitly, and defines a short
 * accuracy/latency check to run on the user's own images. Every line starts with `indent`; the text ends
 * with a newline. Nothing runs an image or downloads anything; `import focusedconv` needs the package.
 */
export function focusedConvSnippet(input: FocusedConvSnippetInput): string {
  const unit = input.indent.includes('\t') ? '\t' : '    ';
  const model = input.variableName.trim() || 'model';
  const base = baseName(model);
  const focused = `focused_${base}`;
  const aoi = `focused_${base}_aoi`;
  const library = input.library ?? 'unknown';
  const family = input.architectureName ? (classifyName(input.architectureName)?.name ?? input.architectureName.toLowerCase()) : null;
  const L: [number, string][] = [];
  const line = (depth: number, text: string): void => {
    L.push([depth, text]);
  };

  line(0, '# --- Focused convolution (inserted by PTM Lens; review before use) ---');
  line(0, '# Later convolutions skip the image regions whose early activations are weak, keeping the');
  line(0, '# pretrained weights: up to 25% latency and 22% energy saved on pretrained CNNs without retraining');
  line(0, '# (Tung et al., ASP-DAC 2024, arXiv 2310.07782). Check accuracy on your own images before using it.');
  line(0, `# pip install focusedconv    (${FOCUSED_CONV_REPOSITORY})`);
  line(0, '# API as in the repository source (focusedconv 1.0.x layout); not run against the installed package.');
  line(0, 'import copy');
  line(0, 'import time');
  line(0, '');
  line(0, 'import focusedconv');
  line(0, 'import torch');
  line(0, 'from focusedconv.convolution import FOCUSED_CONV_OP_MODES, FocusedConv2d');
  line(0, '');
  line(0, 'FOCUSED_THRESHOLD = 90.0  # channel-sum activation threshold (90 in the VGG-16 demo); tune it on your data');
  if (input.hasFeaturesTrunk) {
    const early = (family && EARLY_FEATURE_LAYERS[family]) || 4;
    line(0, `FOCUSED_EARLY_LAYERS = ${early}  # ${model}.features[:${early}] runs in full and marks the area of interest`);
    line(0, `# build_focused_model puts a threshold layer after the early layers and focuses the rest of .features.`);
    line(0, `${focused}, ${aoi} = focusedconv.build_focused_model(`);
    line(1, `copy.deepcopy(${model}),`);
    line(1, `copy.deepcopy(${model}.features[:FOCUSED_EARLY_LAYERS]),`);
    line(1, 'FOCUSED_THRESHOLD,');
    line(1, `copy.deepcopy(${model}.features[FOCUSED_EARLY_LAYERS:]),`);
    line(0, ')');
  } else {
    const early = input.earlyModule ?? earlyModuleFor(input.architectureName, library);
    if (early) {
      line(0, `FOCUSED_EARLY_MODULE = ${pyString(early)}  # runs in full; its output marks the area of interest (print(${model}) lists the names)`);
    } else {
      line(0, '# The block whose output marks the area of interest: here the fourth convolution; an early stage of');
      line(0, `# the network is usually better (print(${model}) lists the module names).`);
      line(0, `FOCUSED_EARLY_MODULE = [name for name, layer in ${model}.named_modules() if isinstance(layer, torch.nn.Conv2d)][3]`);
    }
    line(0, `${focused} = copy.deepcopy(${model}).eval()`);
    line(0, `${aoi} = focusedconv.areaofinterest.AoI(torch.ones(1, 1, dtype=torch.bool))`);
    line(0, '# FocusedConv2d needs numeric padding; padding="same" with an odd kernel is the same as k // 2.');
    line(0, `for _layer in ${focused}.modules():`);
    line(1, 'if type(_layer) is torch.nn.Conv2d and _layer.padding == "same" and all(k % 2 for k in _layer.kernel_size):');
    line(2, '_layer.padding = tuple(d * (k - 1) // 2 for k, d in zip(_layer.kernel_size, _layer.dilation))');
    line(0, `focusedconv.focusify_all_conv2d(${focused}, ${aoi})`);
  }
  line(0, '# Pass the operating mode explicitly: left to its default, some versions of the library run full');
  line(0, '# convolutions. AOI_RECT_MODE computes the bounding rectangle of the area of interest.');
  line(0, `for _layer in ${focused}.modules():`);
  line(1, 'if isinstance(_layer, FocusedConv2d):');
  line(2, '_layer.focused_conv_op_mode = FOCUSED_CONV_OP_MODES.AOI_RECT_MODE');
  line(0, `${focused}.eval()`);
  if (!input.hasFeaturesTrunk) {
    line(0, '');
    line(0, '');
    line(0, `def _${focused}_whole_image(_module, _inputs):`);
    line(1, '# Until the early block has run, every convolution sees the whole image.');
    line(1, `${aoi}.mask_tensor = torch.ones(1, 1, dtype=torch.bool)`);
    line(0, '');
    line(0, '');
    line(0, `def _${focused}_refresh_aoi(_module, _inputs, output):`);
    line(1, '# Refreshed for every image: positions whose channel sum reaches the threshold are relevant.');
    line(1, `${aoi}.mask_tensor = output.sum(dim=1).squeeze(0) >= FOCUSED_THRESHOLD`);
    line(0, '');
    line(0, '');
    line(0, `_early = next((layer for name, layer in ${focused}.named_modules() if name == FOCUSED_EARLY_MODULE or name.endswith("." + FOCUSED_EARLY_MODULE)), None)`);
    line(0, 'if _early is None:');
    line(1, `raise ValueError(f"No module named {FOCUSED_EARLY_MODULE!r}: set FOCUSED_EARLY_MODULE to one of the names print(${pyEscapeInFString(model)}) shows")`);
    line(0, `${focused}.register_forward_pre_hook(_${focused}_whole_image)`);
    line(0, `_early.register_forward_hook(_${focused}_refresh_aoi)`);
  }
  line(0, '');
  line(0, '');
  line(0, 'def check_focused_model(original, focused, aoi, images):');
  line(1, '"""Compares top-1 predictions and latency of the original and the focused model.');
  line(0, '');
  line(1, '`images`: 1x3xHxW tensors from your data, preprocessed as for the original model (one image per');
  line(1, 'batch: the area of interest is computed per image). Classifier outputs only.');
  line(1, '"""');
  line(1, 'same = count = 0');
  line(1, 'original_seconds = focused_seconds = kept = 0.0');
  line(1, 'with torch.no_grad():');
  line(2, 'for image in images:');
  line(3, 'start = time.perf_counter()');
  line(3, 'expected = original(image)');
  line(3, 'middle = time.perf_counter()');
  line(3, 'actual = focused(image)');
  line(3, 'original_seconds += middle - start');
  line(3, 'focused_seconds += time.perf_counter() - middle');
  line(3, 'expected = getattr(expected, "logits", expected)');
  line(3, 'actual = getattr(actual, "logits", actual)');
  line(3, 'same += int(bool((expected.argmax(dim=-1) == actual.argmax(dim=-1)).all()))');
  line(3, 'kept += aoi.calculate_aoi_size()');
  line(3, 'count += 1');
  line(1, 'if count:');
  line(2, 'print(');
  line(3, 'f"top-1 agreement {same / count:.1%}, latency {original_seconds / count * 1000:.1f} ms -> "');
  line(3, 'f"{focused_seconds / count * 1000:.1f} ms, area of interest {kept / count:.0%} of the image"');
  line(2, ')');
  line(0, '');
  line(0, '');
  line(0, `# check_focused_model(${model}, ${focused}, ${aoi}, images)  # then use ${focused} in place of ${model}`);
  line(0, '# --- end of focused convolution ---');

  return L.map(([depth, text]) => (text === '' ? '' : input.indent + unit.repeat(depth) + text)).join('\n') + '\n';
}

/** A Python identifier fragment from the model expression: `self.backbone` → `backbone`, `pipe.model` → `model`. */
function baseName(expr: string): string {
  const ids = expr.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const last = [...ids].reverse().find((id) => id !== 'self');
  return last ?? 'model';
}

function pyString(s: string): string {
  return JSON.stringify(s);
}

/** Braces in a model expression would be read as replacement fields inside an f-string. */
function pyEscapeInFString(s: string): string {
  return s.replace(/[{}"\\]/g, '');
}
