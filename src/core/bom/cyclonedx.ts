/**
 * CycloneDX 1.6 JSON (an ML-BOM): the project as the root component, one `machine-learning-model`
 * component per model (and per pinned commit), its base models, and the data sets the models declare.
 *
 * `@cyclonedx/cyclonedx-library` has no model-card model, so the document is built as plain JSON and
 * checked against the official 1.6 schema in the tests. What CycloneDX has no field for (scores,
 * license verdicts, findings, lookup states) goes into properties under the `ptm-lens:` namespace, as
 * the CycloneDX property taxonomy asks.
 */
import type { PipelineResult } from '../pipeline.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import type { BomBase, BomDataset, BomLibraryWeights, BomModel, BomOptions, BomView, LicenseView, Occurrence } from './common.js';
import { buildBomView, checkSerialNumber, hubModelUrl, LIBRARY_WEIGHTS_DOCS, isHubDatasetId, licenseText, occurrenceText, PROJECT_URL, splitId, stableJson, uuidV5 } from './common.js';

export const CYCLONEDX_SPEC_VERSION = '1.6';
const SCHEMA_URL = 'http://cyclonedx.org/schema/bom-1.6.schema.json';
const PROJECT_REF = 'project';

type Json = Record<string, unknown>;
interface Property {
  name: string;
  value: string;
}

export function buildCycloneDx(result: PipelineResult, toolVersion: string, opts: BomOptions = {}): Json {
  const view = buildBomView(result, toolVersion, opts);
  const bom: Json = {
    $schema: SCHEMA_URL,
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    serialNumber: '',
    version: 1,
    metadata: metadata(view),
  };
  const components = [...view.models.map((m) => modelComponent(m, view)), ...view.libraryWeights.map(libraryComponent), ...view.bases.map((b) => baseComponent(b, view)), ...view.datasets.map(dataComponent)];
  if (components.length > 0) bom.components = components;
  const dependencies = dependencyGraph(view);
  if (dependencies.length > 0) bom.dependencies = dependencies;
  if (view.unresolved.length > 0) {
    // Some references name their model only at run time: the list of models is known to be incomplete.
    bom.compositions = [{ aggregate: 'incomplete', assemblies: [PROJECT_REF] }];
  }
  // The serial number is a hash of everything else: the same scan at the same time gives the same BOM.
  bom.serialNumber = opts.serialNumber ? checkSerialNumber(opts.serialNumber) : `urn:uuid:${uuidV5(stableJson(bom))}`;
  return bom;
}

export function renderCycloneDx(result: PipelineResult, toolVersion: string, opts: BomOptions = {}): string {
  return stableJson(buildCycloneDx(result, toolVersion, opts));
}

function metadata(view: BomView): Json {
  const project: Json = { type: 'application', 'bom-ref': PROJECT_REF, name: view.project.name };
  const lic = licenses(view.project.license);
  if (lic) project.licenses = lic;
  if (view.project.licenseSource) project.properties = [prop('ptm-lens:license:source', view.project.licenseSource)];
  const properties: Property[] = [prop('ptm-lens:hub', view.hub)];
  if (!view.lookups) properties.push(prop('ptm-lens:lookups', 'none: models were detected but not looked up'));
  for (const o of view.unresolved) properties.push(prop('ptm-lens:unresolved-reference', `${occurrenceText(o)} ${o.call}: the model id is only known at run time`));
  return {
    timestamp: view.timestamp,
    lifecycles: [{ phase: 'pre-build' }],
    tools: { components: [{ type: 'application', name: 'ptm-lens', version: view.toolVersion, externalReferences: [{ type: 'website', url: PROJECT_URL }] }] },
    component: project,
    properties,
  };
}

/** A license list as the schema wants it: ids and names as `license` objects, or one expression alone. */
function licenses(view: LicenseView | null): Json[] | undefined {
  if (!view) return undefined;
  if (view.kind === 'expression') return [{ expression: view.expression }];
  if (view.kind === 'id') return [{ license: { id: view.id } }];
  return [{ license: view.url ? { name: view.name, url: view.url } : { name: view.name } }];
}

function prop(name: string, value: string): Property {
  return { name, value };
}

function supplier(namespace: string | null, view: BomView): Json | undefined {
  return namespace ? { name: namespace, url: [hubModelUrl(view.hub, namespace)] } : undefined;
}

function modelComponent(m: BomModel, view: BomView): Json {
  const c: Json = { type: 'machine-learning-model', 'bom-ref': m.key };
  const sup = supplier(m.namespace, view);
  if (sup) c.supplier = sup;
  if (m.namespace) {
    c.publisher = m.namespace;
    c.group = m.namespace;
  }
  c.name = m.name;
  if (m.sha) c.version = m.sha;
  const lic = licenses(m.license);
  if (lic) c.licenses = lic;
  if (m.purl) c.purl = m.purl;
  c.externalReferences = externalReferences(m);
  if (m.lineage.length > 0) {
    c.pedigree = {
      ancestors: [...m.lineage]
        .sort((x, y) => x.depth - y.depth || x.id.localeCompare(y.id))
        .map((l) => {
          const [group, name] = splitId(l.id);
          const anc: Json = { type: 'machine-learning-model' };
          if (group) anc.group = group;
          anc.name = name;
          const al = licenses(view.bases.find((b) => b.id.toLowerCase() === l.id.toLowerCase())?.license ?? null);
          if (al) anc.licenses = al;
          anc.externalReferences = [{ type: 'website', url: hubModelUrl(view.hub, l.id), comment: 'Hugging Face Hub page' }];
          anc.properties = [prop('ptm-lens:lineage:relation', l.relation ?? 'unknown'), prop('ptm-lens:lineage:depth', String(l.depth)), prop('ptm-lens:lookup:state', l.state)];
          return anc;
        }),
    };
  }
  if (m.occurrences.length > 0) c.evidence = { occurrences: m.occurrences.map(occurrenceEvidence) };
  const card = modelCard(m, view);
  if (card) c.modelCard = card;
  c.properties = modelProperties(m);
  return c;
}

function externalReferences(m: BomModel): Json[] {
  const refs: Json[] = [{ type: 'website', url: m.hubPage, comment: 'Hugging Face Hub page' }];
  if (m.treeUrl) refs.push({ type: 'distribution', url: m.treeUrl, comment: `Files at commit ${m.sha}` });
  if (m.cardUrl) refs.push({ type: 'model-card', url: m.cardUrl, comment: 'Model card (README.md)' });
  for (const p of m.papers) refs.push({ type: 'documentation', url: `https://arxiv.org/abs/${p}`, comment: `Paper: arXiv:${p}` });
  if (m.license?.kind === 'named' && m.license.url) refs.push({ type: 'license', url: m.license.url, comment: `License: ${m.license.name}` });
  return refs;
}

/**
 * One occurrence per reference. In a notebook the line counts within a cell, not within the
 * `.ipynb` file, so it goes into the context with the cell instead of `line`, which would point
 * into the JSON.
 */
function occurrenceEvidence(o: Occurrence): Json {
  const e: Json = { location: o.file };
  if (o.cell === undefined) e.line = o.line;
  e.symbol = o.call;
  const where = o.cell === undefined ? `line ${o.line}, column ${o.column}` : `notebook cell ${o.cell + 1}, line ${o.line}, column ${o.column}`;
  e.additionalContext = `${where}; ${o.kind} reference, id ${o.resolvedVia === 'literal' ? 'written as a literal' : `resolved via ${o.resolvedVia}`}`;
  return e;
}

function modelCard(m: BomModel, view: BomView): Json | undefined {
  const card: Json = {};
  const params: Json = {};
  if (m.task) params.task = m.task;
  if (m.architectureFamily) params.architectureFamily = m.architectureFamily;
  if (m.architectures.length > 0) params.modelArchitecture = m.architectures.join(', ');
  const datasets = view.datasets.filter((d) => d.models.includes(m.key));
  if (datasets.length > 0) params.datasets = [...new Set(m.datasets.map((id) => datasets.find((d) => d.id.toLowerCase() === id.toLowerCase())!.key))].map((ref) => ({ ref }));
  if (Object.keys(params).length > 0) card.modelParameters = params;
  if (m.metrics.length > 0) {
    card.quantitativeAnalysis = {
      performanceMetrics: m.metrics.map((x) => {
        const pm: Json = { type: x.type, value: x.value };
        if (x.slice) pm.slice = x.slice;
        return pm;
      }),
    };
  }
  const cons: Json = {};
  const c = m.considerations;
  if (c.useCases.length > 0) cons.useCases = c.useCases;
  if (c.technicalLimitations.length > 0) cons.technicalLimitations = c.technicalLimitations;
  if (c.ethicalConsiderations.length > 0) cons.ethicalConsiderations = c.ethicalConsiderations.map((r) => (r.mitigationStrategy ? { name: r.name, mitigationStrategy: r.mitigationStrategy } : { name: r.name }));
  const env: Property[] = [];
  if (m.co2) {
    // The Hub states emissions in grams of CO2-equivalent; CycloneDX's energy records need an energy
    // cost in kWh, which cards do not give, so the facts go in as properties.
    if (m.co2.grams !== null) env.push(prop('ptm-lens:co2-eq-emissions-grams', String(m.co2.grams)));
    if (m.co2.source) env.push(prop('ptm-lens:co2-eq-emissions-source', m.co2.source));
    if (m.co2.trainingType) env.push(prop('ptm-lens:co2-eq-emissions-training-type', m.co2.trainingType));
    if (m.co2.location) env.push(prop('ptm-lens:co2-eq-emissions-location', m.co2.location));
    if (m.co2.hardware) env.push(prop('ptm-lens:hardware-used', m.co2.hardware));
  }
  if (c.environmentalImpact) env.push(prop('ptm-lens:card:environmental-impact', c.environmentalImpact));
  if (env.length > 0) cons.environmentalConsiderations = { properties: env };
  if (Object.keys(cons).length > 0) card.considerations = cons;
  return Object.keys(card).length > 0 ? card : undefined;
}

function modelProperties(m: BomModel): Property[] {
  const a = m.assessment;
  const facts = a.facts;
  const p: Property[] = [prop('ptm-lens:model-id', a.modelId)];
  if (a.renamed) p.push(prop('ptm-lens:canonical-id', a.canonicalId));
  p.push(prop('ptm-lens:revision', a.revision ?? 'unpinned'));
  p.push(prop('ptm-lens:lookup:state', a.state));
  if (a.reason) p.push(prop('ptm-lens:lookup:reason', a.reason));
  for (const u of facts?.unavailable ?? []) p.push(prop('ptm-lens:unknown', `${u.fact}: ${u.reason}`));
  if (facts?.source === 'local-cache') p.push(prop('ptm-lens:facts-source', 'local Hugging Face cache'));
  if (m.publisherKind !== 'unknown') p.push(prop('ptm-lens:publisher:kind', m.publisherKind));
  if (m.publisherVerified !== null) p.push(prop('ptm-lens:publisher:verified', String(m.publisherVerified)));
  if (m.libraryName) p.push(prop('ptm-lens:library', m.libraryName));
  if (facts?.gated) p.push(prop('ptm-lens:gated', facts.gated));
  if (typeof facts?.safetensors?.total === 'number') p.push(prop('ptm-lens:parameters', String(facts.safetensors.total)));
  if (a.license?.hubId) p.push(prop('ptm-lens:license:hub-id', a.license.hubId));
  if (m.license) p.push(prop('ptm-lens:license:declared', licenseText(m.license)));
  p.push(prop('ptm-lens:license:verdict', a.compatibility.verdict));
  p.push(prop('ptm-lens:license:reason', a.compatibility.reason));
  for (const cond of a.compatibility.conditions) p.push(prop('ptm-lens:license:condition', cond));
  for (const [name, score] of [['provenance', a.scores.provenance], ['reproducibility', a.scores.reproducibility], ['documentation', a.scores.documentation]] as const) {
    p.push(prop(`ptm-lens:score:${name}`, score.value === null ? 'unknown' : String(score.value)));
  }
  p.push(...architectureProperties(m.architecture, m.suggestions));
  for (const f of m.findings) p.push(prop('ptm-lens:finding', `${f.severity} ${f.rule}: ${f.message} (${f.locations.join(', ')})`));
  return p;
}

/** PTM Lens's architecture class and the suggestions that apply (`ptm-lens:suggestion`: kind, form, summary). */
function architectureProperties(arch: ArchitectureClass, suggestions: readonly FocusedConvSuggestion[]): Property[] {
  const p = [prop('ptm-lens:architecture:family', arch.family)];
  if (arch.name) p.push(prop('ptm-lens:architecture:name', arch.name));
  for (const s of suggestions) p.push(prop('ptm-lens:suggestion', `${s.kind} (${s.form}): ${s.summary}`));
  return p;
}

/**
 * Weights a library publishes itself (torchvision, timm): the library as the group, the constructor as
 * the name, no version or purl (the weights follow the installed library), where the code loads them.
 */
function libraryComponent(l: BomLibraryWeights): Json {
  const c: Json = { type: 'machine-learning-model', 'bom-ref': l.key, group: l.source, name: l.name };
  c.externalReferences = [{ type: 'documentation', url: LIBRARY_WEIGHTS_DOCS[l.source], comment: `${l.source} pretrained weights` }];
  if (l.occurrences.length > 0) c.evidence = { occurrences: l.occurrences.map(occurrenceEvidence) };
  if (l.architecture.name) c.modelCard = { modelParameters: { architectureFamily: l.architecture.name } };
  const p: Property[] = [prop('ptm-lens:model-id', l.id), prop('ptm-lens:source', l.source), prop('ptm-lens:lookup:state', 'not looked up: library weights are not a Hub repo')];
  for (const w of l.weights) p.push(prop('ptm-lens:weights', w));
  p.push(...architectureProperties(l.architecture, l.suggestions));
  for (const f of l.findings) p.push(prop('ptm-lens:finding', `${f.severity} ${f.rule}: ${f.message} (${f.locations.join(', ')})`));
  c.properties = p;
  return c;
}

function baseComponent(b: BomBase, view: BomView): Json {
  const c: Json = { type: 'machine-learning-model', 'bom-ref': b.key };
  const sup = supplier(b.namespace, view);
  if (sup) c.supplier = sup;
  if (b.namespace) c.group = b.namespace;
  c.name = b.name;
  // No version: a card's `base_model` names a repository, not a commit.
  const lic = licenses(b.license);
  if (lic) c.licenses = lic;
  c.externalReferences = [{ type: 'website', url: b.hubPage, comment: 'Hugging Face Hub page' }];
  const p: Property[] = [prop('ptm-lens:role', 'base-model'), prop('ptm-lens:lookup:state', b.state)];
  const keyToId = new Map(view.models.map((m) => [m.key, m.assessment.modelId]));
  for (const d of b.descendants) p.push(prop('ptm-lens:lineage:base-of', `${keyToId.get(d.model) ?? d.model} (${d.relation ?? 'relation unknown'}, depth ${d.depth})`));
  c.properties = p;
  return c;
}

function dataComponent(d: BomDataset): Json {
  const c: Json = { type: 'data', 'bom-ref': d.key };
  if (isHubDatasetId(d.id)) {
    const [group, name] = splitId(d.id);
    if (group) c.group = group;
    c.name = name;
  } else c.name = d.id;
  if (d.url) c.externalReferences = [{ type: 'website', url: d.url, comment: 'Hugging Face Hub data set page' }];
  const data: Json = { type: 'dataset', name: d.id };
  if (d.url) data.contents = { url: d.url };
  c.data = [data];
  c.properties = [prop('ptm-lens:role', 'declared training data')];
  return c;
}

/**
 * The project depends on each model, each model on its direct bases, and a base on the next one
 * where the chain is unambiguous. A model whose lineage is unknown (lookup failed, or no base
 * declared) has no entry: in CycloneDX an empty entry means "no dependencies", which PTM Lens cannot
 * claim.
 */
function dependencyGraph(view: BomView): Json[] {
  const deps: { ref: string; dependsOn: string[] }[] = [];
  const used = [...view.models.map((m) => m.key), ...view.libraryWeights.map((l) => l.key)];
  if (used.length > 0) deps.push({ ref: PROJECT_REF, dependsOn: used.sort() });
  const baseKey = new Map(view.bases.map((b) => [b.id.toLowerCase(), b.key]));
  for (const m of view.models) {
    const direct = [...new Set(m.lineage.filter((l) => l.depth === 1).map((l) => baseKey.get(l.id.toLowerCase())!))].sort();
    if (direct.length > 0) deps.push({ ref: m.key, dependsOn: direct });
  }
  for (const [ref, dependsOn] of view.baseEdges) deps.push({ ref, dependsOn });
  return deps.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
