/**
 * Turns lookups into assessments: scores with evidence, the license verdict, lineage, and findings at
 * the exact place in the code that loads the model. An unknown is never reported as clean: every
 * lookup that did not succeed yields a `lookup-failed` (or a more specific) finding.
 */
import { isPinnedRevision, legacyCanonicalId } from '../detect/hubId.js';
import type { ModelReference } from '../detect/types.js';
import type { HubClient, LineageEntry } from '../hub/client.js';
import type { ModelFacts, ModelLookup } from '../hub/types.js';
import { checkCompatibility, lineageConflict, normalizeModelLicense } from '../license/index.js';
import type { CompatibilityResult, ModelLicense, ProjectLicense } from '../license/index.js';
import type { ParsedCard } from './modelCard.js';
import { parseModelCard } from './modelCard.js';
import type { RuleId, Severity } from './rules.js';
import { RULES, SEVERITY_RANK } from './rules.js';
import type { Score } from './scores.js';
import { declaredDatasets, documentationScore, evaluationResults, provenanceScore, reproducibilityScore } from './scores.js';
import { typosquatTarget } from './typosquat.js';
import type { ArchitectureClass } from '../vision/architecture.js';
import type { FocusedConvSuggestion } from '../vision/focusedConv.js';
import { isLibraryWeightsReference } from '../vision/references.js';
import { focusedConvFindings, modelArchitecture, modelSuggestions } from '../vision/suggestions.js';

/** A reference with the file it is in (workspace scans) or without (one open document). */
export type LocatedReference = ModelReference & { file?: string };

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** The id as the code wrote it. */
  modelId: string;
  message: string;
  /** What the finding rests on: a field, a file, a request. */
  evidence: string[];
  reference: LocatedReference;
  /** A second place that matters, e.g. the base model whose license conflicts. */
  related?: { modelId: string; message: string };
}

export interface LineageItem {
  id: string;
  relation: string | null;
  depth: number;
  /** The id this item is a base of (see LineageEntry.parent). */
  parent: string;
  state: ModelLookup['state'];
  license: ModelLicense | null;
}

export interface ModelAssessment {
  /** The id as written, and the revision the references pin (when they all pin the same one). */
  modelId: string;
  revision: string | null;
  state: ModelLookup['state'];
  /** "unknown because …" for every state but ok. */
  reason?: string;
  facts?: ModelFacts;
  canonicalId: string;
  renamed: boolean;
  license: ModelLicense | null;
  compatibility: CompatibilityResult;
  scores: { provenance: Score; reproducibility: Score; documentation: Score };
  lineage: LineageItem[];
  datasets: string[];
  references: LocatedReference[];
  findings: Finding[];
  /** CNN, vision transformer, other or unknown, from the Hub facts (or the id when the lookup failed). */
  architecture: ArchitectureClass;
  /** Improvements that apply (focused convolution for pretrained CNNs); empty when none or turned off. */
  suggestions: FocusedConvSuggestion[];
}

export interface AssessOptions {
  projectLicense: ProjectLicense | null;
  /** False turns the suggestions (and the `focused-convolution` findings) off; default on. */
  suggestions?: boolean;
  signal?: AbortSignal;
  now?: number;
  /** Called as each model finishes, for progress. */
  onModel?: (done: number, total: number) => void;
}

const UNKNOWN_SCORE: Score = { value: null, items: [], summary: 'unknown' };

/** Groups references by model id and pinned revision: a pinned commit is looked up (and cached) on its own. */
export function groupReferences(refs: readonly LocatedReference[]): { modelId: string; revision: string | null; references: LocatedReference[] }[] {
  const groups = new Map<string, { modelId: string; revision: string | null; references: LocatedReference[] }>();
  for (const r of refs) {
    // Library weights (`torchvision/resnet50`, bare timm names) are not Hub repos: nothing to look up.
    if (!r.modelId || isLibraryWeightsReference(r)) continue;
    const revision = isPinnedRevision(r.revision) ? r.revision : null;
    const key = `${r.modelId}\0${revision ?? ''}`;
    let g = groups.get(key);
    if (!g) {
      g = { modelId: r.modelId, revision, references: [] };
      groups.set(key, g);
    }
    g.references.push(r);
  }
  return [...groups.values()];
}

export async function assessReferences(refs: readonly LocatedReference[], client: HubClient, opts: AssessOptions): Promise<ModelAssessment[]> {
  const groups = groupReferences(refs);
  let done = 0;
  return Promise.all(
    groups.map(async (g) => {
      const lookup = await client.lookup(g.modelId, { revision: g.revision, ...(opts.signal ? { signal: opts.signal } : {}) });
      const lineage = lookup.facts ? await client.lineage(lookup.facts, opts.signal ? { signal: opts.signal } : {}) : [];
      const result = assessModel(g.modelId, g.revision, lookup, lineage, g.references, opts);
      opts.onModel?.(++done, groups.length);
      return result;
    }),
  );
}

/** Assesses one model from its lookup; pure, so the editor and the CLI give the same answer. */
export function assessModel(
  modelId: string,
  revision: string | null,
  lookup: ModelLookup,
  lineageEntries: LineageEntry[],
  references: LocatedReference[],
  opts: Pick<AssessOptions, 'projectLicense' | 'now' | 'suggestions'>,
): ModelAssessment {
  const now = opts.now ?? Date.now();
  const facts = lookup.facts;
  const canonicalId = facts?.canonicalId ?? legacyCanonicalId(modelId) ?? modelId;
  const renamed = canonicalId.toLowerCase() !== modelId.toLowerCase();
  const card: ParsedCard | undefined = facts?.readme ? parseModelCard(facts.readme) : undefined;
  const cardData = facts?.cardData ?? card?.frontMatter;
  const license = facts ? normalizeModelLicense({ license: cardData?.license, license_name: cardData?.license_name, license_link: cardData?.license_link, tags: facts.tags }) : null;
  const lineage: LineageItem[] = lineageEntries.map((e) => {
    const f = e.lookup.facts;
    return {
      id: e.id,
      relation: e.relation,
      depth: e.depth,
      parent: e.parent,
      state: e.lookup.state,
      license: f ? normalizeModelLicense({ license: f.cardData?.license, license_name: f.cardData?.license_name, license_link: f.cardData?.license_link, tags: f.tags }) : null,
    };
  });
  const compatibility: CompatibilityResult = license
    ? checkCompatibility(license, opts.projectLicense)
    : { verdict: 'unknown', reason: `The license is unknown because ${lookup.reason ?? 'the model could not be looked up'}.`, conditions: [] };

  const scores = facts
    ? {
        provenance: provenanceScore(facts, { revisions: references.map((r) => r.revision), lineage: lineage.map((l) => ({ id: l.id, resolved: l.state === 'ok' || l.state === 'offline' })), card, now, renamed }),
        reproducibility: reproducibilityScore(facts, card),
        documentation: documentationScore(facts, card),
      }
    : { provenance: UNKNOWN_SCORE, reproducibility: UNKNOWN_SCORE, documentation: UNKNOWN_SCORE };

  const assessment: ModelAssessment = {
    modelId,
    revision,
    state: lookup.state,
    canonicalId,
    renamed,
    license,
    compatibility,
    scores,
    lineage,
    datasets: facts ? declaredDatasets(facts) : [],
    references,
    findings: [],
    architecture: modelArchitecture(facts, references),
    suggestions: [],
  };
  if (lookup.reason && lookup.state !== 'ok') assessment.reason = lookup.reason;
  if (facts) assessment.facts = facts;
  assessment.findings = findingsFor(assessment, lookup, card);
  // Suggestions need the model's facts: a model that could not be looked up gets none.
  if (facts && opts.suggestions !== false) {
    assessment.suggestions = modelSuggestions(assessment.architecture, references, facts.libraryName);
    if (assessment.suggestions.length > 0) assessment.findings.push(...focusedConvFindings(modelId, assessment.architecture, references, facts.libraryName));
  }
  return assessment;
}

const PICKLE = /\.(bin|pt|pth|ckpt|pkl|pickle|joblib|dill)$/i;
/** Python loaders (transformers, diffusers, PEFT) read safetensors in place of pickle; ONNX and GGUF are other runtimes' formats. */
const SAFE_WEIGHTS = /\.safetensors$/i;
const WEIGHT_HINT = /(pytorch_model|model|diffusion_pytorch_model|adapter_model|tf_model|flax_model|weights|checkpoint|ckpt)[^/]*\.(bin|pt|pth|ckpt|safetensors|gguf|onnx|pkl)$|\.(pt|pth|ckpt)$/i;

function findingsFor(a: ModelAssessment, lookup: ModelLookup, card: ParsedCard | undefined): Finding[] {
  const out: Finding[] = [];
  const facts = a.facts;
  const add = (rule: RuleId, ref: LocatedReference, message: string, evidence: string[], extra: Partial<Finding> = {}): void => {
    out.push({ rule, severity: extra.severity ?? RULES[rule].severity, modelId: a.modelId, message, evidence, reference: ref, ...extra });
  };
  const each = (rule: RuleId, message: string, evidence: string[], extra: Partial<Finding> = {}): void => {
    for (const ref of a.references) add(rule, ref, message, evidence, extra);
  };
  const codeRefs = a.references.filter((r) => r.kind !== 'config-key');

  // Per reference: what the code does.
  for (const ref of codeRefs) {
    if (!isPinnedRevision(ref.revision)) {
      const why = ref.revision === null ? 'no `revision=` is given' : `\`revision="${ref.revision}"\` is a branch or tag, not a commit`;
      add('unpinned-revision', ref, `${a.modelId} is not pinned to a commit: ${why}${facts?.sha ? `; it currently resolves to ${facts.sha.slice(0, 12)}` : ''}.`, [`code: ${ref.call}(…)${ref.revision ? ` revision=${ref.revision}` : ''}`]);
    }
    if (ref.trustRemoteCode === true) {
      const pinned = isPinnedRevision(ref.revision);
      add('trust-remote-code', ref, `trust_remote_code=True runs Python code from ${a.modelId} when it loads${pinned ? '' : ', and the revision is not pinned, so that code can change'}.`, ['code: trust_remote_code=True']);
    }
  }

  // Model-level states that leave everything unknown.
  if (lookup.state === 'not-found') {
    each('model-not-found', `${a.modelId} was not found on the Hub (${lookup.reason ?? 'not found'}). If it was deleted or renamed, someone else can register the name and serve different weights (namespace reuse).`, requestEvidence(lookup));
    addTyposquat();
    return out;
  }
  if (lookup.state === 'disabled') {
    each('model-disabled', `The Hub has disabled ${a.modelId}; it cannot be downloaded.`, requestEvidence(lookup));
    return out;
  }
  if (!facts) {
    each('lookup-failed', `Everything about ${a.modelId} is unknown because ${lookup.reason ?? 'the lookup failed'}.`, requestEvidence(lookup));
    addTyposquat();
    return out;
  }
  if (lookup.state === 'offline' && facts.unavailable.length > 0) {
    // Offline facts are partial: say which.
    each('lookup-failed', `Offline: ${a.modelId} was read from the local cache; unknown: ${facts.unavailable.map((u) => u.fact).join(', ')}.`, ['local Hugging Face cache'], { severity: 'info' });
  }

  if (a.renamed) {
    each('model-renamed', `${a.modelId} redirects to ${a.canonicalId}; use the canonical id so the code does not depend on a redirect.`, [`Hub id: ${a.canonicalId}`]);
  }

  const tags = facts.tags ?? [];
  const autoMap = facts.config && typeof facts.config === 'object' && 'auto_map' in facts.config;
  if (tags.includes('custom_code') || autoMap) {
    for (const ref of codeRefs) {
      if (ref.trustRemoteCode === true || ref.language !== 'python') continue;
      add('remote-code-required', ref, `${a.modelId} ships custom code${autoMap ? ' (config.auto_map)' : ''}; loading it needs trust_remote_code=True, which runs that code.`, [tags.includes('custom_code') ? 'tag: custom_code' : 'config.auto_map']);
    }
  }

  if (facts.files) {
    for (const ref of codeRefs) {
      if (ref.language !== 'python') continue;
      const prefix = ref.subfolder ? `${ref.subfolder.replace(/\/+$/, '')}/` : '';
      const inScope = facts.files.filter((f) => (prefix ? f.startsWith(prefix) : true) && WEIGHT_HINT.test(f));
      const pickle = inScope.filter((f) => PICKLE.test(f));
      const safe = inScope.filter((f) => SAFE_WEIGHTS.test(f));
      if (pickle.length > 0 && (safe.length === 0 || ref.useSafetensors === false)) {
        const why = safe.length === 0 ? 'the repository has no safetensors weights' : 'the code sets use_safetensors=False';
        add('pickle-weights', ref, `${a.modelId} would load pickle weights (${pickle.slice(0, 3).join(', ')}${pickle.length > 3 ? ', …' : ''}): ${why}. Pickle files can run code when loaded.`, pickle.slice(0, 5).map((f) => `file: ${f}`));
      }
    }
  }

  if (facts.security) {
    const issues = facts.security.filesWithIssues;
    const unsafe = issues.filter((i) => /unsafe|malicious|dangerous/i.test(i.level));
    if (issues.length > 0) {
      const list = issues.slice(0, 4).map((i) => `${i.path} (${i.level})`).join(', ');
      each('security-scan-flagged', `The Hub's security scan flagged ${issues.length} file${issues.length === 1 ? '' : 's'} in ${a.modelId}: ${list}${issues.length > 4 ? ', …' : ''}.`, issues.map((i) => `scan: ${i.path} ${i.level}`), { severity: unsafe.length > 0 ? 'error' : 'warning' });
    }
    if (!facts.security.scansDone) {
      each('security-scan-missing', `The Hub has not finished scanning ${a.modelId}; nothing says its files are safe.`, ['securityRepoStatus.scansDone: false']);
    }
  } else if (facts.source === 'hub') {
    const why = facts.unavailable.find((u) => u.fact === 'security scan')?.reason ?? 'no scan status';
    each('security-scan-missing', `The security scan status of ${a.modelId} is unknown (${why}); nothing says its files are safe.`, ['securityRepoStatus unavailable']);
  }

  const lic = a.license;
  if (lic) {
    if (lic.status === 'missing') each('license-missing', `${a.modelId} declares no license, so the terms of reuse are unknown.`, ['cardData.license: absent']);
    else if (lic.status === 'unknown') each('license-missing', `${a.modelId} declares its license as "unknown".`, ['cardData.license: unknown']);
    else if (lic.status === 'unrecognized' || lic.status === 'other-unlinked') each('license-unrecognized', `${a.modelId}'s license "${lic.name}" is not a recognized license${lic.status === 'other-unlinked' ? ' and has no link to its text' : ''}.`, [`cardData.license: ${lic.hubId ?? lic.name}`]);
    if (a.compatibility.verdict === 'incompatible') each('license-incompatible', a.compatibility.reason, [`model license: ${lic.name}`]);
    else if (a.compatibility.verdict === 'compatible-with-conditions') {
      each('license-conditions', `${a.compatibility.reason}${a.compatibility.conditions.length ? ` Conditions: ${a.compatibility.conditions.join(' ')}` : ''}`, [`model license: ${lic.name}`]);
    }
    for (const base of a.lineage) {
      if (!base.license) continue;
      const conflict = lineageConflict(lic, base.license);
      if (conflict) {
        each('license-lineage-conflict', conflict.reason, [`model license: ${lic.name}`, `base ${base.id} license: ${base.license.name}`], { related: { modelId: base.id, message: `Base model ${base.id} is licensed ${base.license.name}.` } });
      }
    }
  }

  if (facts.gated) each('gated-model', `${a.modelId} is gated (${facts.gated === 'manual' ? 'manual approval' : 'automatic approval'}): downloading needs an accepted access request and a token.`, [`gated: ${facts.gated}`]);

  addTyposquat();

  const doc = a.scores.documentation.value;
  if (doc !== null && doc < 40) {
    const placeholders = card?.placeholderCount ?? 0;
    each('low-documentation', `${a.modelId}'s documentation score is ${doc}/100: ${a.scores.documentation.summary}.`, [
      'model card and metadata',
      ...(placeholders > 0 ? [`${placeholders} "[More Information Needed]" placeholder${placeholders === 1 ? '' : 's'} left in the card`] : []),
    ]);
  }
  if (a.datasets.length === 0) each('no-training-data', `${a.modelId} does not declare its training data.`, ['cardData.datasets: absent']);
  if (evaluationResults(facts) === 0) each('no-evaluation-results', `${a.modelId} publishes no evaluation results (model-index), so its claimed performance cannot be checked.`, ['model-index: absent']);
  const newer = facts.cardData?.new_version ?? card?.frontMatter?.new_version;
  if (typeof newer === 'string' && newer.trim() !== '') each('superseded-model', `${a.modelId} is superseded: its card names ${newer} as the newer version.`, [`cardData.new_version: ${newer}`]);
  return out;

  function addTyposquat(): void {
    const target = typosquatTarget(a.canonicalId) ?? typosquatTarget(a.modelId);
    if (!target || facts?.publisher?.verified) return;
    each('typosquat-suspect', `${a.modelId} looks like ${target.target} (${target.distance} character${target.distance === 1 ? '' : 's'} apart) and its publisher is not a verified organization. Check that this is the model you mean.`, [`similar to ${target.target}`]);
  }
}

function requestEvidence(lookup: ModelLookup): string[] {
  const e = lookup.error;
  if (!e) return [lookup.reason ?? 'lookup'];
  const parts = [`kind: ${e.kind}`];
  if (e.status) parts.push(`HTTP ${e.status}`);
  if (e.errorCode) parts.push(`X-Error-Code: ${e.errorCode}`);
  if (e.requestId) parts.push(`X-Request-Id: ${e.requestId}`);
  return [parts.join(', ')];
}

/** Findings ordered worst first, then by place. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      (a.reference.file ?? '').localeCompare(b.reference.file ?? '') ||
      (a.reference.cell ?? -1) - (b.reference.cell ?? -1) ||
      a.reference.range.start.line - b.reference.range.start.line ||
      a.reference.range.start.character - b.reference.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
}
