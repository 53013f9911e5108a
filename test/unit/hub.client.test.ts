import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileStore } from '../../src/core/hub/cache.js';
import { HubClient } from '../../src/core/hub/client.js';
import type { HubClientOptions } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { FixtureHub } from '../hub-fixture/server.js';
import { DEFAULT_TOKEN, MISSING_MODEL_ID, startFixtureHub } from '../hub-fixture/server.js';

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

  it('looks a model up with three requests plus the publisher overview', async () => {
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
    assert.equal(modelRequests.length, 3, modelRequests.map((q) => q.path).join('\n'));
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
