/**
 * Benchmark 1, workspace scan: `ptm-lens scan --format json --no-lookup` on a generated tree, against
 * ripgrep listing the files that contain a loader name, alternating in the same run.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TreeStats } from './generateTree';
import { generateTree } from './generateTree';
import type { Summary } from './stats';
import { summarize, toolVersion } from './stats';

export const TREE_PARAMS = { files: 10_000, targetBytes: 80 * 1024 * 1024, seed: 20261126 };

/** What ripgrep looks for: the loader names and config keys PTM Lens's prefilter starts from. */
const RG_NEEDLES = [
  'from_pretrained', 'from_model_id', 'load_adapter', 'pipeline', 'SentenceTransformer', 'SparseEncoder', 'CrossEncoder',
  'hf_hub_download', 'snapshot_download', 'hf_hub_url', 'try_to_load_from_cache', 'InferenceClient', 'InferenceApi',
  'HuggingFace', 'hf-hub:', 'hf_hub:', 'create_model', 'model_name_or_path', 'base_model', '_name_or_path', 'hub_model_id',
  'tokenizer_name', 'model_id', 'repo_id',
];
/** The files PTM Lens reads, so that both tools look at the same set. */
const RG_GLOBS = ['*.py', '*.pyi', '*.pyw', '*.ipynb', '*.js', '*.mjs', '*.cjs', '*.jsx', '*.ts', '*.mts', '*.cts', '*.tsx', '*.yaml', '*.yml', '*.json'];

export interface ScanBenchResult {
  tree: TreeStats & { root: string };
  rg: { version: string; times: Summary; files: number } | { missing: string };
  ptm: { times: Summary; peakRssMb: Summary; references: number; filesWithReferences: number; missed: string[]; filesParsed?: number };
  ptmSingleThread: { times: Summary; peakRssMb: Summary };
  rescan: { times: Summary };
}

/** The tree, regenerated only when missing or made with other parameters. */
export function ensureTree(work: string): TreeStats & { root: string } {
  const root = path.join(work, 'tree');
  const stamp = path.join(work, 'tree.json');
  if (existsSync(stamp) && existsSync(root)) {
    const saved = JSON.parse(readFileSync(stamp, 'utf8')) as { params: typeof TREE_PARAMS; stats: TreeStats };
    if (JSON.stringify(saved.params) === JSON.stringify(TREE_PARAMS)) return { ...saved.stats, root };
  }
  const stats = generateTree(root, TREE_PARAMS);
  writeFileSync(stamp, JSON.stringify({ params: TREE_PARAMS, stats }));
  return { ...stats, root };
}

interface Run {
  ms: number;
  stdout: string;
  peakRssKb?: number;
}

function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, outFile: string): Run {
  const fd = openSync(outFile, 'w');
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  closeSync(fd);
  if (r.error) throw r.error;
  const stderr = r.stderr?.toString() ?? '';
  if (r.status !== 0 && !(cmd.endsWith('rg') && r.status === 1)) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}: ${stderr}`);
  const m = /peak-rss-kb (\d+)/.exec(stderr);
  return { ms, stdout: readFileSync(outFile, 'utf8'), ...(m ? { peakRssKb: Number(m[1]) } : {}) };
}

export function runScanBench(repo: string, work: string, runs: number, log: (s: string) => void): ScanBenchResult {
  const tree = ensureTree(work);
  log(`  tree: ${tree.files} files, ${(tree.bytes / 2 ** 20).toFixed(1)} MiB, references planted in ${tree.withReferences.length} files`);
  const cli = path.join(repo, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run "npm run build" first (npm run bench does).');
  const peak = path.join(repo, 'bench', 'peakRss.cjs');
  const out = path.join(work, 'scan-out.txt');
  const cacheDir = path.join(work, 'scan-cache');
  const env: NodeJS.ProcessEnv = { ...process.env, PTM_LENS_CACHE_DIR: cacheDir };
  delete env.PTM_LENS_SCAN_WORKERS;
  const scanArgs = [peak, cli, 'scan', tree.root, '--format', 'json', '--no-lookup', '--no-cache', '--quiet'];
  const rgVersion = toolVersion('rg');
  const rgArgs = ['-l', '--no-messages', '-F', ...RG_NEEDLES.flatMap((n) => ['-e', n]), ...RG_GLOBS.flatMap((g) => ['-g', g]), tree.root];
  if (!rgVersion) log("  ripgrep (rg) is not installed: no side-by-side ratio. Install Debian's ripgrep (apt-get install ripgrep).");

  // One untimed run of each warms the page cache for both.
  timed(process.execPath, scanArgs, env, out);
  if (rgVersion) timed('rg', rgArgs, env, out);
  const rgTimes: number[] = [];
  const ptmTimes: number[] = [];
  const ptmRss: number[] = [];
  const singleTimes: number[] = [];
  const singleRss: number[] = [];
  let rgFiles = 0;
  let last: Run | undefined;
  for (let i = 0; i < runs; i++) {
    if (rgVersion) {
      const r = timed('rg', rgArgs, env, out);
      rgTimes.push(r.ms);
      rgFiles = r.stdout.split('\n').filter(Boolean).length;
    }
    last = timed(process.execPath, scanArgs, env, out);
    ptmTimes.push(last.ms);
    ptmRss.push((last.peakRssKb ?? NaN) / 1024);
    const single = timed(process.execPath, scanArgs, { ...env, PTM_LENS_SCAN_WORKERS: '0' }, out);
    singleTimes.push(single.ms);
    singleRss.push((single.peakRssKb ?? NaN) / 1024);
    log(`  run ${i + 1}/${runs}: ${rgVersion ? `rg ${rgTimes.at(-1)!.toFixed(0)} ms, ` : ''}ptm-lens ${ptmTimes.at(-1)!.toFixed(0)} ms (single thread ${singleTimes.at(-1)!.toFixed(0)} ms)`);
  }
  const report = JSON.parse(last!.stdout) as { references: { file: string }[] };
  const files = new Set(report.references.map((r) => r.file));
  const missed = tree.withReferences.filter((f) => !files.has(f));

  // A re-scan with the content cache: only changed files are parsed (here none).
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const cachedArgs = scanArgs.filter((a) => a !== '--no-cache');
  timed(process.execPath, cachedArgs, env, out);
  const rescan: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) rescan.push(timed(process.execPath, cachedArgs, env, out).ms);

  return {
    tree,
    rg: rgVersion ? { version: rgVersion, times: summarize(rgTimes), files: rgFiles } : { missing: 'rg not found on PATH' },
    ptm: { times: summarize(ptmTimes), peakRssMb: summarize(ptmRss), references: report.references.length, filesWithReferences: files.size, missed },
    ptmSingleThread: { times: summarize(singleTimes), peakRssMb: summarize(singleRss) },
    rescan: { times: summarize(rescan) },
  };
}
