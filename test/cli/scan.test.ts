/**
 * `ptm-lens scan` run as a subprocess on throw-away workspaces. Needs `npm run build` first (dist/cli.js).
 */
import assert from 'node:assert/strict';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertCliBuilt, type CliResult, makeTempDir, notebook, removeDir, REPO_ROOT, runCli, writeTree } from '../helpers/cli.js';

interface JsonReference {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  cell?: number;
  call: string;
  kind: string;
  modelId: string | null;
  resolvedVia: string;
  revision: string | null;
  trustRemoteCode: boolean | null;
  useSafetensors: boolean | null;
}

interface JsonReport {
  tool: { name: string; version: string };
  root: string;
  references: JsonReference[];
  notices: { file: string; kind: string; message: string }[];
}

const APP_PY = [
  'import os',
  'from transformers import AutoModel, AutoTokenizer',
  '',
  'MODEL_ID = "acme-ai/encoder-base"',
  'tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)',
  'model = AutoModel.from_pretrained("acme-ai/encoder-base", revision="0123abc", trust_remote_code=True, use_safetensors=True)',
  'other = AutoModel.from_pretrained(os.environ["OTHER_MODEL"])',
  '',
].join('\n');

const LOCAL_MODELS_PY = [
  'from transformers import AutoModel',
  '',
  '# bert-base-uncased/ and acme-ai/finetuned/ exist in this workspace: the loader reads them, not the Hub.',
  'local_legacy = AutoModel.from_pretrained("bert-base-uncased")',
  'local_namespaced = AutoModel.from_pretrained("acme-ai/finetuned")',
  'hub_legacy = AutoModel.from_pretrained("gpt2")',
  '',
].join('\n');

const excludedFile = (id: string): string => `from transformers import AutoModel\nm = AutoModel.from_pretrained("${id}")\n`;

/** Files under folders excluded by default, each naming a distinct id. */
const DEFAULT_EXCLUDED: Record<string, string> = {
  'node_modules/somepkg/loader.py': 'excluded/node-modules',
  'web/node_modules/@scope/pkg/index.py': 'excluded/nested-node-modules',
  '.venv/lib/python3.11/site-packages/pkg/m.py': 'excluded/dot-venv',
  'venv/lib/m.py': 'excluded/venv',
  'envs/py311/lib/m.py': 'excluded/pyvenv-cfg',
  'vendor/lib/python3.11/site-packages/pkg/m.py': 'excluded/site-packages',
  'dist/m.py': 'excluded/dist',
  'build/lib/m.py': 'excluded/build',
  '.git/hooks/m.py': 'excluded/git',
};

function workspaceFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'src/app.py': APP_PY,
    'notebooks/demo.ipynb': notebook([
      ['markdown', '# Demo\nUses acme-ai/encoder-base'],
      ['code', '!pip install -q sentence-transformers\nfrom sentence_transformers import SentenceTransformer'],
      ['code', 'st = SentenceTransformer("acme-ai/sentence-encoder")'],
    ]),
    'notebooks/broken.ipynb': '{"cells": [ {"cell_type": "code", "source": ["AutoModel.from_pretrained(\\"acme-ai/in-broken\\")"',
    'web/index.mjs': "import { pipeline } from '@huggingface/transformers';\nconst p = await pipeline('feature-extraction', 'Xenova/all-MiniLM-L6-v2');\n",
    'configs/train.yaml': 'base_model: acme-ai/encoder-base\noutput_dir: ./out\n',
    'local_models.py': LOCAL_MODELS_PY,
    'bert-base-uncased/config.json': '{"model_type": "bert"}\n',
    'acme-ai/finetuned/config.json': '{"model_type": "bert"}\n',
    'experiments/old.py': excludedFile('acme-ai/experimental'),
    'scratch/notes.py': excludedFile('acme-ai/scratch'),
    '.venv/pyvenv.cfg': 'home = /usr/bin\n',
    'envs/py311/pyvenv.cfg': 'home = /usr/bin\n',
  };
  for (const [file, id] of Object.entries(DEFAULT_EXCLUDED)) files[file] = excludedFile(id);
  return files;
}

function parseJson(res: CliResult): JsonReport {
  assert.equal(res.status, 0, `exit ${res.status}; stderr:\n${res.stderr}`);
  try {
    return JSON.parse(res.stdout) as JsonReport;
  } catch (err) {
    throw new Error(`stdout is not JSON (${(err as Error).message}):\n${res.stdout.slice(0, 2000)}`, { cause: err });
  }
}

function ids(report: JsonReport): (string | null)[] {
  return report.references.map((r) => r.modelId);
}

/** 1-based column of `token` on 1-based `line` of `text`. */
function columnOf(text: string, line: number, token: string): number {
  const l = text.split('\n')[line - 1] ?? '';
  const i = l.indexOf(token);
  assert.ok(i >= 0, `${token} not on line ${line}`);
  return i + 1;
}

describe('CLI: ptm-lens scan', function () {
  this.timeout(120_000);
  let sandbox: string;
  let ws: string;
  let report: JsonReport;

  before(function () {
    assertCliBuilt();
    sandbox = makeTempDir();
    ws = path.join(sandbox, 'workspace');
    writeTree(ws, workspaceFiles());
    report = parseJson(runCli(['scan', ws, '--format', 'json'], sandbox));
  });

  after(function () {
    if (sandbox) removeDir(sandbox);
  });

  describe('--format json', function () {
    it('has the documented top-level shape', function () {
      const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      assert.equal(report.tool.name, 'ptm-lens');
      assert.equal(report.tool.version, pkg.version);
      assert.equal(realpathSync(report.root), realpathSync(ws));
      assert.ok(Array.isArray(report.references));
      assert.ok(Array.isArray(report.notices));
    });

    it('finds the references in every supported file type', function () {
      const got = report.references.map((r) => `${r.file} ${r.modelId}`).sort();
      assert.deepEqual(got, [
        'configs/train.yaml acme-ai/encoder-base',
        'experiments/old.py acme-ai/experimental',
        'local_models.py gpt2',
        'notebooks/demo.ipynb acme-ai/sentence-encoder',
        'scratch/notes.py acme-ai/scratch',
        'src/app.py acme-ai/encoder-base',
        'src/app.py acme-ai/encoder-base',
        'src/app.py null',
        'web/index.mjs Xenova/all-MiniLM-L6-v2',
      ]);
    });

    it('gives every reference the documented fields', function () {
      for (const r of report.references) {
        for (const key of ['file', 'line', 'column', 'endLine', 'endColumn', 'call', 'kind', 'modelId', 'resolvedVia', 'revision', 'trustRemoteCode', 'useSafetensors']) {
          assert.ok(key in r, `${r.file}:${r.line} lacks ${key}`);
        }
        assert.ok(!r.file.includes('\\') && !path.isAbsolute(r.file), `file is not a POSIX relative path: ${r.file}`);
        if (r.file.endsWith('.ipynb')) assert.equal(typeof r.cell, 'number');
        else assert.ok(!('cell' in r), `${r.file}:${r.line} has a cell`);
      }
    });

    it('uses 1-based lines and columns, with endColumn one past the last character', function () {
      const lit = report.references.find((r) => r.file === 'src/app.py' && r.resolvedVia === 'literal');
      assert.ok(lit, 'literal reference in src/app.py');
      assert.deepEqual(
        { line: lit.line, column: lit.column, endLine: lit.endLine, endColumn: lit.endColumn },
        { line: 6, column: columnOf(APP_PY, 6, 'acme-ai/'), endLine: 6, endColumn: columnOf(APP_PY, 6, 'acme-ai/') + 'acme-ai/encoder-base'.length },
      );
      assert.equal(lit.column, 36);
      assert.equal(lit.endColumn, 56);
      assert.deepEqual(
        { call: lit.call, kind: lit.kind, resolvedVia: lit.resolvedVia, revision: lit.revision, trustRemoteCode: lit.trustRemoteCode, useSafetensors: lit.useSafetensors },
        { call: 'AutoModel.from_pretrained', kind: 'model', resolvedVia: 'literal', revision: '0123abc', trustRemoteCode: true, useSafetensors: true },
      );

      const constant = report.references.find((r) => r.file === 'src/app.py' && r.resolvedVia === 'constant');
      assert.ok(constant, 'constant reference in src/app.py');
      assert.deepEqual([constant.line, constant.column, constant.endColumn], [5, 43, 51]);
      assert.deepEqual([constant.kind, constant.call, constant.revision, constant.trustRemoteCode], ['tokenizer', 'AutoTokenizer.from_pretrained', null, null]);

      const dynamic = report.references.find((r) => r.file === 'src/app.py' && r.resolvedVia === 'dynamic');
      assert.ok(dynamic, 'dynamic reference in src/app.py');
      assert.deepEqual([dynamic.line, dynamic.column, dynamic.modelId], [7, 35, null]);

      const yaml = report.references.find((r) => r.file === 'configs/train.yaml');
      assert.deepEqual(yaml && [yaml.line, yaml.column, yaml.endColumn, yaml.kind, yaml.call], [1, 13, 33, 'config-key', 'base_model']);

      const js = report.references.find((r) => r.file === 'web/index.mjs');
      assert.deepEqual(js && [js.line, js.column, js.kind, js.call], [2, 49, 'pipeline', 'pipeline']);
    });

    it('reports notebook positions as a 0-based cell with 1-based line and column within it', function () {
      const nb = report.references.find((r) => r.file === 'notebooks/demo.ipynb');
      assert.ok(nb);
      const col = 'st = SentenceTransformer("'.length + 1; // 27
      assert.deepEqual([nb.cell, nb.line, nb.column, nb.endColumn, nb.call, nb.kind], [2, 1, col, col + 'acme-ai/sentence-encoder'.length, 'SentenceTransformer', 'model']);
    });

    it('skips .git, node_modules, virtualenvs, site-packages, dist and build by default', function () {
      const leaked = report.references.filter((r) => (r.modelId ?? '').startsWith('excluded/')).map((r) => `${r.file} ${r.modelId}`);
      assert.deepEqual(leaked, []);
      for (const file of Object.keys(DEFAULT_EXCLUDED)) {
        assert.ok(!report.notices.some((n) => n.file === file), `notice for excluded ${file}`);
      }
    });

    it('does not report ids that name a folder existing in the workspace', function () {
      const local = report.references.filter((r) => r.file === 'local_models.py').map((r) => r.modelId);
      assert.deepEqual(local, ['gpt2']);
    });

    it('reports a broken notebook as a notice for that file and still exits 0', function () {
      const n = report.notices.filter((x) => x.file === 'notebooks/broken.ipynb');
      assert.equal(n.length, 1, JSON.stringify(report.notices));
      assert.ok(n[0]!.kind.length > 0 && n[0]!.message.length > 0);
      assert.ok(!ids(report).includes('acme-ai/in-broken'));
    });
  });

  describe('--exclude', function () {
    it('leaves out matching paths, and is repeatable', function () {
      // Without --exclude both folders are scanned.
      assert.ok(report.references.some((r) => r.file === 'experiments/old.py' && r.modelId === 'acme-ai/experimental'));
      assert.ok(report.references.some((r) => r.file === 'scratch/notes.py' && r.modelId === 'acme-ai/scratch'));

      const one = parseJson(runCli(['scan', ws, '--format', 'json', '--exclude', 'experiments/**'], sandbox));
      assert.ok(!one.references.some((r) => r.file.startsWith('experiments/')), 'experiments/ still scanned');
      assert.ok(one.references.some((r) => r.file === 'scratch/notes.py'), 'scratch/ should still be scanned');

      const two = parseJson(runCli(['scan', ws, '--format', 'json', '--exclude', 'experiments/**', '--exclude', 'scratch/**'], sandbox));
      assert.ok(!two.references.some((r) => r.file.startsWith('experiments/') || r.file.startsWith('scratch/')));
      assert.ok(two.references.some((r) => r.file === 'src/app.py'), 'other files are still scanned');
    });
  });

  describe('--format text', function () {
    function groups(text: string): Map<string, string[]> {
      // A group is a non-indented header line followed by indented lines.
      const out = new Map<string, string[]>();
      let current: string[] | undefined;
      for (const line of text.split('\n')) {
        if (line.trim() === '') {
          current = undefined;
        } else if (/^\S/.test(line)) {
          current = [];
          out.set(line, current);
        } else if (current) {
          current.push(line);
        }
      }
      return out;
    }

    function groupFor(text: string, modelId: string): string[] {
      const headers = [...groups(text).keys()].filter((h) => h === modelId || h.startsWith(`${modelId} `) || h.startsWith(`${modelId}\t`));
      assert.equal(headers.length, 1, `expected exactly one group header for ${modelId} in:\n${text}`);
      return groups(text).get(headers[0]!)!;
    }

    for (const args of [[], ['--format', 'text']]) {
      it(`groups references by model (${args.length ? args.join(' ') : 'default format'})`, function () {
        const res = runCli(['scan', ws, ...args], sandbox);
        assert.equal(res.status, 0, res.stderr);
        const enc = groupFor(res.stdout, 'acme-ai/encoder-base');
        const has = (lines: string[], file: string, line: number): boolean =>
          lines.some((l) => new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\D+${line}\\b`).test(l));
        assert.ok(has(enc, 'src/app.py', 5), `src/app.py:5 not in the group:\n${enc.join('\n')}`);
        assert.ok(has(enc, 'src/app.py', 6), `src/app.py:6 not in the group:\n${enc.join('\n')}`);
        assert.ok(has(enc, 'configs/train.yaml', 1), `configs/train.yaml:1 not in the group:\n${enc.join('\n')}`);
        assert.ok(!enc.some((l) => l.includes('web/index.mjs')), 'another model in the group');
        const xen = groupFor(res.stdout, 'Xenova/all-MiniLM-L6-v2');
        assert.ok(has(xen, 'web/index.mjs', 2));
        const st = groupFor(res.stdout, 'acme-ai/sentence-encoder');
        assert.ok(st.some((l) => l.includes('notebooks/demo.ipynb')));
        assert.ok(!res.stdout.includes('excluded/'), 'default-excluded folders leaked into the text output');
      });
    }
  });

  describe('folder argument', function () {
    it('an empty folder scans to an empty report with exit 0', function () {
      const empty = path.join(sandbox, 'empty-workspace');
      writeTree(empty, { 'nothing-here/': '' });
      const res = parseJson(runCli(['scan', empty, '--format', 'json'], sandbox));
      assert.deepEqual(res.references, []);
      assert.deepEqual(res.notices, []);
    });

    it('defaults to the current directory', function () {
      const res = parseJson(runCli(['scan', '--format', 'json'], sandbox, ws));
      assert.equal(realpathSync(res.root), realpathSync(ws));
      assert.deepEqual(res.references.map((r) => `${r.file}:${r.line}`).sort(), report.references.map((r) => `${r.file}:${r.line}`).sort());
    });
  });

  describe('usage errors exit 2 with a message on stderr', function () {
    it('an unknown flag', function () {
      const res = runCli(['scan', ws, '--bogus-flag'], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /bogus-flag/);
    });

    it('a folder that does not exist', function () {
      const missing = path.join(sandbox, 'no-such-folder');
      const res = runCli(['scan', missing], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /no-such-folder/);
    });

    it('a bad --format', function () {
      const res = runCli(['scan', ws, '--format', 'xml'], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /format|xml/i);
    });

    it('a path that is a file, not a folder', function () {
      const res = runCli(['scan', path.join(ws, 'src', 'app.py')], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /app\.py/);
    });

    it('an option missing its value', function () {
      const res = runCli(['scan', ws, '--exclude'], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /exclude/);
    });

    it('an unknown command', function () {
      const res = runCli(['frobnicate', ws], sandbox);
      assert.equal(res.status, 2, `exit ${res.status}`);
      assert.match(res.stderr, /frobnicate/);
    });
  });

  describe('file size cap', function () {
    let big: string;
    before(function () {
      big = path.join(sandbox, 'big-workspace');
      writeTree(big, { 'small.py': excludedFile('acme-ai/small-file') });
      // ~24 MB of valid Python with a reference at the very end.
      const chunk = `# ${'x'.repeat(1020)}\n`.repeat(1024); // 1 MiB
      writeFileSync(path.join(big, 'big.py'), chunk.repeat(24) + 'm = AutoModel.from_pretrained("acme-ai/in-huge-file")\n');
    });

    it('reports a too-large file as a too-large notice, not silently, and scans the rest', function () {
      const res = parseJson(runCli(['scan', big, '--format', 'json'], sandbox));
      const n = res.notices.find((x) => x.file === 'big.py');
      assert.ok(n, `no notice for big.py: ${JSON.stringify(res.notices)}`);
      assert.equal(n.kind, 'too-large');
      assert.ok(n.message.length > 0);
      assert.ok(!ids(res).includes('acme-ai/in-huge-file'));
      assert.deepEqual(ids(res), ['acme-ai/small-file']);
    });
  });
});
