/**
 * Hugging Face Hub repository id rules, and the judgement "is this string a Hub id or a local path".
 *
 * Naming rules follow huggingface_hub `validate_repo_id`: an optional namespace and a name, each made of
 * ASCII letters, digits, `_`, `-` and `.`, starting and ending with a letter, digit or `_`, the name at most
 * 96 characters, no `--` or `..`, and no `.git` suffix.
 */

const SEGMENT = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$/;

/**
 * Ids that existed without a namespace before the Hub moved them under organisations (January 2024,
 * huggingface/transformers PR #28795). They still resolve by redirect, so they are valid one-segment ids.
 * The value is the canonical id the Hub redirects to.
 */
export const LEGACY_MODEL_IDS: Readonly<Record<string, string>> = Object.freeze({
  ...namespaced('albert', [
    'albert-base-v1', 'albert-large-v1', 'albert-xlarge-v1', 'albert-xxlarge-v1',
    'albert-base-v2', 'albert-large-v2', 'albert-xlarge-v2', 'albert-xxlarge-v2',
  ]),
  ...namespaced('google-bert', [
    'bert-base-uncased', 'bert-large-uncased', 'bert-base-cased', 'bert-large-cased',
    'bert-base-multilingual-uncased', 'bert-base-multilingual-cased', 'bert-base-chinese',
    'bert-base-german-cased', 'bert-large-uncased-whole-word-masking', 'bert-large-cased-whole-word-masking',
    'bert-large-uncased-whole-word-masking-finetuned-squad', 'bert-large-cased-whole-word-masking-finetuned-squad',
    'bert-base-cased-finetuned-mrpc', 'bert-base-german-dbmdz-cased', 'bert-base-german-dbmdz-uncased',
  ]),
  'camembert-base': 'almanach/camembert-base',
  ctrl: 'Salesforce/ctrl',
  ...namespaced('distilbert', [
    'distilbert-base-uncased', 'distilbert-base-uncased-distilled-squad', 'distilbert-base-cased',
    'distilbert-base-cased-distilled-squad', 'distilbert-base-german-cased', 'distilbert-base-multilingual-cased',
    'distilbert-base-uncased-finetuned-sst-2-english', 'distilgpt2', 'distilroberta-base',
  ]),
  ...namespaced('openai-community', [
    'gpt2', 'gpt2-medium', 'gpt2-large', 'gpt2-xl', 'openai-gpt',
    'roberta-base-openai-detector', 'roberta-large-openai-detector',
  ]),
  ...namespaced('FacebookAI', [
    'roberta-base', 'roberta-large', 'roberta-large-mnli',
    'xlm-roberta-base', 'xlm-roberta-large', 'xlm-roberta-large-finetuned-conll02-dutch',
    'xlm-roberta-large-finetuned-conll02-spanish', 'xlm-roberta-large-finetuned-conll03-english',
    'xlm-roberta-large-finetuned-conll03-german',
    'xlm-mlm-en-2048', 'xlm-mlm-ende-1024', 'xlm-mlm-enfr-1024', 'xlm-mlm-enro-1024',
    'xlm-mlm-tlm-xnli15-1024', 'xlm-mlm-xnli15-1024', 'xlm-clm-enfr-1024', 'xlm-clm-ende-1024',
    'xlm-mlm-17-1280', 'xlm-mlm-100-1280',
  ]),
  ...namespaced('google-t5', ['t5-small', 't5-base', 't5-large', 't5-3b', 't5-11b']),
  'transfo-xl-wt103': 'transfo-xl/transfo-xl-wt103',
  ...namespaced('xlnet', ['xlnet-base-cased', 'xlnet-large-cased']),
});

function namespaced(org: string, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, `${org}/${n}`]));
}

const LEGACY_LOWER = new Map(Object.keys(LEGACY_MODEL_IDS).map((k) => [k.toLowerCase(), k]));

/** True when `id` is a syntactically valid Hub repo id with a namespace (`org/name`). */
export function isNamespacedHubId(id: string): boolean {
  const parts = id.split('/');
  return parts.length === 2 && isValidSegment(parts[0]!) && isValidSegment(parts[1]!);
}

function isValidSegment(s: string): boolean {
  return SEGMENT.test(s) && !s.includes('--') && !s.includes('..') && !s.toLowerCase().endsWith('.git');
}

/** True when `id` is one of the namespace-less canonical ids that the Hub still redirects. */
export function isLegacyModelId(id: string): boolean {
  return LEGACY_LOWER.has(id.toLowerCase());
}

/** The canonical id a legacy one-segment id redirects to, if it is one. */
export function legacyCanonicalId(id: string): string | undefined {
  const key = LEGACY_LOWER.get(id.toLowerCase());
  return key === undefined ? undefined : LEGACY_MODEL_IDS[key];
}

const FILE_EXTENSION = /\.(bin|pt|pth|ckpt|safetensors|json|ya?ml|txt|py|onnx|h5|hdf5|keras|pkl|pickle|joblib|gguf|ggml|msgpack|tar|gz|tgz|zip|npz|npy|tflite|pb|mlmodel|ot|csv|jsonl|parquet|md)$/i;

/** Folder names that, used as a "namespace", almost always mean a local checkpoint directory. */
const LOCAL_DIR_NAMESPACES = new Set([
  'checkpoint', 'checkpoints', 'ckpt', 'ckpts', 'output', 'outputs', 'out', 'tmp', 'temp', 'saved_model',
  'saved_models', 'results', 'runs', 'logs', 'cache', 'exp', 'exps', 'experiments', 'weights', 'local',
  'pretrained', 'pretrained_models', 'model_dir', 'models_dir', 'artifacts', 'data', 'trained_models',
]);

/**
 * True when the string is written as a filesystem path rather than a Hub id: relative or absolute paths,
 * home-relative paths, Windows paths, paths with more than one separator, file names with a weight or
 * config extension, and conventional checkpoint folders.
 */
export function looksLikeLocalPath(value: string): boolean {
  const v = value.trim();
  if (v === '' || v === '.' || v === '..') return true;
  if (/^(\.{1,2}[\\/]|[\\/]|~)/.test(v)) return true;
  if (/^[A-Za-z]:[\\/]/.test(v) || v.includes('\\')) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return true; // URLs (s3://, gs://, http://, file://)
  if (v.split('/').length > 2) return true;
  if (FILE_EXTENSION.test(v)) return true;
  const [ns, name] = v.split('/');
  if (name !== undefined) {
    if (LOCAL_DIR_NAMESPACES.has(ns!.toLowerCase())) return true;
    if (/^checkpoint[-_]\d+$/i.test(name)) return true;
  }
  return false;
}

/**
 * Prefix forms that name a Hub repo inside another library's model string
 * (`timm.create_model("hf-hub:org/x@rev")`, open_clip `hf-hub:` names).
 */
export function parseHfHubPrefixed(value: string): { id: string; revision: string | null; offset: number } | undefined {
  const m = /^(hf[-_]hub:)([^@\s]+)(?:@(\S+))?$/.exec(value);
  if (!m) return undefined;
  return { id: m[2]!, revision: m[3] ?? null, offset: m[1]!.length };
}

/** A revision pins a commit only when it is a hexadecimal commit hash of at least 7 characters (Bandit B615). */
export function isPinnedRevision(revision: string | null | undefined): boolean {
  return typeof revision === 'string' && /^[0-9a-f]{7,40}$/i.test(revision);
}
