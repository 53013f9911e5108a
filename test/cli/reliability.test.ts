/**
 * Reliability of the CLI as a whole (subprocesses against the fixture Hub): the Hub token appears in
 * no output, file or cache, whatever the Hub answers, and goes only to the configured origin; the
 * caches survive corruption and two processes writing at once; offline mode makes no request at all.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FixtureHub } from '../hub-fixture/server.js';
import { DEFAULT_TOKEN, startFixtureHub } from '../hub-fixture/server.js';
import { assertCliBuilt, makeTempDir, removeDir, runCliAsync, writeTree } from '../helpers/cli.js';

const run = runCliAsync;
const PINNED = '86b5e0934494bd15c9632b12f734a8a67f723594';
/** A token no fixture file contains, so any occurrence in an output is a leak. */
const MARKER = `hf_leakcheck${Date.now().toString(36)}Zq9`;

const MODELS = [
  ['google-bert/bert-base-uncased', `revision="${PINNED}"`], // ok, cached forever
  ['openai/whisper-tiny', ''], // 500 once, then ok
  ['meta-llama/Llama-2-7b-hf', ''], // gated files
  ['ghost-org/deleted-model', ''], // not found
  ['spam-uploader/free-gpt5-weights', ''], // disabled
  ['Qwen/Qwen-7B', ''], // the Hub echoes the token back in an error
  ['google/gemma-2b', ''], // malformed answer
  ['facebook/nllb-200-distilled-600M', ''], // rate limited for an hour
  ['microsoft/resnet-50', ''], // redirected to another origin
  ['bert-base-uncased', ''], // renamed (same-origin redirect)
] as const;

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const full = path.join(d, n);
      const st = statSync(full, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(full);
      else if (st?.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function assertNoMarker(where: string, text: string): void {
  assert.ok(!text.includes(MARKER), `the token leaked into ${where}`);
}

describe('Reliability: secrets, caches and offline mode (CLI subprocess, fixture Hub)', function () {
  this.timeout(120_000);
  let hub: FixtureHub;
  let sandbox: string;
  let ws: string;
  before(async () => {
    assertCliBuilt();
    hub = await startFixtureHub({ token: [DEFAULT_TOKEN, MARKER] });
    sandbox = makeTempDir();
    ws = path.join(sandbox, 'ws');
    writeTree(ws, {
      'package.json': JSON.stringify({ name: 'app', license: 'MIT' }),
      'app.py': ['from transformers import AutoModel', ...MODELS.map(([id, extra], i) => `m${i} = AutoModel.from_pretrained("${id}"${extra ? `, ${extra}` : ''})`), ''].join('\n'),
    });
  });
  after(async () => {
    await hub.close();
    removeDir(sandbox);
  });

  function injectFaults(): void {
    hub.faults.clear();
    hub.faults.inject({ kind: 'status', status: 500 }, { pathPrefix: '/api/models/openai/whisper-tiny/revision', times: 1 });
    hub.faults.inject({ kind: 'status', status: 401, headers: { 'X-Error-Message': `Invalid credentials: token ${MARKER} is not valid` }, body: JSON.stringify({ error: `Bad token ${MARKER}` }) }, { pathPrefix: '/api/models/Qwen/Qwen-7B' });
    hub.faults.inject({ kind: 'malformed' }, { pathPrefix: '/api/models/google/gemma-2b' });
    hub.faults.inject({ kind: 'status', status: 429, rateLimit: false, retryAfter: 3600 }, { pathPrefix: '/api/models/facebook/nllb-200-distilled-600M' });
    hub.faults.inject({ kind: 'otherOriginRedirect' }, { pathPrefix: '/api/models/microsoft/resnet-50' });
  }

  it('the token is in no output, no written file and no cache, for every format and every Hub answer', async () => {
    const home = path.join(sandbox, 'leak-home');
    const outDir = path.join(sandbox, 'leak-out');
    writeTree(outDir, { 'keep/': '' });
    hub.resetLog();
    hub.otherOrigin.requests.length = 0;
    const runs: [string, string[]][] = [
      ...['text', 'json', 'sarif'].map((f): [string, string[]] => [`scan ${f}`, ['scan', ws, '--hub-url', hub.url, '--format', f, '--out', path.join(outDir, `scan.${f}`)]]),
      ...['cyclonedx', 'spdx', 'markdown'].map((f): [string, string[]] => [`bom ${f}`, ['bom', ws, '--hub-url', hub.url, '--format', f, '--out', path.join(outDir, `bom.${f}`)]]),
      ['scan to stdout', ['scan', ws, '--hub-url', hub.url, '--format', 'json']],
    ];
    injectFaults();
    // In parallel, sharing one cache folder: faster, and the cache sees concurrent writers too.
    const results = await Promise.all(runs.map(([, args]) => run(args, home, { HF_TOKEN: MARKER })));
    results.forEach((res, i) => {
      const label = runs[i]![0];
      assert.equal(res.status, 0, `${label}: ${res.stderr}`);
      assertNoMarker(`${label} stdout`, res.stdout);
      assertNoMarker(`${label} stderr`, res.stderr);
    });
    const json = JSON.parse(readFileSync(path.join(outDir, 'scan.json'), 'utf8')) as { models: { id: string; state: string; reason?: string }[] };
    const state = (id: string): string => json.models.find((m) => m.id === id)!.state;
    assert.deepEqual(
      ['openai/whisper-tiny', 'ghost-org/deleted-model', 'spam-uploader/free-gpt5-weights', 'Qwen/Qwen-7B', 'google/gemma-2b', 'facebook/nllb-200-distilled-600M'].map(state),
      ['ok', 'not-found', 'disabled', 'unauthorized', 'error', 'rate-limited'],
    );
    const files = [...filesUnder(outDir), ...filesUnder(home)];
    assert.ok(files.some((f) => f.includes(`${path.sep}hub${path.sep}`)), 'the Hub cache was written');
    for (const f of files) assertNoMarker(path.relative(sandbox, f), readFileSync(f, 'latin1'));
    // Sent, but only as a header to the configured origin: never in a URL, never to the other origin.
    assert.ok(hub.requests.some((q) => q.authorization === `Bearer ${MARKER}`), 'the token was sent');
    for (const q of hub.requests) assertNoMarker(`request URL ${q.path}`, `${q.path}?${q.query}`);
    assert.ok(hub.otherOrigin.requests.length > 0, 'the other origin was asked');
    for (const q of hub.otherOrigin.requests) assertNoMarker('a request to the other origin', JSON.stringify(q.headers));
  });

  it('a token from HUGGING_FACE_HUB_TOKEN or $HF_HOME/token leaks nowhere either', async () => {
    writeTree(path.join(sandbox, 'hf-home'), { token: `${MARKER}\n` });
    const cases = [
      ['HUGGING_FACE_HUB_TOKEN', { HUGGING_FACE_HUB_TOKEN: MARKER }],
      ['token file', { HF_HOME: path.join(sandbox, 'hf-home') }],
    ] as const;
    injectFaults();
    hub.resetLog();
    const homes = cases.map(([label]) => path.join(sandbox, `leak2-${label.replace(/\W/g, '')}`));
    const results = await Promise.all(cases.map(([, env], i) => run(['bom', ws, '--hub-url', hub.url, '--format', 'markdown'], homes[i]!, env)));
    results.forEach((res, i) => {
      const label = cases[i]![0];
      assert.equal(res.status, 0, res.stderr);
      assertNoMarker(`${label} stdout`, res.stdout);
      assertNoMarker(`${label} stderr`, res.stderr);
      for (const f of filesUnder(homes[i]!)) assertNoMarker(path.relative(sandbox, f), readFileSync(f, 'latin1'));
    });
    assert.ok(hub.requests.filter((q) => q.authorization === `Bearer ${MARKER}`).length > 2 * MODELS.length, 'both runs sent the token');
  });

  it('an invalid token and a --hub-url with credentials in it leak nowhere', async () => {
    hub.faults.clear();
    const bad = `${MARKER}x`;
    const home = path.join(sandbox, 'bad-token-home');
    const res = await run(['scan', ws, '--hub-url', hub.url, '--format', 'json'], home, { HF_TOKEN: bad });
    assert.equal(res.status, 0, res.stderr);
    assert.ok((JSON.parse(res.stdout) as { models: { state: string }[] }).models.every((m) => m.state === 'unauthorized'));
    assertNoMarker('stdout', res.stdout);
    for (const f of filesUnder(home)) assertNoMarker(f, readFileSync(f, 'latin1'));
    const url = new URL(hub.url);
    const withCreds = await run(['scan', ws, '--hub-url', `http://user:${MARKER}@${url.host}`], home);
    assert.equal(withCreds.status, 2);
    assertNoMarker('stderr', withCreds.stderr);
    assertNoMarker('stdout', withCreds.stdout);
  });

  it('a truncated or garbled cache is discarded and rebuilt, with the same result', async () => {
    hub.faults.clear();
    const home = path.join(sandbox, 'corrupt-home');
    const args = ['scan', ws, '--hub-url', hub.url, '--format', 'json'];
    const first = await run(args, home);
    assert.equal(first.status, 0, first.stderr);
    const cacheFiles = filesUnder(path.join(home, '.cache', 'ptm-lens'));
    assert.ok(cacheFiles.length >= 5, `${cacheFiles.length} cache files`);
    cacheFiles.forEach((f, i) => {
      if (i % 3 === 0) truncateSync(f, Math.floor(statSync(f).size / 2));
      else if (i % 3 === 1) writeFileSync(f, Buffer.from(Array.from({ length: 512 }, (_, k) => (k * 131 + i) % 256)));
      else writeFileSync(f, '');
    });
    hub.resetLog();
    const second = await run(args, home);
    assert.equal(second.status, 0, second.stderr);
    assert.ok(hub.requests.length > 0, 'the corrupt entries were fetched again');
    // Request ids differ from run to run.
    const strip = (s: string): unknown => ({ ...(JSON.parse(s.replace(/Root=1-[0-9a-f-]+/g, 'R')) as object), root: null });
    assert.deepEqual(strip(second.stdout), strip(first.stdout));
    for (const f of filesUnder(path.join(home, '.cache', 'ptm-lens'))) JSON.parse(readFileSync(f, 'utf8'));
  });

  it('two processes sharing one cache at the same time: both succeed, every cache file parses', async () => {
    hub.faults.clear();
    const home = path.join(sandbox, 'shared-home');
    const args = ['scan', ws, '--hub-url', hub.url, '--format', 'json'];
    const [a, b, c] = await Promise.all([run(args, home), run(args, home), run(['bom', ws, '--hub-url', hub.url], home, { SOURCE_DATE_EPOCH: '0' })]);
    for (const r of [a, b, c]) assert.equal(r.status, 0, r.stderr);
    // Request ids differ from run to run.
    const strip = (s: string): unknown => ({ ...(JSON.parse(s.replace(/Root=1-[0-9a-f-]+/g, 'R')) as object), root: null });
    assert.deepEqual(strip(a.stdout), strip(b.stdout));
    const files = filesUnder(path.join(home, '.cache', 'ptm-lens'));
    assert.deepEqual(files.filter((f) => f.endsWith('.tmp')), [], 'no temporary files left');
    for (const f of files) JSON.parse(readFileSync(f, 'utf8'));
  });

  it('offline (--offline or HF_HUB_OFFLINE=1) makes zero network requests, for scan and every BOM format', async () => {
    hub.faults.clear();
    hub.resetLog();
    hub.otherOrigin.requests.length = 0;
    const home = path.join(sandbox, 'offline-home');
    const env = { HF_ENDPOINT: hub.url, HF_TOKEN: MARKER, HF_HOME: path.join(sandbox, 'no-hf-home') };
    const results = await Promise.all([
      run(['scan', ws, '--offline', '--format', 'json'], home, env),
      run(['scan', ws, '--format', 'sarif'], home, { ...env, HF_HUB_OFFLINE: '1' }),
      ...['cyclonedx', 'spdx', 'markdown'].map((f) => run(['bom', ws, '--offline', '--format', f], home, env)),
    ]);
    for (const r of results) {
      assert.equal(r.status, 0, r.stderr);
      assertNoMarker('offline output', r.stdout + r.stderr);
    }
    assert.equal(hub.requests.length + hub.otherOrigin.requests.length, 0, 'requests made offline');
    assert.ok((JSON.parse(results[0]!.stdout) as { models: { state: string }[] }).models.every((m) => m.state === 'offline'));
  });

  it('stderr carries no terminal escape or bidi character from a path the user or workspace gave', async () => {
    const evil = path.join(sandbox, 'no\u001b[2Jsuch\u202edir');
    const r = await run(['scan', '--no-lookup', evil], path.join(sandbox, 'home-escape'));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /no\[2Jsuchdir/, 'the path is still named, without its control characters');
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    assert.doesNotMatch(r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});
