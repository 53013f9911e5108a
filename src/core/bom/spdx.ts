/**
 * SPDX 3.0.1 JSON-LD with the AI and Dataset profiles: the project as a `software_Package`, every
 * model and base model as an `ai_AIPackage`, declared training data as `dataset_DatasetPackage`, and
 * relationships for usage (`dependsOn`), lineage (`ancestorOf`), training data (`trainedOn`) and
 * licenses (`hasDeclaredLicense`, `hasConcludedLicense`).
 *
 * Required properties follow the spec: an AIPackage needs `releaseTime`, `suppliedBy`,
 * `downloadLocation`, `packageVersion` and `primaryPurpose`, and (AI profile conformance) exactly one
 * declared and one concluded license relationship. Where a value is unknown and the spec has a
 * "no assertion" value (`NOASSERTION` versions, `NoAssertionLicense`, the `noAssertion` data set
 * type), that value is used; a date has none, so an unknown `releaseTime` (or a data set's
 * `builtTime`) is left out and the element's comment says why. Nothing is invented to fill a field.
 */
import type { PipelineResult } from '../pipeline.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import type { BomBase, BomDataset, BomLibraryWeights, BomModel, BomOptions, BomView, LicenseView, Occurrence } from './common.js';
import { buildBomView, checkSerialNumber, hubModelUrl, LIBRARY_WEIGHTS_DOCS, isHubDatasetId, licenseText, occurrenceText, PROJECT_URL, sentence, shortHash, splitId, stableJson, uuidV5 } from './common.js';

export const SPDX_VERSION = '3.0.1';
const CONTEXT = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
const TERMS = 'https://spdx.org/rdf/3.0.1/terms';
const NO_ASSERTION_LICENSE = `${TERMS}/ExpandedLicensing/NoAssertionLicense`;
const NONE_LICENSE = `${TERMS}/ExpandedLicensing/NoneLicense`;
const CREATION_INFO = '_:creationinfo';
const NOASSERTION = 'NOASSERTION';

type Json = Record<string, unknown>;

export function buildSpdx(result: PipelineResult, toolVersion: string, opts: BomOptions = {}): Json {
  const view = buildBomView(result, toolVersion, opts);
  // Element ids live under a namespace named by the document's UUID, itself a hash of the content.
  const uuid = opts.serialNumber ? checkSerialNumber(opts.serialNumber).slice('urn:uuid:'.length) : uuidV5(stableJson(document(view, 'urn:ptm-lens:draft')));
  return document(view, `https://spdx.org/spdxdocs/ptm-lens-${uuid}`);
}

export function renderSpdx(result: PipelineResult, toolVersion: string, opts: BomOptions = {}): string {
  return stableJson(buildSpdx(result, toolVersion, opts));
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'x';
}

function document(view: BomView, ns: string): Json {
  const id = (kind: string, key: string): string => `${ns}#SPDXRef-${kind}-${slug(key)}-${shortHash(key, 6)}`;
  const base = (type: string, spdxId: string): Json => ({ type, spdxId, creationInfo: CREATION_INFO });

  const agentId = `${ns}#SPDXRef-SoftwareAgent-ptm-lens`;
  const toolId = `${ns}#SPDXRef-Tool-ptm-lens`;
  const docId = `${ns}#SPDXRef-DOCUMENT`;
  const sbomId = `${ns}#SPDXRef-Sbom`;
  const projectId = `${ns}#SPDXRef-Project`;

  const agents = new Map<string, Json>();
  const agentFor = (name: string, kind: 'organization' | 'user' | 'unknown'): string => {
    const key = name.toLowerCase();
    const existing = agents.get(key);
    if (existing) {
      // The publisher overview is more specific than a bare namespace; keep the most specific type.
      if (existing.type === 'Agent' && kind !== 'unknown') existing.type = kind === 'organization' ? 'Organization' : 'Person';
      return existing.spdxId as string;
    }
    const a: Json = { ...base(kind === 'organization' ? 'Organization' : kind === 'user' ? 'Person' : 'Agent', id('Agent', name)), name, comment: `Hugging Face Hub namespace ${hubModelUrl(view.hub, name)}` };
    agents.set(key, a);
    return a.spdxId as string;
  };

  /** The library that publishes its own pretrained weights (torchvision, timm) as their supplier. */
  const libraryAgent = (source: 'torchvision' | 'timm'): string => {
    const key = `library:${source}`;
    const existing = agents.get(key);
    if (existing) return existing.spdxId as string;
    const a: Json = { ...base('Organization', id('Agent', key)), name: source, comment: `The ${source} library, which publishes these pretrained weights (${LIBRARY_WEIGHTS_DOCS[source]})` };
    agents.set(key, a);
    return a.spdxId as string;
  };

  const licenses = new Map<string, Json>();
  const licenseFor = (v: LicenseView): string => {
    const expression = v.kind === 'named' ? `LicenseRef-${slug(v.name)}-${shortHash(`${v.name}\0${v.url ?? ''}`, 6)}` : licenseText(v);
    const existing = licenses.get(expression);
    if (existing) return existing.spdxId as string;
    const lic: Json = { ...base('simplelicensing_LicenseExpression', id('License', expression)), simplelicensing_licenseExpression: expression };
    // A model license that is not on the SPDX list is a LicenseRef, mapped to its text where known.
    if (v.kind === 'named') {
      lic.name = v.name;
      if (v.url) lic.simplelicensing_customIdToUri = [{ type: 'DictionaryEntry', key: expression, value: v.url }];
    }
    licenses.set(expression, lic);
    return lic.spdxId as string;
  };
  const dataLicense = licenseFor({ kind: 'id', id: 'CC0-1.0' });

  const relationships: Json[] = [];
  const relate = (from: string, type: string, to: string[], comment?: string): void => {
    const r: Json = { type: 'Relationship', spdxId: '', creationInfo: CREATION_INFO, from, relationshipType: type, to };
    if (comment) r.comment = comment;
    relationships.push(r);
  };
  const annotations: Json[] = [];

  const project: Json = { ...base('software_Package', projectId), name: view.project.name };
  if (view.unresolved.length > 0) {
    project.comment = `Some references name their model only at run time, so this list of models may be incomplete: ${view.unresolved.map((o) => `${occurrenceText(o)} (${o.call})`).join('; ')}.`;
  }
  if (view.project.license) relate(projectId, 'hasDeclaredLicense', [licenseFor(view.project.license)], view.project.licenseSource ? `Declared in ${view.project.licenseSource}` : undefined);

  const modelIds = new Map<string, string>();
  const models = view.models.map((m) => {
    const spdxId = id('Model', m.key);
    modelIds.set(m.key, spdxId);
    return modelPackage(m, spdxId);
  });
  const libraryIds = new Map(view.libraryWeights.map((l) => [l.key, id('Model', l.key)]));
  const libraries = view.libraryWeights.map((l) => libraryPackage(l, libraryIds.get(l.key)!));
  const baseIds = new Map(view.bases.map((b) => [b.key, id('Base', b.key)]));
  const bases = view.bases.map((b) => basePackage(b, baseIds.get(b.key)!));
  const datasetIds = new Map<string, string>();
  const datasets = view.datasets.map((d) => {
    const spdxId = id('Dataset', d.key);
    datasetIds.set(d.key, spdxId);
    return datasetPackage(d, spdxId);
  });

  for (const m of view.models) {
    const spdxId = modelIds.get(m.key)!;
    relate(projectId, 'dependsOn', [spdxId], `Referenced at ${m.occurrences.map(occurrenceComment).join('; ')}`);
  }
  for (const m of view.models) {
    const spdxId = modelIds.get(m.key)!;
    declaredLicense(spdxId, m.license, m.assessment.license?.status ?? null);
    const ds = view.datasets.filter((d) => d.models.includes(m.key)).map((d) => datasetIds.get(d.key)!);
    if (ds.length > 0) relate(spdxId, 'trainedOn', ds, 'Training data the model card declares');
  }
  const keyToId = new Map(view.models.map((m) => [m.key, m.assessment.modelId]));
  for (const b of view.bases) {
    const spdxId = baseIds.get(b.key)!;
    declaredLicense(spdxId, b.license, null);
    // `ancestorOf` holds at every depth of the lineage, so no parent needs guessing.
    relate(spdxId, 'ancestorOf', [...new Set(b.descendants.map((d) => modelIds.get(d.model)!))], b.descendants.map((d) => `${d.relation ?? 'relation unknown'}, depth ${d.depth} of ${keyToId.get(d.model) ?? d.model}`).join('; '));
  }
  for (const m of view.models) annotations.push(reviewAnnotation(m, modelIds.get(m.key)!));
  for (const l of view.libraryWeights) {
    const spdxId = libraryIds.get(l.key)!;
    relate(projectId, 'dependsOn', [spdxId], `Referenced at ${l.occurrences.map(occurrenceComment).join('; ')}`);
    declaredLicense(spdxId, null, null);
    annotations.push(libraryAnnotation(l, spdxId));
  }

  relationships.forEach((r, i) => (r.spdxId = `${ns}#SPDXRef-Relationship-${i + 1}`));
  annotations.forEach((a, i) => (a.spdxId = `${ns}#SPDXRef-Annotation-${i + 1}`));

  const licenseElements = [...licenses.values()].sort((a, b) => String(a.spdxId).localeCompare(String(b.spdxId)));
  const agentElements = [...agents.values()].sort((a, b) => String(a.spdxId).localeCompare(String(b.spdxId)));
  const elements = [project, ...agentElements, ...models, ...libraries, ...bases, ...datasets, ...licenseElements, ...relationships, ...annotations];
  const creationInfo: Json = {
    type: 'CreationInfo',
    '@id': CREATION_INFO,
    specVersion: SPDX_VERSION,
    created: view.timestamp,
    createdBy: [agentId],
    createdUsing: [toolId],
    comment: `Generated by ptm-lens ${view.toolVersion} from a scan of the project's source; facts from ${view.hub}.`,
  };
  const sbom: Json = {
    ...base('software_Sbom', sbomId),
    name: `Pre-trained models used by ${view.project.name}`,
    software_sbomType: ['analyzed'],
    rootElement: [projectId],
    element: elements.map((e) => e.spdxId as string),
  };
  const doc: Json = {
    ...base('SpdxDocument', docId),
    name: `ptm-lens-bom-${view.project.name}`,
    dataLicense,
    profileConformance: ['core', 'software', 'simpleLicensing', 'expandedLicensing', 'ai', 'dataset'],
    rootElement: [sbomId],
    element: [agentId, toolId, sbomId, ...elements.map((e) => e.spdxId as string)],
  };
  return {
    '@context': CONTEXT,
    '@graph': [
      creationInfo,
      { ...base('SoftwareAgent', agentId), name: 'ptm-lens' },
      { ...base('Tool', toolId), name: `ptm-lens ${view.toolVersion}`, externalRef: [{ type: 'ExternalRef', externalRefType: 'altWebPage', locator: [PROJECT_URL] }] },
      doc,
      sbom,
      ...elements,
    ],
  };

  /**
   * Exactly one declared and one concluded license per package (AI profile conformance). PTM Lens
   * reads what the card declares and concludes nothing, so the concluded license is always
   * NoAssertionLicense; a card that declares no license gets NoneLicense as its declared one.
   */
  function declaredLicense(from: string, v: LicenseView | null, status: string | null): void {
    relate(from, 'hasDeclaredLicense', [v ? licenseFor(v) : status === 'missing' ? NONE_LICENSE : NO_ASSERTION_LICENSE]);
    relate(from, 'hasConcludedLicense', [NO_ASSERTION_LICENSE]);
  }

  function modelPackage(m: BomModel, spdxId: string): Json {
    const a = m.assessment;
    const p: Json = { ...base('ai_AIPackage', spdxId), name: m.id };
    const unknown: string[] = [];
    if (m.namespace) p.suppliedBy = agentFor(m.namespace, m.publisherKind);
    else unknown.push('suppliedBy');
    if (m.lastModified) p.releaseTime = m.lastModified;
    else unknown.push('releaseTime');
    p.software_packageVersion = m.sha ?? NOASSERTION;
    p.software_downloadLocation = m.treeUrl ?? m.hubPage;
    p.software_homePage = m.hubPage;
    if (m.purl) p.software_packageUrl = m.purl;
    p.software_primaryPurpose = 'model';
    const refs: Json[] = [];
    if (m.cardUrl) refs.push({ type: 'ExternalRef', externalRefType: 'documentation', locator: [m.cardUrl], comment: 'Model card (README.md)' });
    for (const paper of m.papers) refs.push({ type: 'ExternalRef', externalRefType: 'documentation', locator: [`https://arxiv.org/abs/${paper}`], comment: `Paper: arXiv:${paper}` });
    if (m.license?.kind === 'named' && m.license.url) refs.push({ type: 'ExternalRef', externalRefType: 'license', locator: [m.license.url] });
    if (refs.length > 0) p.externalRef = refs;
    const types = [...new Set([m.architectureFamily, ...m.architectures].filter((x): x is string => !!x))];
    if (types.length > 0) p.ai_typeOfModel = types;
    if (m.task) p.ai_domain = [m.task];
    const c = m.considerations;
    if (c.useCases.length > 0) p.ai_informationAboutApplication = c.useCases.join('\n\n');
    const limits = [...c.technicalLimitations, ...c.ethicalConsiderations.map((r) => (r.mitigationStrategy ? `${r.name}\n\nRecommendations: ${r.mitigationStrategy}` : r.name))];
    if (limits.length > 0) p.ai_limitation = limits.join('\n\n');
    const training: string[] = [];
    if (m.datasets.length > 0) training.push(`Declared training data: ${m.datasets.join(', ')}.`);
    if (m.co2) {
      const details = [m.co2.source, m.co2.trainingType, m.co2.location, m.co2.hardware ? `hardware: ${m.co2.hardware}` : undefined].filter((x) => x);
      training.push(`Reported emissions: ${m.co2.grams === null ? 'amount not stated' : `${m.co2.grams} g CO2eq`}${details.length ? ` (${details.join('; ')})` : ''}.`);
    }
    if (c.environmentalImpact) training.push(`Environmental impact: ${c.environmentalImpact}`);
    if (training.length > 0) p.ai_informationAboutTraining = training.join('\n');
    if (m.metrics.length > 0) {
      const seen = new Set<string>();
      p.ai_metric = m.metrics.flatMap((x) => {
        const key = `${x.type}${x.slice ? ` (${x.slice})` : ''}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [{ type: 'DictionaryEntry', key, value: x.value }];
      });
    }
    const notes: string[] = [];
    if (a.state !== 'ok') notes.push(`Lookup state: ${a.state}.${a.reason ? ` Unknown because ${sentence(a.reason)}` : ''}`);
    if (a.renamed) notes.push(`Written in the code as ${a.modelId}, which redirects to ${a.canonicalId}.`);
    notes.push(a.revision ? `The code pins revision ${a.revision}.` : 'The code does not pin a revision.');
    for (const u of a.facts?.unavailable ?? []) notes.push(`Unknown: ${u.fact} (${u.reason}).`);
    if (unknown.length > 0) notes.push(`Left out because unknown: ${unknown.join(', ')}.`);
    p.comment = notes.join(' ');
    return p;
  }

  function basePackage(b: BomBase, spdxId: string): Json {
    const p: Json = { ...base('ai_AIPackage', spdxId), name: b.id };
    if (b.namespace) p.suppliedBy = agentFor(b.namespace, 'unknown');
    // A card's `base_model` names a repository, not a commit or a release.
    p.software_packageVersion = NOASSERTION;
    p.software_downloadLocation = b.hubPage;
    p.software_homePage = b.hubPage;
    p.software_primaryPurpose = 'model';
    p.comment = `Base model named by the lineage of a model the project uses (lookup state: ${b.state}). Left out because unknown: releaseTime${b.namespace ? '' : ', suppliedBy'}.`;
    return p;
  }

  function datasetPackage(d: BomDataset, spdxId: string): Json {
    const p: Json = { ...base('dataset_DatasetPackage', spdxId), name: d.id };
    const [namespace] = splitId(d.id);
    // The Hub namespace publishes the data set; who created the data is not known, so no originatedBy.
    if (namespace && isHubDatasetId(d.id)) p.suppliedBy = agentFor(namespace, 'unknown');
    p.software_packageVersion = NOASSERTION;
    p.software_downloadLocation = d.url ?? NOASSERTION;
    if (d.url) p.software_homePage = d.url;
    p.software_primaryPurpose = 'data';
    p.dataset_datasetType = ['noAssertion'];
    p.comment = 'Declared as training data in a model card; PTM Lens does not look data sets up. Left out because unknown: builtTime, releaseTime, originatedBy.';
    return p;
  }

  function reviewAnnotation(m: BomModel, subject: string): Json {
    const a = m.assessment;
    const s = a.scores;
    const score = (v: number | null): string => (v === null ? 'unknown' : `${v}/100`);
    const lines = [
      `PTM Lens assessment (lookup state: ${a.state}).`,
      `Scores: provenance ${score(s.provenance.value)}, reproducibility ${score(s.reproducibility.value)}, documentation ${score(s.documentation.value)}.`,
      `License verdict: ${a.compatibility.verdict}. ${a.compatibility.reason}`,
      ...architectureLines(m.architecture, m.suggestions),
      ...m.findings.map((f) => `${f.severity} ${f.rule}: ${f.message} (${f.locations.join(', ')})`),
    ];
    return { type: 'Annotation', spdxId: '', creationInfo: CREATION_INFO, annotationType: 'review', subject, statement: lines.join('\n') };
  }

  /** Library weights: no Hub facts, so no supplier, release time, version or license is asserted. */
  function libraryPackage(l: BomLibraryWeights, spdxId: string): Json {
    const p: Json = { ...base('ai_AIPackage', spdxId), name: l.id };
    p.suppliedBy = libraryAgent(l.source);
    // The weights follow the installed library version: no version or download URL can be asserted.
    p.software_packageVersion = NOASSERTION;
    p.software_downloadLocation = NOASSERTION;
    p.software_homePage = LIBRARY_WEIGHTS_DOCS[l.source];
    p.software_primaryPurpose = 'model';
    if (l.architecture.name) p.ai_typeOfModel = [l.architecture.name];
    const weights = l.weights.length > 0 ? ` (weights: ${l.weights.join(', ')})` : '';
    p.comment = `Pretrained weights published by ${l.source}${weights}, built by its ${l.name} constructor; not a Hugging Face Hub repo, so not looked up. Left out because unknown: releaseTime.`;
    return p;
  }

  function libraryAnnotation(l: BomLibraryWeights, subject: string): Json {
    const lines = [`PTM Lens: library weights from ${l.source}, not looked up.`, ...architectureLines(l.architecture, l.suggestions), ...l.findings.map((f) => `${f.severity} ${f.rule}: ${f.message} (${f.locations.join(', ')})`)];
    return { type: 'Annotation', spdxId: '', creationInfo: CREATION_INFO, annotationType: 'review', subject, statement: lines.join('\n') };
  }
}

function architectureLines(arch: ArchitectureClass, suggestions: readonly FocusedConvSuggestion[]): string[] {
  return [`Architecture: ${arch.family}${arch.name ? ` (${arch.name})` : ''}.`, ...suggestions.map((s) => `Suggestion ${s.kind} (${s.form}): ${s.summary}`)];
}

function occurrenceComment(o: Occurrence): string {
  return `${occurrenceText(o)} (${o.call})`;
}
