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
}

/** Same order of work as src/vscode/analysis.ts: the new document text, then `detector.detect` on all of it. */
export async function runEditBench(edits: number): Promise<EditBenchResult> {
  const detector = await Detector.create();
  const lines = pythonModule(5_000).split('\n');
  lines.pop();
  const references = detector.detect(lines.join('\n'), 'bench.py', { language: 'python' }).references.length;
  const times: number[] = [];
  for (let i = -20; i < edits; i++) {
    // A one-line edit somewhere in the file, as typing would make it: a changed number on that line.
    const at = (i * 2_654_435_761) >>> 0;
    const line = at % lines.length;
    lines[line] = `${lines[line]!.replace(/\d+/, String(i + 1_000))}`;
    const t0 = performance.now();
    const text = lines.join('\n');
    detector.detect(text, 'bench.py', { language: 'python' });
    if (i >= 0) times.push(performance.now() - t0);
  }
  return { lines: lines.length, references, edits, times: summarize(times) };
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
