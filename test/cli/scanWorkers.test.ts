/**
 * Worker threads of large scans (dist/scanWorker.js) give exactly the single-thread answer, with and
 * without the content cache.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { generateTree } from '../../bench/generateTree.js';
import { assertCliBuilt, CLI_PATH, makeTempDir, removeDir, writeTree } from '../helpers/cli.js';

describe('ptm-lens scan with worker threads (subprocess)', function () {
  this.timeout(120_000);
  let sandbox: string;
  let tree: string;
  before(() => {
    assertCliBuilt();
    sandbox = makeTempDir();
    tree = path.join(sandbox, 'tree');
    generateTree(tree, { files: 1_200, targetBytes: 3 * 1024 * 1024, seed: 5 });
    // Notices too: a file over the size cap, a broken notebook, a file that is not UTF-8.
    writeTree(tree, {
      'zz/huge.py': `x = 1\n${'#'.repeat(2 * 1024 * 1024)}\n`,
      'zz/broken.ipynb': '{"cells": [{"source": "AutoModel.from_pretrained(',
      'zz/latin1.py': Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from('from transformers import AutoModel\nAutoModel.from_pretrained("org/latin1")\n')]),
    });
  });
  after(() => removeDir(sandbox));

  const scan = (workers: string, cache: boolean): string => {
    const home = path.join(sandbox, `home-${cache ? 'cache' : 'none'}`);
    const args = [CLI_PATH, 'scan', tree, '--format', 'json', '--no-lookup', '--quiet', '--max-file-size', '1', ...(cache ? [] : ['--no-cache'])];
    const r = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), PTM_LENS_SCAN_WORKERS: workers }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };

  it('gives the same report with 0, 1 and 2 workers', () => {
    const single = scan('0', false);
    const report = JSON.parse(single) as { references: unknown[]; notices: { kind: string }[] };
    assert.ok(report.references.length > 20, `${report.references.length} references`);
    assert.deepEqual(report.notices.map((n) => n.kind).sort(), ['invalid-notebook', 'not-utf8', 'too-large']);
    assert.equal(scan('1', false), single);
    assert.equal(scan('2', false), single);
  });

  it('gives the same report from a warm cache, with workers skipping cached files', () => {
    const single = scan('0', false);
    assert.equal(scan('2', true), single, 'cold cache');
    assert.equal(scan('2', true), single, 'warm cache');
    assert.equal(scan('0', true), single, 'warm cache, single thread');
  });
});
