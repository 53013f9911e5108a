import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PersistentScanCache } from '../../src/core/scan/persistentCache.js';
import { excludeMatcher, MemoryScanCache, scanWorkspace } from '../../src/core/scan/workspace.js';
import { getDetector } from './support.js';

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-scan-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

const LOAD = (id: string): string => `from transformers import AutoModel\nm = AutoModel.from_pretrained("${id}")\n`;

describe('Workspace scan', () => {
  const roots: string[] = [];
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });
  const make = (files: Record<string, string | Buffer>): string => {
    const r = workspace(files);
    roots.push(r);
    return r;
  };

  it('finds references in every supported file, with POSIX relative paths, in path order', async () => {
    const root = make({
      'b/train.py': LOAD('org/b'),
      'a.py': LOAD('org/a'),
      'cfg/run.yaml': 'base_model: org/yaml\n',
      'web/app.ts': "pipeline('x', 'org/ts')",
      'README.md': 'AutoModel.from_pretrained("org/markdown")',
    });
    const result = await scanWorkspace(root, await getDetector());
    assert.deepEqual(result.references.map((r) => `${r.file} ${r.modelId}`), ['a.py org/a', 'b/train.py org/b', 'cfg/run.yaml org/yaml', 'web/app.ts org/ts']);
    assert.equal(result.stats.filesSeen, 4);
  });

  it('skips default excludes, virtual environments and user globs', async () => {
    const root = make({
      'keep.py': LOAD('org/keep'),
      'node_modules/pkg/x.py': LOAD('org/nm'),
      '.venv/lib/x.py': LOAD('org/venv'),
      'myenv/pyvenv.cfg': 'home = /usr/bin',
      'myenv/lib/x.py': LOAD('org/custom-venv'),
      'lib/python3.11/site-packages/x.py': LOAD('org/sp'),
      'build/x.py': LOAD('org/build'),
      'data/raw/x.py': LOAD('org/data'),
      'gen/x.generated.py': LOAD('org/generated'),
      'nested/fixtures/x.py': LOAD('org/fixtures'),
    });
    const result = await scanWorkspace(root, await getDetector(), { exclude: ['data/**', '*.generated.py', 'fixtures'] });
    assert.deepEqual(result.references.map((r) => r.modelId), ['org/keep']);
  });

  it('reports files over the size cap and non-UTF-8 files as notices', async () => {
    const root = make({
      'big.py': `${'#'.repeat(2048)}\n${LOAD('org/big')}`,
      'latin1.py': Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(LOAD('org/latin1'))]),
      'ok.py': LOAD('org/ok'),
    });
    const result = await scanWorkspace(root, await getDetector(), { maxFileBytes: 1024 });
    assert.deepEqual(result.references.map((r) => r.modelId), ['org/latin1', 'org/ok']);
    assert.deepEqual(result.notices.map((n) => `${n.file} ${n.kind}`), ['big.py too-large', 'latin1.py not-utf8']);
  });

  it('does not report ids that name a folder existing in the workspace', async () => {
    const root = make({
      'bert-base-uncased/config.json': '{}',
      'src/org/local-model/config.json': '{}',
      'src/app.py': `${LOAD('bert-base-uncased')}${LOAD('org/local-model')}${LOAD('org/remote')}`,
    });
    const result = await scanWorkspace(root, await getDetector());
    assert.deepEqual(result.references.map((r) => r.modelId), ['org/remote']);
  });

  it('does not follow symbolic links, so link loops end', async () => {
    const root = make({ 'a/x.py': LOAD('org/a') });
    symlinkSync(root, path.join(root, 'a', 'loop'));
    symlinkSync(path.join(root, 'a', 'x.py'), path.join(root, 'link.py'));
    const result = await scanWorkspace(root, await getDetector());
    assert.deepEqual(result.references.map((r) => r.file), ['a/x.py']);
  });

  it('parses only changed files on a re-scan with a cache', async () => {
    const root = make({ 'a.py': LOAD('org/a'), 'b.py': LOAD('org/b'), 'c.py': 'print(1)\n' });
    const cache = new MemoryScanCache();
    const detector = await getDetector();
    const first = await scanWorkspace(root, detector, { cache });
    assert.equal(first.stats.filesParsed, 2);
    writeFileSync(path.join(root, 'b.py'), LOAD('org/b2'));
    const second = await scanWorkspace(root, detector, { cache });
    assert.equal(second.stats.filesParsed, 1);
    assert.equal(second.stats.cacheHits, 1);
    assert.deepEqual(second.references.map((r) => r.modelId), ['org/a', 'org/b2']);
  });

  it('stops when cancelled', async () => {
    const root = make({ 'a.py': LOAD('org/a') });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by test'));
    await assert.rejects(scanWorkspace(root, await getDetector(), { signal: controller.signal }), /cancelled by test/);
  });

  it('fails clearly when the root does not exist', async () => {
    await assert.rejects(scanWorkspace(path.join(os.tmpdir(), 'ptm-lens-no-such-dir-x'), await getDetector()), /ENOENT/);
  });
});

describe('excludeMatcher', () => {
  it('matches globs relative to the root, and bare names at any depth', () => {
    const m = excludeMatcher(['data/**', 'fixtures', './out/', '**/*.gen.py']);
    assert.equal(m('data'), true);
    assert.equal(m('data/x/y.py'), true);
    assert.equal(m('a/b/fixtures'), true);
    assert.equal(m('out'), true);
    assert.equal(m('src/a.gen.py'), true);
    assert.equal(m('src/data.py'), false);
    assert.equal(excludeMatcher([])('anything'), false);
  });
});

describe('PersistentScanCache', () => {
  it('survives a round trip and ignores a garbled file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-cache-'));
    try {
      const file = path.join(dir, 'sub', 'scan-cache.json');
      const cache = await PersistentScanCache.open(file);
      cache.set('k', { references: [], notices: [{ kind: 'parse-error', message: 'm' }] });
      await cache.save();
      const again = await PersistentScanCache.open(file);
      assert.deepEqual(again.get('k'), { references: [], notices: [{ kind: 'parse-error', message: 'm' }] });
      writeFileSync(file, '{"version":"1","entries":[["k",{"refer');
      const garbled = await PersistentScanCache.open(file);
      assert.equal(garbled.get('k'), undefined);
      garbled.set('k2', { references: [], notices: [] });
      await garbled.save();
      assert.ok((await PersistentScanCache.open(file)).get('k2'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
