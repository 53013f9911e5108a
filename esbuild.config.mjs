// Bundles the extension and the CLI, and copies the tree-sitter WASM files beside them.
// Usage: node esbuild.config.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');

const wasmFiles = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'),
  require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-javascript.wasm'),
  require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-typescript.wasm'),
  require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-tsx.wasm'),
];

async function copyWasm() {
  await mkdir('dist', { recursive: true });
  await Promise.all(wasmFiles.map((f) => copyFile(f, path.join('dist', path.basename(f)))));
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { __PTM_LENS_VERSION__: JSON.stringify(version) },
  // The ESM build of web-tree-sitter needs import.meta.url, which a CJS bundle lacks: use its CJS build.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Worker threads of large workspace scans (src/core/scan/workerPool.ts); optional for both bundles above.
  { ...common, entryPoints: ['src/core/scan/worker.ts'], outfile: 'dist/scanWorker.js' },
];

await copyWasm();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
