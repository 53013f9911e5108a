/**
 * The three scores, each 0–100 with evidence for every point gained or lost. The exact recipe is
 * written in docs/scoring.md; change both together.
 */
import { isPinnedRevision } from '../detect/hubId.js';
import type { ModelFacts } from '../hub/types.js';
import type { ParsedCard } from './modelCard.js';
import { CARD_SECTIONS, SECTION_LABELS } from './modelCard.js';

export interface ScoreItem {
  label: string;
  points: number;
  max: number;
  evidence: string;
}

export interface Score {
  /** 0–100, or null when there are no facts to score. */
  value: number | null;
  items: ScoreItem[];
  /** One line for hovers. */
  summary: string;
}

/** `createdAt` of every repository created before the field existed (REFERENCE.md §1.3). */
export const CREATED_AT_SENTINEL = '2022-03-02T23:29:04.000Z';

const DAY = 24 * 60 * 60 * 1000;

export interface ScoreContext {
  /** The revisions the code passes for this model, one per reference. */
  revisions: (string | null)[];
  /** The base models as resolved (ok or not). */
  lineage: { id: string; resolved: boolean }[];
  card: ParsedCard | undefined;
  now: number;
  renamed: boolean;
}

function total(items: ScoreItem[]): number {
  return Math.round(items.reduce((s, i) => s + i.points, 0));
}

function summarize(items: ScoreItem[]): string {
  const lost = items.filter((i) => i.points < i.max).sort((a, b) => b.max - b.points - (a.max - a.points));
  if (lost.length === 0) return 'every point earned';
  return lost.slice(0, 2).map((i) => i.evidence).join('; ');
}

export function declaredDatasets(facts: ModelFacts): string[] {
  const fromCard = facts.cardData?.datasets;
  const list = Array.isArray(fromCard) ? fromCard : typeof fromCard === 'string' ? [fromCard] : [];
  const fromTags = (facts.tags ?? []).filter((t) => t.startsWith('dataset:')).map((t) => t.slice('dataset:'.length));
  return [...new Set([...list.filter((d): d is string => typeof d === 'string' && d.trim() !== ''), ...fromTags])];
}

export function provenanceScore(facts: ModelFacts, ctx: ScoreContext): Score {
  const items: ScoreItem[] = [];
  const p = facts.publisher;
  if (p?.kind === 'organization' && p.verified) items.push({ label: 'Publisher', points: 25, max: 25, evidence: `published by ${p.name}, a verified organization` });
  else if (p?.kind === 'organization') items.push({ label: 'Publisher', points: 15, max: 25, evidence: `${p.name} is an organization, not verified` });
  else if (p?.kind === 'user') items.push({ label: 'Publisher', points: 8, max: 25, evidence: `published by the user account ${p.name}` });
  else items.push({ label: 'Publisher', points: 0, max: 25, evidence: facts.author ? `publisher ${facts.author} could not be verified` : 'publisher unknown' });

  items.push(facts.sha
    ? { label: 'Commit', points: 10, max: 10, evidence: `resolves to commit ${facts.sha.slice(0, 12)}` }
    : { label: 'Commit', points: 0, max: 10, evidence: 'commit not resolved' });

  const pinned = ctx.revisions.length > 0 && ctx.revisions.every((r) => isPinnedRevision(r));
  items.push(pinned
    ? { label: 'Pinned', points: 15, max: 15, evidence: 'the code pins a commit' }
    : { label: 'Pinned', points: 0, max: 15, evidence: 'the code does not pin a commit' });

  if (ctx.lineage.length === 0) items.push({ label: 'Lineage', points: 0, max: 10, evidence: 'no base model declared' });
  else if (ctx.lineage.every((l) => l.resolved)) items.push({ label: 'Lineage', points: 10, max: 10, evidence: `base model ${ctx.lineage.map((l) => l.id).join(', ')} resolved` });
  else items.push({ label: 'Lineage', points: 5, max: 10, evidence: 'a declared base model could not be resolved' });

  const datasets = declaredDatasets(facts);
  items.push(datasets.length > 0
    ? { label: 'Datasets', points: 10, max: 10, evidence: `declares ${datasets.length} data set${datasets.length === 1 ? '' : 's'}` }
    : { label: 'Datasets', points: 0, max: 10, evidence: 'no data sets declared' });

  items.push(ageItem(facts, ctx.now));

  items.push(ctx.renamed
    ? { label: 'Stable id', points: 0, max: 5, evidence: `the id redirects to ${facts.canonicalId}` }
    : { label: 'Stable id', points: 5, max: 5, evidence: 'the id is canonical' });

  const downloads = facts.downloads;
  const likes = facts.likes;
  if (downloads === undefined && likes === undefined) items.push({ label: 'Adoption', points: 0, max: 15, evidence: 'downloads and likes unknown' });
  else if ((downloads ?? 0) >= 10_000 || (likes ?? 0) >= 50) items.push({ label: 'Adoption', points: 15, max: 15, evidence: `${fmt(downloads)} downloads last month, ${fmt(likes)} likes` });
  else if ((downloads ?? 0) >= 1_000 || (likes ?? 0) >= 10) items.push({ label: 'Adoption', points: 8, max: 15, evidence: `modest adoption: ${fmt(downloads)} downloads, ${fmt(likes)} likes` });
  else items.push({ label: 'Adoption', points: 0, max: 15, evidence: `little adoption: ${fmt(downloads)} downloads, ${fmt(likes)} likes` });

  return { value: total(items), items, summary: summarize(items) };
}

function ageItem(facts: ModelFacts, now: number): ScoreItem {
  if (!facts.createdAt) return { label: 'Age', points: 0, max: 10, evidence: 'creation date unknown' };
  if (facts.createdAt === CREATED_AT_SENTINEL) return { label: 'Age', points: 10, max: 10, evidence: 'created before March 2022' };
  const days = Math.floor((now - Date.parse(facts.createdAt)) / DAY);
  if (days >= 180) return { label: 'Age', points: 10, max: 10, evidence: `created ${days} days ago` };
  if (days >= 30) return { label: 'Age', points: 5, max: 10, evidence: `created ${days} days ago` };
  return { label: 'Age', points: 0, max: 10, evidence: `created only ${Math.max(days, 0)} days ago` };
}

export function reproducibilityScore(facts: ModelFacts, card: ParsedCard | undefined): Score {
  const items: ScoreItem[] = [];
  const datasets = declaredDatasets(facts);
  items.push(datasets.length > 0
    ? { label: 'Training data', points: 25, max: 25, evidence: `training data declared (${datasets.slice(0, 3).join(', ')}${datasets.length > 3 ? ', …' : ''})` }
    : { label: 'Training data', points: 0, max: 25, evidence: 'training data not declared' });

  const trainingDocumented = !!card && /training (procedure|hyperparameters|details|setup)|hyperparameters|learning[_ ]rate/i.test(card.body) && card.sections.training.filled;
  items.push(trainingDocumented
    ? { label: 'Training procedure', points: 20, max: 20, evidence: 'training procedure or hyperparameters documented' }
    : { label: 'Training procedure', points: 0, max: 20, evidence: 'training procedure not documented' });

  const evals = evaluationResults(facts);
  items.push(evals > 0
    ? { label: 'Evaluation', points: 25, max: 25, evidence: `${evals} evaluation result${evals === 1 ? '' : 's'} with data set and metric` }
    : { label: 'Evaluation', points: 0, max: 25, evidence: 'no evaluation results (model-index)' });

  const paper = (facts.tags ?? []).some((t) => t.startsWith('arxiv:')) || (card?.links ?? []).some((l) => /arxiv\.org|doi\.org|aclanthology\.org|openreview\.net/i.test(l));
  const code = (card?.links ?? []).some((l) => /github\.com|gitlab\.com/i.test(l));
  const linkPoints = (paper ? 10 : 0) + (code ? 5 : 0);
  items.push({ label: 'Paper and code', points: linkPoints, max: 15, evidence: paper && code ? 'links a paper and code' : paper ? 'links a paper, no code repository' : code ? 'links code, no paper' : 'no paper or code linked' });

  const framework = !!facts.libraryName || (facts.tags ?? []).some((t) => ['pytorch', 'tf', 'jax', 'onnx', 'safetensors', 'gguf', 'transformers', 'diffusers', 'timm', 'sentence-transformers'].includes(t));
  const config = !!facts.config || (facts.files ?? []).some((f) => /(^|\/)(config|model_index|adapter_config)\.json$/.test(f));
  items.push({ label: 'Framework and config', points: (framework ? 8 : 0) + (config ? 7 : 0), max: 15, evidence: framework && config ? 'framework and config present' : framework ? 'framework known, no config file' : config ? 'config present, framework unknown' : 'framework and config unknown' });

  return { value: total(items), items, summary: summarize(items) };
}

/** Results in `model-index` that name both a data set and at least one metric. */
export function evaluationResults(facts: ModelFacts): number {
  const index = facts.modelIndex ?? facts.cardData?.['model-index'];
  if (!Array.isArray(index)) return 0;
  let n = 0;
  for (const entry of index) {
    const results = (entry as { results?: unknown })?.results;
    if (!Array.isArray(results)) continue;
    for (const r of results) {
      const rr = r as { dataset?: unknown; metrics?: unknown };
      if (rr?.dataset && Array.isArray(rr.metrics) && rr.metrics.length > 0) n++;
    }
  }
  return n;
}

/** The 14 metadata fields of the PeaTMOSS schema used by the ESEM'24 documentation score. */
export const METADATA_FIELDS = [
  'architecture', 'author', 'dataset name', 'dataset URL', 'framework', 'license', 'paper', 'library', 'tags', 'domain', 'task', 'hardware', 'grant', 'GitHub repository',
] as const;

export function documentationScore(facts: ModelFacts, card: ParsedCard | undefined): Score & { cardShare: number; metadataShare: number } {
  const items: ScoreItem[] = [];
  const perSection = 50 / CARD_SECTIONS.length;
  if (!card) {
    items.push({ label: 'Model card', points: 0, max: 50, evidence: facts.readme === null ? 'no model card' : 'model card unavailable' });
  } else {
    for (const s of CARD_SECTIONS) {
      const st = card.sections[s];
      items.push({ label: SECTION_LABELS[s], points: st.filled ? perSection : 0, max: perSection, evidence: st.filled ? `${SECTION_LABELS[s]} filled in` : st.present ? `${SECTION_LABELS[s]} left unfilled` : `no ${SECTION_LABELS[s]} section` });
    }
  }
  const filled = metadataFilled(facts, card);
  const perField = 50 / METADATA_FIELDS.length;
  for (const field of METADATA_FIELDS) {
    const ok = filled.has(field);
    items.push({ label: `Metadata: ${field}`, points: ok ? perField : 0, max: perField, evidence: ok ? `${field} given` : `${field} missing` });
  }
  const cardShare = card ? CARD_SECTIONS.filter((s) => card.sections[s].filled).length / CARD_SECTIONS.length : 0;
  const metadataShare = filled.size / METADATA_FIELDS.length;
  const value = Math.round(((cardShare + metadataShare) / 2) * 100);
  const missing = card ? CARD_SECTIONS.filter((s) => !card.sections[s].filled).map((s) => SECTION_LABELS[s].toLowerCase()) : [];
  const summary = !card
    ? (facts.readme === null ? 'no model card' : 'model card unavailable')
    : missing.length === 0
      ? `all card sections filled; ${filled.size} of ${METADATA_FIELDS.length} metadata fields`
      : `${CARD_SECTIONS.length - missing.length} of ${CARD_SECTIONS.length} card sections filled (missing ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); ${filled.size} of ${METADATA_FIELDS.length} metadata fields`;
  return { value, items, summary, cardShare, metadataShare };
}

function metadataFilled(facts: ModelFacts, card: ParsedCard | undefined): Set<(typeof METADATA_FIELDS)[number]> {
  const out = new Set<(typeof METADATA_FIELDS)[number]>();
  const cd = facts.cardData ?? card?.frontMatter ?? {};
  const config = facts.config ?? {};
  const tags = facts.tags ?? [];
  const links = card?.links ?? [];
  if ((Array.isArray(config.architectures) && config.architectures.length > 0) || typeof config.model_type === 'string' || typeof config.architecture === 'string') out.add('architecture');
  if (facts.author) out.add('author');
  const datasets = declaredDatasets(facts);
  if (datasets.length > 0) {
    out.add('dataset name');
    // Hub data set ids link to their pages; free-form names do not.
    if (datasets.some((d) => /^[\w.-]+(\/[\w.-]+)?$/.test(d)) || links.some((l) => /huggingface\.co\/datasets\//.test(l))) out.add('dataset URL');
  }
  if (facts.libraryName || tags.some((t) => ['pytorch', 'tf', 'jax', 'onnx', 'keras'].includes(t))) out.add('framework');
  if (cd.license !== undefined && cd.license !== null && cd.license !== '' || tags.some((t) => t.startsWith('license:'))) out.add('license');
  if (tags.some((t) => t.startsWith('arxiv:')) || links.some((l) => /arxiv\.org|doi\.org/.test(l))) out.add('paper');
  if (facts.libraryName || typeof cd.library_name === 'string') out.add('library');
  const ownTags = Array.isArray(cd.tags) ? cd.tags : [];
  if (ownTags.length > 0) out.add('tags');
  if (facts.pipelineTag || typeof cd.pipeline_tag === 'string') {
    out.add('task');
    out.add('domain');
  }
  const co2 = cd.co2_eq_emissions as { hardware_used?: unknown } | undefined;
  if ((co2 && typeof co2 === 'object' && co2.hardware_used) || /hardware (type|used)\W+\s*(?!\[More Information Needed\])\S+/i.test(card?.body ?? '')) out.add('hardware');
  if (/funded by\W+\s*(?!\[More Information Needed\])\S+|grant|acknowledg/i.test(card?.body ?? '')) out.add('grant');
  if (links.some((l) => /github\.com\//i.test(l))) out.add('GitHub repository');
  return out;
}

function fmt(n: number | undefined): string {
  return n === undefined ? 'unknown' : n.toLocaleString('en-US');
}
