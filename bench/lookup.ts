/**
 * Benchmark 4, lookup scaling: 500 distinct pinned models against the fixture Hub with 50 ms latency
 * per request, through the same assessment call the CLI makes; then a second run with a new client on
 * the same persistent cache, which should send no request at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { assessReferences } from '../src/core/assess/assess';
import type { ModelReference } from '../src/core/detect/types';
import { FileStore } from '../src/core/hub/cache';
import { HubClient } from '../src/core/hub/client';
import { resolveHubSettings } from '../src/core/hub/settings';
import type { ModelRecord, NamespaceOverview } from '../test/hub-fixture/server';
import { bundledRecord, loadNamespaces, startFixtureHub } from '../test/hub-fixture/server';

export interface LookupBenchResult {
  models: number;
  publishers: number;
  latencyMs: number;
  concurrency: number;
  firstRun: { ms: number; requests: number; perModel: number; idealMs: number; ratio: number; failed: number };
  secondRun: { ms: number; requests: number };
}

const TEMPLATE = 'aurora-labs/aurora-sentiment-base';

export async function runLookupBench(work: string, models = 500, publishers = 25): Promise<LookupBenchResult> {
  const latencyMs = 50;
  const concurrency = 8;
  const records: ModelRecord[] = [];
  const namespaces: Record<string, NamespaceOverview> = loadNamespaces();
  const org = namespaces['aurora-labs']!;
  for (let p = 0; p < publishers; p++) namespaces[`bench-lab-${p}`] = { ...org, name: `bench-lab-${p}`, fullname: `Bench Lab ${p}` };
  for (let i = 0; i < models; i++) {
    const rec = bundledRecord(TEMPLATE);
    const id = `bench-lab-${i % publishers}/model-${String(i).padStart(3, '0')}`;
    records.push({ ...rec, id, modelId: id, author: id.split('/')[0]!, _id: `${rec._id.slice(0, 16)}${String(i).padStart(8, '0')}` });
  }
  const sha = records[0]!.sha;
  const refs: ModelReference[] = records.map((r, i) => ({
    modelId: r.id,
    resolvedVia: 'literal',
    kind: 'model',
    call: 'AutoModel.from_pretrained',
    range: { start: { line: i, character: 0 }, end: { line: i, character: r.id.length } },
    revision: sha,
    trustRemoteCode: null,
    useSafetensors: null,
    subfolder: null,
    localFilesOnly: null,
    language: 'python',
  }));
  const hub = await startFixtureHub({ latencyMs, records, namespaces });
  const storeDir = mkdtempSync(path.join(work, 'hub-cache-'));
  try {
    const settings = resolveHubSettings({ endpoint: hub.url, env: {} });
    const run = async (): Promise<{ ms: number; requests: number; failed: number }> => {
      const client = new HubClient({ settings, store: new FileStore(storeDir), concurrency });
      hub.resetLog();
      const t0 = performance.now();
      const assessed = await assessReferences(refs, client, { projectLicense: null });
      const ms = performance.now() - t0;
      await hub.settled();
      return { ms, requests: hub.requests.length, failed: assessed.filter((a) => a.state !== 'ok').length };
    };
    const first = await run();
    const second = await run();
    const perModel = first.requests / models;
    const idealMs = Math.ceil((models * perModel) / concurrency) * latencyMs;
    return {
      models,
      publishers,
      latencyMs,
      concurrency,
      firstRun: { ms: first.ms, requests: first.requests, perModel, idealMs, ratio: first.ms / idealMs, failed: first.failed },
      secondRun: { ms: second.ms, requests: second.requests },
    };
  } finally {
    await hub.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
}
