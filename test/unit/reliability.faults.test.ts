/**
 * Reliability: every way the Hub (or the network in front of it) can fail, against the fixture Hub.
 * For each fault the lookup must end in a bounded number of attempts, in a state that reads as
 * "unknown because …" (never clean), without an exception, without buffering an unbounded body, and
 * the rest of the workspace must still be assessed. RELIABILITY.md lists these cases; keep it in step.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { assessModel } from '../../src/core/assess/assess.js';
import type { ModelAssessment } from '../../src/core/assess/assess.js';
import { renderCycloneDx } from '../../src/core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../../src/core/bom/markdown.js';
import { renderSpdx } from '../../src/core/bom/spdx.js';
import type { ModelReference } from '../../src/core/detect/types.js';
import { HubClient } from '../../src/core/hub/client.js';
import type { HubClientOptions } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import type { LookupState, ModelLookup } from '../../src/core/hub/types.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { renderModelHover } from '../../src/core/render/modelHover.js';
import { renderScanSarif } from '../../src/core/report/sarif.js';
import { renderScanJson, renderScanText } from '../../src/core/report/scanReport.js';
import type { Fault, FixtureHub } from '../hub-fixture/server.js';
import { DEFAULT_TOKEN, startFixtureHub } from '../hub-fixture/server.js';
import { getDetector } from './support.js';

const MODEL = 'openai/whisper-tiny';
const INFO = `/api/models/${MODEL}/revision`;

function ref(modelId: string): ModelReference {
  return {
    modelId, resolvedVia: 'literal', kind: 'model', call: 'AutoModel.from_pretrained',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } },
    revision: null, trustRemoteCode: null, useSafetensors: null, subfolder: null, localFilesOnly: null, language: 'python',
  };
}

/** The invariant behind "zero false safe verdicts": a failed lookup leaves everything unknown and says so. */
export function assertUnknownNotSafe(a: ModelAssessment, what: string): void {
  assert.notEqual(a.state, 'ok', what);
  assert.ok(a.reason && a.reason.length > 0, `${what}: a reason`);
  if (!a.facts) {
    assert.equal(a.scores.provenance.value, null, `${what}: provenance unknown`);
    assert.equal(a.scores.reproducibility.value, null, `${what}: reproducibility unknown`);
    assert.equal(a.scores.documentation.value, null, `${what}: documentation unknown`);
    assert.equal(a.compatibility.verdict, 'unknown', `${what}: license verdict unknown`);
    assert.ok(a.findings.some((f) => ['lookup-failed', 'model-not-found', 'model-disabled'].includes(f.rule)), `${what}: a finding says it is unknown`);
  }
}

describe('Reliability: Hub faults (fixture Hub)', function () {
  this.timeout(30_000);
  let hub: FixtureHub;
  const dirs: string[] = [];
  before(async () => {
    hub = await startFixtureHub({ token: [DEFAULT_TOKEN] });
  });
  after(async () => {
    await hub.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  beforeEach(() => {
    hub.faults.clear();
    hub.resetLog();
  });

  let waits: number[] = [];
  function client(over: Partial<HubClientOptions> & { token?: string | null; endpoint?: string } = {}): HubClient {
    waits = [];
    const settings = { ...resolveHubSettings({ endpoint: over.endpoint ?? hub.url, env: {}, readFile: () => undefined }), token: over.token ?? null };
    return new HubClient({ settings, sleep: async (ms) => void waits.push(ms), timeoutMs: 1_500, maxRetries: 3, ...over });
  }
  /** Requests for model info (which carries the security status: `?securityStatus=true`). */
  const isInfo = (q: { path: string; query: string }): boolean => q.path.startsWith(INFO) && q.query === 'securityStatus=true';
  const infoRequests = (): number => hub.requests.filter(isInfo).length;

  async function lookupWith(fault: Fault, over: Partial<HubClientOptions> & { token?: string | null } = {}, times?: number): Promise<ModelLookup> {
    hub.faults.inject(fault, { match: isInfo, ...(times !== undefined ? { times } : {}) });
    const r = await client(over).lookup(MODEL);
    await hub.settled();
    return r;
  }

  function checkUnknown(r: ModelLookup, state: LookupState, reason: RegExp, label: string): void {
    assert.equal(r.state, state, `${label}: ${JSON.stringify(r)}`);
    assert.match(r.reason ?? '', reason, label);
    assertUnknownNotSafe(assessModel(MODEL, null, r, [], [ref(MODEL)], { projectLicense: null }), label);
  }

  describe('every status the Hub returns', () => {
    const cases: { label: string; fault: Fault; token?: string; state: LookupState; reason: RegExp; attempts: number }[] = [
      { label: '401 anonymous (RepoNotFound)', fault: { kind: 'status', status: 401, headers: { 'X-Error-Code': 'RepoNotFound' } }, state: 'not-found', reason: /does not exist on the Hub, or is private/, attempts: 1 },
      { label: '401 invalid token', fault: { kind: 'status', status: 401, headers: { 'X-Error-Message': 'Invalid credentials in Authorization header' } }, token: DEFAULT_TOKEN, state: 'unauthorized', reason: /rejected the token/, attempts: 1 },
      { label: '401 without X-Error-Code', fault: { kind: 'status', status: 401 }, state: 'not-found', reason: /does not exist on the Hub, or is private/, attempts: 1 },
      { label: '403 gated (GatedRepo)', fault: { kind: 'status', status: 403, headers: { 'X-Error-Code': 'GatedRepo' } }, token: DEFAULT_TOKEN, state: 'gated', reason: /gated/, attempts: 1 },
      { label: '403 disabled', fault: { kind: 'status', status: 403, headers: { 'X-Error-Message': 'Access to this resource is disabled.' } }, state: 'disabled', reason: /disabled/, attempts: 1 },
      { label: '403 forbidden', fault: { kind: 'status', status: 403 }, token: DEFAULT_TOKEN, state: 'unauthorized', reason: /not allowed/, attempts: 1 },
      { label: '404 RepoNotFound', fault: { kind: 'status', status: 404, headers: { 'X-Error-Code': 'RepoNotFound' } }, state: 'not-found', reason: /does not exist on the Hub/, attempts: 1 },
      { label: '404 RevisionNotFound', fault: { kind: 'status', status: 404, headers: { 'X-Error-Code': 'RevisionNotFound' } }, state: 'not-found', reason: /revision does not exist/, attempts: 1 },
      { label: '404 EntryNotFound', fault: { kind: 'status', status: 404, headers: { 'X-Error-Code': 'EntryNotFound' } }, state: 'error', reason: /file does not exist/, attempts: 1 },
      { label: '404 GatedRepo', fault: { kind: 'status', status: 404, headers: { 'X-Error-Code': 'GatedRepo' } }, state: 'gated', reason: /gated/, attempts: 1 },
      { label: '404 without X-Error-Code', fault: { kind: 'status', status: 404 }, state: 'not-found', reason: /does not exist on the Hub/, attempts: 1 },
      { label: '400 bad request', fault: { kind: 'status', status: 400 }, state: 'error', reason: /refused the request \(HTTP 400\)/, attempts: 1 },
      { label: '408 request timeout', fault: { kind: 'status', status: 408 }, state: 'error', reason: /HTTP 408/, attempts: 4 },
      { label: '500', fault: { kind: 'status', status: 500 }, state: 'error', reason: /HTTP 500/, attempts: 4 },
      { label: '502 with an HTML body', fault: { kind: 'status', status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }, state: 'error', reason: /HTTP 502/, attempts: 4 },
      { label: '503', fault: { kind: 'status', status: 503 }, state: 'error', reason: /HTTP 503/, attempts: 4 },
      { label: '504', fault: { kind: 'status', status: 504 }, state: 'error', reason: /HTTP 504/, attempts: 4 },
    ];
    for (const c of cases) {
      it(`${c.label} → ${c.state}, ${c.attempts} attempt${c.attempts === 1 ? '' : 's'}`, async () => {
        const r = await lookupWith(c.fault, c.token ? { token: c.token } : {});
        checkUnknown(r, c.state, c.reason, c.label);
        assert.equal(infoRequests(), c.attempts, `${c.label}: attempts`);
        if (c.attempts > 1) assert.deepEqual(waits.slice(0, 3), [500, 1000, 2000], `${c.label}: exponential backoff`);
      });
    }

    it('recovers from transient 500, 502 and 503 within the retry budget', async () => {
      for (const status of [500, 502, 503] as const) {
        hub.faults.clear();
        hub.resetLog();
        const r = await lookupWith({ kind: 'status', status }, {}, 2);
        assert.equal(r.state, 'ok', `${status}: ${r.reason}`);
        assert.equal(infoRequests(), 3, `${status}: two failures then success`);
      }
    });
  });

  describe('rate limits (429)', () => {
    it('with RateLimit: waits for the reset it names, then succeeds', async () => {
      const r = await lookupWith({ kind: 'status', status: 429, rateLimit: { remaining: 0, resetSeconds: 4, quota: 500, windowSeconds: 300, bucket: 'api' } }, {}, 1);
      assert.equal(r.state, 'ok');
      assert.ok(waits.some((w) => w >= 4_000 && w <= 5_500), `waited ${waits.join(', ')}`);
    });

    it('with Retry-After and no RateLimit: waits Retry-After seconds', async () => {
      const r = await lookupWith({ kind: 'status', status: 429, rateLimit: false, retryAfter: 3 }, {}, 1);
      assert.equal(r.state, 'ok');
      assert.ok(waits.some((w) => w >= 2_900 && w <= 3_100), `waited ${waits.join(', ')}`);
    });

    it('with neither header: exponential backoff, bounded, then rate-limited', async () => {
      const r = await lookupWith({ kind: 'status', status: 429, rateLimit: false });
      checkUnknown(r, 'rate-limited', /rate limit/, '429 bare');
      assert.equal(infoRequests(), 4);
      assert.deepEqual(waits.slice(0, 3), [500, 1000, 2000]);
    });

    it('with a reset beyond the wait cap: reports rate-limited at once, with the reset time', async () => {
      const r = await lookupWith({ kind: 'status', status: 429, rateLimit: false, retryAfter: 3600 });
      checkUnknown(r, 'rate-limited', /rate limit/, '429 long');
      assert.equal(infoRequests(), 1);
      assert.ok(r.error?.retryAt && r.error.retryAt > Date.now() + 3_000_000);
    });
  });

  describe('the connection', () => {
    it('connection refused: bounded retries, then "could not reach the Hub"', async () => {
      const port = await closedPort();
      const r = await client({ endpoint: `http://127.0.0.1:${port}` }).lookup(MODEL);
      checkUnknown(r, 'error', /could not reach the Hub \(ECONNREFUSED\)/i, 'refused');
      // Three requests in parallel (model info with scan status, model card, publisher overview), each
      // retried three times with backoff.
      assert.deepEqual([...new Set(waits)].sort((a, b) => a - b), [500, 1000, 2000]);
      assert.equal(waits.length, 9);
    });

    it('connection reset: retried, then "could not reach the Hub"', async () => {
      const r = await lookupWith({ kind: 'reset' });
      checkUnknown(r, 'error', /could not reach the Hub/i, 'reset');
      assert.equal(infoRequests(), 4);
    });

    it('connection reset once: recovers on retry', async () => {
      const r = await lookupWith({ kind: 'reset' }, {}, 1);
      assert.equal(r.state, 'ok');
    });

    it('no answer: times out per attempt, bounded', async () => {
      const started = Date.now();
      const r = await lookupWith({ kind: 'hang' }, { timeoutMs: 200, maxRetries: 1 });
      checkUnknown(r, 'error', /no answer from the Hub within 0\.2 s/i, 'hang');
      assert.equal(infoRequests(), 2);
      assert.ok(Date.now() - started < 5_000);
    });

    it('a trickling body that finishes in time is read whole', async () => {
      hub.faults.inject({ kind: 'trickle', chunkBytes: 4096, intervalMs: 5 }, { pathPrefix: `/${MODEL}/raw/` });
      const r = await client().lookup(MODEL);
      assert.equal(r.state, 'ok');
      assert.ok((r.facts!.readme ?? '').length > 100);
    });

    it('a trickling body slower than the timeout is cut off (the timeout covers the body)', async () => {
      const r = await lookupWith({ kind: 'trickle', chunkBytes: 16, intervalMs: 50 }, { timeoutMs: 300, maxRetries: 1 });
      checkUnknown(r, 'error', /did not complete within 0\.3 s/i, 'trickle');
    });
  });

  describe('the body', () => {
    it('truncated JSON (clean end) → malformed', async () => {
      const r = await lookupWith({ kind: 'truncate' });
      checkUnknown(r, 'error', /not valid JSON|could not be read/i, 'truncate');
    });

    it('truncated mid-body (socket destroyed) → retried, then network error', async () => {
      const r = await lookupWith({ kind: 'truncate', abort: true });
      checkUnknown(r, 'error', /could not reach the Hub|could not be read|terminated/i, 'truncate abort');
      assert.ok(infoRequests() >= 2, 'a dropped connection is retried');
    });

    it('malformed JSON → malformed, no retry', async () => {
      const r = await lookupWith({ kind: 'malformed' });
      checkUnknown(r, 'error', /not valid JSON/i, 'malformed');
      assert.equal(infoRequests(), 1);
    });

    it('HTML where JSON was expected → malformed', async () => {
      const r = await lookupWith({ kind: 'malformed', body: '<!doctype html><title>Maintenance</title>', contentType: 'text/html' });
      checkUnknown(r, 'error', /not valid JSON/i, 'html');
    });

    it('JSON that is not an object (null, a number, a list) does not crash', async () => {
      for (const body of ['null', '42', '[]', '"x"']) {
        hub.faults.clear();
        const r = await lookupWith({ kind: 'malformed', body });
        assert.notEqual(r.state, undefined, body);
        const a = assessModel(MODEL, null, r, [], [ref(MODEL)], { projectLicense: null });
        renderModelHover(ref(MODEL), a);
        if (r.state !== 'ok') assertUnknownNotSafe(a, body);
      }
    });

    it('wrong types in every field: assessed without an exception, nothing claimed safe', async () => {
      hub.faults.inject({ kind: 'wrongTypes' }, { pathPrefix: '/api/models/' });
      const c = client();
      for (const id of [MODEL, 'google-bert/bert-base-uncased', 'mcpotato/42-eicar-street', 'meta-llama/Llama-2-7b-hf', 'jdoe-ml/llama2-7b-customer-support']) {
        const r = await c.lookup(id);
        const lineage = r.facts ? await c.lineage(r.facts) : [];
        const a = assessModel(id, null, r, lineage, [ref(id)], { projectLicense: null });
        renderModelHover(ref(id), a);
        // The security status is the one "safe" signal: mangled, it must not read as a clean scan.
        if (a.facts) assert.ok(!a.facts.security || a.facts.security.scansDone === true || a.findings.some((f) => f.rule === 'security-scan-missing'), id);
        if (id === 'mcpotato/42-eicar-street' && a.facts?.security) assert.ok(a.findings.some((f) => f.rule === 'security-scan-flagged' || f.rule === 'security-scan-missing'), 'flagged repo not clean');
      }
    });

    it('a body far over the cap (streamed, no length) is cut off early, not buffered whole', async () => {
      const r = await lookupWith({ kind: 'oversized', bytes: 50 * 1024 * 1024 }, { maxBodyBytes: 1024 * 1024, maxRetries: 0 });
      checkUnknown(r, 'error', /limit/, 'oversized');
      const sent = hub.requests.filter((q) => q.fault === 'oversized').map((q) => q.bytesSent);
      assert.ok(sent.length > 0);
      // The server stops when the client goes away: far less than 50 MiB crossed the socket.
      for (const b of sent) assert.ok(b < 16 * 1024 * 1024, `sent ${b} bytes`);
    });

    it('a body over the cap with a declared Content-Length is refused before reading', async () => {
      const r = await lookupWith({ kind: 'oversized', bytes: 50 * 1024 * 1024, declareLength: true }, { maxBodyBytes: 1024 * 1024, maxRetries: 0 });
      checkUnknown(r, 'error', /over the 1048576-byte limit/, 'declared');
    });

    it('memory stays bounded while 8 oversized answers arrive at once', async () => {
      hub.faults.inject({ kind: 'oversized', bytes: 40 * 1024 * 1024 }, { pathPrefix: '/api/models/' });
      const before = process.memoryUsage().rss;
      const c = client({ maxBodyBytes: 2 * 1024 * 1024, maxRetries: 0 });
      const ids = ['a/m1', 'a/m2', 'a/m3', 'a/m4', 'a/m5', 'a/m6', 'a/m7', 'a/m8'];
      const results = await Promise.all(ids.map((id) => c.lookup(id)));
      await hub.settled();
      assert.ok(results.every((r) => r.state === 'error' && /limit/.test(r.reason ?? '')));
      const grown = process.memoryUsage().rss - before;
      assert.ok(grown < 200 * 1024 * 1024, `rss grew by ${Math.round(grown / 1048576)} MiB for 8 × 40 MiB answers`);
    });
  });

  describe('redirects', () => {
    it('a redirect loop ends after a bounded number of hops', async () => {
      const r = await lookupWith({ kind: 'redirectLoop' }, { maxRetries: 0 });
      checkUnknown(r, 'error', /redirect/i, 'loop');
      assert.ok(hub.requests.filter((q) => q.path.startsWith('/__fixture/loop/')).length <= 6);
    });

    for (const status of [301, 302, 307, 308] as const) {
      it(`a ${status} to another origin does not carry the token`, async () => {
        await lookupWith({ kind: 'otherOriginRedirect', status }, { token: DEFAULT_TOKEN });
        assert.ok(hub.otherOrigin.requests.length > 0);
        assert.ok(hub.otherOrigin.requests.every((q) => q.authorization === undefined && !JSON.stringify(q.headers).includes(DEFAULT_TOKEN)));
        assert.ok(hub.requests.some((q) => q.authorization === `Bearer ${DEFAULT_TOKEN}`));
        hub.otherOrigin.requests.length = 0;
      });
    }
  });

  it('the attempt log (what the editor writes to its output channel) never carries the token, whatever the Hub answers', async () => {
    const logged: string[] = [];
    const faults: Fault[] = [
      { kind: 'status', status: 401, body: JSON.stringify({ error: `bad token ${DEFAULT_TOKEN}` }) }, { kind: 'status', status: 500 }, { kind: 'reset' },
      { kind: 'malformed' }, { kind: 'redirectLoop' }, { kind: 'otherOriginRedirect' }, { kind: 'status', status: 429, rateLimit: false },
    ];
    for (const fault of faults) {
      hub.faults.clear();
      const r = await lookupWith(fault, { token: DEFAULT_TOKEN, maxRetries: 1, onAttempt: (info) => void logged.push(JSON.stringify(info)) });
      assert.ok(!JSON.stringify(r).includes(DEFAULT_TOKEN), `${fault.kind}: the lookup result carries the token`);
    }
    assert.ok(logged.length >= faults.length);
    for (const line of logged) assert.ok(!line.includes(DEFAULT_TOKEN), line);
  });

  describe('the workspace as a whole', () => {
    const tmp = (): string => {
      const d = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-rel-'));
      dirs.push(d);
      return d;
    };

    it('one model failing in every way leaves the rest assessed, and every output renders', async () => {
      const root = tmp();
      writeFileSync(path.join(root, 'app.py'), [
        'from transformers import AutoModel',
        'a = AutoModel.from_pretrained("openai/whisper-tiny")',
        'b = AutoModel.from_pretrained("google-bert/bert-base-uncased")',
        'c = AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")',
        'd = AutoModel.from_pretrained("microsoft/resnet-50")',
        'e = AutoModel.from_pretrained("google/vit-base-patch16-224")',
        '',
      ].join('\n'));
      hub.faults.inject({ kind: 'reset' }, { pathPrefix: '/api/models/openai/whisper-tiny' });
      hub.faults.inject({ kind: 'malformed' }, { pathPrefix: '/api/models/google-bert/bert-base-uncased' });
      hub.faults.inject({ kind: 'oversized', bytes: 8 * 1024 * 1024 }, { pathPrefix: '/api/models/facebook/nllb-200-distilled-600M' });
      hub.faults.inject({ kind: 'hang' }, { pathPrefix: '/api/models/microsoft/resnet-50' });
      const c = client({ maxBodyBytes: 1024 * 1024, timeoutMs: 300, maxRetries: 1 });
      const result = await runPipeline(root, await getDetector(), { client: c });
      const byId = new Map(result.models!.map((m) => [m.modelId, m]));
      for (const id of ['openai/whisper-tiny', 'google-bert/bert-base-uncased', 'facebook/nllb-200-distilled-600M', 'microsoft/resnet-50']) assertUnknownNotSafe(byId.get(id)!, id);
      assert.equal(byId.get('google/vit-base-patch16-224')!.state, 'ok');
      assert.equal(typeof byId.get('google/vit-base-patch16-224')!.scores.provenance.value, 'number');
      for (const render of [
        () => renderScanText(result, 1),
        () => renderScanJson(result, '0'),
        () => renderScanSarif(result, '0'),
        () => renderCycloneDx(result, '0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '0' } }),
        () => renderSpdx(result, '0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '0' } }),
        () => renderBomMarkdown(result, '0', { hubUrl: hub.url, env: { SOURCE_DATE_EPOCH: '0' } }),
      ]) assert.ok(render().length > 0);
    });

    it('recovers when the Hub comes back (after the error lifetime)', async () => {
      let now = Date.parse('2026-11-26T00:00:00Z');
      const c = client({ now: () => now, maxRetries: 0 });
      hub.faults.inject({ kind: 'status', status: 503 }, { pathPrefix: INFO });
      assert.equal((await c.lookup(MODEL)).state, 'error');
      hub.faults.clear();
      // Within the error lifetime the failure is remembered (no hammering a Hub that is down) …
      assert.equal((await c.lookup(MODEL)).state, 'error');
      // … and after it, the next lookup asks again and succeeds.
      now += 3 * 60 * 1000;
      const back = await c.lookup(MODEL);
      assert.equal(back.state, 'ok', back.reason);
    });

    it('a cancelled lookup is not cached as a failure', async () => {
      hub.faults.inject({ kind: 'hang' }, { match: isInfo, times: 1 });
      const c = client({ timeoutMs: 5_000 });
      const ac = new AbortController();
      const p = c.lookup(MODEL, { signal: ac.signal });
      await hub.waitForRequest(isInfo);
      ac.abort();
      await assert.rejects(p, /cancelled/);
      const again = await c.lookup(MODEL);
      assert.equal(again.state, 'ok', again.reason);
    });
  });
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
