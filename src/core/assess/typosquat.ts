/**
 * Typosquat suspicion: an id within a small edit distance of a popular model id or organisation,
 * after folding look-alike characters (security-pride/huggingface_squatting found 1,574 squatting
 * models by similar matching). A verified publisher is never suspected.
 */

/** Widely used models and organisations that squatters imitate. */
export const POPULAR_MODEL_IDS: readonly string[] = [
  'google-bert/bert-base-uncased', 'google-bert/bert-base-cased', 'google-bert/bert-large-uncased', 'google-bert/bert-base-multilingual-cased',
  'openai-community/gpt2', 'openai-community/gpt2-medium', 'openai-community/gpt2-large', 'openai-community/gpt2-xl',
  'distilbert/distilbert-base-uncased', 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', 'distilbert/distilgpt2',
  'FacebookAI/roberta-base', 'FacebookAI/roberta-large', 'FacebookAI/xlm-roberta-base', 'FacebookAI/xlm-roberta-large',
  'google-t5/t5-small', 'google-t5/t5-base', 'google/flan-t5-base', 'google/flan-t5-large', 'google/vit-base-patch16-224',
  'google/gemma-2b', 'google/gemma-7b', 'google/gemma-2-9b', 'google/gemma-2-2b-it',
  'meta-llama/Llama-2-7b-hf', 'meta-llama/Llama-2-7b-chat-hf', 'meta-llama/Llama-2-13b-hf', 'meta-llama/Meta-Llama-3-8B',
  'meta-llama/Meta-Llama-3-8B-Instruct', 'meta-llama/Llama-3.1-8B', 'meta-llama/Llama-3.1-8B-Instruct', 'meta-llama/Llama-3.2-1B',
  'meta-llama/Llama-3.2-3B-Instruct', 'mistralai/Mistral-7B-v0.1', 'mistralai/Mistral-7B-Instruct-v0.2', 'mistralai/Mixtral-8x7B-v0.1',
  'microsoft/phi-2', 'microsoft/Phi-3-mini-4k-instruct', 'microsoft/resnet-50', 'microsoft/deberta-v3-base',
  'openai/whisper-tiny', 'openai/whisper-base', 'openai/whisper-small', 'openai/whisper-large-v3', 'openai/clip-vit-base-patch32',
  'facebook/bart-large', 'facebook/bart-large-cnn', 'facebook/bart-large-mnli', 'facebook/opt-1.3b', 'facebook/dinov2-small',
  'facebook/dinov2-base', 'facebook/convnext-tiny-224', 'facebook/wav2vec2-base-960h', 'facebook/nllb-200-distilled-600M',
  'sentence-transformers/all-MiniLM-L6-v2', 'sentence-transformers/all-mpnet-base-v2', 'sentence-transformers/paraphrase-MiniLM-L6-v2',
  'BAAI/bge-small-en-v1.5', 'BAAI/bge-base-en-v1.5', 'BAAI/bge-large-en-v1.5', 'BAAI/bge-m3', 'intfloat/e5-base-v2',
  'Qwen/Qwen2-7B', 'Qwen/Qwen2.5-7B-Instruct', 'Qwen/Qwen2.5-0.5B', 'tiiuae/falcon-7b', 'bigscience/bloom-560m',
  'stabilityai/stable-diffusion-xl-base-1.0', 'stabilityai/stable-diffusion-2-1', 'runwayml/stable-diffusion-v1-5',
  'CompVis/stable-diffusion-v1-4', 'timm/resnet50.a1_in1k', 'cardiffnlp/twitter-roberta-base-sentiment-latest',
  'deepseek-ai/DeepSeek-R1', 'deepseek-ai/deepseek-coder-6.7b-instruct', 'nvidia/segformer-b0-finetuned-ade-512-512',
  'Xenova/all-MiniLM-L6-v2', 'TheBloke/Llama-2-7B-Chat-GGUF',
];

export interface TyposquatMatch {
  /** The popular id (or organisation) the id imitates. */
  target: string;
  distance: number;
}

/** Folds characters that look alike in common fonts, so `meta-IIama` compares equal to `meta-llama`. */
export function foldLookAlikes(s: string): string {
  return s
    .toLowerCase()
    .replace(/rn/g, 'm')
    .replace(/vv/g, 'w')
    .replace(/[1|i]/g, 'l')
    .replace(/0/g, 'o')
    .replace(/5/g, 's')
    .replace(/_/g, '-');
}

export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

const POPULAR_LOWER = new Set(POPULAR_MODEL_IDS.map((x) => x.toLowerCase()));
const POPULAR_ORGS = [...new Set(POPULAR_MODEL_IDS.map((x) => x.split('/')[0]!))];

/**
 * The popular id this one imitates, if any: same name under a look-alike organisation, or a
 * look-alike of a popular id within two edits. Exact popular ids never match.
 */
export function typosquatTarget(id: string): TyposquatMatch | undefined {
  if (POPULAR_LOWER.has(id.toLowerCase()) || !id.includes('/')) return undefined;
  const [org, name] = id.split('/') as [string, string];
  const foldedId = foldLookAlikes(id);
  let best: TyposquatMatch | undefined;
  for (const popular of POPULAR_MODEL_IDS) {
    const [pOrg, pName] = popular.split('/') as [string, string];
    if (pOrg.toLowerCase() === org.toLowerCase()) continue; // same publisher: a sibling model, not a squat
    const folded = foldLookAlikes(popular);
    const d = foldedId === folded ? 0 : levenshtein(foldedId, folded, 2);
    const budget = popular.length >= 12 ? 2 : 1;
    if (d <= budget && (pName.toLowerCase() === name.toLowerCase() || d <= 1 || foldedId === folded)) {
      const distance = levenshtein(id.toLowerCase(), popular.toLowerCase());
      if (!best || distance < best.distance) best = { target: popular, distance };
    }
  }
  if (best) return best;
  // A look-alike organisation with any model name (e.g. "rneta-llama/anything").
  for (const pOrg of POPULAR_ORGS) {
    if (pOrg.toLowerCase() === org.toLowerCase() || pOrg.length < 5) continue;
    if (foldLookAlikes(org) === foldLookAlikes(pOrg)) return { target: pOrg, distance: levenshtein(org.toLowerCase(), pOrg.toLowerCase()) };
  }
  return undefined;
}
