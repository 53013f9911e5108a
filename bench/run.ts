/**
 * `npm run bench`: the performance suite of issue 7. Prints the machine, the inputs, medians and spreads,
 * the ratio to each target and PASS/GAP, and writes the same as Markdown to bench/.work/results.md (and
 * JSON beside it), from which bench/RESULTS.md is written by hand with the analysis of any gap.
 *
 *   npm run bench                          all five benchmarks (builds first)
 *   npm run bench -- --only scan,hover     some of them: scan, edit, hover, lookup, package
 *   npm run bench -- --runs 3              fewer repetitions
 *
 * Needs no network beyond 127.0.0.1; the scan comparison needs ripgrep (`rg`, Debian's ripgrep).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEditBench, runHoverBench } from './editor';
import { runLookupBench } from './lookup';
import { runPackageBench } from './package';
import { runScanBench } from './scan';
import { fmt, loadAverage, machineLine, verdict } from './stats';

const repo = path.resolve(__dirname, '..');
const work = path.join(repo, 'bench', '.work');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  mkdirSync(work, { recursive: true });
  const runs = Number(option('--runs') ?? 5);
  const only = new Set((option('--only') ?? 'scan,edit,hover,lookup,package').split(','));
  const md: string[] = [];
  const json: Record<string, unknown> = {};
  const out = (s: string): void => {
    console.log(s);
    md.push(s);
  };
  const log = (s: string): void => console.log(s);
  const started = new Date();
  out(`Machine: ${machineLine()}`);
  out(`Started: ${started.toISOString()}`);
  out('');
  out('| # | Benchmark | Measured (median, spread) | Target | Ratio | Result |');
  out('|---|---|---|---|---|---|');
  const rows: string[] = [];
  const notes: string[] = [];
  /** Runs one benchmark; a failure is reported in its row and the others still run. */
  const guarded = async (n: string, name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (err) {
      console.error(err);
      rows.push(`| ${n} | ${name}: failed to run | ${String((err as Error).message ?? err).split('\n')[0]} | — | — | GAP |`);
      process.exitCode = 1;
    }
  };

  if (only.has('scan')) await guarded('1', 'scan', async () => {
    log('1. Workspace scan ...');
    const r = runScanBench(repo, work, runs, log);
    json.scan = r;
    const t = r.ptm.times.median;
    notes.push(
      `Scan input: ${r.tree.files} files, ${(r.tree.bytes / 2 ** 20).toFixed(1)} MiB (${Object.entries(r.tree.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
        `references planted in ${r.tree.withReferences.length} files; found ${r.ptm.references} references in ${r.ptm.filesWithReferences} files; ` +
        `planted files missed: ${r.ptm.missed.length === 0 ? 'none' : r.ptm.missed.join(', ')}.`,
    );
    if ('version' in r.rg) {
      const ratio = t / r.rg.times.median;
      rows.push(`| 1 | Scan: \`ptm-lens scan --format json --no-lookup --no-cache\` | ${fmt(r.ptm.times, 's')} | ≤ 10× ripgrep | ${ratio.toFixed(1)}× | ${verdict(ratio <= 10)} |`);
      rows.push(`| 1 | Scan reference: ripgrep (${r.rg.version}), files naming a loader | ${fmt(r.rg.times, 's')}, ${r.rg.files} files | — | 1× | — |`);
    } else {
      rows.push(`| 1 | Scan: \`ptm-lens scan --format json --no-lookup --no-cache\` | ${fmt(r.ptm.times, 's')} | ≤ 10× ripgrep | not measured (${r.rg.missing}) | GAP |`);
    }
    rows.push(`| 1 | Scan peak memory (RSS, worker included) | ${r.ptm.peakRssMb.median.toFixed(0)} MB (max ${r.ptm.peakRssMb.max.toFixed(0)}) | < 300 MB | ${(r.ptm.peakRssMb.max / 300).toFixed(2)} | ${verdict(r.ptm.peakRssMb.max < 300)} |`);
    rows.push(`| 1 | Scan, single thread (\`PTM_LENS_SCAN_WORKERS=0\`) | ${fmt(r.ptmSingleThread.times, 's')}, ${r.ptmSingleThread.peakRssMb.median.toFixed(0)} MB | — | ${'version' in r.rg ? `${(r.ptmSingleThread.times.median / r.rg.times.median).toFixed(1)}×` : '—'} | — |`);
    rows.push(`| 1 | Re-scan with the content cache (nothing changed) | ${fmt(r.rescan.times, 's')} | — | ${'version' in r.rg ? `${(r.rescan.times.median / r.rg.times.median).toFixed(1)}×` : '—'} | — |`);
  });
  if (only.has('edit')) await guarded('2', 'edit', async () => {
    log('2. Edit latency ...');
    const r = await runEditBench(runs * 60);
    json.edit = r;
    notes.push(
      `Edit input: a generated ${r.lines}-line Python file with ${r.references} references; ${r.edits} one-line edits (a number retyped), each given to the document's incremental state ` +
        `(\`Detector.openDocument(...).update(text, changes)\`, as src/vscode/analysis.ts does): ${r.fullParses} full parse, the rest incremental; process CPU time per edit p95 ${r.cpu.p95.toFixed(1)} ms, ${fmt(r.cpu)}.`,
    );
    rows.push(`| 2 | Edit: re-analysis after a one-line edit, p95 | p95 ${r.times.p95.toFixed(1)} ms (median ${r.times.median.toFixed(1)}, max ${r.times.max.toFixed(1)}, n=${r.times.n}) | p95 < 15 ms | ${(r.times.p95 / 15).toFixed(2)} | ${verdict(r.times.p95 < 15)} |`);
  });
  if (only.has('hover')) await guarded('3', 'hover', async () => {
    log('3. Hover ...');
    const r = await runHoverBench(runs * 100, runs * 6);
    json.hover = r;
    const coldTarget = r.latencyMs + 30;
    notes.push(`Hover input: \`${r.model}\` from the fixture Hub with ${r.latencyMs} ms injected latency per response; a cold card made ${r.coldRequests} requests.`);
    rows.push(`| 3 | Hover, warm cache: lookup + assess + render, p95 | p95 ${r.warm.p95.toFixed(2)} ms (median ${r.warm.median.toFixed(2)}, n=${r.warm.n}) | p95 < 5 ms | ${(r.warm.p95 / 5).toFixed(2)} | ${verdict(r.warm.p95 < 5)} |`);
    rows.push(`| 3 | Hover, cold (fresh client, ${r.latencyMs} ms latency), p50 | ${fmt(r.cold)} | p50 ≤ ${coldTarget} ms | ${(r.cold.median / coldTarget).toFixed(2)} | ${verdict(r.cold.median <= coldTarget)} |`);
  });
  if (only.has('lookup')) await guarded('4', 'lookup', async () => {
    log('4. Lookup scaling ...');
    const r = await runLookupBench(work);
    json.lookup = r;
    const f = r.firstRun;
    notes.push(
      `Lookup input: ${r.models} distinct pinned models from ${r.publishers} publishers on the fixture Hub, ${r.latencyMs} ms per response, concurrency ${r.concurrency}; ` +
        `ideal bound ceil(${r.models} × ${f.perModel.toFixed(2)} / ${r.concurrency}) × ${r.latencyMs} ms = ${(f.idealMs / 1000).toFixed(2)} s; ${f.failed} lookups not ok.`,
    );
    rows.push(`| 4 | Lookup: ${r.models} models, first run | ${(f.ms / 1000).toFixed(2)} s, ${f.requests} requests | ≤ 1.3 × ${(f.idealMs / 1000).toFixed(2)} s | ${f.ratio.toFixed(2)} | ${verdict(f.ratio <= 1.3)} |`);
    rows.push(`| 4 | Lookup: requests per model | ${f.perModel.toFixed(2)} (2 per model + 1 per publisher) | ≤ 3 | ${(f.perModel / 3).toFixed(2)} | ${verdict(f.perModel <= 3)} |`);
    rows.push(`| 4 | Lookup: second run, persistent cache, pinned | ${r.secondRun.requests} requests, ${(r.secondRun.ms / 1000).toFixed(2)} s | 0 requests | — | ${verdict(r.secondRun.requests === 0)} |`);
  });
  if (only.has('package')) await guarded('5', 'package', async () => {
    log('5. Activation and size ...');
    const r = runPackageBench(repo, work, runs * 2, log);
    json.package = r;
    notes.push(
      `Activation: production dist/extension.js (${(r.extensionJsBytes / 1024).toFixed(0)} KiB) loaded with require() and activate() run with a stand-in vscode module, in ${r.totalMs.n} fresh Node processes; ` +
        `require ${r.requireMs.median.toFixed(1)} ms + activate ${r.activateMs.median.toFixed(1)} ms (medians); parser loaded during activation: ${r.parserLoadedAtActivation ? 'yes' : 'no'}; development bundle ${fmt(r.devBundle.totalMs)}.`,
    );
    rows.push(`| 5 | Activation: require + activate(), production bundle | ${fmt(r.totalMs)} | < 150 ms, parser lazy | ${(r.totalMs.median / 150).toFixed(2)} | ${verdict(r.totalMs.median < 150 && !r.parserLoadedAtActivation)} |`);
    rows.push(`| 5 | Size: .vsix | ${(r.vsixBytes / 2 ** 20).toFixed(2)} MiB | < 5 MB | ${(r.vsixBytes / 5e6).toFixed(2)} | ${verdict(r.vsixBytes < 5e6)} |`);
  });
  for (const row of rows) out(row);
  out('');
  for (const n of notes) out(`- ${n}`);
  out(`- Finished ${new Date().toISOString()}; load average at the end ${loadAverage()}.`);
  writeFileSync(path.join(work, 'results.md'), md.join('\n') + '\n');
  writeFileSync(path.join(work, 'results.json'), JSON.stringify(json, null, 2));
  console.log(`\nWritten: ${path.relative(process.cwd(), path.join(work, 'results.md'))}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
