import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import type { FixtureHub } from '../hub-fixture/server.js';
import { DEFAULT_TOKEN, startFixtureHub } from '../hub-fixture/server.js';
import { assertCliBuilt, runCliAsync, makeTempDir, removeDir, writeTree } from '../helpers/cli.js';

const run = runCliAsync;

const PINNED = '86b5e0934494bd15c9632b12f734a8a67f723594';
const EPOCH = { SOURCE_DATE_EPOCH: '1700000000' };

describe('ptm-lens bom and scan --format sarif (subprocess, fixture Hub)', function () {
  this.timeout(60_000);
  let hub: FixtureHub;
  let sandbox: string;
  let ws: string;
  let home: string;
  before(async () => {
    assertCliBuilt();
    hub = await startFixtureHub();
    sandbox = makeTempDir();
    ws = path.join(sandbox, 'ws');
    home = path.join(sandbox, 'home');
    writeTree(ws, {
      'package.json': JSON.stringify({ name: 'app', license: 'Apache-2.0' }),
      'app.py': [
        'from transformers import AutoModel',
        `a = AutoModel.from_pretrained("google-bert/bert-base-uncased", revision="${PINNED}")`,
        'b = AutoModel.from_pretrained("jdoe-ml/llama2-7b-customer-support")',
        'c = AutoModel.from_pretrained("ghost-org/deleted-model")',
        '',
      ].join('\n'),
    });
  });
  after(async () => {
    await hub.close();
    removeDir(sandbox);
  });

  it('writes a valid CycloneDX BOM to --out, atomically, and nothing to stdout', async () => {
    const out = path.join(sandbox, 'bom.cdx.json');
    const res = await run(['bom', ws, '--hub-url', hub.url, '--out', out], home, EPOCH);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /wrote .*bom\.cdx\.json/);
    const text = readFileSync(out, 'utf8');
    assert.equal(await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text), null);
    const bom = JSON.parse(text) as { metadata: { timestamp: string }; components: { name: string; version?: string }[] };
    assert.equal(bom.metadata.timestamp, '2023-11-14T22:13:20Z');
    assert.ok(bom.components.some((c) => c.name === 'bert-base-uncased' && c.version === PINNED));
    assert.deepEqual(readdirSync(sandbox).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  it('refuses to overwrite an existing --out without --force (exit 2), and replaces it with --force', async () => {
    const out = path.join(sandbox, 'keep.json');
    writeFileSync(out, 'precious\n');
    const refused = await run(['bom', ws, '--hub-url', hub.url, '--out', out], home, EPOCH);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /keep\.json already exists; use --force/);
    assert.equal(readFileSync(out, 'utf8'), 'precious\n');
    const forced = await run(['bom', ws, '--hub-url', hub.url, '--out', out, '--force', '--format', 'spdx'], home, EPOCH);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { '@context': string })['@context'], 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
  });

  it('is byte-identical across runs with SOURCE_DATE_EPOCH, and writes to stdout without --out', async () => {
    // The unit tests compare every format in process; here two processes, one without caches, agree.
    const [one, two, md] = await Promise.all([
      run(['bom', ws, '--hub-url', hub.url, '--format', 'spdx', '--quiet'], home, EPOCH),
      run(['bom', ws, '--hub-url', hub.url, '--format', 'spdx', '--quiet', '--no-cache'], path.join(sandbox, 'home2'), EPOCH),
      run(['bom', ws, '--hub-url', hub.url, '--format', 'markdown'], home, EPOCH),
    ]);
    assert.equal(one.status, 0, one.stderr);
    assert.ok(one.stdout.length > 500);
    assert.equal(one.stdout, two.stdout);
    assert.equal(md.status, 0, md.stderr);
    assert.match(md.stdout, /^# Pre-trained models in ws\n/);
    assert.match(md.stdout, /\| `jdoe-ml\/llama2-7b-customer-support` \| `app\.py:3:32` \|/);
  });

  it('writes SARIF for scan --format sarif, to stdout or --out, and keeps --fail-on', async () => {
    const res = await run(['scan', ws, '--hub-url', hub.url, '--format', 'sarif', '--fail-on', 'error'], home);
    assert.equal(res.status, 1, res.stderr);
    const log = JSON.parse(res.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    const missing = log.runs[0]!.results.find((r) => r.ruleId === 'model-not-found')!;
    assert.equal(missing.level, 'error');
    assert.deepEqual(missing.locations[0]!.physicalLocation.artifactLocation, { uri: 'app.py', uriBaseId: '%SRCROOT%' });
    assert.equal(missing.locations[0]!.physicalLocation.region.startLine, 4);
    const out = path.join(sandbox, 'scan.sarif');
    const [toFile, detectionOnly] = await Promise.all([
      run(['scan', ws, '--hub-url', hub.url, '--format', 'sarif', '--out', out], home),
      run(['scan', ws, '--no-lookup', '--format', 'sarif'], path.join(sandbox, 'home4')),
    ]);
    assert.equal(toFile.status, 0, toFile.stderr);
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version, '2.1.0');
    assert.equal(detectionOnly.status, 0, detectionOnly.stderr);
    assert.deepEqual((JSON.parse(detectionOnly.stdout) as typeof log).runs[0]!.results, []);
  });

  it('prints the HF token nowhere', async () => {
    hub.resetLog();
    const out = path.join(sandbox, 'token.cdx.json');
    const res = await run(['bom', ws, '--hub-url', hub.url, '--out', out, '--no-cache'], path.join(sandbox, 'home3'), { HF_TOKEN: DEFAULT_TOKEN });
    assert.equal(res.status, 0, res.stderr);
    assert.ok(hub.requests.some((r) => r.authorization === `Bearer ${DEFAULT_TOKEN}`));
    for (const text of [res.stdout, res.stderr, readFileSync(out, 'utf8')]) assert.ok(!text.includes(DEFAULT_TOKEN));
  });

  it('rejects usage errors with exit 2 before scanning', async () => {
    const cases: [string[], RegExp, NodeJS.ProcessEnv?][] = [
      [['bom', ws, '--format', 'xml'], /--format for bom must be "cyclonedx", "spdx", "markdown"/],
      [['scan', ws, '--format', 'cyclonedx'], /--format for scan must be "text", "json", "sarif"/],
      [['bom', ws, '--fail-on', 'error'], /--fail-on is an option of "scan"/],
      [['bom', ws, '--no-lookup'], /--no-lookup is an option of "scan"/],
      [['scan', ws, '--serial-number', 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79'], /--serial-number is an option of "bom"/],
      [['bom', ws, '--serial-number', '42'], /serial number must look like urn:uuid/],
      [['bom', ws, '--force'], /--force only applies with --out/],
      [['bom', ws, '--out', path.join(sandbox, 'no-such-dir', 'x.json')], /no such folder/],
      [['bom', ws, '--out', sandbox], /it is a folder/],
      [['bom', ws], /SOURCE_DATE_EPOCH must be a whole number/, { SOURCE_DATE_EPOCH: 'tomorrow' }],
    ];
    hub.resetLog();
    const results = await Promise.all(cases.map(([args, , env]) => run([...args, '--hub-url', hub.url], home, env ?? {})));
    cases.forEach(([args, message], i) => {
      const res = results[i]!;
      assert.equal(res.status, 2, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, message, args.join(' '));
    });
    assert.equal(hub.requests.length, 0, 'nothing was looked up');
    assert.ok(!existsSync(path.join(sandbox, 'no-such-dir')));
  });

  it('documents bom in --help', async () => {
    const res = await run(['--help'], home);
    assert.equal(res.status, 0);
    for (const s of ['ptm-lens bom [folder]', '--format cyclonedx|spdx|markdown', '--format text|json|sarif', '--out FILE', '--force', 'SOURCE_DATE_EPOCH']) assert.ok(res.stdout.includes(s), s);
  });
});
