import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { modelInfo } from '@huggingface/hub';
import { FileStore } from '../../src/core/hub/cache.js';
import { HubClient } from '../../src/core/hub/client.js';
import type { HubClientOptions } from '../../src/core/hub/client.js';
import { factsFromInfo } from '../../src/core/hub/facts.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { ModelFacts } from '../../src/core/hub/types.js';
import type { FixtureHub } from '../hub-fixture/server.js';
import { APPROVED_TOKEN, DEFAULT_TOKEN, MISSING_MODEL_ID, OWNER_TOKEN, loadBundledRecords, startFixtureHub } from '../hub-fixture/server.js';

describe('Hub client against the fixture Hub', function () {
  let hub: FixtureHub;
  const dirs: string[] = [];
  before(async () => {
    hub = await startFixtureHub();
  });
  after(async () => {
    await hub.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    hub.faults.clear();
    hub.resetLog();
  });

  const noSleep = async (): Promise<void> => undefined;
  function client(over: Partial<HubClientOptions> & { token?: string | null; offline?: boolean; hubCacheDir?: string } = {}): HubClient {
    const settings = { ...resolveHubSettings({ endpoint: hub.url, env: {}, readFile: () => undefined }), token: over.token ?? null };
    if (over.offline) settings.offline = true;
    if (over.hubCacheDir) settings.hubCacheDir = over.hubCacheDir;
    return new HubClient({ settings, sleep: noSleep, timeoutMs: 2_000, ...over });
  }
  const tmp = (): string => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-hub-'));
    dirs.push(d);
    return d;
  };

  it('looks a model up with two requests plus the publisher overview', async () => {
    const r = await client().lookup('google-bert/bert-base-uncased');
    assert.equal(r.state, 'ok');
    const f = r.facts!;
    assert.equal(f.sha, '86b5e0934494bd15c9632b12f734a8a67f723594');
    assert.equal(f.canonicalId, 'google-bert/bert-base-uncased');
    assert.equal(f.createdAt, '2022-03-02T23:29:04.000Z');
    assert.ok(f.files?.includes('pytorch_model.bin'));
    assert.equal(typeof f.readme, 'string');
    assert.ok(f.security);
    assert.equal(f.publisher?.verified, true);
    const modelRequests = hub.requests.filter((q) => !q.path.startsWith('/api/organizations') && !q.path.startsWith('/api/users'));
    assert.equal(modelRequests.length, 2, modelRequests.map((q) => q.path).join('\n'));
    // The model info carries the scan status; no `expand` (the full answer has every fact used).
    assert.deepEqual(modelRequests.map((q) => `${q.path}?${q.query}`).sort(), [
      '/api/models/google-bert/bert-base-uncased/revision/main?securityStatus=true',
      '/google-bert/bert-base-uncased/raw/main/README.md?',
    ]);
  });

  it('makes exactly two requests per model plus one per publisher', async () => {
    const ids = ['google-bert/bert-base-uncased', 'google/vit-base-patch16-224', 'google/gemma-2b', 'microsoft/resnet-50', 'facebook/dinov2-small', 'facebook/convnext-tiny-224'];
    const c = client();
    const results = await Promise.all(ids.map((id) => c.lookup(id)));
    assert.deepEqual(results.map((r) => r.state), ids.map(() => 'ok'));
    const publisherRequests = hub.requests.filter((q) => q.path.startsWith('/api/organizations/') || q.path.startsWith('/api/users/'));
    assert.deepEqual(publisherRequests.map((q) => q.path).sort(), ['/api/organizations/facebook/overview', '/api/organizations/google-bert/overview', '/api/organizations/google/overview', '/api/organizations/microsoft/overview']);
    assert.equal(hub.requests.length, 2 * ids.length + 4, hub.requests.map((q) => q.path).join('\n'));
    for (const id of ids) assert.equal(hub.requests.filter((q) => q.path.startsWith(`/api/models/${id}/`) || q.path.startsWith(`/${id}/`)).length, 2, id);
  });

  it('asks for the publisher before the model info has returned (one round trip)', async () => {
    const isInfo = (q: { path: string }): boolean => q.path.startsWith('/api/models/microsoft/resnet-50/');
    hub.faults.inject({ kind: 'hang' }, { match: isInfo, times: 1 });
    const ac = new AbortController();
    const p = client({ timeoutMs: 10_000 }).lookup('microsoft/resnet-50', { signal: ac.signal });
    // With the info request hanging, the overview still goes out: it does not wait for the author.
    await hub.waitForRequest((q) => q.path === '/api/organizations/microsoft/overview');
    const info = hub.requests.find(isInfo);
    assert.ok(info && !info.done, 'the model info is still pending');
    ac.abort();
    await assert.rejects(p, /cancelled/);
    await hub.settled();
    assert.equal(hub.requests.filter((q) => q.path.startsWith('/api/organizations/') || q.path.startsWith('/api/users/')).length, 1);
  });

  it('cold, against 150 ms latency: all requests go out at once, and each model answer arrives in one round trip', async () => {
    const slow = await startFixtureHub({ latencyMs: 150 });
    try {
      const settings = { ...resolveHubSettings({ endpoint: slow.url, env: {}, readFile: () => undefined }), token: null };
      const c = new HubClient({ settings, sleep: noSleep, timeoutMs: 5_000 });
      const pending = c.lookup('aurora-labs/aurora-sentiment-base');
      // All three requests are received before any has been answered.
      for (const path of ['/api/models/aurora-labs/aurora-sentiment-base/revision/main', '/aurora-labs/aurora-sentiment-base/raw/main/README.md', '/api/organizations/aurora-labs/overview']) {
        await slow.waitForRequest((q) => q.path === path);
      }
      assert.ok(slow.requests.every((q) => !q.done), slow.requests.map((q) => `${q.path} ${q.done}`).join('\n'));
      const r = await pending;
      assert.equal(r.state, 'ok');
      assert.equal(r.facts!.publisher?.verified, true);
      assert.equal(slow.requests.length, 3);
    } finally {
      await slow.close();
    }
  });

  it('a renamed repository: follows the rename for the info and the card, and asks for the new owner', async () => {
    const r = await client().lookup('KB/bert-base-swedish-cased');
    assert.equal(r.state, 'ok');
    assert.equal(r.facts!.canonicalId, 'KBLab/bert-base-swedish-cased');
    assert.equal(typeof r.facts!.readme, 'string');
    assert.ok(r.facts!.security);
    assert.deepEqual(r.facts!.publisher, { name: 'KBLab', kind: 'organization', verified: false, fullName: 'National Library of Sweden / KBLab' });
    // The namespace asked for (`KB`, which has no overview) was asked in parallel; the new owner after the info.
    assert.deepEqual(hub.requests.filter((q) => /^\/api\/(organizations|users)\//.test(q.path)).map((q) => q.path), [
      '/api/organizations/KB/overview', '/api/users/KB/overview', '/api/organizations/KBLab/overview',
    ]);
    const redirected = hub.requests.filter((q) => q.status === 307).map((q) => q.path).sort();
    assert.deepEqual(redirected, ['/KB/bert-base-swedish-cased/raw/main/README.md', '/api/models/KB/bert-base-swedish-cased/revision/main']);
  });

  it('a lookup cancelled while the publisher is pending caches no publisher', async () => {
    hub.faults.inject({ kind: 'hang' }, { match: (q) => q.path === '/api/organizations/openai/overview', times: 1 });
    const c = client({ timeoutMs: 10_000 });
    const ac = new AbortController();
    const p = c.lookup('openai/whisper-tiny', { signal: ac.signal });
    await hub.waitForRequest((q) => q.path === '/api/organizations/openai/overview');
    ac.abort();
    await assert.rejects(p, /cancelled/);
    const again = await c.lookup('openai/whisper-tiny');
    assert.equal(again.state, 'ok', again.reason);
    assert.deepEqual(again.facts!.publisher, { name: 'openai', kind: 'organization', verified: true, fullName: 'OpenAI' });
  });

  it('gives the same facts as the former modelInfo + expand path for every fixture record (all-time downloads excepted)', async function () {
    this.timeout(60_000);
    const full = await startFixtureHub({ token: [DEFAULT_TOKEN, APPROVED_TOKEN, OWNER_TOKEN] });
    try {
      const settings = { ...resolveHubSettings({ endpoint: full.url, env: {}, readFile: () => undefined }), token: OWNER_TOKEN };
      const c = new HubClient({ settings, sleep: noSleep, timeoutMs: 5_000 });
      // The request and field list lookups used before (`@huggingface/hub` modelInfo with expand).
      const formerFacts = async (id: string, revision: string | null): Promise<ModelFacts> => {
        const fields = ['author', 'cardData', 'config', 'createdAt', 'disabled', 'downloadsAllTime', 'library_name', 'model-index', 'safetensors', 'sha', 'tags', 'transformersInfo', 'filePaths'] as const;
        const info = (await modelInfo({ name: id, hubUrl: full.url, accessToken: OWNER_TOKEN, additionalFields: [...fields, 'baseModels' as never, 'gated' as never], ...(revision ? { revision } : {}) })) as unknown as Record<string, unknown>;
        return factsFromInfo(id, typeof info.name === 'string' ? info.name : id, revision, info);
      };
      const cases: [string, string | null][] = [];
      for (const rec of loadBundledRecords()) {
        cases.push([rec.id, null]);
        for (const old of rec._fixture.renamedFrom ?? []) cases.push([old, null]);
      }
      cases.push(['openai-community/gpt2', 'f27b190eeac4c2302d24068eabf5e9d6044389ae'], ['aurora-labs/aurora-sentiment-base', 'v1.0']);
      let compared = 0;
      let lostAllTime = 0;
      const withBases: string[] = [];
      for (const [id, revision] of cases) {
        const now = await c.lookup(id, { revision });
        let before: ModelFacts;
        try {
          before = await formerFacts(id, revision);
        } catch {
          assert.equal(now.facts, undefined, `${id}: no facts before, none now`);
          assert.notEqual(now.state, 'ok', id);
          continue;
        }
        const after = now.facts;
        assert.ok(after, `${id}: ${now.state} ${now.reason ?? ''}`);
        const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
        for (const k of ['readme', 'security', 'publisher', 'unavailable', 'downloadsAllTime']) keys.delete(k);
        for (const k of keys) assert.deepEqual(after[k as keyof ModelFacts], before[k as keyof ModelFacts], `${id}@${revision ?? 'main'}: ${k}`);
        // The one documented loss: all-time downloads are expand-only (nothing reads them).
        if (before.downloadsAllTime !== undefined) lostAllTime++;
        assert.equal(after.downloadsAllTime, undefined, id);
        if (before.baseModels?.length) withBases.push(id);
        compared++;
      }
      assert.ok(compared >= 35, `compared ${compared}`);
      assert.ok(lostAllTime >= 30);
      // Base models (with their relation) now come from the tags, e.g. a card without base_model_relation.
      assert.ok(['jdoe-ml/llama2-7b-customer-support', 'kevin-dev/bert-finetuned-ner', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english'].every((id) => withBases.includes(id)), withBases.join(', '));
    } finally {
      await full.close();
    }
  });

  it('reports the canonical id of a renamed (legacy) id', async () => {
    const r = await client().lookup('bert-base-uncased');
    assert.equal(r.state, 'ok');
    assert.equal(r.facts!.canonicalId, 'google-bert/bert-base-uncased');
    assert.equal(r.facts!.requestedId, 'bert-base-uncased');
  });

  it('maps missing, disabled and invalid-token answers to states with reasons', async () => {
    const missing = await client().lookup(MISSING_MODEL_ID);
    assert.equal(missing.state, 'not-found');
    assert.match(missing.reason!, /does not exist/);
    assert.equal((await client({ token: DEFAULT_TOKEN }).lookup(MISSING_MODEL_ID)).state, 'not-found');
    assert.equal((await client().lookup('spam-uploader/free-gpt5-weights')).state, 'disabled');
    assert.equal((await client({ token: 'hf_wrong' }).lookup('google-bert/bert-base-uncased')).state, 'unauthorized');
    assert.equal((await client().lookup('not a valid id!')).state, 'error');
  });

  it('keeps the public metadata of a gated model and says the card is unavailable', async () => {
    const r = await client().lookup('meta-llama/Llama-2-7b-hf');
    assert.equal(r.state, 'ok');
    assert.equal(r.facts!.gated, 'manual');
    assert.ok(r.facts!.unavailable.some((u) => u.fact === 'model card' && /gated/.test(u.reason)));
  });

  it('retries a 500 and a rate limit, honouring the reset time', async () => {
    hub.faults.inject({ kind: 'status', status: 500 }, { times: 1, pathPrefix: '/api/models/openai/whisper-tiny/revision' });
    hub.faults.inject({ kind: 'status', status: 429 }, { times: 1, pathPrefix: '/openai/whisper-tiny/raw' });
    const waits: number[] = [];
    const c = client({ sleep: async (ms) => void waits.push(ms) });
    const r = await c.lookup('openai/whisper-tiny');
    assert.equal(r.state, 'ok');
    assert.equal(typeof r.facts!.readme, 'string');
    assert.ok(waits.some((w) => w >= 2_000), `waited ${waits.join(', ')}`); // RateLimit t=2 → about 3 s
  });

  it('reports a long rate-limit window as rate-limited instead of sleeping through it', async () => {
    hub.faults.inject({ kind: 'status', status: 429, headers: { ratelimit: '"api";r=0;t=240' } } as never, { pathPrefix: '/api/models/openai/whisper-tiny' });
    const r = await client({ maxRetryWaitMs: 10_000 }).lookup('openai/whisper-tiny');
    assert.equal(r.state, 'rate-limited');
    assert.ok(r.error?.retryAt);
  });

  it('turns malformed, oversized, looping and dead answers into an unknown state', async () => {
    const cases: [object, RegExp][] = [
      [{ kind: 'malformed' }, /not valid JSON|could not be read/],
      [{ kind: 'oversized', bytes: 3 * 1024 * 1024 }, /limit/],
      [{ kind: 'redirectLoop' }, /redirect/i],
      [{ kind: 'reset' }, /reach the Hub/i],
      [{ kind: 'hang' }, /no answer|did not complete/i],
    ];
    for (const [fault, reason] of cases) {
      hub.faults.clear();
      hub.faults.inject(fault as never, { pathPrefix: '/api/models/openai/whisper-tiny/revision' });
      const r = await client({ maxBodyBytes: 1024 * 1024, maxRetries: 1, timeoutMs: 300 }).lookup('openai/whisper-tiny');
      assert.equal(r.state, 'error', JSON.stringify(fault));
      assert.match(r.reason!, reason, JSON.stringify(fault));
    }
  });

  it('never sends the token to another origin', async () => {
    hub.faults.inject({ kind: 'otherOriginRedirect' }, { pathPrefix: '/api/models/openai/whisper-tiny/revision' });
    await client({ token: DEFAULT_TOKEN }).lookup('openai/whisper-tiny');
    assert.ok(hub.otherOrigin.requests.length > 0);
    assert.ok(hub.otherOrigin.requests.every((q) => q.authorization === undefined));
    assert.ok(hub.requests.some((q) => q.authorization === `Bearer ${DEFAULT_TOKEN}`));
  });

  it('de-duplicates concurrent lookups and caches pinned commits across runs', async () => {
    const store = tmp();
    const sha = '86b5e0934494bd15c9632b12f734a8a67f723594';
    const first = client({ store: new FileStore(store) });
    const [a, b] = await Promise.all([first.lookup('google-bert/bert-base-uncased', { revision: sha }), first.lookup('google-bert/bert-base-uncased', { revision: sha })]);
    assert.equal(a.state, 'ok');
    assert.deepEqual(a, b);
    assert.ok(hub.requests.length > 0);
    hub.resetLog();
    const second = client({ store: new FileStore(store) });
    const again = await second.lookup('google-bert/bert-base-uncased', { revision: sha });
    assert.equal(again.facts!.sha, sha);
    assert.equal(hub.requests.length, 0);
  });

  it('resolves lineage with each ancestor', async () => {
    const c = client();
    const r = await c.lookup('jdoe-ml/llama2-7b-customer-support');
    const lineage = await c.lineage(r.facts!);
    assert.equal(lineage[0]?.id, 'meta-llama/Llama-2-7b-hf');
    assert.equal(lineage[0]?.lookup.state, 'ok');
  });

  it('offline: reads the local cache and makes no request at all', async () => {
    const cache = tmp();
    const sha = 'a'.repeat(40);
    const dir = path.join(cache, 'models--org--cached');
    mkdirSync(path.join(dir, 'refs'), { recursive: true });
    mkdirSync(path.join(dir, 'blobs'), { recursive: true });
    mkdirSync(path.join(dir, 'snapshots', sha), { recursive: true });
    writeFileSync(path.join(dir, 'refs', 'main'), `${sha}\n`);
    writeFileSync(path.join(dir, 'blobs', 'b1'), '---\nlicense: mit\ndatasets: [squad]\n---\n# Model\n');
    symlinkSync('../../blobs/b1', path.join(dir, 'snapshots', sha, 'README.md'));
    writeFileSync(path.join(dir, 'snapshots', sha, 'pytorch_model.bin'), 'x');
    const c = client({ offline: true, hubCacheDir: cache });
    const r = await c.lookup('org/cached');
    assert.equal(r.state, 'offline');
    assert.equal(r.facts!.sha, sha);
    assert.deepEqual(r.facts!.files, ['README.md', 'pytorch_model.bin']);
    assert.equal(r.facts!.cardData?.license, 'mit');
    assert.ok(r.facts!.unavailable.some((u) => u.fact === 'security scan'));
    const miss = await c.lookup('org/not-cached');
    assert.equal(miss.state, 'offline');
    assert.equal(miss.facts, undefined);
    assert.match(miss.reason!, /not in the local Hugging Face cache/);
    assert.equal(hub.requests.length, 0);
  });
});
