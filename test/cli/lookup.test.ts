import assert from 'node:assert/strict';
import path from 'node:path';
import type { FixtureHub } from '../hub-fixture/server.js';
import { startFixtureHub } from '../hub-fixture/server.js';
import { assertCliBuilt, runCliAsync, makeTempDir, removeDir, writeTree } from '../helpers/cli.js';

const run = runCliAsync;

const PINNED = '86b5e0934494bd15c9632b12f734a8a67f723594';

describe('ptm-lens scan with lookups (subprocess, fixture Hub)', function () {
  let hub: FixtureHub;
  let sandbox: string;
  let ws: string;
  before(async () => {
    assertCliBuilt();
    hub = await startFixtureHub();
    sandbox = makeTempDir();
    ws = path.join(sandbox, 'ws');
    writeTree(ws, {
      'LICENSE': 'MIT License\n\nCopyright (c) 2026 Someone\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all\ncopies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\nSOFTWARE.\n',
      'app.py': [
        'from transformers import AutoModel',
        `a = AutoModel.from_pretrained("google-bert/bert-base-uncased", revision="${PINNED}")`,
        'b = AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")',
        '',
      ].join('\n'),
    });
  });
  after(async () => {
    await hub.close();
    removeDir(sandbox);
  });

  it('reports project, models and findings in JSON and fails on errors with --fail-on', async () => {
    const res = await run(['scan', ws, '--format', 'json', '--hub-url', hub.url, '--fail-on', 'error'], path.join(sandbox, 'h1'));
    assert.equal(res.status, 1, res.stderr);
    const out = JSON.parse(res.stdout) as { project: { license: { spdx: string } }; models: { id: string; sha: string; state: string; license: { spdx: string }; compatibility: { verdict: string }; scores: Record<string, number> }[]; findings: { rule: string; severity: string; file: string; line: number }[] };
    assert.equal(out.project.license.spdx, 'MIT');
    const bert = out.models.find((m) => m.id === 'google-bert/bert-base-uncased')!;
    assert.equal(bert.sha, PINNED);
    assert.equal(bert.state, 'ok');
    assert.equal(bert.compatibility.verdict, 'compatible');
    assert.equal(typeof bert.scores.provenance, 'number');
    const nc = out.findings.find((f) => f.rule === 'license-incompatible')!;
    assert.deepEqual([nc.severity, nc.file, nc.line], ['error', 'app.py', 3]);
    const warnOnly = await run(['scan', ws, '--hub-url', hub.url, '--project-license', 'CC-BY-NC-4.0', '--fail-on', 'error'], path.join(sandbox, 'h1'));
    assert.equal(warnOnly.status, 0, warnOnly.stdout);
  });

  it('makes no request for a pinned model on a second run (persistent cache)', async () => {
    const home = path.join(sandbox, 'h2');
    writeTree(ws, { 'only-pinned/app.py': `AutoModel.from_pretrained("google-bert/bert-base-uncased", revision="${PINNED}")\n` });
    const target = path.join(ws, 'only-pinned');
    assert.equal((await run(['scan', target, '--hub-url', hub.url], home)).status, 0);
    hub.resetLog();
    const second = await run(['scan', target, '--hub-url', hub.url, '--format', 'json'], home);
    assert.equal(second.status, 0, second.stderr);
    assert.equal(hub.requests.length, 0, hub.requests.map((r) => r.path).join('\n'));
    assert.equal((JSON.parse(second.stdout) as { models: { sha: string }[] }).models[0]!.sha, PINNED);
  });

  it('--offline makes no request and says why facts are unknown', async () => {
    hub.resetLog();
    const res = await run(['scan', ws, '--offline', '--format', 'json'], path.join(sandbox, 'h3'), { HF_ENDPOINT: hub.url, HF_HOME: path.join(sandbox, 'no-hf-home') });
    assert.equal(res.status, 0, res.stderr);
    assert.equal(hub.requests.length, 0);
    const out = JSON.parse(res.stdout) as { models: { state: string; reason: string }[]; findings: { rule: string }[] };
    assert.ok(out.models.every((m) => m.state === 'offline' && /local Hugging Face cache/.test(m.reason)));
    assert.ok(out.findings.some((f) => f.rule === 'lookup-failed'));
  });

  it('sends HF_TOKEN to the Hub and prints it nowhere', async () => {
    hub.resetLog();
    const token = 'hf_fixture_token';
    const res = await run(['scan', ws, '--hub-url', hub.url, '--format', 'json', '--no-cache'], path.join(sandbox, 'h4'), { HF_TOKEN: token });
    assert.equal(res.status, 0, res.stderr);
    assert.ok(hub.requests.some((r) => r.authorization === `Bearer ${token}`));
    assert.ok(!res.stdout.includes(token) && !res.stderr.includes(token));
  });

  it('rejects a bad --hub-url and --fail-on as usage errors', async () => {
    const a = await run(['scan', ws, '--hub-url', 'ftp://x'], path.join(sandbox, 'h5'));
    assert.equal(a.status, 2);
    assert.match(a.stderr, /http or https/);
    const b = await run(['scan', ws, '--fail-on', 'fatal'], path.join(sandbox, 'h5'));
    assert.equal(b.status, 2);
  });
});
