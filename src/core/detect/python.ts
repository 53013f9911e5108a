/**
 * Finds model references in Python syntax trees (web-tree-sitter, tree-sitter-python).
 *
 * Each call is matched against the loader catalogue (REFERENCE.md §4–5); the id argument is resolved
 * statically (literal, constant in the module or enclosing function, environment/argparse/parameter
 * default) and never by running anything.
 */
import type { Node } from 'web-tree-sitter';
import { isLegacyModelId, isNamespacedHubId, looksLikeLocalPath, parseHfHubPrefixed } from './hubId.js';
import type { ModelReference, Range, ReferenceKind } from './types.js';

export interface PythonModule {
  root: Node;
  source: string;
  /** Notebook cell index of this module, when it is a cell. */
  cell?: number;
}

export interface PythonDetectOptions {
  /** True when a value names a folder that exists locally (then a loader reads it instead of the Hub). */
  isLocalPath?: (value: string) => boolean;
}

/** A string literal's value and where its text sits. */
interface StringValue {
  value: string;
  range: Range;
  module: PythonModule;
}

type Known = { via: 'literal' | 'constant' | 'default'; value: string; str: StringValue };

type Resolution =
  | Known
  /** Several possible values: a loop over a literal list, or branches that bind different strings. */
  | { via: 'multi'; values: Known[] }
  | { via: 'dynamic' }
  /** Not a model name at all: a local path, a loaded object, None, a number. */
  | { via: 'none' };

type Through = 'constant' | 'default' | null;

const MAX_DEPTH = 8;

/** How one-segment ids are treated for a loader. */
type OneSegment = 'legacy' | 'sentence-transformers';

interface IdSlot {
  kind: ReferenceKind;
  positional?: number;
  keywords: readonly string[];
  oneSegment: OneSegment;
  /**
   * `loader`: a known loader's id slot, dynamic values reported; `loader-static`: only statically known ids
   * (the slot usually holds an object, e.g. pipeline's `tokenizer=`); `generic`: a model-ish keyword in
   * another call, where only namespaced ids that are not hosted-API names count.
   */
  mode?: 'loader' | 'loader-static' | 'generic';
}

const ID_KEYWORDS = ['pretrained_model_name_or_path', 'model_name_or_path', 'model_id', 'repo_id', 'model', 'model_name'] as const;

/** Keywords that carry a model id in calls not otherwise known to load models. */
const GENERIC_KEYWORDS = new Map<string, ReferenceKind>([
  ['pretrained_model_name_or_path', 'model'],
  ['model_name_or_path', 'model'],
  ['model_id', 'model'],
  ['repo_id', 'model'],
  ['model', 'model'],
  ['model_name', 'model'],
  ['base_model', 'model'],
  ['base_model_name_or_path', 'model'],
  ['teacher_model_name_or_path', 'model'],
  ['tokenizer_name', 'tokenizer'],
  ['tokenizer_name_or_path', 'tokenizer'],
  ['peft_model_id', 'adapter'],
]);

/** Calls whose model-ish keywords name something other than a Hub model to load. */
const GENERIC_DENY = new Set([
  // data sets and metrics
  'load_dataset', 'load_metric', 'load', 'load_from_disk',
  // hosted LLM APIs whose `provider/model` strings are not Hub repos
  'completion', 'acompletion', 'embedding', 'aembedding', 'create', 'acreate', 'ChatOpenAI', 'OpenAI', 'AzureOpenAI',
  'AzureChatOpenAI', 'ChatAnthropic', 'ChatLiteLLM', 'LiteLLM', 'ChatOllama', 'Ollama', 'OllamaEmbeddings',
  'OpenAIEmbeddings', 'ChatGoogleGenerativeAI', 'ChatVertexAI', 'ChatBedrock', 'ChatGroq', 'ChatMistralAI', 'LM',
  // writes to the Hub: the user's own repos, not dependencies
  'push_to_hub', 'create_repo', 'upload_file', 'upload_folder', 'delete_repo', 'create_commit', 'create_branch',
  'update_repo_visibility', 'update_repo_settings', 'save_pretrained', 'create_pull_request', 'delete_file',
]);

/** Namespaces that hosted-API clients use in `provider/model` strings and that are not Hub organisations. */
const API_PROVIDER_NAMESPACES = new Set([
  'anthropic', 'azure', 'azure_ai', 'bedrock', 'vertex_ai', 'gemini', 'ollama', 'ollama_chat', 'groq', 'together_ai',
  'openrouter', 'mistral', 'cohere', 'replicate', 'perplexity', 'fireworks_ai', 'anyscale', 'sagemaker', 'deepinfra',
  'xai', 'cerebras', 'databricks', 'watsonx', 'cloudflare', 'voyage', 'hosted_vllm', 'text-completion-openai',
  'huggingface', 'github', 'nvidia_nim', 'vllm', 'lm_studio',
]);

/** OpenAI API model names written as `openai/<name>` (LiteLLM, OpenRouter), unlike openai's Hub repos. */
const OPENAI_API_MODEL = /^(gpt-|o\d|chatgpt|text-|dall-e|tts-|davinci|babbage|omni-|computer-use)/i;

/** Callees whose result is a loaded object; a name bound to them is not a model id. */
const OBJECT_RETURNING = new Set([
  'from_pretrained', 'from_config', 'from_single_file', 'pipeline', 'SentenceTransformer', 'CrossEncoder',
  'SparseEncoder', 'create_model', 'get_peft_model', 'prepare_model_for_kbit_training', 'PeftModel', 'load_model',
  'InferenceClient', 'HuggingFaceEndpoint', 'HuggingFacePipeline', 'from_model_id', 'to', 'cuda', 'eval', 'half',
]);

const PATH_CALLS = new Set([
  'join', 'Path', 'PurePath', 'PosixPath', 'WindowsPath', 'abspath', 'expanduser', 'realpath', 'dirname', 'resolve',
  'normpath', 'joinpath', 'cwd', 'home', 'mkdtemp', 'gettempdir', 'TemporaryDirectory',
]);

const ENV_CALLS = new Set(['os.environ.get', 'environ.get', 'os.getenv', 'getenv', 'os.environ.setdefault']);

/**
 * Substrings that every reference's call contains: loader names, `hf-hub:` and the model-id keywords.
 * They serve twice: as the file prefilter, and to find candidate calls without visiting every call.
 */
export const PYTHON_NEEDLES: readonly string[] = [
  'from_pretrained', 'from_model_id', 'load_adapter', 'pipeline', 'SentenceTransformer', 'SparseEncoder', 'CrossEncoder',
  'hf_hub_download', 'snapshot_download', 'hf_hub_url', 'try_to_load_from_cache', 'InferenceClient', 'InferenceApi',
  'HuggingFace', 'hf-hub:', 'hf_hub:', 'create_model', 'model_id', 'repo_id', 'model=', 'model =', 'model_name',
  'base_model', 'tokenizer_name',
  // torchvision/timm pretrained constructors: `resnet50(weights=...)`, `vgg16(pretrained=True)`, `torch.hub.load(..., pretrained=True)`.
  'weights=', 'weights =', 'pretrained=', 'pretrained =',
];

export function detectPython(modules: readonly PythonModule[], opts: PythonDetectOptions = {}): ModelReference[] {
  const ctx = new Context(modules, opts);
  const refs: ModelReference[] = [];
  for (const module of modules) {
    for (const call of candidateCalls(module)) ctx.analyseCall(call, module, refs);
  }
  return refs;
}

const IMPORT_STATEMENTS = new Set(['import_statement', 'import_from_statement']);
const CALL = new Set(['call']);

/**
 * The innermost nodes of the given types that contain an occurrence of `word`, each once, in source
 * order: the same nodes a walk over the whole tree would find among those holding the word, for a
 * fraction of the cost on large files.
 */
function nodesAt(module: PythonModule, word: string, types: ReadonlySet<string>): Node[] {
  const { source, root } = module;
  const found = new Map<number, Node>();
  for (let i = source.indexOf(word); i >= 0; i = source.indexOf(word, i + word.length)) {
    for (let n: Node | null = root.descendantForIndex(i, i + word.length); n; n = n.parent) {
      if (types.has(n.type)) {
        if (!found.has(n.id)) found.set(n.id, n);
        break;
      }
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/**
 * The calls that contain a needle, innermost first, each once, in source order. Visiting only these,
 * rather than every call in the file, keeps analysis proportional to what can be a reference.
 */
function candidateCalls(module: PythonModule): Node[] {
  const { source, root } = module;
  const found = new Map<number, Node>();
  for (const [i, length] of needleOccurrences(source)) {
    for (let n: Node | null = root.descendantForIndex(i, i + length); n; n = n.parent) {
      if (n.type === 'call') {
        if (!found.has(n.id)) found.set(n.id, n);
        break;
      }
      if (n.type === 'module' || n.type === 'block') break;
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

const NEEDLES_RE = new RegExp(PYTHON_NEEDLES.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/**
 * Every occurrence of every needle, as [offset, length], in one pass over the text (rather than one
 * pass per needle). No needle is a prefix of another or overlaps itself, so restarting one character
 * after each match finds exactly the occurrences a search per needle finds, overlapping ones included.
 */
export function needleOccurrences(source: string): [number, number][] {
  const out: [number, number][] = [];
  const re = new RegExp(NEEDLES_RE);
  for (let m = re.exec(source); m; m = re.exec(source)) {
    out.push([m.index, m[0].length]);
    re.lastIndex = m.index + 1;
  }
  return out;
}

interface Args {
  positional: Node[];
  keywords: Map<string, Node>;
}

class Context {
  private readonly scopeCache = new Map<number, { table: Map<string, Node[]>; defs: Node[]; named: Map<string, Node[]> }>();
  private readonly argparseCache = new Map<number, Map<string, Node>>();
  private importTable: ImportTable | undefined;
  /** Whether any module names `hf-hub:` (or `hf_hub:`), computed once per detection. */
  private hfHubPossible: boolean | undefined;

  constructor(
    private readonly modules: readonly PythonModule[],
    private readonly opts: PythonDetectOptions,
  ) {}

  analyseCall(call: Node, module: PythonModule, out: ModelReference[]): void {
    const fn = call.childForFieldName('function');
    const argList = call.childForFieldName('arguments');
    if (!fn || !argList || argList.type !== 'argument_list') return;
    const callee = calleeOf(fn);
    if (!callee) return;
    const args = collectArgs(argList);
    this.libraryWeights(fn, args, module, out);
    // `hf_hub_download(..., repo_type="dataset")` and the like name data sets and Spaces, not models.
    if (isNonModelRepoType(args, this, module)) return;

    const slots = this.slotsFor(callee, args);
    const seen = new Set<number>();
    for (const slot of slots) {
      const node = pickArg(args, slot);
      if (!node) continue;
      seen.add(node.id);
      this.emit(node, slot, callee.text, args, module, out);
    }

    // diffusers `custom_pipeline="org/x"` downloads and runs a community pipeline.
    if (callee.name === 'from_pretrained') {
      const custom = args.keywords.get('custom_pipeline');
      if (custom) {
        seen.add(custom.id);
        this.emit(custom, { kind: 'pipeline', keywords: [], oneSegment: 'legacy', mode: 'generic' }, callee.text, args, module, out);
      }
    }

    // `hf-hub:` names in any call (timm.create_model, open_clip, ...).
    this.hfHubPossible ??= this.modules.some((m) => m.source.includes('hf-hub:') || m.source.includes('hf_hub:'));
    for (const node of this.hfHubPossible ? [...args.positional, ...args.keywords.values()] : []) {
      if (seen.has(node.id)) continue;
      const res = this.resolve(node, module, 0, null);
      if (res.via === 'literal' || res.via === 'constant' || res.via === 'default') {
        if (parseHfHubPrefixed(res.value)) {
          seen.add(node.id);
          this.emit(node, { kind: 'model', keywords: [], oneSegment: 'legacy', mode: 'loader' }, callee.text, args, module, out, res);
        }
      }
    }

    if (slots.length === 0 && !GENERIC_DENY.has(callee.name)) {
      for (const [kw, node] of args.keywords) {
        const kind = GENERIC_KEYWORDS.get(kw);
        if (!kind || seen.has(node.id)) continue;
        this.emit(node, { kind, keywords: [], oneSegment: 'legacy', mode: 'generic' }, callee.text, args, module, out);
      }
    }
  }

  /**
   * torchvision and timm constructors that download the library's own pretrained weights:
   * `torchvision.models.resnet50(weights=...)`, `models.vgg16(pretrained=True)`, `resnet50(weights=...)` after
   * `from torchvision.models import resnet50`, `torchvision.models.get_model("resnet50", weights=...)`,
   * `torch.hub.load("pytorch/vision", "resnet50", pretrained=True)` and `timm.create_model("resnet50", pretrained=True)`.
   * Only when pretrained weights are requested: `weights=None`, `pretrained=False` or neither builds a
   * randomly initialised model, which depends on nothing. The callee must be reachable from a torchvision,
   * timm or torch import (or be written with that root), so a user's own `resnet50()` is not taken.
   */
  private libraryWeights(fn: Node, args: Args, module: PythonModule, out: ModelReference[]): void {
    const q = this.qualify(fn);
    if (!q) return;
    const nameNode = fn.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
    const call = fn.text.replace(/\s+/g, '');
    if (q === 'torch.hub.load') {
      const repo = args.positional[0] ?? args.keywords.get('repo_or_dir');
      const repoValue = repo ? this.knownString(repo, module) : undefined;
      const m = repoValue ? /^pytorch\/vision(?::([\w.\-/]+))?$/.exec(repoValue.value) : null;
      if (!m || this.stringKeyword(args, 'source', module) === 'local') return;
      const weights = this.requestedWeights(args, module, false);
      const modelNode = args.positional[1] ?? args.keywords.get('model');
      if (weights === null || !modelNode) return;
      this.emitLibrary(modelNode, 'torchvision', (n) => (TORCHVISION_BUILDER.test(n) ? `torchvision/${n}` : undefined), call, weights, args, module, out, m[1] ?? null);
      return;
    }
    const tv = /^torchvision\.models\.(?:(detection|segmentation|video|quantization|optical_flow)\.)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(q);
    if (tv) {
      const sub = tv[1];
      const name = tv[2]!;
      if (name === 'get_model') {
        const weights = this.requestedWeights(args, module, false);
        const nameArg = args.positional[0] ?? args.keywords.get('name');
        if (weights === null || !nameArg) return;
        this.emitLibrary(nameArg, 'torchvision', (n) => (TORCHVISION_BUILDER.test(n) ? `torchvision/${n}` : undefined), call, weights, args, module, out, null);
        return;
      }
      if (!TORCHVISION_BUILDER.test(name) || !nameNode) return;
      const weights = this.requestedWeights(args, module, true);
      if (weights === null) return;
      const id = `torchvision/${sub === 'quantization' ? 'quantization.' : ''}${name}`;
      const ref = this.reference(id, 'literal', 'model', call, nodeRange(nameNode), undefined, args, module, null);
      ref.source = 'torchvision';
      if (weights) ref.weights = weights;
      out.push(ref);
      return;
    }
    if (q === 'timm.create_model' || q === 'timm.models.create_model' || q === 'timm.models._factory.create_model') {
      // `pretrained_cfg_overlay=dict(file=...)` and `pretrained_cfg=` redirect the weights to something not knowable here.
      if (args.keywords.has('pretrained_cfg_overlay') || args.keywords.has('pretrained_cfg')) return;
      const pretrained = args.keywords.get('pretrained') ?? args.positional[1];
      if (!pretrained || this.resolveFlag(pretrained, module, 0) !== true) return;
      const nameArg = args.positional[0] ?? args.keywords.get('model_name');
      if (!nameArg) return;
      // A tagged name resolves through its pretrained config to the Hub repo `timm/<name>.<tag>`; an untagged
      // one to the library's default tag, which is not knowable statically: it stays a timm library name.
      this.emitLibrary(nameArg, 'timm', (n) => (parseHfHubPrefixed(n) || !TIMM_NAME.test(n) ? undefined : n.includes('.') ? `timm/${n}` : n), call, 'pretrained=True', args, module, out, null);
    }
  }

  /** Emits a library-weights reference for each statically known name in `node`. */
  private emitLibrary(
    node: Node,
    source: 'torchvision' | 'timm',
    toId: (name: string) => string | undefined,
    call: string,
    weights: string,
    args: Args,
    module: PythonModule,
    out: ModelReference[],
    revision: string | null,
  ): void {
    const res = this.resolve(node, module, 0, null);
    const values: { known: Known; atValue: boolean }[] =
      res.via === 'multi' ? res.values.map((k) => ({ known: k, atValue: true })) : res.via === 'literal' || res.via === 'constant' || res.via === 'default' ? [{ known: res, atValue: false }] : [];
    for (const { known, atValue } of values) {
      const id = toId(known.value);
      if (!id) continue;
      let ref: ModelReference;
      if (known.via === 'literal' && !atValue) {
        ref = this.reference(id, 'literal', 'model', call, known.str.range, undefined, args, module, revision);
      } else {
        // A constant or default is underlined at the argument (or at the value, for one of several values).
        const via = known.via === 'literal' ? 'constant' : known.via;
        const range = atValue && known.str.module === module ? known.str.range : nodeRange(node);
        ref = this.reference(id, via, 'model', call, range, { range: known.str.range, module: known.str.module }, args, module, revision);
      }
      // A Hub repo reached through timm's pretrained config (`timm/<name>.<tag>`) is looked up like any other.
      if (source === 'torchvision' || !id.startsWith('timm/')) ref.source = source;
      if (source === 'torchvision' && weights) ref.weights = weights;
      out.push(ref);
    }
  }

  /**
   * The weights a constructor asks for: the `weights=` value as written (`ResNet50_Weights.DEFAULT`,
   * `"IMAGENET1K_V1"`), `pretrained=True`, or `""` when pretrained weights are requested without a name.
   * Null when none are requested or it cannot be told (`weights=None`, `pretrained=False`, a parameter).
   */
  private requestedWeights(args: Args, module: PythonModule, positionalPretrained: boolean): string | null {
    const w = args.keywords.get('weights');
    if (w) return this.weightsValue(w, module, 0);
    const p = args.keywords.get('pretrained') ?? (positionalPretrained ? args.positional[0] : undefined);
    if (p && this.resolveFlag(p, module, 0) === true) return 'pretrained=True';
    return null;
  }

  private weightsValue(node: Node, module: PythonModule, depth: number): string | null {
    if (depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'none':
      case 'false':
      case 'true':
        return null;
      case 'string':
      case 'concatenated_string': {
        const v = this.knownString(node, module);
        return v && v.value.trim() !== '' ? v.value : null;
      }
      case 'parenthesized_expression':
        return node.namedChildCount === 1 ? this.weightsValue(node.namedChild(0)!, module, depth + 1) : null;
      case 'attribute': {
        // An enum member: `ResNet50_Weights.IMAGENET1K_V2`, `models.VGG16_Weights.DEFAULT`.
        const attr = node.childForFieldName('attribute')?.text ?? '';
        const obj = node.childForFieldName('object');
        if (/^[A-Z0-9_]+$/.test(attr) && obj && /Weights$/.test(obj.text)) return node.text.replace(/\s+/g, '');
        return null;
      }
      case 'subscript': {
        // `ResNet50_Weights["DEFAULT"]`
        const value = node.childForFieldName('value');
        return value && /Weights$/.test(value.text) ? node.text.replace(/\s+/g, '') : null;
      }
      case 'call': {
        // `get_weight("ResNet50_Weights.DEFAULT")`, `ResNet50_Weights.verify(...)`
        const callee = node.childForFieldName('function');
        const list = node.childForFieldName('arguments');
        const first = list && list.type === 'argument_list' ? collectArgs(list).positional[0] : undefined;
        if (callee && /(^|\.)get_weight$/.test(callee.text) && first) return this.weightsValue(first, module, depth + 1);
        return null;
      }
      case 'conditional_expression': {
        // `W.DEFAULT if pretrained else None`: the code can load the published weights.
        for (const i of [0, 2]) {
          const c = node.namedChild(i);
          const v = c ? this.weightsValue(c, module, depth + 1) : null;
          if (v) return v;
        }
        return null;
      }
      case 'identifier': {
        const b = this.lookup(node, module);
        if (b && (b.kind === 'value' || b.kind === 'default')) return this.weightsValue(b.node, b.module, depth + 1);
        return null;
      }
      default:
        return null;
    }
  }

  /** A boolean argument's static value, through constants and parameter defaults; null when unknown. */
  private resolveFlag(node: Node, module: PythonModule, depth: number): boolean | null {
    if (node.type === 'identifier' && depth < MAX_DEPTH) {
      const b = this.lookup(node, module);
      if (b && (b.kind === 'value' || b.kind === 'default')) return this.resolveFlag(b.node, b.module, depth + 1);
      return null;
    }
    return this.resolveBool(node, module, depth);
  }

  private knownString(node: Node, module: PythonModule): Known | undefined {
    const r = this.resolve(node, module, 0, null);
    return r.via === 'literal' || r.via === 'constant' || r.via === 'default' ? r : undefined;
  }

  /**
   * The dotted name a callee refers to after imports: `models.resnet50` with `from torchvision import models`
   * is `torchvision.models.resnet50`; a bare `resnet50` under `from torchvision.models import *` too.
   * Undefined when the callee is not a plain dotted name or its root is not imported from a known library.
   */
  private qualify(fn: Node): string | undefined {
    const parts: string[] = [];
    let n: Node | null = fn;
    while (n && n.type === 'attribute') {
      const attr = n.childForFieldName('attribute');
      if (!attr) return undefined;
      parts.unshift(attr.text);
      n = n.childForFieldName('object');
    }
    if (!n || n.type !== 'identifier') return undefined;
    parts.unshift(n.text);
    const table = this.imports();
    const head = parts[0]!;
    const bound = table.names.get(head);
    if (bound) return [bound, ...parts.slice(1)].join('.');
    if (head === 'torchvision' || head === 'timm' || head === 'torch') return parts.join('.');
    if (parts.length === 1 && TORCHVISION_BUILDER.test(head)) {
      const star = table.star.find((m) => /^torchvision\.models(\.|$)/.test(m));
      if (star) return `${star}.${head}`;
    }
    return undefined;
  }

  /** Import bindings of torch, torchvision and timm names across all modules (notebook cells share them). */
  private imports(): ImportTable {
    if (this.importTable) return this.importTable;
    const table: ImportTable = { names: new Map(), star: [] };
    for (const m of this.modules) {
      if (!/\b(torch|torchvision|timm)\b/.test(m.source)) continue;
      for (const stmt of nodesAt(m, 'import', IMPORT_STATEMENTS)) collectImport(stmt, table);
    }
    this.importTable = table;
    return table;
  }

  /** The id-carrying argument slots for a known loader call. */
  private slotsFor(callee: Callee, args: Args): IdSlot[] {
    const { name, receiverName } = callee;
    if (name === 'from_pretrained') {
      const r = receiverName ?? '';
      if (/^AutoPeftModel|Peft\w*Config$|^LoraConfig$/.test(r)) {
        return [{ kind: 'adapter', positional: 0, keywords: ['pretrained_model_name_or_path', 'model_id'], oneSegment: 'legacy' }];
      }
      if (/^PeftModel|^PeftMixedModel/.test(r)) {
        return [{ kind: 'adapter', positional: 1, keywords: ['model_id', 'pretrained_model_name_or_path'], oneSegment: 'legacy' }];
      }
      if (r === 'SentenceTransformer' || r === 'CrossEncoder') {
        return [{ kind: 'model', positional: 0, keywords: ID_KEYWORDS, oneSegment: r === 'SentenceTransformer' ? 'sentence-transformers' : 'legacy' }];
      }
      return [{ kind: kindForClass(r), positional: 0, keywords: ID_KEYWORDS, oneSegment: 'legacy' }];
    }
    switch (name) {
      case 'from_model_id':
        return [{ kind: 'model', positional: 0, keywords: ['model_id'], oneSegment: 'legacy' }];
      case 'load_adapter':
        return [{ kind: 'adapter', positional: 0, keywords: ['peft_model_id', 'model_id', 'pretrained_model_name_or_path'], oneSegment: 'legacy' }];
      case 'pipeline': {
        const slots: IdSlot[] = [{ kind: 'pipeline', positional: 1, keywords: ['model'], oneSegment: 'legacy' }];
        if (args.keywords.has('tokenizer')) slots.push({ kind: 'tokenizer', keywords: ['tokenizer'], oneSegment: 'legacy', mode: 'loader-static' });
        return slots;
      }
      case 'SentenceTransformer':
      case 'SparseEncoder':
        return [{ kind: 'model', positional: 0, keywords: ['model_name_or_path', 'model_name', 'model'], oneSegment: 'sentence-transformers' }];
      case 'CrossEncoder':
        return [{ kind: 'model', positional: 0, keywords: ['model_name_or_path', 'model_name', 'model'], oneSegment: 'legacy' }];
      case 'hf_hub_download':
      case 'snapshot_download':
      case 'hf_hub_url':
      case 'try_to_load_from_cache':
        return [{ kind: 'download', positional: 0, keywords: ['repo_id'], oneSegment: 'legacy' }];
      case 'InferenceClient':
      case 'AsyncInferenceClient':
        return [{ kind: 'model', positional: 0, keywords: ['model'], oneSegment: 'legacy' }];
      case 'InferenceApi':
        return [{ kind: 'model', positional: 0, keywords: ['repo_id'], oneSegment: 'legacy' }];
      case 'HuggingFaceEndpoint':
      case 'HuggingFaceHub':
      case 'HuggingFaceTextGenInference':
        return [{ kind: 'model', keywords: ['repo_id', 'model', 'endpoint_url'], oneSegment: 'legacy' }];
      case 'HuggingFaceEmbeddings':
      case 'HuggingFaceBgeEmbeddings':
      case 'HuggingFaceInstructEmbeddings':
      case 'SentenceTransformerEmbeddings':
        return [{ kind: 'model', keywords: ['model_name', 'model'], oneSegment: 'sentence-transformers' }];
      case 'HuggingFaceInferenceAPIEmbeddings':
      case 'HuggingFaceEndpointEmbeddings':
        return [{ kind: 'model', keywords: ['model_name', 'model', 'repo_id'], oneSegment: 'legacy' }];
      default:
        return [];
    }
  }

  private emit(
    node: Node,
    slot: IdSlot,
    call: string,
    args: Args,
    module: PythonModule,
    out: ModelReference[],
    pre?: Resolution,
  ): void {
    const res = pre ?? this.resolve(node, module, 0, null);
    if (res.via === 'none') return;
    if (res.via === 'multi') {
      // Each possible id is reported where it is written.
      for (const v of res.values) this.emitKnown(v, slot, call, args, module, out, true);
      return;
    }
    if (res.via === 'dynamic') {
      if (slot.mode === 'generic' || slot.mode === 'loader-static') return;
      out.push(this.reference(null, 'dynamic', slot.kind, call, nodeRange(node), undefined, args, module, null));
      return;
    }
    this.emitKnown(res, slot, call, args, module, out, false, node);
  }

  private emitKnown(res: Known, slot: IdSlot, call: string, args: Args, module: PythonModule, out: ModelReference[], atValue: boolean, argNode?: Node): void {
    let value = res.value;
    let revision: string | null = null;
    let offset = 0;
    const prefixed = parseHfHubPrefixed(value);
    if (prefixed) {
      value = prefixed.id;
      revision = prefixed.revision;
      offset = prefixed.offset;
    }
    const id = this.acceptId(value, slot, slot.mode === 'generic' || !!prefixed);
    if (!id) return;
    const strRange: Range = {
      start: { line: res.str.range.start.line, character: res.str.range.start.character + offset },
      end: { line: res.str.range.start.line, character: res.str.range.start.character + offset + value.length },
    };
    const singleLine = res.str.range.start.line === res.str.range.end.line;
    const idRange = singleLine ? strRange : res.str.range;
    if (res.via === 'literal' && !atValue) {
      out.push(this.reference(id, 'literal', slot.kind, call, idRange, undefined, args, module, revision));
    } else if (atValue || !argNode || res.str.module !== module) {
      // Several candidate values, or a value in another notebook cell: underline the value itself.
      const ref = this.reference(id, res.via === 'literal' ? 'constant' : res.via, slot.kind, call, idRange, { range: idRange, module: res.str.module }, args, module, revision);
      if (res.str.module !== module) {
        ref.range = argNode ? nodeRange(argNode) : idRange;
      }
      out.push(ref);
    } else {
      out.push(this.reference(id, res.via, slot.kind, call, nodeRange(argNode), { range: idRange, module: res.str.module }, args, module, revision));
    }
  }

  /** Returns the Hub id the loader would fetch, or undefined when the value is not a Hub id. */
  private acceptId(value: string, slot: IdSlot, strict: boolean): string | undefined {
    if (looksLikeLocalPath(value)) return undefined;
    if (this.opts.isLocalPath?.(value)) return undefined;
    if (isNamespacedHubId(value)) {
      if (strict) {
        const ns = value.split('/')[0]!.toLowerCase();
        if (API_PROVIDER_NAMESPACES.has(ns)) return undefined;
        if (ns === 'openai' && OPENAI_API_MODEL.test(value.split('/')[1]!)) return undefined;
      }
      return value;
    }
    if (strict || value.includes('/')) return undefined;
    if (isLegacyModelId(value)) return value;
    if (slot.oneSegment === 'sentence-transformers' && isSentenceTransformersName(value)) {
      return `sentence-transformers/${value}`;
    }
    return undefined;
  }

  private reference(
    modelId: string | null,
    via: ModelReference['resolvedVia'],
    kind: ReferenceKind,
    call: string,
    range: Range,
    value: { range: Range; module: PythonModule } | undefined,
    args: Args,
    module: PythonModule,
    revisionFromId: string | null,
  ): ModelReference {
    const ref: ModelReference = {
      modelId,
      resolvedVia: via,
      kind,
      call,
      range,
      revision: revisionFromId ?? this.stringKeyword(args, 'revision', module),
      trustRemoteCode: this.boolKeyword(args, 'trust_remote_code', module),
      useSafetensors: this.boolKeyword(args, 'use_safetensors', module),
      subfolder: this.stringKeyword(args, 'subfolder', module),
      localFilesOnly: this.boolKeyword(args, 'local_files_only', module),
      language: 'python',
    };
    if (value) {
      ref.valueRange = value.range;
      if (value.module.cell !== undefined) ref.valueCell = value.module.cell;
    }
    if (module.cell !== undefined) ref.cell = module.cell;
    return ref;
  }

  stringKeyword(args: Args, name: string, module: PythonModule): string | null {
    const node = args.keywords.get(name);
    if (!node) return null;
    const res = this.resolve(node, module, 0, null);
    return res.via === 'literal' || res.via === 'constant' || res.via === 'default' ? res.value : null;
  }

  private boolKeyword(args: Args, name: string, module: PythonModule): boolean | null {
    const node = args.keywords.get(name);
    return node ? this.resolveBool(node, module, 0) : null;
  }

  private resolveBool(node: Node, module: PythonModule, depth: number): boolean | null {
    if (node.type === 'true') return true;
    if (node.type === 'false') return false;
    if (node.type === 'parenthesized_expression' && node.namedChildCount === 1) return this.resolveBool(node.namedChild(0)!, module, depth);
    if (node.type === 'identifier' && depth < MAX_DEPTH) {
      const b = this.lookup(node, module);
      if (b && b.kind === 'value') return this.resolveBool(b.node, b.module, depth + 1);
    }
    return null;
  }

  /** Statically resolves an expression to a string, without running anything. */
  resolve(node: Node, module: PythonModule, depth: number, through: Through): Resolution {
    if (depth > MAX_DEPTH) return { via: 'dynamic' };
    switch (node.type) {
      case 'string':
      case 'concatenated_string': {
        const str = stringValue(node, module.source, module);
        if (!str) return isInterpolated(node) && startsLikePath(node, module.source) ? { via: 'none' } : node.type === 'string' && isBytes(node) ? { via: 'none' } : { via: 'dynamic' };
        return { via: through ?? 'literal', value: str.value, str };
      }
      case 'parenthesized_expression':
        return node.namedChildCount === 1 ? this.resolve(node.namedChild(0)!, module, depth + 1, through) : { via: 'dynamic' };
      case 'identifier': {
        const b = this.lookup(node, module);
        return b ? this.resolveBinding(b, node, depth, through) : { via: 'dynamic' };
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        const argList = node.childForFieldName('arguments');
        if (!fn) return { via: 'dynamic' };
        const callee = calleeOf(fn);
        if (!callee) return { via: 'dynamic' };
        const args = argList && argList.type === 'argument_list' ? collectArgs(argList) : { positional: [], keywords: new Map<string, Node>() };
        if (ENV_CALLS.has(callee.text)) {
          const dflt = args.positional[1] ?? args.keywords.get('default');
          return dflt ? this.resolve(dflt, module, depth + 1, 'default') : { via: 'dynamic' };
        }
        if (callee.name === 'str' && args.positional.length === 1) return this.resolve(args.positional[0]!, module, depth + 1, through);
        if (PATH_CALLS.has(callee.name)) return { via: 'none' };
        if (OBJECT_RETURNING.has(callee.name) || /^[A-Z]/.test(callee.name)) return { via: 'none' };
        return { via: 'dynamic' };
      }
      case 'attribute': {
        const attr = node.childForFieldName('attribute');
        const obj = node.childForFieldName('object');
        if (attr && obj && obj.type === 'identifier' && obj.text !== 'self' && obj.text !== 'cls') {
          const dflt = this.argparseDefaults(module).get(attr.text);
          if (dflt) return this.resolve(dflt, module, depth + 1, 'default');
        }
        return { via: 'dynamic' };
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator');
        return op?.type === '/' ? { via: 'none' } : { via: 'dynamic' };
      }
      case 'none':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'list':
      case 'dictionary':
      case 'tuple':
      case 'set':
      case 'lambda':
        return { via: 'none' };
      default:
        return { via: 'dynamic' };
    }
  }

  private resolveBinding(b: Binding, ident: Node, depth: number, through: Through): Resolution {
    switch (b.kind) {
      case 'unknown':
        return { via: 'dynamic' };
      case 'default':
        return this.resolve(b.node, b.module, depth + 1, 'default');
      case 'value':
        return this.resolve(b.node, b.module, depth + 1, through ?? 'constant');
      case 'loop':
        return this.resolveLoop(b.forNode, ident.text, b.module, depth);
      case 'alternatives': {
        // Branches that may rebind the name: the unconditional binding is the default a branch may override.
        const results = b.options.map((o) => this.resolveBinding(o, ident, depth + 1, through));
        const known = results.flatMap((r) => (r.via === 'multi' ? r.values : r.via === 'literal' || r.via === 'constant' || r.via === 'default' ? [r] : []));
        const distinct = [...new Map(known.map((k) => [k.value, k])).values()];
        const anyDynamic = results.some((r) => r.via === 'dynamic');
        if (distinct.length === 0) return anyDynamic ? { via: 'dynamic' } : { via: 'none' };
        if (distinct.length === 1) {
          const only = distinct[0]!;
          return anyDynamic && b.hasUnconditional ? { ...only, via: 'default' } : only;
        }
        return { via: 'multi', values: distinct.map((k) => ({ ...k, via: 'constant' as const })) };
      }
    }
  }

  /** `for name in ["org/a", "org/b"]` or `for cls, name in [(A, "org/a"), ...]`: the possible values of `name`. */
  private resolveLoop(forNode: Node, name: string, module: PythonModule, depth: number): Resolution {
    const left = forNode.childForFieldName('left');
    let right = forNode.childForFieldName('right');
    if (!left || !right || depth > MAX_DEPTH) return { via: 'dynamic' };
    if (right.type === 'identifier') {
      const b = this.lookup(right, module);
      if (!b || b.kind !== 'value') return { via: 'dynamic' };
      right = b.node;
    }
    if (right.type !== 'list' && right.type !== 'tuple' && right.type !== 'set') return { via: 'dynamic' };
    let index = -1;
    let arity = 0;
    if (left.type === 'identifier') {
      if (left.text !== name) return { via: 'dynamic' };
    } else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') {
      const targets = left.namedChildren.filter((t): t is Node => !!t);
      index = targets.findIndex((t) => t.type === 'identifier' && t.text === name);
      arity = targets.length;
      if (index < 0) return { via: 'dynamic' };
    } else return { via: 'dynamic' };
    const values: Known[] = [];
    for (const el of right.namedChildren) {
      if (!el || el.type === 'comment') continue;
      let item: Node | undefined = el;
      if (index >= 0) {
        const tuple = el.type === 'parenthesized_expression' ? el.namedChild(0) : el;
        const parts = tuple && tuple.type === 'tuple' ? tuple.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment') : [];
        item = parts.length === arity ? parts[index] : undefined;
      }
      if (!item) return { via: 'dynamic' };
      const r = this.resolve(item, module, depth + 1, 'constant');
      if (r.via === 'literal' || r.via === 'constant' || r.via === 'default') values.push(r);
      else if (r.via === 'dynamic') return { via: 'dynamic' };
    }
    return values.length === 0 ? { via: 'none' } : { via: 'multi', values };
  }

  /** Finds the binding of a name: enclosing functions first, then the module, then other notebook cells. */
  private lookup(ident: Node, module: PythonModule): Binding | undefined {
    const name = ident.text;
    for (let scope = ident.parent; scope; scope = scope.parent) {
      if (scope.type !== 'function_definition') continue;
      const b = this.bindingIn(scope, name, ident.startIndex, module, ident);
      if (b) return b;
      const p = parameterBinding(scope, name, module);
      if (p) return p;
    }
    const own = this.bindingIn(module.root, name, ident.startIndex, module, ident);
    if (own) return own;
    // Notebook cells share one namespace: earlier cells first (nearest first), then later ones.
    const idx = this.modules.indexOf(module);
    const others = [...this.modules.slice(0, Math.max(idx, 0)).reverse(), ...this.modules.slice(idx + 1)];
    for (const other of others) {
      const b = this.bindingIn(other.root, name, Number.MAX_SAFE_INTEGER, other);
      if (b) return b;
    }
    return undefined;
  }

  private bindingIn(scope: Node, name: string, before: number, module: PythonModule, use?: Node): Binding | undefined {
    const nodes = this.bindingsNamed(scope, name, module);
    if (nodes.length === 0) return undefined;
    // The binding in effect is the last one made before the use. An assignment takes effect once its value
    // is computed (so `model = X.from_pretrained(model)` reads the earlier binding); a loop or `with`
    // target is in effect throughout its body.
    const before_ = nodes.filter((n) => (isUnknownMarker(n) ? n.startIndex : n.endIndex) <= before);
    if (before_.length === 0) return this.toBinding(nodes[0]!, module, use);
    // Walk back over bindings made in branches that do not contain the use: any of them may be in effect.
    const options: Binding[] = [];
    let hasUnconditional = false;
    for (let i = before_.length - 1; i >= 0; i--) {
      const n = before_[i]!;
      options.unshift(this.toBinding(n, module, use));
      if (!use || !isConditionalFor(n, use, scope)) {
        hasUnconditional = true;
        break;
      }
    }
    return options.length === 1 ? options[0]! : { kind: 'alternatives', options, hasUnconditional };
  }

  /**
   * The bindings of `name` made directly in `scope`, in source order. Functions and classes defined in the
   * scope are collected without their names (reading a name costs calls into tree-sitter, and a module
   * defines hundreds); a definition is matched to `name` only when `name` occurs in the text between
   * its start and the next definition's, where its name must be.
   */
  private bindingsNamed(scope: Node, name: string, module: PythonModule): Node[] {
    let entry = this.scopeCache.get(scope.id);
    if (!entry) {
      entry = { table: new Map(), defs: [], named: new Map() };
      collectBindings(scope.type === 'function_definition' ? scope.childForFieldName('body') : scope, entry.table, entry.defs);
      this.scopeCache.set(scope.id, entry);
    }
    let nodes = entry.named.get(name);
    if (nodes) return nodes;
    const { source } = module;
    const defs: Node[] = [];
    let d = 0;
    for (let i = source.indexOf(name, entry.defs[0]?.startIndex ?? source.length); i >= 0 && d < entry.defs.length; i = source.indexOf(name, i + 1)) {
      while (d + 1 < entry.defs.length && entry.defs[d + 1]!.startIndex <= i) d++;
      const def = entry.defs[d]!;
      if (i < def.startIndex) continue;
      if (def.childForFieldName('name')?.text === name) defs.push(def);
      // The next occurrence that matters is in the next definition.
      d++;
      if (d < entry.defs.length) i = Math.max(i, entry.defs[d]!.startIndex - 1);
    }
    const others = entry.table.get(name) ?? [];
    if (defs.length === 0) nodes = others;
    else {
      // Definitions and the other bindings never overlap: merged by position, each list keeping its order.
      nodes = [];
      let k = 0;
      for (const def of defs) {
        while (k < others.length && others[k]!.startIndex < def.startIndex) nodes.push(others[k++]!);
        nodes.push(def);
      }
      while (k < others.length) nodes.push(others[k++]!);
    }
    entry.named.set(name, nodes);
    return nodes;
  }

  private toBinding(n: Node, module: PythonModule, use: Node | undefined): Binding {
    if (n.type === 'for_statement' && use && n.startIndex <= use.startIndex && use.endIndex <= n.endIndex) return { kind: 'loop', forNode: n, module };
    return isUnknownMarker(n) ? { kind: 'unknown' } : { kind: 'value', node: n, module };
  }

  private argparseDefaults(module: PythonModule): Map<string, Node> {
    let map = this.argparseCache.get(module.root.id);
    if (map) return map;
    map = new Map();
    for (const m of [module, ...this.modules.filter((x) => x !== module)]) {
      for (const call of nodesAt(m, 'add_argument', CALL)) {
        const fn = call.childForFieldName('function');
        if (!fn || fn.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'add_argument') continue;
        const argList = call.childForFieldName('arguments');
        if (!argList || argList.type !== 'argument_list') continue;
        const args = collectArgs(argList);
        const dflt = args.keywords.get('default');
        if (!dflt) continue;
        const dest = argparseDest(args, m.source, m);
        if (dest && !map.has(dest)) map.set(dest, dflt);
      }
    }
    this.argparseCache.set(module.root.id, map);
    return map;
  }
}

/** Local names bound by imports of torch, torchvision and timm, and the modules imported with `*`. */
interface ImportTable {
  names: Map<string, string>;
  star: string[];
}

const IMPORT_ROOTS = /^(torch|torchvision|timm)(\.|$)/;

function collectImport(stmt: Node, table: ImportTable): void {
  if (stmt.type === 'import_statement') {
    for (const c of stmt.namedChildren) {
      if (!c) continue;
      if (c.type === 'dotted_name' && IMPORT_ROOTS.test(c.text)) {
        // `import torchvision.models` binds `torchvision`.
        const root = c.text.split('.')[0]!;
        table.names.set(root, root);
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name')?.text;
        const alias = c.childForFieldName('alias')?.text;
        if (name && alias && IMPORT_ROOTS.test(name)) table.names.set(alias, name);
      }
    }
    return;
  }
  const moduleName = stmt.childForFieldName('module_name')?.text;
  if (!moduleName || !IMPORT_ROOTS.test(moduleName)) return;
  for (const c of stmt.namedChildren) {
    if (!c || c.id === stmt.childForFieldName('module_name')?.id) continue;
    if (c.type === 'wildcard_import') table.star.push(moduleName);
    else if (c.type === 'dotted_name') table.names.set(c.text.split('.').pop()!, `${moduleName}.${c.text}`);
    else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name')?.text;
      const alias = c.childForFieldName('alias')?.text;
      if (name && alias) table.names.set(alias, `${moduleName}.${name}`);
    }
  }
}

/**
 * torchvision model builders (torchvision.models and its detection, segmentation, video, quantization and
 * optical_flow namespaces). A list rather than "any lowercase name" so that helpers (`get_weight`,
 * `list_models`) and bare names under a star import are not taken for builders.
 */
const TORCHVISION_BUILDER = new RegExp(
  '^(' +
    [
      'alexnet', 'convnext_(tiny|small|base|large)', 'densenet\\d+', 'efficientnet_(b[0-7]|v2_[sml])', 'googlenet', 'inception_v3',
      'maxvit_t', 'mnasnet\\d_\\d+', 'mobilenet_v2', 'mobilenet_v3_(large|small)', 'regnet_[xy]_\\d+(m|g)f', 'resnet\\d+',
      'resnext\\d+_\\d+x\\d+d', 'shufflenet_v2_x\\d_\\d', 'squeezenet1_[01]', 'swin_(v2_)?[tsb]', 'vgg\\d+(_bn)?', 'vit_[bhl]_\\d+',
      'wide_resnet\\d+_2', 'fasterrcnn_\\w+', 'fcos_\\w+', 'keypointrcnn_\\w+', 'maskrcnn_\\w+', 'retinanet_\\w+', 'ssd\\w*',
      'ssdlite\\w*', 'deeplabv3_\\w+', 'fcn_\\w+', 'lraspp_\\w+', 'r3d_18', 'mc3_18', 'r2plus1d_18', 's3d', 'mvit_v[12]_[sb]',
      'swin3d_[tsb]', 'raft_(large|small)',
    ].join('|') +
    ')$',
);

/** A timm model name, optionally with its pretrained tag: `resnet50`, `convnext_tiny.fb_in22k`. */
const TIMM_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$/;

type Binding =
  | { kind: 'value' | 'default'; node: Node; module: PythonModule }
  | { kind: 'loop'; forNode: Node; module: PythonModule }
  | { kind: 'alternatives'; options: Binding[]; hasUnconditional: boolean }
  | { kind: 'unknown' };

const CONDITIONAL_TYPES = new Set([
  'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'finally_clause', 'while_statement',
  'for_statement', 'with_statement', 'match_statement', 'case_clause',
]);

/** True when binding `n` sits in a branch or loop that does not also contain `use`, so it may not have run. */
function isConditionalFor(n: Node, use: Node, scope: Node): boolean {
  if (n.type === 'for_statement') return !(n.startIndex <= use.startIndex && use.endIndex <= n.endIndex);
  for (let a = n.parent; a && a.id !== scope.id; a = a.parent) {
    if (CONDITIONAL_TYPES.has(a.type) && !(a.startIndex <= use.startIndex && use.endIndex <= a.endIndex)) return true;
  }
  return false;
}

/** Marks a binding whose value cannot be known statically (loop targets, `with … as`, `+=`). */
const UNKNOWN_TYPES = new Set(['for_statement', 'with_item', 'augmented_assignment', 'for_in_clause', 'except_clause', 'import_from_statement', 'import_statement', 'global_statement']);
function isUnknownMarker(n: Node): boolean {
  return UNKNOWN_TYPES.has(n.type);
}

/** Node types `collectBindings` looks at; every other named node is only descended into. */
const BINDING_TYPES = new Set(['function_definition', 'class_definition', 'lambda', 'assignment', 'named_expression', 'augmented_assignment', 'for_statement', 'with_item']);
const NO_DESCENT = new Set(['function_definition', 'class_definition', 'lambda']);

/**
 * The bindings made directly in a scope (not in nested functions, classes or lambdas), in source order.
 * Walks with a tree cursor and makes a Node only where a binding may be: far cheaper than asking every
 * node for its children on large scopes.
 */
function collectBindings(scope: Node | null, table: Map<string, Node[]>, defs?: Node[]): void {
  if (!scope) return;
  const add = (name: string, value: Node): void => {
    const list = table.get(name);
    if (list) list.push(value);
    else table.set(name, [value]);
  };
  const cursor = scope.walk();
  try {
    // Pre-order over the named descendants of `scope`, as a recursion over `namedChildren` visits them.
    if (!cursor.gotoFirstChild()) return;
    for (;;) {
      let descend = true;
      if (cursor.nodeIsNamed) {
        const type = cursor.nodeType;
        if (defs && (type === 'function_definition' || type === 'class_definition')) {
          defs.push(cursor.currentNode);
          descend = false;
        } else if (BINDING_TYPES.has(type)) {
          bindingOf(cursor.currentNode, add);
          if (NO_DESCENT.has(type)) descend = false;
        }
      } else {
        descend = false;
      }
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.nodeId === scope.id) return;
      }
    }
  } finally {
    cursor.delete();
  }
}

function bindingOf(node: Node, add: (name: string, value: Node) => void): void {
  switch (node.type) {
    case 'function_definition':
    case 'class_definition':
    case 'lambda': {
      const n = node.childForFieldName('name');
      if (n) add(n.text, node); // a def rebinds the name to a function object
      return;
    }
    case 'assignment':
      bindAssignment(node, add);
      return;
    case 'named_expression': {
      const n = node.childForFieldName('name');
      const v = node.childForFieldName('value');
      if (n && v) add(n.text, v);
      return;
    }
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') add(left.text, node);
      return;
    }
    case 'for_statement': {
      const left = node.childForFieldName('left');
      if (left) for (const id of identifiersIn(left)) add(id.text, node);
      return;
    }
    case 'with_item': {
      const value = node.childForFieldName('value');
      if (value?.type === 'as_pattern') {
        const alias = value.childForFieldName('alias');
        if (alias) for (const id of identifiersIn(alias)) add(id.text, node);
      }
      return;
    }
    default:
      return;
  }
}

function bindAssignment(node: Node, add: (name: string, value: Node) => void): void {
  const left = node.childForFieldName('left');
  let right = node.childForFieldName('right');
  if (!left) return;
  // `a = b = "x"`: the innermost value is bound to every target.
  while (right && right.type === 'assignment') {
    bindAssignment(right, add);
    right = right.childForFieldName('right');
  }
  if (left.type === 'identifier') {
    if (right) add(left.text, right);
    return;
  }
  if ((left.type === 'pattern_list' || left.type === 'tuple_pattern') && right && (right.type === 'expression_list' || right.type === 'tuple')) {
    const targets = left.namedChildren;
    const values = right.namedChildren;
    if (targets.length === values.length) {
      targets.forEach((t, i) => {
        if (t?.type === 'identifier' && values[i]) add(t.text, values[i]!);
      });
      return;
    }
  }
  for (const id of identifiersIn(left)) add(id.text, node.parent ?? node);
}

function identifiersIn(node: Node): Node[] {
  if (node.type === 'identifier') return [node];
  return node.descendantsOfType('identifier').filter((n): n is Node => !!n && n.parent?.type !== 'attribute' && n.parent?.type !== 'subscript');
}

function parameterBinding(fn: Node, name: string, module: PythonModule): Binding | undefined {
  const params = fn.childForFieldName('parameters');
  if (!params) return undefined;
  for (const p of params.namedChildren) {
    if (!p) continue;
    switch (p.type) {
      case 'identifier':
        if (p.text === name) return { kind: 'unknown' };
        break;
      case 'typed_parameter':
        if (p.namedChildren.some((c) => c?.type === 'identifier' && c.text === name)) return { kind: 'unknown' };
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const n = p.childForFieldName('name');
        const v = p.childForFieldName('value');
        if (n?.text === name && v) return { kind: 'default', node: v, module };
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        if (p.namedChildren.some((c) => c?.text === name)) return { kind: 'unknown' };
        break;
      default:
        break;
    }
  }
  return undefined;
}

function argparseDest(args: Args, source: string, module: PythonModule): string | undefined {
  const destKw = args.keywords.get('dest');
  if (destKw) return stringValue(destKw, source, module)?.value;
  const names = args.positional.map((n) => stringValue(n, source, module)?.value).filter((v): v is string => !!v);
  const long = names.find((n) => n.startsWith('--')) ?? names.find((n) => n.startsWith('-')) ?? names[0];
  if (!long) return undefined;
  return long.replace(/^-+/, '').replace(/-/g, '_');
}

interface Callee {
  /** As written, whitespace removed. */
  text: string;
  /** The last name: `from_pretrained`, `pipeline`. */
  name: string;
  /** The last name of the receiver for attribute calls: `AutoModel` in `transformers.AutoModel.from_pretrained`. */
  receiverName: string | null;
}

function calleeOf(fn: Node): Callee | undefined {
  const text = fn.text.replace(/\s+/g, '');
  if (fn.type === 'identifier') return { text, name: fn.text, receiverName: null };
  if (fn.type === 'attribute') {
    const attr = fn.childForFieldName('attribute');
    const obj = fn.childForFieldName('object');
    if (!attr) return undefined;
    let receiverName: string | null = null;
    if (obj?.type === 'identifier') receiverName = obj.text;
    else if (obj?.type === 'attribute') receiverName = obj.childForFieldName('attribute')?.text ?? null;
    return { text, name: attr.text, receiverName };
  }
  return undefined;
}

function collectArgs(argList: Node): Args {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const child of argList.namedChildren) {
    if (!child) continue;
    if (child.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      const value = child.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (child.type !== 'comment' && child.type !== 'list_splat' && child.type !== 'dictionary_splat') {
      positional.push(child);
    }
  }
  return { positional, keywords };
}

function pickArg(args: Args, slot: IdSlot): Node | undefined {
  for (const kw of slot.keywords) {
    const node = args.keywords.get(kw);
    if (node) return node;
  }
  return slot.positional === undefined ? undefined : args.positional[slot.positional];
}

function kindForClass(receiver: string): ReferenceKind {
  if (/Tokenizer/i.test(receiver)) return 'tokenizer';
  if (/(Processor|FeatureExtractor)$/.test(receiver)) return 'processor';
  if (/Config$/.test(receiver)) return 'config';
  return 'model';
}

function isNonModelRepoType(args: Args, ctx: Context, module: PythonModule): boolean {
  const t = ctx.stringKeyword(args, 'repo_type', module);
  return t !== null && t !== 'model';
}

/** sentence-transformers' own model names, which the library prefixes with `sentence-transformers/`. */
function isSentenceTransformersName(name: string): boolean {
  return /^(all-|paraphrase-|multi-qa-|msmarco-|distiluse-|labse$|nli-|stsb-|bert-base-nli|bert-large-nli|roberta-base-nli|roberta-large-nli|distilbert-base-nli|average_word_embeddings_|clip-vit|gtr-t5-|sentence-t5-|quora-|facebook-dpr-|use-cmlm-|allenai-specter|nq-distilbert|xlm-r-|distilroberta-base-paraphrase|msmarco|static-)/i.test(name);
}

function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function isInterpolated(node: Node): boolean {
  return node.descendantsOfType('interpolation').length > 0;
}

function isBytes(node: Node): boolean {
  const start = node.child(0);
  return !!start && start.type === 'string_start' && /b/i.test(start.text);
}

function startsLikePath(node: Node, source: string): boolean {
  const first = node.type === 'string' ? node : node.namedChild(0);
  const start = first?.child(0);
  const firstContent = first?.child(1);
  if (!start || !firstContent || firstContent.type !== 'string_content') return false;
  return /^(\.{1,2}\/|\/|~)/.test(source.slice(firstContent.startIndex, firstContent.endIndex));
}

/** The value of a plain string literal (no interpolation, not bytes) and the range of its content. */
function stringValue(node: Node, source: string, module: PythonModule): StringValue | undefined {
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => (c ? stringValue(c, source, module) : undefined));
    if (parts.some((p) => !p) || parts.length === 0) return undefined;
    return { value: parts.map((p) => p!.value).join(''), range: { start: parts[0]!.range.start, end: parts[parts.length - 1]!.range.end }, module };
  }
  if (node.type !== 'string') return undefined;
  const start = node.child(0);
  const end = node.child(node.childCount - 1);
  if (!start || !end || start.type !== 'string_start' || end.type !== 'string_end') return undefined;
  if (isBytes(node)) return undefined;
  for (const c of node.namedChildren) if (c?.type === 'interpolation') return undefined;
  const value = source.slice(start.endIndex, end.startIndex);
  return {
    value,
    range: {
      start: { line: start.endPosition.row, character: start.endPosition.column },
      end: { line: end.startPosition.row, character: end.startPosition.column },
    },
    module,
  };
}
