import assert from 'node:assert/strict';
import { errorFromResponse, rateLimitReset, redact, Semaphore } from '../../src/core/hub/http.js';
import { normalizeEndpoint, resolveHubSettings } from '../../src/core/hub/settings.js';

describe('Hub settings', () => {
  const none = (): undefined => undefined;

  it('takes the endpoint from the setting, then HF_ENDPOINT, then the default', () => {
    assert.equal(resolveHubSettings({ env: {}, readFile: none }).endpoint, 'https://huggingface.co');
    assert.equal(resolveHubSettings({ env: { HF_ENDPOINT: 'https://hf-mirror.example/' }, readFile: none }).endpoint, 'https://hf-mirror.example');
    assert.equal(resolveHubSettings({ endpoint: 'http://127.0.0.1:9/hub/', env: { HF_ENDPOINT: 'https://x.example' }, readFile: none }).endpoint, 'http://127.0.0.1:9/hub');
  });

  it('rejects endpoints that are not http(s) or carry credentials', () => {
    assert.throws(() => normalizeEndpoint('file:///etc/passwd'), /http or https/);
    assert.throws(() => normalizeEndpoint('https://user:pw@hub.example'), /credentials/);
    assert.throws(() => normalizeEndpoint('not a url'), /not a URL/);
  });

  it('takes the token from the editor secret, then HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then $HF_HOME/token', () => {
    const files: Record<string, string> = { '/hf/token': 'hf_from_file\n' };
    const readFile = (f: string): string | undefined => files[f];
    assert.deepEqual(
      [resolveHubSettings({ token: 'hf_secret', tokenSource: 'secret-storage', env: { HF_TOKEN: 'hf_env' }, readFile }).tokenSource],
      ['secret-storage'],
    );
    assert.equal(resolveHubSettings({ env: { HF_TOKEN: 'hf_env', HUGGING_FACE_HUB_TOKEN: 'hf_legacy' }, readFile }).token, 'hf_env');
    assert.equal(resolveHubSettings({ env: { HUGGING_FACE_HUB_TOKEN: 'hf_legacy' }, readFile }).token, 'hf_legacy');
    const fromFile = resolveHubSettings({ env: { HF_HOME: '/hf' }, readFile });
    assert.equal(fromFile.token, 'hf_from_file');
    assert.equal(fromFile.tokenSource, 'token-file');
    assert.equal(resolveHubSettings({ env: { HF_HOME: '/nowhere' }, readFile }).token, null);
  });

  it('goes offline for HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE truthy values and finds the cache folder', () => {
    for (const v of ['1', 'ON', 'yes', 'True']) assert.equal(resolveHubSettings({ env: { HF_HUB_OFFLINE: v }, readFile: none }).offline, true);
    assert.equal(resolveHubSettings({ env: { HF_HUB_OFFLINE: '0' }, readFile: none }).offline, false);
    assert.equal(resolveHubSettings({ env: { TRANSFORMERS_OFFLINE: '1' }, readFile: none }).offline, true);
    assert.equal(resolveHubSettings({ env: { HF_HUB_CACHE: '/c', HF_HOME: '/h' }, readFile: none }).hubCacheDir, '/c');
    assert.equal(resolveHubSettings({ env: { HF_HOME: '/h' }, readFile: none }).hubCacheDir, '/h/hub');
  });
});

describe('Hub error mapping', () => {
  const res = (status: number, headers: Record<string, string> = {}, body = ''): [Response, Uint8Array] => [
    new Response(body || null, { status, headers }),
    new TextEncoder().encode(body),
  ];
  const map = (status: number, headers: Record<string, string> = {}, body = '', authenticated = false) => {
    const [r, b] = res(status, headers, body);
    return errorFromResponse(r, b, 'https://hub.example/api/models/x/y', authenticated, 1_000);
  };

  it('maps statuses and X-Error-Code to kinds', () => {
    assert.equal(map(401, { 'x-error-code': 'RepoNotFound' }).kind, 'not-found');
    assert.equal(map(401).kind, 'not-found');
    assert.equal(map(401, { 'x-error-message': 'Invalid credentials in Authorization header' }, '', true).kind, 'unauthorized');
    assert.equal(map(401, { 'x-error-code': 'GatedRepo' }).kind, 'gated');
    assert.equal(map(403, { 'x-error-code': 'GatedRepo' }, '', true).kind, 'gated');
    assert.equal(map(403, { 'x-error-message': 'Access to this resource is disabled.' }).kind, 'disabled');
    assert.equal(map(403, {}, '', true).kind, 'unauthorized');
    assert.equal(map(404, { 'x-error-code': 'RepoNotFound' }, '{"error":"Repository not found"}', true).kind, 'not-found');
    assert.equal(map(404, { 'x-error-code': 'RevisionNotFound' }).kind, 'revision-not-found');
    assert.equal(map(404, { 'x-error-code': 'EntryNotFound' }).kind, 'entry-not-found');
    assert.equal(map(429).kind, 'rate-limited');
    for (const s of [408, 500, 502, 503, 504]) assert.equal(map(s).kind, 'server');
    assert.equal(map(400).kind, 'bad-request');
  });

  it('keeps the request id and the Hub message', () => {
    const e = map(404, { 'x-request-id': 'req-1', 'x-error-code': 'RepoNotFound' }, '{"error":"Repository not found"}', true);
    assert.equal(e.details.requestId, 'req-1');
    assert.match(e.message, /Repository not found/);
  });

  it('reads RateLimit and Retry-After', () => {
    assert.equal(rateLimitReset(new Headers({ ratelimit: '"api";r=0;t=12' }), 1_000), 1_000 + 13_000);
    assert.equal(rateLimitReset(new Headers({ ratelimit: '"api";r=5;t=12' }), 1_000), undefined);
    assert.equal(rateLimitReset(new Headers({ 'retry-after': '3' }), 1_000), 4_000);
    assert.equal(rateLimitReset(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 1_000), 10_000);
    assert.equal(rateLimitReset(new Headers({}), 1_000), undefined);
  });

  it('redacts credentials from URLs in messages', () => {
    assert.equal(redact('https://u:p@hub.example/x?token=abc&q=1'), 'https://hub.example/x?token=***&q=1');
  });
});

describe('Semaphore', () => {
  it('bounds concurrency and lets cancelled waiters go', async () => {
    const s = new Semaphore(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await s.acquire();
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setImmediate(r));
        active--;
        release();
      }),
    );
    assert.equal(peak, 2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await assert.rejects(waiting, /stop/);
    r1();
    r2();
    (await s.acquire())();
  });
});
