/**
 * A deterministic generator of realistic Python project trees for the workspace-scan benchmark.
 *
 * Same seed, same bytes. The tree mixes what a large Python code base holds: plain application code
 * and tests (most files), machine-learning code that talks about models, weights, pipelines and data
 * paths without loading anything from the Hub, a few percent of files that do load Hub models,
 * notebooks (some with outputs) and YAML/JSON configs. File sizes follow a skewed distribution (many
 * small files, a long tail of large ones), scaled so that the tree totals about `targetBytes`.
 *
 *   npx tsx bench/generateTree.ts <folder> [--files N] [--mb M] [--seed S]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface TreeOptions {
  files?: number;
  targetBytes?: number;
  seed?: number;
}

export interface TreeStats {
  files: number;
  bytes: number;
  byKind: Record<string, number>;
  /** Files in which a Hub model reference was planted (relative, `/` separators). */
  withReferences: string[];
}

/** mulberry32: small, fast, and the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'user', 'order', 'item', 'cache', 'config', 'request', 'response', 'session', 'record', 'batch', 'queue', 'event',
  'token', 'path', 'buffer', 'result', 'value', 'entry', 'report', 'metric', 'sample', 'frame', 'feature', 'label',
  'score', 'index', 'node', 'graph', 'task', 'job', 'worker', 'client', 'server', 'handler', 'payload', 'schema',
  'field', 'column', 'row', 'table', 'stream', 'chunk', 'window', 'step', 'epoch', 'loss', 'grad', 'tensor', 'shape',
];
const STDLIB = ['os', 'sys', 're', 'json', 'time', 'math', 'logging', 'itertools', 'functools', 'collections', 'typing', 'dataclasses', 'pathlib', 'argparse', 'datetime', 'hashlib', 'subprocess', 'shutil', 'random', 'uuid'];
const ML_IMPORTS = ['import torch', 'import torch.nn as nn', 'import torch.nn.functional as F', 'import numpy as np', 'import pandas as pd', 'from torch.utils.data import DataLoader, Dataset', 'from sklearn.metrics import f1_score', 'from tqdm import tqdm'];

/** Hub ids planted in reference files: the fixture Hub's records and a spread of plausible others. */
const HUB_IDS = [
  'google-bert/bert-base-uncased', 'openai-community/gpt2', 'distilbert/distilbert-base-uncased', 'meta-llama/Llama-2-7b-hf',
  'mistralai/Mistral-7B-v0.1', 'sentence-transformers/all-MiniLM-L6-v2', 'facebook/nllb-200-distilled-600M', 'google/vit-base-patch16-224',
  'microsoft/resnet-50', 'openai/whisper-tiny', 'tiiuae/falcon-7b', 'Qwen/Qwen-7B', 'bigscience/bloom-560m', 'google/gemma-2b',
  'facebook/dinov2-small', 'aurora-labs/aurora-sentiment-base', 'FacebookAI/roberta-base', 'google-t5/t5-small',
];

type Kind = 'py-app' | 'py-test' | 'py-ml' | 'py-ref' | 'ipynb' | 'ipynb-ref' | 'yaml' | 'yaml-ref' | 'json' | 'json-ref';

/** Share of each kind among files; references land in about 4% of files. */
const KIND_WEIGHTS: [Kind, number][] = [
  ['py-app', 0.56], ['py-test', 0.14], ['py-ml', 0.18], ['py-ref', 0.03],
  ['ipynb', 0.018], ['ipynb-ref', 0.007], ['yaml', 0.03], ['yaml-ref', 0.005], ['json', 0.025], ['json-ref', 0.005],
];

class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  ident(): string {
    return `${this.pick(WORDS)}_${this.pick(WORDS)}`;
  }
  cls(): string {
    const w = this.pick(WORDS);
    return `${w[0]!.toUpperCase()}${w.slice(1)}${this.pick(['Manager', 'Service', 'Store', 'Builder', 'Parser', 'Handler', 'Model', 'Config'])}`;
  }
  /** A lognormal size with median ~4.5 KB and a long tail, before scaling. */
  size(): number {
    const u1 = Math.max(this.r(), 1e-9);
    const u2 = this.r();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return Math.min(400_000, Math.max(300, Math.round(Math.exp(8.4 + 0.95 * z))));
  }
}

function appFunction(g: Gen): string {
  const name = g.ident();
  const a = g.ident();
  const b = g.pick(WORDS);
  const lines = [
    `def ${name}(${a}, ${b}=None, *, retries: int = ${g.int(1, 5)}) -> dict:`,
    `    """Return the ${b} for ${a.replace('_', ' ')}, retrying on transient errors."""`,
    `    result = {}`,
    `    for i, ${b}_item in enumerate(${a} or []):`,
    `        if ${b}_item is None:`,
    `            continue  # skip missing ${b}s`,
    `        key = f"{${b}_item}-{i}"`,
    `        result[key] = ${g.chance(0.5) ? `len(str(${b}_item)) * ${g.int(2, 99)}` : `${b}_item`}`,
    `    logger.debug("computed %d entries for %s", len(result), "${a}")`,
    `    return result`,
    '',
  ];
  return lines.join('\n') + '\n';
}

function appClass(g: Gen): string {
  const c = g.cls();
  const f = g.pick(WORDS);
  return [
    `class ${c}:`,
    `    """Keeps ${f}s in memory and writes them to ${g.pick(['disk', 'the database', 'the queue', 'S3'])} in batches."""`,
    '',
    `    def __init__(self, path: str = "${g.pick(['data', 'var', 'tmp', 'out'])}/${f}s.json", limit: int = ${g.int(10, 5000)}):`,
    `        self.path = path`,
    `        self.limit = limit`,
    `        self._${f}s: list = []`,
    '',
    `    def add(self, ${f}) -> None:`,
    `        if len(self._${f}s) >= self.limit:`,
    `            self.flush()`,
    `        self._${f}s.append(${f})`,
    '',
    `    def flush(self) -> int:`,
    `        with open(self.path, "a", encoding="utf-8") as fh:`,
    `            for item in self._${f}s:`,
    `                fh.write(json.dumps(item) + "\\n")`,
    `        n = len(self._${f}s)`,
    `        self._${f}s.clear()`,
    `        return n`,
    '',
    '',
  ].join('\n');
}

function testFunction(g: Gen): string {
  const name = g.ident();
  return [
    `def test_${name}_${g.int(0, 999)}(tmp_path):`,
    `    store = ${g.cls()}(path=str(tmp_path / "${g.pick(WORDS)}.json"))`,
    `    for i in range(${g.int(2, 50)}):`,
    `        store.add({"id": i, "${g.pick(WORDS)}": "${g.pick(WORDS)}-%d" % i})`,
    `    assert store.flush() >= 0`,
    `    assert (tmp_path / "${g.pick(WORDS)}.json").exists() or True`,
    '',
    '',
  ].join('\n');
}

/** Machine-learning code that never loads a Hub model, but uses the words a loader would. */
function mlBlock(g: Gen): string {
  const m = g.pick(['model', 'net', 'encoder', 'classifier']);
  const blocks = [
    () => [
      `def train_one_epoch(${m}, loader, optimizer, device="cuda", class_weights=None):`,
      `    """One pass over the data; returns the mean loss."""`,
      `    ${m}.train()`,
      `    total = 0.0`,
      `    loss_fn = nn.CrossEntropyLoss(weight=class_weights)`,
      `    for step, (x, y) in enumerate(tqdm(loader)):`,
      `        x, y = x.to(device), y.to(device)`,
      `        optimizer.zero_grad()`,
      `        loss = loss_fn(${m}(x), y)`,
      `        loss.backward()`,
      `        optimizer.step()`,
      `        total += loss.item()`,
      `    return total / max(1, len(loader))`,
    ],
    () => [
      `class ${g.cls()}(nn.Module):`,
      `    def __init__(self, in_dim=${g.int(16, 1024)}, hidden=${g.int(16, 4096)}, out_dim=${g.int(2, 100)}, dropout=0.${g.int(0, 5)}):`,
      `        super().__init__()`,
      `        self.layers = nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, out_dim))`,
      '',
      `    def forward(self, x):`,
      `        return self.layers(x)`,
    ],
    () => [
      `def evaluate(${m}, loader, model_name="${g.ident()}"):`,
      `    ${m}.eval()`,
      `    preds, labels = [], []`,
      `    with torch.no_grad():`,
      `        for x, y in loader:`,
      `            preds.extend(${m}(x).argmax(-1).tolist())`,
      `            labels.extend(y.tolist())`,
      `    print(f"{model_name}: f1={f1_score(labels, preds, average='macro'):.4f}")`,
      `    return preds`,
    ],
    () => [
      `def save_checkpoint(${m}, epoch, out_dir="checkpoints/${g.pick(WORDS)}"):`,
      `    os.makedirs(out_dir, exist_ok=True)`,
      `    path = os.path.join(out_dir, f"epoch_{epoch:03d}.pt")`,
      `    torch.save({"state_dict": ${m}.state_dict(), "epoch": epoch}, path)`,
      `    return path`,
    ],
    () => [
      `# The preprocessing pipeline: tokenise, pad, batch. Kept here so the training script and the`,
      `# evaluation script share it.`,
      `def make_loader(frame: "pd.DataFrame", batch_size=${g.pick([8, 16, 32, 64])}, shuffle=True):`,
      `    xs = torch.tensor(np.stack(frame["${g.pick(WORDS)}"].values), dtype=torch.float32)`,
      `    ys = torch.tensor(frame["label"].values)`,
      `    return DataLoader(list(zip(xs, ys)), batch_size=batch_size, shuffle=shuffle)`,
    ],
    () => [
      `def load_frame(path="data/${g.pick(WORDS)}/train.csv", limit=None):`,
      `    frame = pd.read_csv(path)`,
      `    if limit:`,
      `        frame = frame.head(limit)`,
      `    frame["${g.pick(WORDS)}"] = frame["${g.pick(WORDS)}"].fillna(0)`,
      `    return frame`,
    ],
  ];
  return g.pick(blocks)().join('\n') + '\n\n\n';
}

/** A file that loads Hub models, in one of the forms people write. */
function refBlock(g: Gen): string {
  const id = g.pick(HUB_IDS);
  const forms = [
    () => [`from transformers import AutoModel, AutoTokenizer`, ``, `tokenizer = AutoTokenizer.from_pretrained("${id}")`, `model = AutoModel.from_pretrained("${id}", revision="main")`],
    () => [`from transformers import pipeline`, ``, `classifier = pipeline("text-classification", model="${id}")`],
    () => [`from sentence_transformers import SentenceTransformer`, ``, `MODEL_ID = "${id}"`, `encoder = SentenceTransformer(MODEL_ID)`],
    () => [`from huggingface_hub import hf_hub_download`, ``, `weights_path = hf_hub_download(repo_id="${id}", filename="config.json")`],
    () => [`import argparse`, `from transformers import AutoModelForSequenceClassification`, ``, `parser = argparse.ArgumentParser()`, `parser.add_argument("--model_name_or_path", default="${id}")`, `args = parser.parse_args()`, `model = AutoModelForSequenceClassification.from_pretrained(args.model_name_or_path)`],
  ];
  return g.pick(forms)().join('\n') + '\n\n';
}

function pythonFile(g: Gen, kind: Kind, size: number): string {
  const parts: string[] = [`"""${g.pick(WORDS)} ${g.pick(['helpers', 'service', 'views', 'tasks', 'models', 'utilities'])}."""\n`];
  const imports = new Set<string>();
  for (let i = g.int(2, 6); i > 0; i--) imports.add(`import ${g.pick(STDLIB)}`);
  if (kind === 'py-ml' || kind === 'py-ref') for (const imp of ML_IMPORTS) if (g.chance(0.6)) imports.add(imp);
  if (kind === 'py-test') imports.add('import pytest');
  parts.push([...imports].join('\n') + '\n\nlogger = logging.getLogger(__name__)\n\n');
  if (kind === 'py-ref') parts.push(refBlock(g));
  let len = parts.reduce((n, p) => n + p.length, 0);
  while (len < size) {
    const block = kind === 'py-test' ? testFunction(g) : (kind === 'py-ml' || kind === 'py-ref') && g.chance(0.6) ? mlBlock(g) : g.chance(0.5) ? appFunction(g) : appClass(g);
    parts.push(block);
    len += block.length;
  }
  if (kind === 'py-ref' && g.chance(0.3)) parts.push(refBlock(g));
  return parts.join('');
}

function notebookFile(g: Gen, kind: Kind, size: number): string {
  const cells: object[] = [];
  const code = (src: string, outputs: object[] = []): object => ({ cell_type: 'code', execution_count: cells.length + 1, metadata: {}, outputs, source: src.split(/(?<=\n)/) });
  cells.push({ cell_type: 'markdown', metadata: {}, source: [`# ${g.pick(WORDS)} exploration\n`, '\n', `Notes on the ${g.pick(WORDS)} data.\n`] });
  cells.push(code('import pandas as pd\nimport numpy as np\nimport matplotlib.pyplot as plt\n'));
  if (kind === 'ipynb-ref') cells.push(code(refBlock(g)));
  let len = 0;
  while (len < size) {
    const src = g.chance(0.5) ? mlBlock(g) : appFunction(g);
    // Some cells carry a plot: base64 image data is what makes real notebooks big.
    const png = g.chance(0.15) ? Buffer.from(Array.from({ length: g.int(500, 6000) }, () => g.int(0, 255))).toString('base64') : undefined;
    const outputs = png
      ? [{ output_type: 'display_data', metadata: {}, data: { 'image/png': png, 'text/plain': ['<Figure size 640x480 with 1 Axes>'] } }]
      : [{ output_type: 'stream', name: 'stdout', text: [`${g.pick(WORDS)}: ${g.r().toFixed(4)}\n`] }];
    cells.push(code(src, outputs));
    len += src.length + (png ? png.length : 40);
  }
  return JSON.stringify({ cells, metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1) + '\n';
}

function yamlFile(g: Gen, kind: Kind, size: number): string {
  const lines = [`# ${g.pick(WORDS)} settings`, `experiment: ${g.ident()}`, `seed: ${g.int(0, 9999)}`];
  if (kind === 'yaml-ref') lines.push(`model_name_or_path: ${g.pick(HUB_IDS)}`);
  let len = lines.join('\n').length;
  while (len < size) {
    const section = [`${g.ident()}:`, `  path: data/${g.pick(WORDS)}/${g.pick(WORDS)}.parquet`, `  batch_size: ${g.pick([8, 16, 32])}`, `  learning_rate: ${g.r().toExponential(2)}`, `  enabled: ${g.chance(0.5)}`];
    lines.push(...section);
    len += section.join('\n').length;
  }
  return lines.join('\n') + '\n';
}

function jsonFile(g: Gen, kind: Kind, size: number): string {
  const obj: Record<string, unknown> = { name: g.ident(), version: `${g.int(0, 3)}.${g.int(0, 20)}.${g.int(0, 9)}` };
  if (kind === 'json-ref') obj._name_or_path = g.pick(HUB_IDS);
  let len = 0;
  for (let i = 0; len < size; i++) {
    const v = { id: i, [g.pick(WORDS)]: g.ident(), path: `data/${g.pick(WORDS)}/${i}.bin`, score: Number(g.r().toFixed(5)) };
    obj[`${g.pick(WORDS)}_${i}`] = v;
    len += JSON.stringify(v).length + 20;
  }
  return JSON.stringify(obj, null, 2) + '\n';
}

/** A Python module of about `lines` lines that loads a few Hub models among ordinary ML code (same seed, same text). */
export function pythonModule(lines: number, seed = 7): string {
  const g = new Gen(rng(seed));
  const parts: string[] = [pythonFile(g, 'py-ref', 2_000)];
  let count = parts[0]!.split('\n').length;
  while (count < lines) {
    const block = g.chance(0.05) ? refBlock(g) : g.chance(0.5) ? mlBlock(g) : appFunction(g);
    parts.push(block);
    count += block.split('\n').length - 1;
  }
  return parts.join('').split('\n').slice(0, lines).join('\n') + '\n';
}

/** Writes the tree under `root` (removing what was there) and returns what it wrote. */
export function generateTree(root: string, opts: TreeOptions = {}): TreeStats {
  const files = opts.files ?? 10_000;
  const targetBytes = opts.targetBytes ?? 80 * 1024 * 1024;
  const g = new Gen(rng(opts.seed ?? 20261126));
  // First pass: kinds and raw sizes; then scale the sizes so the tree lands near targetBytes.
  const plan: { kind: Kind; size: number }[] = [];
  for (let i = 0; i < files; i++) {
    let x = g.r();
    let kind: Kind = 'py-app';
    for (const [k, w] of KIND_WEIGHTS) {
      if ((x -= w) < 0) {
        kind = k;
        break;
      }
    }
    plan.push({ kind, size: g.size() });
  }
  const scale = targetBytes / plan.reduce((n, p) => n + p.size, 0);
  rmSync(root, { recursive: true, force: true });
  const stats: TreeStats = { files: 0, bytes: 0, byKind: {}, withReferences: [] };
  const packages = Math.max(1, Math.round(files / 400));
  for (let i = 0; i < plan.length; i++) {
    const { kind } = plan[i]!;
    const size = Math.round(plan[i]!.size * scale);
    const pkg = `pkg_${String(i % packages).padStart(2, '0')}`;
    const sub = `${g.pick(WORDS)}s`;
    const dir = path.join(root, pkg, kind === 'py-test' ? 'tests' : sub);
    const ext = kind.startsWith('py') ? '.py' : kind.startsWith('ipynb') ? '.ipynb' : kind.startsWith('yaml') ? (g.chance(0.5) ? '.yaml' : '.yml') : '.json';
    const name = `${kind === 'py-test' ? 'test_' : ''}${g.ident()}_${i}${ext}`;
    const text =
      kind.startsWith('py') ? pythonFile(g, kind, size) : kind.startsWith('ipynb') ? notebookFile(g, kind, size) : kind.startsWith('yaml') ? yamlFile(g, kind, size) : jsonFile(g, kind, size);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), text);
    stats.files++;
    stats.bytes += Buffer.byteLength(text);
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    if (kind.endsWith('-ref')) stats.withReferences.push(path.relative(root, path.join(dir, name)).split(path.sep).join('/'));
  }
  stats.withReferences.sort();
  return stats;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const flag = (name: string): number | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  const root = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
  if (!root) {
    console.error('usage: tsx bench/generateTree.ts <folder> [--files N] [--mb M] [--seed S]');
    process.exit(2);
  }
  const mb = flag('--mb');
  const s = generateTree(root, { files: flag('--files'), targetBytes: mb ? mb * 1024 * 1024 : undefined, seed: flag('--seed') });
  console.log(`${s.files} files, ${(s.bytes / 1024 / 1024).toFixed(1)} MiB, ${s.withReferences.length} with references`, s.byKind);
}
