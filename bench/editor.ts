/**
 * Benchmarks 2 and 3: re-analysis of a large Python file after a one-line edit (the detector call the
 * editor makes on every document version), and the hover card, warm and cold against the fixture Hub.
 */
import type { ModelAssessment } from '../src/core/assess/assess';
import { assessModel } from '../src/core/assess/assess';
import { Detector } from '../src/core/detect/index';
import type { ModelReference } from '../src/core/detect/types';
import { HubClient } from '../src/core/hub/client';
import { resolveHubSettings } from '../src/core/hub/settings';
import { renderModelHover } from '../src/core/render/modelHover';
import { startFixtureHub } from '../test/hub-fixture/server';
import { pythonModule } from './generateTree';
import type { Summary } from './stats';
import { summarize } from './stats';

export interface EditBenchResult {
  lines: number;
  references: number;
  edits: number;
  times: Summary;
  /** Process CPU time per edit (less sensitive than wall time to other processes on the machine). */
  cpu: Summary;
  /** Full parses made (one: the first version); every edit after it reparses incrementally. */
  fullParses: number;
}

/**
 * Same path as src/vscode/analysis.ts: the document's incremental state (`Detector.openDocument`) is given
 * the new text and the change the editor reports (`rangeOffset`/`rangeLength`/`text`, as in
 * `onDidChangeTextDocument`), reparses from the last tree and analyses the file.
 *
 * The edit sequence: a one-line edit somewhere in the file, as typing makes it, on a line picked by a
 * multiplicative hash (or the next line holding a number): the first number on that line replaced by
 * another, as when a literal, argument or constant is retyped. Every version stays valid Python.
 */
export async function runEditBench(edits: number): Promise<EditBenchResult> {
  const detector = await Detector.create();
  const lines = pythonModule(5_000).split('\n');
  lines.pop();
  const doc = detector.openDocument('bench.py', { language: 'python' });
  const references = doc.update(lines.join('\n')).references.length;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = -20; i < edits; i++) {
    const at = (i * 2_654_435_761) >>> 0;
    let line = at % lines.length;
    while (!/\d/.test(lines[line]!)) line = (line + 1) % lines.length;
    const before = lines[line]!;
    const m = /\d+/.exec(before)!;
    const change = { column: m.index, rangeLength: m[0].length, text: String(i + 1_000) };
    lines[line] = before.slice(0, change.column) + change.text + before.slice(change.column + change.rangeLength);
    // The editor reports the offset; it is not part of the measured work.
    let rangeOffset = change.column;
    for (let l = 0; l < line; l++) rangeOffset += lines[l]!.length + 1;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const text = lines.join('\n');
    doc.update(text, [{ rangeOffset, rangeLength: change.rangeLength, text: change.text }]);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    if (i >= 0) {
      times.push(t1 - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
  }
  const fullParses = doc.stats.full;
  if (fullParses !== 1) throw new Error(`expected one full parse, made ${fullParses}`);
  doc.dispose();
  return { lines: lines.length, references, edits, times: summarize(times), cpu: summarize(cpu), fullParses };
}

export interface HoverBenchResult {
  model: string;
  latencyMs: number;
  warm: Summary;
  cold: Summary;
  coldRequests: number;
}

const HOVER_MODEL = 'aurora-labs/aurora-sentiment-base';

/**
 * The card for a reference whose model is looked up: lookup and lineage (from the client's cache when
 * warm, from the fixture Hub when cold), assessment, Markdown. This is what the hover provider waits for.
 */
async function card(client: HubClient, ref: ModelReference): Promise<string> {
  const lookup = await client.lookup(ref.modelId!, { revision: null });
  const lineage = lookup.facts ? await client.lineage(lookup.facts) : [];
  const assessment: ModelAssessment = assessModel(ref.modelId!, null, lookup, lineage, [ref], { projectLicense: null });
  return renderModelHover(ref, assessment, { hubUrl: client.settings.endpoint });
}

export async function runHoverBench(warmRuns: number, coldRuns: number): Promise<HoverBenchResult> {
  const latencyMs = 50;
  const hub = await startFixtureHub({ latencyMs });
  try {
    const detector = await Detector.create();
    const ref = detector.detect(`from transformers import AutoModel\nmodel = AutoModel.from_pretrained("${HOVER_MODEL}")\n`, 'hover.py').references[0]!;
    const settings = resolveHubSettings({ endpoint: hub.url, env: {} });
    const warmClient = new HubClient({ settings });
    await card(warmClient, ref);
    const warm: number[] = [];
    for (let i = 0; i < warmRuns; i++) {
      const t0 = performance.now();
      await card(warmClient, ref);
      warm.push(performance.now() - t0);
    }
    const cold: number[] = [];
    let requests = 0;
    for (let i = 0; i < coldRuns; i++) {
      // A fresh client: nothing cached in memory, no disk store.
      const client = new HubClient({ settings });
      hub.resetLog();
      const t0 = performance.now();
      await card(client, ref);
      cold.push(performance.now() - t0);
      await hub.settled();
      requests = hub.requests.length;
    }
    return { model: HOVER_MODEL, latencyMs, warm: summarize(warm), cold: summarize(cold), coldRequests: requests };
  } finally {
    await hub.close();
  }
}
