/**
 * Benchmark 5, activation and size: the production build packaged as a .vsix in a staging folder
 * (the working tree's dist/ is left alone), its size, and the time to load dist/extension.js and run
 * activate() with a stand-in `vscode` module (bench/activate.cjs), in fresh processes.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Summary } from './stats';
import { summarize } from './stats';

export interface PackageBenchResult {
  vsixBytes: number;
  extensionJsBytes: number;
  requireMs: Summary;
  activateMs: Summary;
  totalMs: Summary;
  parserLoadedAtActivation: boolean;
  devBundle: { totalMs: Summary };
}

function activation(repo: string, extension: string, runs: number): { requireMs: number[]; activateMs: number[]; total: number[]; wasm: number } {
  const requireMs: number[] = [];
  const activateMs: number[] = [];
  const total: number[] = [];
  let wasm = 0;
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [path.join(repo, 'bench', 'activate.cjs'), extension], { encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { requireMs: number; activateMs: number; wasmCompiles: number };
    requireMs.push(r.requireMs);
    activateMs.push(r.activateMs);
    total.push(r.requireMs + r.activateMs);
    wasm += r.wasmCompiles;
  }
  return { requireMs, activateMs, total, wasm };
}

export function runPackageBench(repo: string, work: string, runs: number, log: (s: string) => void): PackageBenchResult {
  const stage = path.join(work, 'vsix');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'media', 'syntaxes']) {
    if (existsSync(path.join(repo, f))) cpSync(path.join(repo, f), path.join(stage, f), { recursive: true });
  }
  for (const link of ['src', 'node_modules']) symlinkSync(path.join(repo, link), path.join(stage, link));
  log('  production build and vsce package in bench/.work/vsix ...');
  execFileSync(process.execPath, [path.join(repo, 'esbuild.config.mjs'), '--production'], { cwd: stage, stdio: 'inherit' });
  const vsix = path.join(stage, 'ptm-lens.vsix');
  execFileSync(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: stage, stdio: ['ignore', 'ignore', 'inherit'] });
  const extension = path.join(stage, 'dist', 'extension.js');
  const prod = activation(repo, extension, runs);
  const dev = activation(repo, path.join(repo, 'dist', 'extension.js'), Math.max(3, Math.ceil(runs / 2)));
  return {
    vsixBytes: statSync(vsix).size,
    extensionJsBytes: statSync(extension).size,
    requireMs: summarize(prod.requireMs),
    activateMs: summarize(prod.activateMs),
    totalMs: summarize(prod.total),
    parserLoadedAtActivation: prod.wasm > 0,
    devBundle: { totalMs: summarize(dev.total) },
  };
}
