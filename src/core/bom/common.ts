/**
 * One view of a scan for every bill-of-materials format. CycloneDX, SPDX and the Markdown report are
 * rendered from this view, so they name the same models, licenses, lineage and locations (parity
 * between formats is something BOM users ask for), and the rules that keep a BOM honest live in one
 * place:
 *
 * - unknown facts are left out, never invented: no version without a commit, no license for an
 *   unknown one, no SPDX id that is not on the SPDX list;
 * - a model whose lookup failed still appears, with what the code says about it and the reason;
 * - the output is deterministic: everything is sorted, the time comes from `SOURCE_DATE_EPOCH` when
 *   set, and identifiers are derived from content, never random.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import licenseIds from 'spdx-license-ids/index.json';
import type { Finding, LineageItem, ModelAssessment } from '../assess/assess.js';
import { SEVERITY_RANK } from '../assess/rules.js';
import type { Severity } from '../assess/rules.js';
import { isPinnedRevision } from '../detect/hubId.js';
import type { ModelLicense, ProjectLicense } from '../license/index.js';
import { parseSpdx } from '../license/spdx.js';
import type { PipelineResult } from '../pipeline.js';
import type { FileReference } from '../scan/workspace.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import { classifyReference, libraryConstructorName } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import { isLibraryWeightsReference } from '../vision/references.js';
import { modelSuggestions } from '../vision/suggestions.js';
import type { CardConsiderations } from './cardText.js';
import { cardConsiderations } from './cardText.js';
import { oneLine } from '../text.js';

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const PROJECT_URL = 'https://github.com/ptm-lens/ptm-lens';

export interface BomOptions {
  /** A `urn:uuid:` serial number; derived from the content when absent. */
  serialNumber?: string;
  /** The BOM's creation time; else `SOURCE_DATE_EPOCH`, else now. */
  timestamp?: Date | string;
  /** The Hub the models were looked up on, for links and purls (default https://huggingface.co). */
  hubUrl?: string;
  /** Where `SOURCE_DATE_EPOCH` is read (default `process.env`). */
  env?: Record<string, string | undefined>;
}

// ------------------------------------------------------------------------------------------ time, ids

/**
 * The BOM time as `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, because SPDX 3 requires them
 * (`xsd:dateTimeStamp` without fractions) and a reproducible build pins time to the second.
 * `SOURCE_DATE_EPOCH` (reproducible-builds.org) must be a whole number of seconds; anything else is
 * an error rather than a silently ignored setting.
 */
export function bomTimestamp(opts: Pick<BomOptions, 'timestamp' | 'env'> = {}): string {
  if (opts.timestamp !== undefined) {
    const d = opts.timestamp instanceof Date ? opts.timestamp : new Date(opts.timestamp);
    if (Number.isNaN(d.getTime())) throw new Error(`Invalid BOM timestamp: ${String(opts.timestamp)}`);
    return isoSeconds(d);
  }
  const epoch = (opts.env ?? process.env).SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch.trim() !== '') {
    if (!/^\d{1,12}$/.test(epoch.trim())) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${epoch}".`);
    return isoSeconds(new Date(Number(epoch.trim()) * 1000));
  }
  return isoSeconds(new Date());
}

function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** PTM Lens's own name-based UUID namespace, so derived ids never collide with other tools'. */
const UUID_NAMESPACE = 'fe6ae780-b0ac-4c6f-a23b-3cdc4edc502b';

/** A name-based UUID as RFC 9562 version 5 defines it (SHA-1 of namespace and name). */
export function uuidV5(name: string, namespace = UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const SERIAL_NUMBER = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkSerialNumber(serial: string): string {
  if (!SERIAL_NUMBER.test(serial)) throw new Error(`The serial number must look like urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (lowercase hex), not "${serial}".`);
  return serial;
}

export function shortHash(text: string, length = 8): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, length);
}

// ------------------------------------------------------------------------------------------ Hub links

export function normalizeHubUrl(url: string | undefined): string {
  return (url ?? DEFAULT_HUB_URL).replace(/\/+$/, '');
}

function encodeId(id: string): string {
  return id.split('/').map(encodeURIComponent).join('/');
}

export function hubModelUrl(hub: string, id: string): string {
  return `${hub}/${encodeId(id)}`;
}

export function hubDatasetUrl(hub: string, id: string): string {
  return `${hub}/datasets/${encodeId(id)}`;
}

/**
 * `pkg:huggingface/<namespace>/<name>@<commit>` (purl-spec `huggingface` type: namespace and name
 * case-sensitive, the commit lowercased); `repository_url` names a Hub other than huggingface.co.
 */
export function huggingFacePurl(hub: string, id: string, sha: string): string {
  const qualifiers = hub === DEFAULT_HUB_URL ? '' : `?repository_url=${encodeURIComponent(hub).replace(/%3A/gi, ':').replace(/%2F/gi, '/')}`;
  return `pkg:huggingface/${encodeId(id)}@${sha.toLowerCase()}${qualifiers}`;
}

/** Dataset ids as the Hub writes them (`org/name` or a legacy one-segment name); free-form names are not. */
export function isHubDatasetId(id: string): boolean {
  return /^[\w.-]+(\/[\w.-]+)?$/.test(id) && !id.includes('--') && !id.includes('..');
}

const ARXIV_ID = /^(\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?\/\d{7}(v\d+)?)$/;

// ------------------------------------------------------------------------------------------ licenses

export type LicenseView =
  | { kind: 'id'; id: string }
  | { kind: 'expression'; expression: string }
  | { kind: 'named'; name: string; url?: string };

const LICENSE_IDS = new Set(licenseIds as string[]);
/** The display name `normalizeModelLicense` gives `license: other` without a `license_name` (license/model.ts). */
const OTHER_PLACEHOLDER = 'Other (custom license)';

/**
 * How a license goes into a BOM: a single id on the current SPDX list as an id, any other valid SPDX
 * expression as an expression, else the declared name with its URL. Never an invalid id: a Hub slug
 * such as `llama2` or `other` is a name, and `unknown` or a missing license is left out (null).
 */
export function licenseView(lic: ModelLicense | null, cardData: Record<string, unknown> | undefined, linkBase: string | null): LicenseView | null {
  if (!lic) return null;
  if (lic.spdx && parseSpdx(lic.spdx)) return spdxView(lic.spdx);
  if (lic.status === 'missing' || lic.status === 'unknown') return null;
  if ((lic.status === 'other' || lic.status === 'other-unlinked') && lic.family === 'other') {
    // `license: other`: the name is the card's `license_name`; PTM Lens's own placeholder is not a license name.
    const declared = cardData ? cardData.license_name : lic.name === OTHER_PLACEHOLDER ? undefined : lic.name;
    if (typeof declared !== 'string' || declared.trim() === '') return lic.link ? namedView('Other', lic, linkBase) : null;
  }
  if (lic.status === 'unrecognized' && lic.hubId === null) return null;
  return namedView(lic.name, lic, linkBase);
}

function namedView(name: string, lic: ModelLicense, linkBase: string | null): LicenseView {
  const view: LicenseView = { kind: 'named', name };
  if (lic.link && !lic.linkIsRelative) view.url = lic.link;
  else if (lic.link && lic.linkIsRelative && linkBase) view.url = `${linkBase}/${lic.link.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/')}`;
  return view;
}

export function spdxView(spdx: string): LicenseView {
  return LICENSE_IDS.has(spdx) ? { kind: 'id', id: spdx } : { kind: 'expression', expression: spdx };
}

export function projectLicenseView(lic: ProjectLicense | null): LicenseView | null {
  if (!lic) return null;
  if (lic.spdx && parseSpdx(lic.spdx)) return spdxView(lic.spdx);
  return lic.name.trim() ? { kind: 'named', name: lic.name } : null;
}

export function licenseText(view: LicenseView): string {
  return view.kind === 'id' ? view.id : view.kind === 'expression' ? view.expression : view.name;
}

// ------------------------------------------------------------------------------------------ the view

export interface Occurrence {
  file: string;
  /** 1-based; within the cell for notebooks. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based notebook cell. */
  cell?: number;
  call: string;
  kind: string;
  resolvedVia: string;
}

export interface Metric {
  type: string;
  value: string;
  /** The data set (and split) the value was measured on. */
  slice?: string;
  task?: string;
}

export interface BomFinding {
  rule: Finding['rule'];
  severity: Severity;
  message: string;
  /** Every place the finding applies, as `file:line` (with the cell for notebooks). */
  locations: string[];
}

export interface BomModel {
  /** Unique in the BOM and stable across runs: the id as written and the pinned revision. */
  key: string;
  assessment: ModelAssessment;
  /** The canonical id, split into namespace (publisher) and name. */
  id: string;
  namespace: string | null;
  name: string;
  /** The commit: looked up, else the full commit hash the code pins; null when unknown. */
  sha: string | null;
  purl: string | null;
  hubPage: string;
  /** The Hub page at the commit, when the commit is known. */
  treeUrl: string | null;
  /** The model card at the commit (or the default branch), when the model has one. */
  cardUrl: string | null;
  license: LicenseView | null;
  papers: string[];
  task: string | null;
  architectureFamily: string | null;
  architectures: string[];
  libraryName: string | null;
  datasets: string[];
  metrics: Metric[];
  considerations: CardConsiderations;
  co2: Co2 | null;
  occurrences: Occurrence[];
  lineage: LineageItem[];
  findings: BomFinding[];
  publisherKind: 'organization' | 'user' | 'unknown';
  publisherVerified: boolean | null;
  lastModified: string | null;
  /** CNN, vision transformer, other or unknown (PTM Lens's classification). */
  architecture: ArchitectureClass;
  suggestions: FocusedConvSuggestion[];
}

/**
 * Pretrained weights a library publishes itself (`torchvision.models.vgg16(weights=…)`, a timm name
 * without a Hub tag): used by the project, never looked up on the Hub, so only what the code says.
 */
/** Where each library documents its pretrained weights. */
export const LIBRARY_WEIGHTS_DOCS: Record<'torchvision' | 'timm', string> = {
  torchvision: 'https://pytorch.org/vision/stable/models.html',
  timm: 'https://huggingface.co/docs/timm',
};

export interface BomLibraryWeights {
  key: string;
  /** As the references name it: `torchvision/vgg16`, `resnet50`. */
  id: string;
  source: 'torchvision' | 'timm';
  /** The constructor (architecture) name: `vgg16`, `resnet50`. */
  name: string;
  /** The weights the code names (`VGG16_Weights.DEFAULT`, `pretrained=True`), distinct and sorted. */
  weights: string[];
  architecture: ArchitectureClass;
  suggestions: FocusedConvSuggestion[];
  occurrences: Occurrence[];
  findings: BomFinding[];
}

export interface Co2 {
  /** Grams of CO2-equivalent, as the Hub's `co2_eq_emissions` states it. */
  grams: number | null;
  source?: string;
  trainingType?: string;
  location?: string;
  hardware?: string;
}

export interface BomBase {
  key: string;
  id: string;
  namespace: string | null;
  name: string;
  hubPage: string;
  license: LicenseView | null;
  state: LineageItem['state'];
  /** Which used models it is an ancestor of, with the relation and depth for each. */
  descendants: { model: string; relation: string | null; depth: number }[];
}

export interface BomDataset {
  key: string;
  id: string;
  url: string | null;
  /** Keys of the models that declare it. */
  models: string[];
}

export interface BomView {
  toolVersion: string;
  timestamp: string;
  hub: string;
  project: { name: string; license: LicenseView | null; licenseSource: string | null };
  models: BomModel[];
  /** Library weights (torchvision, timm), sorted by id. */
  libraryWeights: BomLibraryWeights[];
  bases: BomBase[];
  datasets: BomDataset[];
  /** Dependencies between bases that the lineage states unambiguously (parent key → base keys). */
  baseEdges: Map<string, string[]>;
  /** References whose model id is not known statically: the BOM may be incomplete. */
  unresolved: Occurrence[];
  lookups: boolean;
}

const byLower = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase(), 'en') || (a < b ? -1 : a > b ? 1 : 0);

export function buildBomView(result: PipelineResult, toolVersion: string, opts: BomOptions = {}): BomView {
  const hub = normalizeHubUrl(opts.hubUrl);
  const timestamp = bomTimestamp(opts);
  const project = {
    name: path.basename(result.scan.root) || 'project',
    license: projectLicenseView(result.project.license),
    licenseSource: result.project.license ? (result.project.license.file ?? result.project.license.source) : null,
  };
  const used = new Set<string>();
  const models = (result.models ?? []).map((a) => modelView(a, hub, used));
  models.sort((a, b) => byLower(a.assessment.modelId, b.assessment.modelId) || (a.assessment.revision ?? '').localeCompare(b.assessment.revision ?? ''));

  const bases = new Map<string, BomBase>();
  const baseEdges = new Map<string, Set<string>>();
  for (const m of models) {
    for (const item of m.lineage) {
      const lower = item.id.toLowerCase();
      let base = bases.get(lower);
      if (!base) {
        const [namespace, name] = splitId(item.id);
        base = {
          key: uniqueKey(`base:${item.id}`, used),
          id: item.id,
          namespace,
          name,
          hubPage: hubModelUrl(hub, item.id),
          license: licenseView(item.license, undefined, null),
          state: item.state,
          descendants: [],
        };
        bases.set(lower, base);
      }
      base.license ??= licenseView(item.license, undefined, null);
      base.descendants.push({ model: m.key, relation: item.relation, depth: item.depth });
    }
    // A chain is unambiguous where one depth has a single base: it is the parent of the next depth.
    const depths = new Map<number, LineageItem[]>();
    for (const item of m.lineage) depths.set(item.depth, [...(depths.get(item.depth) ?? []), item]);
    for (const [depth, items] of depths) {
      const next = depths.get(depth + 1);
      if (items.length !== 1 || !next) continue;
      const parent = bases.get(items[0]!.id.toLowerCase())!.key;
      const set = baseEdges.get(parent) ?? new Set<string>();
      for (const n of next) set.add(bases.get(n.id.toLowerCase())!.key);
      baseEdges.set(parent, set);
    }
  }

  const datasets = new Map<string, BomDataset>();
  for (const m of models) {
    for (const d of m.datasets) {
      let ds = datasets.get(d.toLowerCase());
      if (!ds) {
        ds = { key: uniqueKey(`dataset:${d}`, used), id: d, url: isHubDatasetId(d) ? hubDatasetUrl(hub, d) : null, models: [] };
        datasets.set(d.toLowerCase(), ds);
      }
      if (!ds.models.includes(m.key)) ds.models.push(m.key);
    }
  }

  const unresolved = result.scan.references.filter((r) => !r.modelId).map(occurrence).sort(compareOccurrences);
  return {
    toolVersion,
    timestamp,
    hub,
    project,
    models,
    libraryWeights: libraryWeightsViews(result, used),
    bases: [...bases.values()].sort((a, b) => byLower(a.id, b.id)),
    datasets: [...datasets.values()].sort((a, b) => byLower(a.id, b.id)),
    baseEdges: new Map([...baseEdges].map(([k, v]) => [k, [...v].sort()])),
    unresolved,
    lookups: result.models !== undefined,
  };
}

/** Keys are compared as strings by every format; a clash (ids differing only in ways keys drop) gets a suffix. */
function uniqueKey(key: string, used: Set<string>): string {
  let k = key;
  for (let i = 2; used.has(k); i++) k = `${key}#${i}`;
  used.add(k);
  return k;
}

export function splitId(id: string): [string | null, string] {
  const i = id.indexOf('/');
  return i < 0 ? [null, id] : [id.slice(0, i), id.slice(i + 1)];
}

function modelView(a: ModelAssessment, hub: string, used: Set<string>): BomModel {
  const facts = a.facts;
  const id = a.canonicalId;
  const [namespace, name] = splitId(id);
  const sha = facts?.sha ?? (a.revision && /^[0-9a-f]{40}$/i.test(a.revision) ? a.revision.toLowerCase() : null);
  const hubPage = hubModelUrl(hub, id);
  const treeUrl = sha ? `${hubPage}/tree/${sha}` : null;
  const cardUrl = typeof facts?.readme === 'string' ? `${hubPage}/blob/${sha ?? 'main'}/README.md` : null;
  const cardData = facts?.cardData;
  const config = facts?.config;
  const architectures = Array.isArray(config?.architectures) ? config.architectures.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
  const modelType = typeof config?.model_type === 'string' && config.model_type.trim() !== '' ? config.model_type : null;
  const papers = [...new Set((facts?.tags ?? []).filter((t) => t.startsWith('arxiv:')).map((t) => t.slice('arxiv:'.length)).filter((x) => ARXIV_ID.test(x)))].sort();
  const lastModified = facts?.lastModified && !Number.isNaN(Date.parse(facts.lastModified)) ? `${new Date(facts.lastModified).toISOString().slice(0, 19)}Z` : null;
  return {
    key: uniqueKey(`model:${a.modelId}@${a.revision ?? 'default'}`, used),
    assessment: a,
    id,
    namespace: namespace ?? facts?.author ?? null,
    name,
    sha,
    purl: sha ? huggingFacePurl(hub, id, sha) : null,
    hubPage,
    treeUrl,
    cardUrl,
    license: licenseView(a.license, cardData, `${hubPage}/blob/${sha ?? 'main'}`),
    papers,
    task: facts?.pipelineTag ?? null,
    architectureFamily: modelType,
    architectures,
    libraryName: facts?.libraryName ?? null,
    datasets: a.datasets,
    metrics: facts ? modelIndexMetrics(facts.modelIndex ?? cardData?.['model-index']) : [],
    considerations: cardConsiderations(facts?.readme),
    co2: co2Of(cardData?.co2_eq_emissions),
    occurrences: (a.references as FileReference[]).map(occurrence).sort(compareOccurrences),
    lineage: a.lineage,
    findings: bomFindings(a.findings),
    publisherKind: facts?.publisher?.kind ?? 'unknown',
    publisherVerified: facts?.publisher?.verified ?? null,
    lastModified,
    architecture: a.architecture,
    suggestions: a.suggestions,
  };
}

function libraryWeightsViews(result: PipelineResult, used: Set<string>): BomLibraryWeights[] {
  const groups = new Map<string, FileReference[]>();
  for (const r of result.scan.references) {
    if (!r.modelId || !isLibraryWeightsReference(r)) continue;
    const k = `${r.source}\0${r.modelId}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const views = [...groups.values()].map((refs): BomLibraryWeights => {
    const first = refs[0]!;
    const architecture = classifyReference(first);
    return {
      key: '',
      id: first.modelId!,
      source: first.source as 'torchvision' | 'timm',
      name: libraryConstructorName(first) ?? first.modelId!,
      weights: [...new Set(refs.map((r) => r.weights).filter((w): w is string => !!w))].sort(),
      architecture,
      suggestions: result.suggestions === false ? [] : modelSuggestions(architecture, refs),
      occurrences: refs.map(occurrence).sort(compareOccurrences),
      findings: bomFindings(result.findings.filter((f) => refs.includes(f.reference as FileReference))),
    };
  });
  views.sort((a, b) => byLower(a.id, b.id) || a.source.localeCompare(b.source));
  for (const v of views) v.key = uniqueKey(`library:${v.source}:${v.id}`, used);
  return views;
}

function occurrence(r: FileReference): Occurrence {
  const o: Occurrence = {
    file: r.file ?? '',
    line: r.range.start.line + 1,
    column: r.range.start.character + 1,
    endLine: r.range.end.line + 1,
    endColumn: r.range.end.character + 1,
    call: r.call,
    kind: r.kind,
    resolvedVia: r.resolvedVia,
  };
  if (r.cell !== undefined) o.cell = r.cell;
  return o;
}

export function compareOccurrences(a: Occurrence, b: Occurrence): number {
  return a.file.localeCompare(b.file, 'en') || (a.cell ?? -1) - (b.cell ?? -1) || a.line - b.line || a.column - b.column || a.call.localeCompare(b.call, 'en');
}

/** `src/app.py:12` or `nb.ipynb cell 3:2` (cell 1-based, line within the cell). */
export function occurrenceText(o: Pick<Occurrence, 'file' | 'cell' | 'line'>): string {
  return o.cell === undefined ? `${o.file}:${o.line}` : `${o.file} cell ${o.cell + 1}:${o.line}`;
}

/** Findings of one model, one entry per rule and message (the places listed), worst first. */
export function bomFindings(findings: readonly Finding[]): BomFinding[] {
  const map = new Map<string, BomFinding>();
  for (const f of findings) {
    const k = `${f.rule}\0${f.message}`;
    let e = map.get(k);
    if (!e) {
      e = { rule: f.rule, severity: f.severity, message: f.message, locations: [] };
      map.set(k, e);
    }
    const loc = occurrenceText({ file: f.reference.file ?? '', line: f.reference.range.start.line + 1, ...(f.reference.cell !== undefined ? { cell: f.reference.cell } : {}) });
    if (!e.locations.includes(loc)) e.locations.push(loc);
  }
  return [...map.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message));
}

/** Metrics of `model-index`: each result's metrics with the data set and split as the slice. */
export function modelIndexMetrics(index: unknown): Metric[] {
  if (!Array.isArray(index)) return [];
  const out: Metric[] = [];
  for (const entry of index) {
    const results = (entry as { results?: unknown } | null)?.results;
    if (!Array.isArray(results)) continue;
    for (const r of results) {
      const rr = (r && typeof r === 'object' ? r : {}) as { task?: unknown; dataset?: unknown; metrics?: unknown };
      if (!Array.isArray(rr.metrics)) continue;
      const ds = (rr.dataset && typeof rr.dataset === 'object' ? rr.dataset : {}) as Record<string, unknown>;
      const dsName = text(ds.name) ?? text(ds.type);
      const dsType = text(ds.type);
      const split = text(ds.split);
      const slice = dsName ? `${dsName}${dsType && dsType !== dsName ? ` (${dsType})` : ''}${split ? `, ${split} split` : ''}` : undefined;
      const task = text((rr.task as Record<string, unknown> | undefined)?.type);
      for (const m of rr.metrics) {
        const mm = (m && typeof m === 'object' ? m : {}) as Record<string, unknown>;
        const type = text(mm.type) ?? text(mm.name);
        const value = typeof mm.value === 'number' && Number.isFinite(mm.value) ? String(mm.value) : text(mm.value);
        if (!type || value === undefined) continue;
        out.push({ type, value, ...(slice ? { slice } : {}), ...(task ? { task } : {}) });
      }
    }
  }
  return out;
}

function text(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = oneLine(v);
  return t === '' ? undefined : t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

/** `co2_eq_emissions` is a number of grams or `{emissions, source, training_type, geographical_location, hardware_used}`. */
function co2Of(v: unknown): Co2 | null {
  if (typeof v === 'number' && Number.isFinite(v)) return { grams: v };
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const grams = typeof o.emissions === 'number' && Number.isFinite(o.emissions) ? o.emissions : null;
  const out: Co2 = { grams };
  const source = text(o.source);
  if (source) out.source = source;
  const trainingType = text(o.training_type);
  if (trainingType) out.trainingType = trainingType;
  const location = text(o.geographical_location);
  if (location) out.location = location;
  const hardware = text(o.hardware_used);
  if (hardware) out.hardware = hardware;
  return grams === null && Object.keys(out).length === 1 ? null : out;
}

/** A revision as people read it: the commit, or why there is none. */
export function describeCommit(m: BomModel): string {
  const rev = m.assessment.revision;
  if (rev && isPinnedRevision(rev)) return m.sha ? `${m.sha.slice(0, 12)} (pinned)` : `${rev.slice(0, 12)} (pinned)`;
  return m.sha ? `unpinned; resolves to ${m.sha.slice(0, 12)}` : 'unpinned';
}

/** Ends a sentence that may lack its full stop (lookup reasons are clauses). */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

/** Serializes with stable key order as built, two-space indent and a final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
