/**
 * The fixture Hub (test/hub-fixture) behaves like the Hugging Face Hub of REFERENCE.md §1–§3, and its records
 * are consistent. Written from the reference, not from the server code.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HubApiError, fileDownloadInfo, listCommits, listFiles, modelInfo, pathsInfo } from '@huggingface/hub';
import {
  APPROVED_TOKEN,
  DEFAULT_TOKEN,
  MISSING_MODEL_ID,
  OWNER_TOKEN,
  READMES_DIR,
  SENTINEL_CREATED_AT,
  VALID_EXPAND_KEYS,
  bundledRecord,
  loadBundledRecords,
  loadNamespaces,
  startFixtureHub,
  type FixtureHub,
  type ModelRecord,
} from '../hub-fixture/server.js';

const BERT = 'google-bert/bert-base-uncased';
const LLAMA = 'meta-llama/Llama-2-7b-hf';
const HEX40 = /^[0-9a-f]{40}$/;
const auth = (token = DEFAULT_TOKEN) => ({ headers: { Authorization: `Bearer ${token}` } });

function strip(rec: ModelRecord): Record<string, unknown> {
  const { _fixture: _drop, ...rest } = rec;
  return rest;
}

describe('fixture Hub', () => {
  let hub: FixtureHub;
  const get = (p: string, init?: RequestInit) => fetch(hub.url + p, init);
  const json = async (p: string, init?: RequestInit) => {
    const r = await get(p, init);
    return { r, body: (await r.json()) as Record<string, unknown> };
  };

  before(async () => {
    hub = await startFixtureHub();
  });
  after(async () => {
    await hub.close();
  });
  afterEach(() => {
    hub.faults.clear();
  });

  describe('records', () => {
    const records = loadBundledRecords();
    const byId = new Map(records.map((r) => [r.id, r]));

    it('holds at least 25 records, including every id the brief and the demo workspace name', () => {
      assert.ok(records.length >= 25, `${records.length} records`);
      for (const id of [
        'aurora-labs/aurora-sentiment-base', BERT, 'openai-community/gpt2', 'distilbert/distilbert-base-uncased',
        'distilbert/distilbert-base-uncased-finetuned-sst-2-english', LLAMA, 'tiiuae/falcon-7b',
        'nlptown/bert-base-multilingual-uncased-sentiment', 'mcpotato/42-eicar-street', 'openai/whisper-tiny',
        'textattack/bert-base-uncased-imdb', 'Qwen/Qwen-7B', 'kestrel-nlp/legal-bert-small-fr', 'facebook/nllb-200-distilled-600M',
        'jdoe-ml/llama2-7b-customer-support', 'bigscience/bloom-560m', 'google/gemma-2b', 'Ultralytics/YOLOv8',
        'spam-uploader/free-gpt5-weights', 'meta-IIama/Llama-2-7b-hf', 'kevin-dev/bert-finetuned-ner', 'aurora-labs/aurora-sentiment-base-v1',
        'microsoft/resnet-50', 'timm/resnet50.a1_in1k', 'google/vit-base-patch16-224', 'facebook/dinov2-small', 'facebook/convnext-tiny-224',
        'tloen/alpaca-lora-7b', 'sentence-transformers/all-MiniLM-L6-v2', 'mistralai/Mistral-7B-v0.1',
        'Xenova/distilbert-base-uncased-finetuned-sst-2-english', 'KBLab/bert-base-swedish-cased', 'acme-corp/internal-ranker',
      ]) {
        assert.ok(byId.has(id), id);
      }
      assert.ok(!byId.has(MISSING_MODEL_ID));
    });

    it('are internally consistent (shas, siblings, files, commits, tags, readmes)', () => {
      for (const rec of records) {
        const fx = rec._fixture;
        const at = `${rec.id}:`;
        assert.match(rec._id, /^[0-9a-f]{24}$/, at);
        assert.equal(rec.modelId, rec.id, at);
        assert.equal(rec.author, rec.id.split('/')[0], at);
        assert.match(rec.sha, HEX40, at);
        assert.equal(fx.commits[0]!.id, rec.sha, at);
        assert.equal(fx.commits[0]!.date, rec.lastModified, at);
        for (const c of fx.commits) assert.match(c.id, HEX40, `${at} commit`);
        const dates = fx.commits.map((c) => Date.parse(c.date));
        assert.deepEqual([...dates].sort((a, b) => b - a), dates, `${at} commits newest first`);
        assert.ok(!Number.isNaN(Date.parse(rec.createdAt as string)), at);
        if (rec.createdAt !== SENTINEL_CREATED_AT) assert.equal(rec._id.slice(0, 8), Math.floor(Date.parse(rec.createdAt as string) / 1000).toString(16), `${at} _id time`);
        assert.ok([false, 'auto', 'manual'].includes(rec.gated as string | false), at);
        assert.equal(typeof rec.downloads, 'number', at);
        assert.equal(typeof rec.likes, 'number', at);
        const siblings = (rec.siblings as { rfilename: string }[]).map((s) => s.rfilename);
        assert.deepEqual(siblings, fx.files.map((f) => f.path), `${at} siblings = files`);
        assert.deepEqual(siblings, [...siblings].sort(), `${at} siblings sorted`);
        const commitIds = new Set(fx.commits.map((c) => c.id));
        for (const f of fx.files) {
          assert.match(f.oid, HEX40, `${at}${f.path}`);
          assert.equal(typeof f.size, 'number', `${at}${f.path}`);
          if (f.lfs) assert.match(f.lfs.oid, /^[0-9a-f]{64}$/, `${at}${f.path}`);
          if (f.lastCommit) assert.ok(commitIds.has(f.lastCommit), `${at}${f.path} lastCommit`);
        }
        for (const target of [...Object.values(fx.refs?.branches ?? {}), ...Object.values(fx.refs?.tags ?? {})]) assert.ok(commitIds.has(target), `${at} ref`);
        const paths = new Set(siblings);
        for (const issue of fx.securityRepoStatus.filesWithIssues) assert.ok(paths.has(issue.path), `${at} ${issue.path}`);
        assert.equal(paths.has('README.md'), fx.readme !== false, `${at} README.md iff readme`);
        if (fx.readme) assert.ok(existsSync(path.join(READMES_DIR, fx.readme)), `${at} readme file`);
        const card = rec.cardData as { license?: string | string[] } | undefined;
        const licenses = card?.license === undefined ? [] : ([] as string[]).concat(card.license);
        for (const l of licenses) assert.ok((rec.tags as string[]).includes(`license:${l}`), `${at} license tag`);
        if ((rec.config as { auto_map?: unknown } | undefined)?.auto_map) assert.ok((rec.tags as string[]).includes('custom_code'), `${at} custom_code`);
        assert.ok(typeof fx.exercises === 'string' && fx.exercises.length > 0, `${at} exercises`);
      }
    });

    it('cover the signals the brief lists', () => {
      const r = (id: string) => byId.get(id)!;
      const clean = r('aurora-labs/aurora-sentiment-base');
      assert.equal(clean._fixture.securityRepoStatus.scansDone, true);
      assert.deepEqual(clean._fixture.securityRepoStatus.filesWithIssues, []);
      assert.ok(!(clean.siblings as { rfilename: string }[]).some((s) => /\.(bin|pt|pth|pkl|ckpt|h5)$/.test(s.rfilename)));
      assert.notEqual(clean.createdAt, SENTINEL_CREATED_AT);
      assert.equal((clean.cardData as { license: string }).license, 'apache-2.0');
      assert.ok(Array.isArray(clean['model-index']));
      const cleanCard = readFileSync(path.join(READMES_DIR, clean._fixture.readme as string), 'utf8');
      for (const section of ['## Uses', '## Bias, Risks, and Limitations', '## How to Get Started', '### Training Data', '### Training Procedure', '#### Training Hyperparameters', '### Results', '## Environmental Impact', '## Citation']) {
        assert.ok(cleanCard.includes(section), section);
      }
      assert.ok(!cleanCard.includes('[More Information Needed]'));
      assert.deepEqual(strip(r(BERT)).tags, ['transformers', 'pytorch', 'tf', 'jax', 'rust', 'coreml', 'onnx', 'safetensors', 'bert', 'fill-mask', 'exbert', 'en', 'dataset:bookcorpus', 'dataset:wikipedia', 'arxiv:1810.04805', 'license:apache-2.0', 'endpoints_compatible', 'deploy:azure', 'region:us']);
      assert.equal(r(BERT).createdAt, SENTINEL_CREATED_AT);
      assert.equal(r(BERT)['model-index'], null);
      assert.equal(r(LLAMA).gated, 'manual');
      assert.ok((r('tiiuae/falcon-7b').tags as string[]).includes('custom_code'));
      assert.equal(r('nlptown/bert-base-multilingual-uncased-sentiment').safetensors, undefined);
      assert.equal(r('openai/whisper-tiny')._fixture.securityRepoStatus.scansDone, false);
      assert.deepEqual(r('mcpotato/42-eicar-street')._fixture.securityRepoStatus.filesWithIssues.map((i) => i.level).sort(), ['caution', 'unsafe', 'unsafe', 'unsafe']);
      assert.equal(r('textattack/bert-base-uncased-imdb').cardData, undefined);
      assert.equal((r('Qwen/Qwen-7B').cardData as { license: string }).license, 'other');
      assert.equal((r('facebook/nllb-200-distilled-600M').cardData as { license: string }).license, 'cc-by-nc-4.0');
      assert.equal((r('jdoe-ml/llama2-7b-customer-support').cardData as { base_model: string }).base_model, LLAMA);
      assert.equal((r('google/gemma-2b').cardData as { license: string }).license, 'gemma');
      assert.equal((r('Ultralytics/YOLOv8').cardData as { license: string }).license, 'agpl-3.0');
      assert.equal(r('spam-uploader/free-gpt5-weights').disabled, true);
      assert.equal((r('aurora-labs/aurora-sentiment-base-v1').cardData as { new_version: string }).new_version, 'aurora-labs/aurora-sentiment-base');
      assert.equal((r('timm/resnet50.a1_in1k').config as { model_type?: string }).model_type, undefined);
      assert.equal(r('Xenova/distilbert-base-uncased-finetuned-sst-2-english').library_name, 'transformers.js');
    });

    it('has an owner overview for every namespace, verified for the big organisations', () => {
      const ns = loadNamespaces();
      for (const rec of records) assert.ok(ns[rec.author as string], `${rec.author}`);
      for (const org of ['google', 'google-bert', 'meta-llama', 'microsoft', 'mistralai', 'openai', 'openai-community', 'facebook', 'distilbert', 'timm', 'sentence-transformers', 'aurora-labs']) {
        assert.equal(ns[org]!.type, 'org', org);
        assert.equal(ns[org]!.isVerified, true, org);
      }
      for (const u of ['Xenova', 'tloen', 'meta-IIama']) assert.equal(ns[u]!.type, 'user', u);
      assert.ok(Date.parse(ns['meta-IIama']!.createdAt as string) > Date.parse('2025-01-01'));
    });
  });

  describe('model info', () => {
    it('returns the full record without _fixture, with JSON content type and X-Request-Id', async () => {
      const { r, body } = await json(`/api/models/${BERT}`);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.match(r.headers.get('x-request-id') ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      assert.deepEqual(body, strip(bundledRecord(BERT)));
      assert.equal(body._fixture, undefined);
    });

    it('filters with expand=a&expand=b and expand[]=a, always adding _id and id', async () => {
      const { body } = await json(`/api/models/${BERT}?expand=sha&expand=cardData`);
      assert.deepEqual(Object.keys(body).sort(), ['_id', 'cardData', 'id', 'sha']);
      const { body: b2 } = await json(`/api/models/${BERT}?expand[]=likes`);
      assert.deepEqual(b2, { _id: '621ffdc036468d709f174338', id: BERT, likes: 2498 });
      const { body: b3 } = await json(`/api/models/jdoe-ml/llama2-7b-customer-support?expand=baseModels&expand=downloadsAllTime`);
      assert.deepEqual(b3.baseModels, { relation: 'finetune', models: [{ _id: bundledRecord(LLAMA)._id, id: LLAMA }] });
      assert.equal(typeof b3.downloadsAllTime, 'number');
      const { body: full } = await json('/api/models/jdoe-ml/llama2-7b-customer-support');
      assert.equal(full.baseModels, undefined, 'baseModels only with expand');
    });

    it('answers 400 listing the valid keys for an invalid expand key', async () => {
      const { r, body } = await json(`/api/models/${BERT}?expand=sha&expand=securityRepoStatus`);
      assert.equal(r.status, 400);
      for (const k of VALID_EXPAND_KEYS) assert.ok(String(body.error).includes(k), k);
      assert.equal(VALID_EXPAND_KEYS.length, 32);
    });

    it('adds securityRepoStatus with securityStatus=true and serves /scan', async () => {
      const { body } = await json('/api/models/mcpotato/42-eicar-street?securityStatus=true');
      const s = body.securityRepoStatus as { scansDone: boolean; filesWithIssues: { level: string }[] };
      assert.equal(s.scansDone, true);
      assert.ok(s.filesWithIssues.some((f) => f.level === 'unsafe') && s.filesWithIssues.some((f) => f.level === 'caution'));
      const { body: scan } = await json('/api/models/openai/whisper-tiny/scan');
      assert.deepEqual(scan, { scansDone: false, filesWithIssues: [] });
      const { body: plain } = await json(`/api/models/${BERT}`);
      assert.equal(plain.securityRepoStatus, undefined);
    });

    it('returns the record as at a revision; unknown revisions are 404 RevisionNotFound', async () => {
      const old = 'dd4bc8b21efa05ec961e3efc4ee5e3832a3679c7';
      const { body } = await json(`/api/models/${BERT}/revision/${old}`);
      assert.equal(body.sha, old);
      assert.deepEqual((body.siblings as { rfilename: string }[]).map((s) => s.rfilename), ['.gitattributes', 'config.json', 'pytorch_model.bin', 'tf_model.h5', 'vocab.txt']);
      assert.equal((await json(`/api/models/${BERT}/revision/main`)).body.sha, '86b5e0934494bd15c9632b12f734a8a67f723594');
      assert.equal((await json(`/api/models/${BERT}/revision/refs%2Fheads%2Fmain`)).body.sha, '86b5e0934494bd15c9632b12f734a8a67f723594');
      const clean = bundledRecord('aurora-labs/aurora-sentiment-base');
      assert.equal((await json(`/api/models/${clean.id}/revision/v1.0?expand=sha`)).body.sha, clean._fixture.refs!.tags!['v1.0']);
      const bad = await get(`/api/models/${BERT}/revision/${'0'.repeat(40)}`);
      assert.equal(bad.status, 404);
      assert.equal(bad.headers.get('x-error-code'), 'RevisionNotFound');
      assert.equal((await get(`/api/models/${BERT}/revision/no-such-branch`)).status, 404);
      assert.equal((await json(`/api/models/openai-community/gpt2/revision/f27b190eeac4c2302d24068eabf5e9d6044389ae?expand=sha`)).body.sha, 'f27b190eeac4c2302d24068eabf5e9d6044389ae');
    });

    it('redirects renamed ids with a relative 307 that keeps the rest of the path and query', async () => {
      const r = await get('/api/models/bert-base-uncased/revision/main?expand=sha&expand=likes', { redirect: 'manual' });
      assert.equal(r.status, 307);
      assert.equal(r.headers.get('location'), `/api/models/${BERT}/revision/main?expand=sha&expand=likes`);
      assert.ok(r.headers.get('x-request-id'));
      const followed = await get('/api/models/bert-base-uncased?expand=sha');
      assert.equal(followed.status, 200);
      assert.equal(followed.url, `${hub.url}/api/models/${BERT}?expand=sha`);
      assert.equal(((await followed.json()) as { id: string }).id, BERT);
      for (const [old, now] of [['gpt2', 'openai-community/gpt2'], ['distilbert-base-uncased', 'distilbert/distilbert-base-uncased'], ['KB/bert-base-swedish-cased', 'KBLab/bert-base-swedish-cased']]) {
        const rr = await get(`/api/models/${old}`, { redirect: 'manual' });
        assert.equal(rr.status, 307, old);
        assert.equal(rr.headers.get('location'), `/api/models/${now}`);
      }
      const raw = await get('/KB/bert-base-swedish-cased/raw/main/README.md', { redirect: 'manual' });
      assert.equal(raw.headers.get('location'), '/KBLab/bert-base-swedish-cased/raw/main/README.md');
      const res = await get('/gpt2/resolve/main/config.json', { redirect: 'manual' });
      assert.equal(res.status, 307);
      assert.equal(res.headers.get('location'), '/openai-community/gpt2/resolve/main/config.json');
    });

    it('tells anonymous 401 from authenticated 404 for missing and private repos, and rejects invalid tokens', async () => {
      const anon = await get(`/api/models/${MISSING_MODEL_ID}`);
      assert.equal(anon.status, 401);
      assert.equal(anon.headers.get('x-error-code'), 'RepoNotFound');
      const authed = await get(`/api/models/${MISSING_MODEL_ID}`, auth());
      assert.equal(authed.status, 404);
      assert.equal(authed.headers.get('x-error-code'), 'RepoNotFound');
      assert.deepEqual(await authed.json(), { error: 'Repository not found' });
      const caseless = await json('/api/models/Google-BERT/BERT-base-uncased?expand=sha');
      assert.equal(caseless.body.id, BERT, 'ids match case-insensitively and answer with the canonical id');
      assert.equal((await get('/api/whoami-v2', auth())).status, 200);
      assert.equal((await get('/api/whoami-v2')).status, 401);
      const bad = await get(`/api/models/${BERT}`, auth('hf_not_the_token'));
      assert.equal(bad.status, 401);
      assert.equal(bad.headers.get('x-error-message'), 'Invalid credentials in Authorization header');
      assert.equal((await get('/api/models/acme-corp/internal-ranker')).status, 401);
      assert.equal((await get('/api/models/acme-corp/internal-ranker', auth())).status, 404);
      const owner = await startFixtureHub({ token: [DEFAULT_TOKEN, OWNER_TOKEN] });
      try {
        const r = await fetch(`${owner.url}/api/models/acme-corp/internal-ranker`, auth(OWNER_TOKEN));
        assert.equal(r.status, 200);
        assert.equal(((await r.json()) as { private: boolean }).private, true);
      } finally {
        await owner.close();
      }
    });

    it('serves gated metadata but gates files: 401 anonymous, 403 unapproved, 200 approved', async () => {
      const { r, body } = await json(`/api/models/${LLAMA}`);
      assert.equal(r.status, 200);
      assert.equal(body.gated, 'manual');
      assert.ok((body.cardData as Record<string, unknown>).extra_gated_fields);
      const anon = await get(`/${LLAMA}/resolve/main/config.json`);
      assert.equal(anon.status, 401);
      assert.equal(anon.headers.get('x-error-code'), 'GatedRepo');
      const unapproved = await get(`/${LLAMA}/raw/main/config.json`, auth());
      assert.equal(unapproved.status, 403);
      assert.equal(unapproved.headers.get('x-error-code'), 'GatedRepo');
      assert.equal((await json('/api/models/google/gemma-2b?expand=gated')).body.gated, 'auto');
      const approved = await startFixtureHub({ token: [DEFAULT_TOKEN, APPROVED_TOKEN] });
      try {
        const ok = await fetch(`${approved.url}/${LLAMA}/resolve/main/config.json`, auth(APPROVED_TOKEN));
        assert.equal(ok.status, 200);
        assert.equal(((await ok.json()) as { model_type: string }).model_type, 'llama');
      } finally {
        await approved.close();
      }
    });

    it('answers 403 "Access to this resource is disabled." for a disabled repo', async () => {
      for (const p of ['/api/models/spam-uploader/free-gpt5-weights', '/spam-uploader/free-gpt5-weights/raw/main/README.md']) {
        const r = await get(p, auth());
        assert.equal(r.status, 403, p);
        assert.equal(r.headers.get('x-error-message'), 'Access to this resource is disabled.');
        assert.equal(r.headers.get('x-error-code'), null);
      }
    });

    it('works with @huggingface/hub modelInfo (fields, revision, legacy name, errors)', async () => {
      const additionalFields = ['author', 'cardData', 'config', 'createdAt', 'disabled', 'library_name', 'model-index', 'safetensors', 'sha', 'spaces', 'tags', 'transformersInfo', 'downloadsAllTime'] as const;
      const info = await modelInfo({ name: BERT, hubUrl: hub.url, additionalFields: [...additionalFields] });
      assert.equal(info.id, '621ffdc036468d709f174338');
      assert.equal(info.name, BERT);
      assert.equal(info.task, 'fill-mask');
      assert.equal(info.likes, 2498);
      assert.equal(info.downloads, 60478923);
      assert.equal(info.gated, false);
      assert.equal(info.private, false);
      assert.equal(info.updatedAt.toISOString(), '2024-02-19T11:06:12.000Z');
      assert.equal(info.sha, '86b5e0934494bd15c9632b12f734a8a67f723594');
      assert.equal(info.createdAt, SENTINEL_CREATED_AT);
      assert.equal(info['model-index'], null);
      assert.equal(typeof info.downloadsAllTime, 'number');
      assert.deepEqual(info.safetensors, { parameters: { F32: 110106428 }, total: 110106428 });
      const pinned = await modelInfo({ name: 'openai-community/gpt2', hubUrl: hub.url, revision: 'f27b190eeac4c2302d24068eabf5e9d6044389ae', additionalFields: ['sha'] });
      assert.equal(pinned.sha, 'f27b190eeac4c2302d24068eabf5e9d6044389ae');
      const legacy = await modelInfo({ name: 'bert-base-uncased', hubUrl: hub.url, accessToken: DEFAULT_TOKEN });
      assert.equal(legacy.name, BERT);
      const redirected = hub.requests.filter((q) => q.path === '/api/models/bert-base-uncased/revision/HEAD');
      assert.equal(redirected.at(-1)?.status, 307);
      await assert.rejects(modelInfo({ name: MISSING_MODEL_ID, hubUrl: hub.url }), (e: unknown) => e instanceof HubApiError && e.statusCode === 401 && !!e.requestId);
      await assert.rejects(modelInfo({ name: MISSING_MODEL_ID, hubUrl: hub.url, accessToken: DEFAULT_TOKEN }), (e: unknown) => e instanceof HubApiError && e.statusCode === 404);
    });
  });

  describe('files', () => {
    it('lists the tree like the Hub: root, recursive, expand with lastCommit and securityFileStatus', async () => {
      const { body } = await json(`/api/models/${BERT}/tree/dd4bc8b21efa05ec961e3efc4ee5e3832a3679c7`);
      const entries = body as unknown as Record<string, unknown>[];
      assert.deepEqual(entries.map((e) => e.path), ['.gitattributes', 'config.json', 'pytorch_model.bin', 'tf_model.h5', 'vocab.txt']);
      assert.deepEqual(entries.find((e) => e.path === 'pytorch_model.bin'), {
        type: 'file', oid: 'ba5d19791be1dd7992e33bd61f20207b0f7f50a5', size: 440473133, path: 'pytorch_model.bin',
        lfs: { oid: '097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a', size: 440473133, pointerSize: 134 },
        xetHash: '2d8408d3a894d02517d04956e2f7546ff08362594072f3527ce144b5212a3296',
      });
      const root = (await json(`/api/models/${BERT}/tree/main`)).body as unknown as Record<string, unknown>[];
      assert.deepEqual(root.filter((e) => e.type === 'directory').map((e) => e.path), ['coreml']);
      const deep = (await json(`/api/models/${BERT}/tree/main/coreml?recursive=true`)).body as unknown as Record<string, unknown>[];
      assert.ok(deep.some((e) => e.path === 'coreml/fill-mask/float32_model.mlpackage/Manifest.json'));
      const exp = (await json(`/api/models/${BERT}/tree/main?expand=true`)).body as unknown as Record<string, { id?: string; title?: string; status?: string; pickleImportScan?: { pickleImports?: unknown[] } }>[];
      const ga = exp.find((e) => (e as unknown as { path: string }).path === '.gitattributes')!;
      assert.deepEqual(ga.lastCommit, { id: '504939aa53e8ce310dba3dd2296dbe266c575de4', title: 'initial commit', date: '2018-11-14T23:35:08.000Z' });
      const bin = exp.find((e) => (e as unknown as { path: string }).path === 'pytorch_model.bin')!;
      assert.equal(bin.securityFileStatus!.status, 'safe');
      assert.ok(Array.isArray(bin.securityFileStatus!.pickleImportScan!.pickleImports));
      const eicar = (await json('/api/models/mcpotato/42-eicar-street/tree/main?expand=true')).body as unknown as { path: string; securityFileStatus: { status: string; pickleImportScan: { pickleImports?: { safety: string }[] } } }[];
      assert.equal(eicar.find((e) => e.path === 'eicar_test_file')!.securityFileStatus.status, 'unsafe');
      assert.equal(eicar.find((e) => e.path === 'sklearn_model.joblib')!.securityFileStatus.status, 'caution');
      assert.ok(eicar.find((e) => e.path === 'pytorch_model.bin')!.securityFileStatus.pickleImportScan.pickleImports!.some((i) => i.safety === 'dangerous'));
      const missing = await get(`/api/models/${BERT}/tree/main/nope`);
      assert.equal(missing.status, 404);
      const infos = await pathsInfo({ repo: BERT, paths: ['config.json', 'coreml', 'absent.txt'], expand: true, hubUrl: hub.url });
      assert.deepEqual(infos.map((i) => [i.path, i.type]), [['config.json', 'file'], ['coreml', 'directory']]);
      assert.ok(infos[0]!.lastCommit && infos[0]!.securityFileStatus);
    });

    it('adds sizes and LFS hashes to siblings with blobs=true', async () => {
      const { body } = await json('/api/models/openai/whisper-tiny?expand=siblings&blobs=true');
      const sib = (body.siblings as { rfilename: string; size: number; blobId: string; lfs?: { sha256: string } }[]).find((s) => s.rfilename === 'model.safetensors')!;
      assert.equal(sib.size, 151061672);
      assert.match(sib.blobId, HEX40);
      assert.match(sib.lfs!.sha256, /^[0-9a-f]{64}$/);
    });

    it('paginates the tree with absolute Link headers that @huggingface/hub listFiles follows', async () => {
      const small = await startFixtureHub({ treePageSize: 4, treeExpandPageSize: 3 });
      try {
        const first = await fetch(`${small.url}/api/models/${BERT}/tree/main?recursive=true`);
        const link = first.headers.get('link') ?? '';
        assert.match(link, new RegExp(`^<${small.url.replace(/[.]/g, '\\.')}/api/models/${BERT}/tree/main\\?recursive=true&cursor=[^>]+>; rel="next"$`));
        assert.equal(((await first.json()) as unknown[]).length, 4);
        const all: string[] = [];
        for await (const f of listFiles({ repo: BERT, hubUrl: small.url, recursive: true })) all.push(f.path);
        const expected = bundledRecord(BERT)._fixture.files.map((f) => f.path);
        for (const p of expected) assert.ok(all.includes(p), p);
        assert.equal(new Set(all).size, all.length);
        let expanded = 0;
        for await (const f of listFiles({ repo: 'sentence-transformers/all-MiniLM-L6-v2', hubUrl: small.url, recursive: true, expand: true })) {
          if (f.type === 'file') assert.ok(f.lastCommit && f.securityFileStatus, f.path);
          expanded++;
        }
        assert.ok(expanded > 3);
        assert.ok(small.requests.filter((q) => q.path.includes('all-MiniLM-L6-v2/tree')).length > 1);
      } finally {
        await small.close();
      }
    });

    it('lists refs and commits (X-Total-Count, Link, the first commit on the last page)', async () => {
      const { body } = await json('/api/models/openai/whisper-tiny/refs');
      assert.deepEqual(body, { tags: [], branches: [{ name: 'main', ref: 'refs/heads/main', targetCommit: '169d4a4341b33bc18d8881c4b69c2e104e1cc0af' }], converts: [] });
      const r = await get(`/api/models/${BERT}/commits/main?limit=1`);
      const total = Number(r.headers.get('x-total-count'));
      assert.equal(total, bundledRecord(BERT)._fixture.commits.length);
      assert.match(r.headers.get('link') ?? '', /p=1/);
      const last = (await (await get(`/api/models/${BERT}/commits/main?limit=1&p=${total - 1}`)).json()) as { id: string; title: string; date: string; authors: unknown[] }[];
      assert.equal(last[0]!.id, '504939aa53e8ce310dba3dd2296dbe266c575de4');
      assert.equal(last[0]!.date, '2018-11-14T23:35:08.000Z');
      const viaHub: string[] = [];
      for await (const c of listCommits({ repo: BERT, hubUrl: hub.url, batchSize: 2 })) viaHub.push(c.oid);
      assert.deepEqual(viaHub, bundledRecord(BERT)._fixture.commits.map((c) => c.id));
    });

    it('serves the raw README as markdown, 404 EntryNotFound without a card, and resolves files', async () => {
      const r = await get(`/${BERT}/raw/main/README.md`);
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-type') ?? '', /^text\/markdown/);
      const text = await r.text();
      assert.match(text, /^---\n[\s\S]*?license: apache-2.0[\s\S]*?\n---\n/);
      const none = await get('/textattack/bert-base-uncased-imdb/raw/main/README.md');
      assert.equal(none.status, 404);
      assert.equal(none.headers.get('x-error-code'), 'EntryNotFound');
      assert.equal((await get('/api/models/openai/whisper-tiny/readme')).status, 404);

      const small = await get(`/${BERT}/resolve/main/config.json`, { redirect: 'manual' });
      assert.equal(small.status, 307);
      assert.equal(small.headers.get('location'), `/api/resolve-cache/models/${BERT}/86b5e0934494bd15c9632b12f734a8a67f723594/config.json`);
      assert.equal(small.headers.get('x-repo-commit'), '86b5e0934494bd15c9632b12f734a8a67f723594');
      const cfg = (await (await get(`/${BERT}/resolve/main/config.json`)).json()) as { model_type: string };
      assert.equal(cfg.model_type, 'bert');

      const big = await get(`/${BERT}/resolve/main/model.safetensors`, { redirect: 'manual' });
      assert.equal(big.status, 302);
      assert.ok(big.headers.get('location')!.startsWith(hub.otherOrigin.url + '/repos/'));
      assert.equal(big.headers.get('x-linked-size'), '440449768');
      assert.match(big.headers.get('x-linked-etag') ?? '', /^"[0-9a-f]{64}"$/);
      const ranged = await get(`/${BERT}/resolve/main/model.safetensors`, { headers: { Range: 'bytes=0-9' } });
      assert.equal(ranged.status, 206);
      assert.equal(ranged.headers.get('content-range'), 'bytes 0-9/440449768');
      assert.equal((await ranged.arrayBuffer()).byteLength, 10);
      const pointer = await (await get(`/${BERT}/raw/main/pytorch_model.bin`)).text();
      assert.match(pointer, /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:097417381d6c7230bd9e3557456d726de6e83245ec8b24f529f60198a67b203a\nsize 440473133\n$/);
      const info = await fileDownloadInfo({ repo: BERT, path: 'config.json', hubUrl: hub.url });
      assert.ok(info && info.size > 0 && info.etag);
      assert.equal((await get(`/${BERT}/resolve/main/nope.txt`)).status, 404);
    });

    it('serves organisation and user overviews', async () => {
      const { r, body } = await json('/api/organizations/google/overview');
      assert.equal(r.status, 200);
      assert.equal(body.isVerified, true);
      for (const k of ['name', 'fullname', 'numModels', 'numUsers', 'plan']) assert.ok(k in body, k);
      assert.equal((await get('/api/organizations/Xenova/overview')).status, 404);
      const user = await json('/api/users/meta-IIama/overview');
      assert.equal(user.r.status, 200);
      assert.equal(user.body.user, 'meta-IIama');
      assert.equal((await get('/api/users/google/overview')).status, 404);
      assert.equal((await get('/api/organizations/KB/overview')).status, 404);
    });

    it('sends X-Request-Id and RateLimit headers on every kind of response', async () => {
      const paths = [`/api/models/${BERT}`, `/api/models/${MISSING_MODEL_ID}`, '/bert-base-uncased/raw/main/README.md', `/${BERT}/resolve/main/config.json`, '/api/nope', '/nope'];
      for (const p of paths) {
        const r = await get(p, { redirect: 'manual' });
        assert.ok(r.headers.get('x-request-id'), p);
        await r.arrayBuffer();
      }
      const r = await get(`/api/models/${BERT}?expand=sha`);
      assert.match(r.headers.get('ratelimit') ?? '', /^"api";r=\d+;t=\d+$/);
      assert.match(r.headers.get('ratelimit-policy') ?? '', /^"fixed window";"api";q=500;w=300$/);
      const etag = r.headers.get('etag')!;
      assert.equal((await get(`/api/models/${BERT}?expand=sha`, { headers: { 'If-None-Match': etag } })).status, 304);
    });

    it('enforces quotas when asked and delays responses by latencyMs', async () => {
      const limited = await startFixtureHub({ rateLimit: { api: 2 }, latencyMs: 30 });
      try {
        const t0 = Date.now();
        assert.equal((await fetch(`${limited.url}/api/models/${BERT}?expand=sha`)).status, 200);
        assert.ok(Date.now() - t0 >= 25);
        assert.equal((await fetch(`${limited.url}/api/models/${BERT}?expand=sha`)).status, 200);
        const r = await fetch(`${limited.url}/api/models/${BERT}?expand=sha`);
        assert.equal(r.status, 429);
        assert.match(r.headers.get('ratelimit') ?? '', /^"api";r=0;t=\d+$/);
      } finally {
        await limited.close();
      }
    });
  });

  describe('faults', () => {
    const target = `/api/models/${BERT}`;

    it('status: 429 with RateLimit + RateLimit-Policy, with Retry-After only, then recovers', async () => {
      const f = hub.faults.inject({ kind: 'status', status: 429, rateLimit: { resetSeconds: 7 } }, { times: 1, pathPrefix: '/api/models/' });
      const r = await get(target);
      assert.equal(r.status, 429);
      assert.equal(r.headers.get('ratelimit'), '"api";r=0;t=7');
      assert.equal(r.headers.get('ratelimit-policy'), '"fixed window";"api";q=500;w=300');
      assert.equal(r.headers.get('retry-after'), null);
      assert.ok(r.headers.get('x-request-id'));
      assert.equal(f.hits, 1);
      assert.equal(f.remaining, 0);
      assert.equal((await get(target)).status, 200);
      hub.faults.inject({ kind: 'status', status: 429, rateLimit: false, retryAfter: 3 }, { times: 1 });
      const r2 = await get(target);
      assert.equal(r2.status, 429);
      assert.equal(r2.headers.get('ratelimit'), null);
      assert.equal(r2.headers.get('retry-after'), '3');
      assert.equal(hub.requests.at(-1)!.fault, 'status');
    });

    it('status: 500/502/503 for N requests, scoped by path prefix', async () => {
      hub.faults.inject({ kind: 'status', status: 503 }, { times: 2, pathPrefix: `/api/models/${BERT}` });
      hub.faults.inject({ kind: 'status', status: 502, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'Content-Type': 'text/html' } }, { times: 1, pathPrefix: '/api/models/openai' });
      assert.equal((await get('/api/models/openai-community/gpt2?expand=sha')).status, 502);
      assert.equal((await get(target)).status, 503);
      assert.equal((await get('/api/models/openai/whisper-tiny?expand=sha')).status, 200, 'other paths unaffected');
      assert.equal((await get(target)).status, 503);
      assert.equal((await get(target)).status, 200);
      const forever = hub.faults.inject({ kind: 'status', status: 500 });
      assert.equal((await get('/api/organizations/google/overview')).status, 500);
      assert.equal((await get(target)).status, 500);
      forever.remove();
      assert.equal((await get(target)).status, 200);
    });

    it('reset: the socket is destroyed without a response', async () => {
      hub.faults.inject({ kind: 'reset' }, { times: 1 });
      await assert.rejects(get(target), TypeError);
      await hub.settled();
      assert.equal(hub.requests.at(-1)!.status, 0);
    });

    it('hang: no response until the client aborts', async () => {
      hub.faults.inject({ kind: 'hang' }, { times: 1 });
      const ac = new AbortController();
      const pending = get(`${target}?hang=1`, { signal: ac.signal });
      const seen = await hub.waitForRequest((q) => q.query === 'hang=1');
      assert.equal(seen.status, 0);
      assert.equal(seen.done, false);
      ac.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await hub.settled();
      assert.equal(seen.done, true);
      assert.equal(seen.status, 0);
    });

    it('trickle: the real body arrives in many small chunks', async () => {
      hub.faults.inject({ kind: 'trickle', chunkBytes: 16, intervalMs: 2 }, { times: 1 });
      const r = await get(`${target}?expand=sha&expand=likes`);
      assert.equal(r.status, 200);
      const reader = r.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      assert.ok(chunks.length >= 2, `${chunks.length} chunks`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { likes: number };
      assert.equal(body.likes, 2498);
    });

    it('truncate: a clean cut fails JSON parsing; an aborted one fails the read', async () => {
      hub.faults.inject({ kind: 'truncate' }, { times: 1 });
      const r = await get(target);
      assert.equal(r.status, 200);
      const text = await r.text();
      assert.throws(() => JSON.parse(text), SyntaxError);
      hub.faults.inject({ kind: 'truncate', bytes: 100, abort: true }, { times: 1 });
      const r2 = await get(target);
      assert.equal(r2.status, 200);
      await assert.rejects(r2.text());
    });

    it('malformed: an unparsable body with the real status and headers', async () => {
      hub.faults.inject({ kind: 'malformed' }, { times: 1 });
      const r = await get(target);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      await assert.rejects(r.json(), SyntaxError);
      hub.faults.inject({ kind: 'malformed', body: '<!DOCTYPE html><title>Captive portal</title>', contentType: 'text/html' }, { times: 1 });
      const r2 = await get(target);
      assert.equal(r2.headers.get('content-type'), 'text/html');
    });

    it('wrongTypes: parsable JSON with fields of the wrong types', async () => {
      hub.faults.inject({ kind: 'wrongTypes' }, { times: 2 });
      const { body } = await json(target);
      assert.equal(typeof body.downloads, 'string');
      assert.equal(body.likes, null);
      assert.equal(typeof body.tags, 'string');
      assert.ok(!Array.isArray(body.siblings) && typeof body.siblings === 'object');
      assert.equal(typeof body.sha, 'number');
      const tree = (await json(`/api/models/${BERT}/tree/main`)).body as unknown as Record<string, unknown>[];
      assert.equal(typeof tree[0]!.size, 'string');
    });

    it('oversized: a 50 MB body streams with bounded memory and stops when the client cancels', async () => {
      hub.faults.inject({ kind: 'oversized' }, { times: 1 });
      const r = await get(target);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-length'), null);
      const reader = r.body!.getReader();
      let n = 0;
      while (n < 4 * 1024 * 1024) {
        const { done, value } = await reader.read();
        if (done) break;
        n += value.length;
      }
      await reader.cancel();
      await hub.settled();
      const entry = hub.requests.filter((q) => q.fault === 'oversized').at(-1)!;
      assert.ok(entry.done);
      assert.ok(entry.bytesSent < 50 * 1024 * 1024, `server stopped at ${entry.bytesSent}`);
      hub.faults.inject({ kind: 'oversized', bytes: 1024 * 1024, declareLength: true }, { times: 1 });
      const small = await get(target);
      assert.equal(small.headers.get('content-length'), String(1024 * 1024));
      const parsed = (await small.json()) as { padding: string };
      assert.equal(parsed.padding.length > 1000, true);
    });

    it('redirectLoop: fetch gives up after following too many redirects', async () => {
      hub.faults.inject({ kind: 'redirectLoop' }, { times: 1 });
      await assert.rejects(get(target), TypeError);
      const loops = hub.requests.filter((q) => q.path.startsWith('/__fixture/loop/'));
      assert.ok(loops.length >= 19, `${loops.length} loop requests`);
      assert.ok(loops.every((q) => q.status === 307));
    });

    it('otherOriginRedirect: the Authorization header does not follow to another origin', async () => {
      hub.faults.inject({ kind: 'otherOriginRedirect' }, { times: 1 });
      const r = await get(`${target}?expand=sha`, auth());
      assert.equal(r.status, 200);
      assert.equal(r.url, `${hub.otherOrigin.url}${target}?expand=sha`);
      const first = hub.requests.filter((q) => q.fault === 'otherOriginRedirect').at(-1)!;
      assert.equal(first.authorization, `Bearer ${DEFAULT_TOKEN}`);
      const followed = hub.otherOrigin.requests.filter((q) => q.path === target).at(-1)!;
      assert.equal(followed.authorization, undefined);
      assert.equal(followed.status, 200);
    });
  });
});
