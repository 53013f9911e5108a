import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import licenseIds from 'spdx-license-ids/index.json';
import { RULE_IDS } from '../../src/core/assess/rules.js';
import { bomTimestamp, uuidV5 } from '../../src/core/bom/common.js';
import { buildCycloneDx, renderCycloneDx } from '../../src/core/bom/cyclonedx.js';
import { renderBomMarkdown } from '../../src/core/bom/markdown.js';
import { buildSpdx, renderSpdx } from '../../src/core/bom/spdx.js';
import { HubClient } from '../../src/core/hub/client.js';
import { resolveHubSettings } from '../../src/core/hub/settings.js';
import { parseSpdx } from '../../src/core/license/spdx.js';
import type { PipelineResult } from '../../src/core/pipeline.js';
import { runPipeline } from '../../src/core/pipeline.js';
import { scanToSarif } from '../../src/core/report/sarif.js';
import type { FixtureHub } from '../hub-fixture/server.js';
import { DEFAULT_TOKEN, startFixtureHub } from '../hub-fixture/server.js';
import { notebook } from '../helpers/cli.js';
import { getDetector } from './support.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- BOM documents are checked field by field

const PINNED = '53aec78ed558f288d43ed6f1252091b01854ac6e';
const GHOST_SHA = '0123456789abcdef0123456789abcdef01234567';
const EPOCH = '1704067200'; // 2024-01-01T00:00:00Z
const VERSION = '9.9.9-test';

/** One model per line; the error states come from the fixture's records and injected faults. */
const MODELS_PY = [
  'from transformers import AutoModel',
  `a = AutoModel.from_pretrained("aurora-labs/aurora-sentiment-base", revision="${PINNED}")`,
  'b = AutoModel.from_pretrained("jdoe-ml/llama2-7b-customer-support")', // lineage: Llama 2
  'c = AutoModel.from_pretrained("kevin-dev/bert-finetuned-ner")', // lineage: bert-base-uncased
  'd = AutoModel.from_pretrained("bert-base-uncased")', // renamed (legacy id)
  'e = AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")', // CC-BY-NC: incompatible
  'f = AutoModel.from_pretrained("meta-llama/Llama-2-7b-hf")', // named model license
  'g = AutoModel.from_pretrained("textattack/bert-base-uncased-imdb")', // no license declared
  'h = AutoModel.from_pretrained("ghost-org/deleted-model")', // not-found
  'i = AutoModel.from_pretrained("spam-uploader/free-gpt5-weights")', // disabled
  'j = AutoModel.from_pretrained("KBLab/bert-base-swedish-cased")', // error (500)
  'k = AutoModel.from_pretrained("openai-community/gpt2")', // rate-limited (429)
  'l = AutoModel.from_pretrained("google/gemma-2b")', // gated (403 GatedRepo)
  'm = AutoModel.from_pretrained("Qwen/Qwen-7B")', // unauthorized (403)
  'n = AutoModel.from_pretrained(f"org/{name}")', // dynamic
  'o = AutoModel.from_pretrained("aurora-labs/aurora-sentiment-base")', // same model, unpinned: its own component
  `p = AutoModel.from_pretrained("ghost-org/deleted-model", revision="${GHOST_SHA}")`, // not-found, but the code pins a commit
  '',
].join('\n');

const ERROR_STATES = ['not-found', 'disabled', 'error', 'rate-limited', 'gated', 'unauthorized'];

function writeWorkspace(root: string): void {
  writeFileSync(path.join(root, 'models.py'), MODELS_PY);
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'app', license: 'MIT' }));
  writeFileSync(path.join(root, 'explore.ipynb'), notebook([
    ['markdown', '# Explore\n'],
    ['code', 'from sentence_transformers import SentenceTransformer\nmodel = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")\n'],
  ]));
  writeFileSync(path.join(root, 'worker.ts'), "import { pipeline } from '@huggingface/transformers';\nconst p = await pipeline('sentiment-analysis', 'Xenova/distilbert-base-uncased-finetuned-sst-2-english');\n");
}

function injectFaults(hub: FixtureHub): void {
  hub.faults.inject({ kind: 'status', status: 500 }, { pathPrefix: '/api/models/KBLab/bert-base-swedish-cased' });
  hub.faults.inject({ kind: 'status', status: 429, rateLimit: { resetSeconds: 0 } }, { pathPrefix: '/api/models/openai-community/gpt2' });
  hub.faults.inject({ kind: 'status', status: 403, headers: { 'X-Error-Code': 'GatedRepo' } }, { pathPrefix: '/api/models/google/gemma-2b' });
  hub.faults.inject({ kind: 'status', status: 403 }, { pathPrefix: '/api/models/Qwen/Qwen-7B' });
}

function newClient(hub: FixtureHub, env: Record<string, string> = {}): HubClient {
  return new HubClient({ settings: resolveHubSettings({ endpoint: hub.url, env, readFile: () => undefined }), sleep: async () => undefined, maxRetries: 1 });
}

async function validateCycloneDx(json: string): Promise<void> {
  // Offline: the validator loads the 1.6 schema and the SPDX, JSF and crypto schemas it references from
  // node_modules/@cyclonedx/cyclonedx-library/res/schema, and refuses remote schemas.
  const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
  assert.equal(errors, null, JSON.stringify(errors, null, 2));
}

const component = (bom: Json, name: string, version?: string): Json =>
  (bom.components as Json[]).find((c) => c.name === name && c.type === 'machine-learning-model' && (version === undefined || c.version === version))!;
const props = (c: Json, name: string): string[] => ((c.properties ?? []) as Json[]).filter((p) => p.name === name).map((p) => p.value as string);

describe('Bills of materials', function () {
  this.timeout(60_000);
  let hub: FixtureHub;
  let root: string;
  let emptyRoot: string;
  let result: PipelineResult;
  const env = { SOURCE_DATE_EPOCH: EPOCH };

  before(async () => {
    hub = await startFixtureHub();
    injectFaults(hub);
    root = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-bom-'));
    emptyRoot = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-bom-empty-'));
    writeWorkspace(root);
    writeFileSync(path.join(emptyRoot, 'main.py'), 'print("no models here")\n');
    result = await runPipeline(root, await getDetector(), { client: newClient(hub) });
  });
  after(async () => {
    await hub.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(emptyRoot, { recursive: true, force: true });
  });

  it('covers ok models and every error state in the workspace under test', () => {
    const states = new Set(result.models!.map((m) => m.state));
    for (const s of ['ok', ...ERROR_STATES]) assert.ok(states.has(s as never), `no model in state ${s}: ${[...states].join(', ')}`);
  });

  describe('CycloneDX 1.6', function () {
    let bom: Json;
    let text: string;
    before(() => {
      text = renderCycloneDx(result, VERSION, { hubUrl: hub.url, env });
      bom = JSON.parse(text) as Json;
    });

    it('validates against the official 1.6 JSON schema (strict)', async () => {
      await validateCycloneDx(text);
    });

    it('has the project as root component with its detected license, and the tool', () => {
      assert.equal(bom.specVersion, '1.6');
      assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
      assert.equal(bom.metadata.timestamp, '2024-01-01T00:00:00Z');
      assert.equal(bom.metadata.component['bom-ref'], 'project');
      assert.deepEqual(bom.metadata.component.licenses, [{ license: { id: 'MIT' } }]);
      assert.deepEqual(bom.metadata.tools.components.map((t: Json) => [t.name, t.version]), [['ptm-lens', VERSION]]);
    });

    it('has one machine-learning-model component per model and pinned commit', () => {
      const refs = new Set((bom.components as Json[]).map((c) => c['bom-ref']));
      assert.equal(refs.size, bom.components.length, 'bom-refs are unique');
      for (const m of result.models!) {
        const c = (bom.components as Json[]).find((x) => props(x, 'ptm-lens:model-id')[0] === m.modelId && props(x, 'ptm-lens:revision')[0] === (m.revision ?? 'unpinned'));
        assert.ok(c, `no component for ${m.modelId}@${m.revision}`);
        assert.equal(c.type, 'machine-learning-model');
        assert.deepEqual(props(c, 'ptm-lens:lookup:state'), [m.state]);
        if (m.state !== 'ok') assert.ok(props(c, 'ptm-lens:lookup:reason')[0]!.length > 10, `${m.modelId} has no reason`);
      }
    });

    it('names a clean model fully: group, commit, purl, license, references, model card', () => {
      const c = component(bom, 'aurora-sentiment-base', PINNED);
      assert.equal(c.group, 'aurora-labs');
      assert.equal(c.purl, `pkg:huggingface/aurora-labs/aurora-sentiment-base@${PINNED}?repository_url=${hub.url}`);
      assert.deepEqual(c.licenses, [{ license: { id: 'Apache-2.0' } }]);
      const types = (c.externalReferences as Json[]).map((r) => `${r.type} ${r.url}`);
      assert.ok(types.includes(`website ${hub.url}/aurora-labs/aurora-sentiment-base`), types.join('\n'));
      assert.ok(types.includes(`model-card ${hub.url}/aurora-labs/aurora-sentiment-base/blob/${PINNED}/README.md`), types.join('\n'));
      assert.ok(types.includes('documentation https://arxiv.org/abs/2405.01234'), types.join('\n'));
      const card = c.modelCard as Json;
      assert.equal(card.modelParameters.task, 'text-classification');
      assert.equal(card.modelParameters.architectureFamily, 'roberta');
      assert.equal(card.modelParameters.modelArchitecture, 'RobertaForSequenceClassification');
      const dataRefs = (card.modelParameters.datasets as Json[]).map((d) => d.ref);
      for (const ref of dataRefs) assert.equal((bom.components as Json[]).find((x) => x['bom-ref'] === ref)?.type, 'data', ref);
      assert.deepEqual(dataRefs, ['dataset:stanfordnlp/sst2', 'dataset:stanfordnlp/imdb']);
      assert.deepEqual(card.quantitativeAnalysis.performanceMetrics[0], { type: 'accuracy', value: '0.941', slice: 'SST-2 (stanfordnlp/sst2), validation split' });
      assert.match(card.considerations.useCases[0], /^Classify the polarity of English text/);
      assert.match(card.considerations.technicalLimitations[0], /^Do not use the model to make decisions about individuals/);
      assert.match(card.considerations.ethicalConsiderations[0].name, /over-represents product reviews/);
      assert.match(card.considerations.ethicalConsiderations[0].mitigationStrategy, /keep a human in the loop/);
      assert.deepEqual(props(card.considerations.environmentalConsiderations, 'ptm-lens:co2-eq-emissions-grams'), ['182000']);
      assert.deepEqual(props(c, 'ptm-lens:score:provenance').length, 1);
      assert.ok(Number(props(c, 'ptm-lens:score:documentation')[0]) >= 80);
    });

    it('keeps model licenses as names with their URL, and leaves unknown licenses out', () => {
      assert.deepEqual(component(bom, 'Llama-2-7b-hf').licenses, [{ license: { name: 'Llama 2 Community License Agreement', url: 'https://ai.meta.com/llama/license/' } }]);
      assert.deepEqual(component(bom, 'nllb-200-distilled-600M').licenses, [{ license: { id: 'CC-BY-NC-4.0' } }]);
      assert.equal(component(bom, 'bert-base-uncased-imdb').licenses, undefined, 'no license declared: none invented');
      assert.deepEqual(props(component(bom, 'nllb-200-distilled-600M'), 'ptm-lens:license:verdict'), ['incompatible']);
    });

    it('uses only SPDX list ids and valid expressions, never "unknown" or "other"', () => {
      const ids = new Set(licenseIds as string[]);
      const walk = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object') {
          const o = v as Json;
          if (o.license && typeof o.license === 'object' && 'id' in o.license) assert.ok(ids.has(o.license.id), `not an SPDX id: ${o.license.id}`);
          if (typeof o.expression === 'string') assert.ok(parseSpdx(o.expression), `not an SPDX expression: ${o.expression}`);
          Object.values(o).forEach(walk);
        }
      };
      walk(bom);
    });

    it('shows models in error states with what is known, and nothing invented', () => {
      for (const name of ['deleted-model', 'free-gpt5-weights', 'bert-base-swedish-cased', 'gpt2', 'gemma-2b', 'Qwen-7B']) {
        const c = component(bom, name);
        assert.ok(c, name);
        assert.equal(c.version, undefined, `${name}: no commit is known`);
        assert.equal(c.purl, undefined, `${name}: no purl without a commit`);
        assert.equal(c.licenses, undefined, `${name}: license unknown`);
        assert.equal(c.modelCard, undefined, `${name}: nothing from a card`);
        assert.notEqual(props(c, 'ptm-lens:lookup:state')[0], 'ok');
        assert.deepEqual(props(c, 'ptm-lens:score:provenance'), ['unknown']);
        assert.ok(c.evidence.occurrences.length > 0);
      }
    });

    it('takes the commit a failed model is pinned to from the code', () => {
      const c = component(bom, 'deleted-model', GHOST_SHA);
      assert.equal(c.purl, `pkg:huggingface/ghost-org/deleted-model@${GHOST_SHA}?repository_url=${hub.url}`);
      assert.deepEqual(props(c, 'ptm-lens:lookup:state'), ['not-found']);
      assert.equal(c.licenses, undefined);
    });

    it('records every reference as an occurrence with file and line (notebooks with their cell)', () => {
      const occurrences = (bom.components as Json[]).flatMap((c) => (c.evidence?.occurrences ?? []) as Json[]);
      const resolved = result.scan.references.filter((r) => r.modelId);
      assert.equal(occurrences.length, resolved.length);
      const llama = component(bom, 'llama2-7b-customer-support').evidence.occurrences;
      assert.deepEqual(llama.map((o: Json) => [o.location, o.line, o.symbol]), [['models.py', 3, 'AutoModel.from_pretrained']]);
      const nb = component(bom, 'all-MiniLM-L6-v2').evidence.occurrences[0];
      assert.equal(nb.location, 'explore.ipynb');
      assert.equal(nb.line, undefined, 'a cell line is not a file line');
      assert.match(nb.additionalContext, /notebook cell 2, line 2/);
      assert.equal(component(bom, 'distilbert-base-uncased-finetuned-sst-2-english').evidence.occurrences[0].location, 'worker.ts');
    });

    it('gives lineage as pedigree ancestors and dependencies project → models → bases', () => {
      const llama = component(bom, 'llama2-7b-customer-support');
      assert.deepEqual(llama.pedigree.ancestors.map((a: Json) => `${a.group}/${a.name}`), ['meta-llama/Llama-2-7b-hf']);
      assert.equal(llama.pedigree.ancestors[0].licenses[0].license.name, 'Llama 2 Community License Agreement');
      const deps = new Map((bom.dependencies as Json[]).map((d) => [d.ref, d.dependsOn as string[]]));
      const models = (bom.components as Json[]).filter((c) => props(c, 'ptm-lens:model-id').length > 0).map((c) => c['bom-ref']).sort();
      assert.deepEqual(deps.get('project'), models);
      assert.deepEqual(deps.get(llama['bom-ref']), ['base:meta-llama/Llama-2-7b-hf']);
      const base = (bom.components as Json[]).find((c) => c['bom-ref'] === 'base:meta-llama/Llama-2-7b-hf')!;
      assert.deepEqual(props(base, 'ptm-lens:role'), ['base-model']);
      const allRefs = new Set([...(bom.components as Json[]).map((c) => c['bom-ref']), 'project']);
      for (const d of bom.dependencies as Json[]) for (const r of [d.ref, ...d.dependsOn]) assert.ok(allRefs.has(r), `dangling ref ${r}`);
      assert.equal(deps.get(component(bom, 'deleted-model')['bom-ref']), undefined, 'unknown lineage is not "no dependencies"');
    });

    it('marks the list incomplete when a reference is only known at run time', () => {
      assert.deepEqual(bom.compositions, [{ aggregate: 'incomplete', assemblies: ['project'] }]);
      assert.ok(props(bom.metadata, 'ptm-lens:unresolved-reference')[0]!.startsWith('models.py:15 '));
    });

    it('uses a given serial number and timestamp', () => {
      const serial = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
      const given = buildCycloneDx(result, VERSION, { hubUrl: hub.url, serialNumber: serial, timestamp: '2025-06-01T12:30:45.123Z' });
      assert.equal(given.serialNumber, serial);
      assert.equal((given.metadata as Json).timestamp, '2025-06-01T12:30:45Z');
      assert.throws(() => buildCycloneDx(result, VERSION, { serialNumber: 'not-a-urn' }), /serial number/);
    });
  });

  describe('SPDX 3.0.1', function () {
    let doc: Json;
    let graph: Json[];
    let byId: Map<string, Json>;
    before(() => {
      doc = JSON.parse(renderSpdx(result, VERSION, { hubUrl: hub.url, env })) as Json;
      graph = doc['@graph'] as Json[];
      byId = new Map(graph.filter((e) => e.spdxId).map((e) => [e.spdxId as string, e]));
    });

    it('has the required document structure', () => checkSpdxStructure(doc));

    it('has every AIPackage with its required properties, and says which unknown ones it leaves out', () => {
      const ai = graph.filter((e) => e.type === 'ai_AIPackage');
      assert.equal(ai.filter((e) => !/#SPDXRef-Base-/.test(e.spdxId)).length, result.models!.length);
      for (const p of ai) {
        assert.equal(p.software_primaryPurpose, 'model');
        assert.match(p.software_downloadLocation, /^https?:\/\//);
        assert.ok(typeof p.software_packageVersion === 'string' && p.software_packageVersion !== '');
        assert.ok(byId.get(p.suppliedBy)?.type.match(/^(Agent|Organization|Person)$/), `${p.name}: suppliedBy`);
        if (p.releaseTime === undefined) assert.match(p.comment, /Left out because unknown: releaseTime/, p.name);
        else assert.match(p.releaseTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      const aurora = ai.find((p) => p.name === 'aurora-labs/aurora-sentiment-base' && p.software_packageVersion === PINNED)!;
      assert.ok(aurora.releaseTime, 'known for an ok model');
      assert.equal(aurora.software_packageUrl, `pkg:huggingface/aurora-labs/aurora-sentiment-base@${PINNED}?repository_url=${hub.url}`);
      assert.deepEqual(aurora.ai_typeOfModel, ['roberta', 'RobertaForSequenceClassification']);
      assert.match(aurora.ai_informationAboutApplication, /Classify the polarity/);
      assert.ok((aurora.ai_metric as Json[]).some((m) => m.key === 'accuracy (SST-2 (stanfordnlp/sst2), validation split)' && m.value === '0.941'));
      const ghost = ai.find((p) => p.name === 'ghost-org/deleted-model')!;
      assert.equal(ghost.software_packageVersion, 'NOASSERTION');
      assert.match(ghost.comment, /Lookup state: not-found/);
    });

    it('gives every AIPackage exactly one declared and one concluded license (AI profile conformance)', () => {
      for (const p of graph.filter((e) => e.type === 'ai_AIPackage')) {
        for (const type of ['hasDeclaredLicense', 'hasConcludedLicense']) {
          const rels = graph.filter((r) => r.type === 'Relationship' && r.from === p.spdxId && r.relationshipType === type);
          assert.equal(rels.length, 1, `${p.name} ${type}`);
          assert.equal(rels[0]!.to.length, 1);
        }
      }
      const declared = (name: string): string => {
        const p = graph.find((e) => e.type === 'ai_AIPackage' && e.name === name)!;
        const to = graph.find((r) => r.from === p.spdxId && r.relationshipType === 'hasDeclaredLicense')!.to[0] as string;
        return byId.get(to)?.simplelicensing_licenseExpression ?? to;
      };
      assert.equal(declared('google-bert/bert-base-uncased'), 'Apache-2.0');
      assert.match(declared('meta-llama/Llama-2-7b-hf'), /^LicenseRef-/);
      assert.equal(declared('textattack/bert-base-uncased-imdb'), 'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense');
      assert.equal(declared('ghost-org/deleted-model'), 'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense');
    });

    it('only writes valid SPDX license expressions (LicenseRef- for model licenses)', () => {
      for (const l of graph.filter((e) => e.type === 'simplelicensing_LicenseExpression')) {
        const expr = l.simplelicensing_licenseExpression as string;
        assert.ok(parseSpdx(expr) || /^LicenseRef-[A-Za-z0-9.-]+$/.test(expr), expr);
        for (const entry of l.simplelicensing_customIdToUri ?? []) assert.equal(entry.key, expr);
      }
    });

    it('relates usage, lineage and training data', () => {
      const project = graph.find((e) => e.type === 'software_Package')!;
      const uses = graph.filter((r) => r.from === project.spdxId && r.relationshipType === 'dependsOn');
      assert.equal(uses.length, result.models!.length);
      const llama = graph.find((e) => e.name === 'jdoe-ml/llama2-7b-customer-support')!;
      assert.match(uses.find((r) => r.to[0] === llama.spdxId)!.comment, /models\.py:3 \(AutoModel\.from_pretrained\)/);
      const base = graph.find((e) => e.type === 'ai_AIPackage' && /#SPDXRef-Base-/.test(e.spdxId) && e.name === 'meta-llama/Llama-2-7b-hf')!;
      assert.ok(graph.some((r) => r.from === base.spdxId && r.relationshipType === 'ancestorOf' && r.to.includes(llama.spdxId)));
      const aurora = graph.find((e) => e.name === 'aurora-labs/aurora-sentiment-base')!;
      const trained = graph.find((r) => r.from === aurora.spdxId && r.relationshipType === 'trainedOn')!;
      assert.deepEqual(trained.to.map((t: string) => byId.get(t)!.name).sort(), ['stanfordnlp/imdb', 'stanfordnlp/sst2']);
      for (const d of graph.filter((e) => e.type === 'dataset_DatasetPackage')) {
        assert.deepEqual(d.dataset_datasetType, ['noAssertion']);
        assert.equal(d.software_primaryPurpose, 'data');
        assert.ok(d.software_downloadLocation);
      }
    });

    it('derives the document namespace from the content, or from a given serial number', () => {
      const given = buildSpdx(result, VERSION, { hubUrl: hub.url, env, serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' });
      assert.match((given['@graph'] as Json[]).find((e) => e.type === 'SpdxDocument')!.spdxId, /ptm-lens-3e671687-395b-41f5-a30f-a58921a69b79#SPDXRef-DOCUMENT$/);
    });
  });

  describe('SARIF 2.1.0', function () {
    it('has the properties the SARIF 2.1.0 spec requires, rule metadata and stable fingerprints', () => {
      // No SARIF JSON schema is installed (none of the project's packages ships one, and nothing may be
      // installed for this), so this checks the spec's required properties and the values PTM Lens promises.
      const log = JSON.parse(JSON.stringify(scanToSarif(result, VERSION))) as Json;
      checkSarif(log);
      const run = log.runs[0];
      assert.deepEqual(run.tool.driver.rules.map((r: Json) => r.id), [...RULE_IDS]);
      assert.equal(run.results.length, result.findings.length);
      const levels = new Set(run.results.map((r: Json) => `${r.ruleId}:${r.level}`));
      assert.ok(levels.has('license-incompatible:error'));
      assert.ok(levels.has('no-evaluation-results:note'));
      const nb = run.results.find((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'explore.ipynb');
      assert.deepEqual(nb.locations[0].properties, { notebookCell: 2, notebookCellIndex: 1 });
      assert.equal(nb.locations[0].physicalLocation.region.startLine, 2);
      assert.match(nb.message.text, /\(notebook cell 2, line 2\)$/);
    });

    it('keeps fingerprints when lines move', async () => {
      const moved = mkdtempSync(path.join(os.tmpdir(), 'ptm-lens-bom-moved-'));
      try {
        writeFileSync(path.join(moved, 'models.py'), 'AutoModel.from_pretrained("facebook/nllb-200-distilled-600M")\n');
        const one = scanToSarif(await runPipeline(moved, await getDetector(), { client: newClient(hub) }), VERSION) as Json;
        writeFileSync(path.join(moved, 'models.py'), '# a comment\n\n\nAutoModel.from_pretrained("facebook/nllb-200-distilled-600M")\n');
        const two = scanToSarif(await runPipeline(moved, await getDetector(), { client: newClient(hub) }), VERSION) as Json;
        const prints = (log: Json): string[] => log.runs[0].results.map((r: Json) => `${r.ruleId} ${Object.values(r.partialFingerprints)[0]}`).sort();
        assert.deepEqual(prints(one), prints(two));
        assert.equal(two.runs[0].results[0].locations[0].physicalLocation.region.startLine, 4);
      } finally {
        rmSync(moved, { recursive: true, force: true });
      }
    });
  });

  describe('Markdown', function () {
    it('has a row per model, the lineage, and every place a model is used', () => {
      const md = renderBomMarkdown(result, VERSION, { hubUrl: hub.url, env });
      const rows = md.split('\n').filter((l) => l.startsWith('| [') || l.startsWith('| \\['));
      assert.equal(rows.length, result.models!.length);
      assert.match(md, /\| \[aurora\\-labs\/aurora\\-sentiment\\-base\]\([^)]+\) \| `53aec78ed558 \(pinned\)` \| `Apache-2\.0` \| compatible \| 90 \|/);
      assert.match(md, /fine-tuned from \[meta\\-llama\/Llama\\-2\\-7b\\-hf\]/);
      assert.match(md, /\| `jdoe-ml\/llama2-7b-customer-support` \| `models\.py:3:32` \| `AutoModel\.from_pretrained` \|/);
      assert.match(md, /\| `sentence-transformers\/all-MiniLM-L6-v2` \| `explore\.ipynb cell 2:2:30` \|/);
      assert.match(md, /`ghost-org\/deleted-model` \(not-found\): unknown because/);
      assert.match(md, /\*only known at run time\*/);
    });

    it('escapes text from the Hub so it cannot inject markup or break the tables', () => {
      const evil = '<img src=x onerror=alert(1)> | [click](javascript:alert(1)) **bold**\nnext';
      const tampered: PipelineResult = structuredClone(result);
      const m = tampered.models!.find((x) => x.modelId === 'meta-llama/Llama-2-7b-hf')!;
      m.license = { ...m.license!, name: evil, spdx: null };
      const ghost = tampered.models!.find((x) => x.modelId === 'ghost-org/deleted-model')!;
      ghost.reason = evil;
      ghost.findings[0]!.message = evil;
      const md = renderBomMarkdown(tampered, VERSION, { hubUrl: hub.url, env });
      assert.ok(!/(^|[^\\])<img/.test(md), 'raw HTML');
      assert.ok(!md.includes('](javascript:'), 'a link');
      // Every row of every table has as many cell separators as its header.
      let header = -1;
      for (const line of md.split('\n')) {
        if (!line.startsWith('|')) {
          header = -1;
          continue;
        }
        const pipes = line.split(/(?<!\\)\|/).length;
        if (header < 0) header = pipes;
        else assert.equal(pipes, header, line);
      }
    });
  });

  it('is deterministic: two scans give byte-identical BOMs with SOURCE_DATE_EPOCH', async () => {
    const again = await runPipeline(root, await getDetector(), { client: newClient(hub) });
    assert.equal(renderCycloneDx(again, VERSION, { hubUrl: hub.url, env }), renderCycloneDx(result, VERSION, { hubUrl: hub.url, env }));
    assert.equal(renderSpdx(again, VERSION, { hubUrl: hub.url, env }), renderSpdx(result, VERSION, { hubUrl: hub.url, env }));
    assert.equal(renderBomMarkdown(again, VERSION, { hubUrl: hub.url, env }), renderBomMarkdown(result, VERSION, { hubUrl: hub.url, env }));
    assert.equal(bomTimestamp({ env }), '2024-01-01T00:00:00Z');
    assert.throws(() => bomTimestamp({ env: { SOURCE_DATE_EPOCH: 'yesterday' } }), /SOURCE_DATE_EPOCH/);
    // RFC 9562 test vector: the DNS namespace and www.example.com.
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    assert.match(uuidV5('x'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('handles a workspace with no models', async () => {
    const empty = await runPipeline(emptyRoot, await getDetector(), { client: newClient(hub) });
    const cdx = renderCycloneDx(empty, VERSION, { hubUrl: hub.url, env });
    await validateCycloneDx(cdx);
    const bom = JSON.parse(cdx) as Json;
    assert.equal(bom.components, undefined);
    assert.equal(bom.dependencies, undefined);
    const spdx = JSON.parse(renderSpdx(empty, VERSION, { hubUrl: hub.url, env })) as Json;
    checkSpdxStructure(spdx);
    assert.equal((spdx['@graph'] as Json[]).filter((e) => e.type === 'ai_AIPackage').length, 0);
    assert.match(renderBomMarkdown(empty, VERSION, { hubUrl: hub.url, env }), /## Models \(0\)\n\nNo Hugging Face model references were found\./);
    checkSarif(JSON.parse(JSON.stringify(scanToSarif(empty, VERSION))) as Json);
  });

  it('handles an offline scan without a local cache: every model unknown, the BOM still valid', async () => {
    const client = new HubClient({ settings: resolveHubSettings({ endpoint: hub.url, offline: true, env: { HF_HOME: path.join(emptyRoot, 'no-hf-home') }, readFile: () => undefined }) });
    hub.resetLog();
    const offline = await runPipeline(root, await getDetector(), { client });
    assert.equal(hub.requests.length, 0);
    assert.ok(offline.models!.every((m) => m.state === 'offline'));
    const cdx = renderCycloneDx(offline, VERSION, { hubUrl: hub.url, env });
    await validateCycloneDx(cdx);
    for (const c of (JSON.parse(cdx) as Json).components as Json[]) {
      assert.deepEqual(props(c, 'ptm-lens:lookup:state'), ['offline']);
      assert.match(props(c, 'ptm-lens:lookup:reason')[0]!, /local Hugging Face cache/);
    }
    checkSpdxStructure(JSON.parse(renderSpdx(offline, VERSION, { hubUrl: hub.url, env })) as Json);
  });

  it('never writes the Hub token into any output', async () => {
    hub.resetLog();
    const withToken = await runPipeline(root, await getDetector(), { client: newClient(hub, { HF_TOKEN: DEFAULT_TOKEN }) });
    assert.ok(hub.requests.some((r) => r.authorization === `Bearer ${DEFAULT_TOKEN}`), 'the token was sent');
    const outputs = [
      renderCycloneDx(withToken, VERSION, { hubUrl: hub.url, env }),
      renderSpdx(withToken, VERSION, { hubUrl: hub.url, env }),
      renderBomMarkdown(withToken, VERSION, { hubUrl: hub.url, env }),
      JSON.stringify(scanToSarif(withToken, VERSION)),
    ];
    for (const o of outputs) assert.ok(!o.includes(DEFAULT_TOKEN) && !o.includes('Bearer'), 'token in output');
  });
});

/** The SPDX 3.0.1 model's required properties (no JSON schema for 3.0.1 is available offline). */
function checkSpdxStructure(doc: Json): void {
  assert.equal(doc['@context'], 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld');
  const graph = doc['@graph'] as Json[];
  assert.ok(Array.isArray(graph));
  const infos = graph.filter((e) => e.type === 'CreationInfo');
  assert.equal(infos.length, 1);
  const info = infos[0]!;
  assert.equal(info['@id'], '_:creationinfo');
  assert.equal(info.specVersion, '3.0.1');
  assert.match(info.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'xsd:dateTimeStamp in UTC, whole seconds');
  const elements = graph.filter((e) => e.type !== 'CreationInfo');
  const ids = new Set(elements.map((e) => e.spdxId as string));
  assert.equal(ids.size, elements.length, 'spdxIds are unique');
  for (const e of elements) {
    assert.match(e.spdxId, /^https:\/\/spdx\.org\/spdxdocs\/ptm-lens-[0-9a-f-]{36}#SPDXRef-[A-Za-z0-9.-]+$/, 'an IRI');
    assert.equal(e.creationInfo, '_:creationinfo', `${e.spdxId}: creationInfo`);
  }
  assert.ok(info.createdBy.length > 0 && info.createdBy.every((a: string) => /Agent$|Organization$|Person$/.test(elements.find((e) => e.spdxId === a)?.type ?? '')));
  assert.ok(info.createdUsing.every((t: string) => elements.find((e) => e.spdxId === t)?.type === 'Tool'));
  const docs = elements.filter((e) => e.type === 'SpdxDocument');
  assert.equal(docs.length, 1);
  const individuals = new Set(['https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoAssertionLicense', 'https://spdx.org/rdf/3.0.1/terms/ExpandedLicensing/NoneLicense']);
  const exists = (ref: string): boolean => ids.has(ref) || individuals.has(ref);
  for (const ref of [...docs[0]!.rootElement, ...docs[0]!.element, docs[0]!.dataLicense]) assert.ok(exists(ref), `document refers to a missing ${ref}`);
  assert.deepEqual(new Set(docs[0]!.element), new Set([...ids].filter((i) => i !== docs[0]!.spdxId)), 'the document lists every element');
  const sbom = elements.find((e) => e.type === 'software_Sbom')!;
  assert.ok(sbom.rootElement.every(exists) && sbom.element.every(exists));
  const relationshipTypes = new Set(['dependsOn', 'ancestorOf', 'trainedOn', 'hasDeclaredLicense', 'hasConcludedLicense']);
  for (const r of elements.filter((e) => e.type === 'Relationship')) {
    assert.ok(relationshipTypes.has(r.relationshipType), r.relationshipType);
    assert.ok(exists(r.from), `from ${r.from}`);
    assert.ok(Array.isArray(r.to) && r.to.length > 0 && r.to.every(exists), `to ${r.to}`);
  }
  for (const a of elements.filter((e) => e.type === 'Annotation')) {
    assert.equal(a.annotationType, 'review');
    assert.ok(ids.has(a.subject) && typeof a.statement === 'string');
  }
  const purposes = new Set(['model', 'data']);
  for (const p of elements.filter((e) => e.type === 'ai_AIPackage' || e.type === 'dataset_DatasetPackage')) {
    assert.ok(purposes.has(p.software_primaryPurpose), p.software_primaryPurpose);
    assert.ok(typeof p.name === 'string' && p.name !== '');
  }
}

/** SARIF 2.1.0 required properties (§3.13 sarifLog, §3.14 run, §3.19 toolComponent, §3.27 result, …). */
function checkSarif(log: Json): void {
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(driver.name, 'ptm-lens');
  assert.equal(driver.informationUri, 'https://github.com/ptm-lens/ptm-lens');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const ruleIds = new Set<string>();
  for (const r of driver.rules as Json[]) {
    assert.ok(typeof r.id === 'string' && !ruleIds.has(r.id), `rule id ${r.id}`);
    ruleIds.add(r.id);
    assert.ok(r.shortDescription.text && r.fullDescription.text);
    assert.match(r.helpUri, new RegExp(`^https://.*/docs/rules/${r.id}\\.md$`));
    assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level));
  }
  const prints = new Set<string>();
  for (const res of run.results as Json[]) {
    assert.ok(typeof res.message.text === 'string' && res.message.text.length > 0, 'result.message is required');
    assert.ok(ruleIds.has(res.ruleId));
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!/^[a-z]+:|^\//i.test(loc.artifactLocation.uri), `relative uri: ${loc.artifactLocation.uri}`);
    const g = loc.region;
    assert.ok(g.startLine >= 1 && g.startColumn >= 1 && g.endLine >= g.startLine && (g.endLine > g.startLine || g.endColumn >= g.startColumn), JSON.stringify(g));
    const fp = JSON.stringify(res.partialFingerprints);
    assert.ok(!prints.has(fp), `duplicate fingerprint ${fp}`);
    prints.add(fp);
  }
  for (const inv of run.invocations as Json[]) assert.equal(typeof inv.executionSuccessful, 'boolean');
}
