/**
 * Turns Hub answers into typed facts. Every field's type is checked: a wrong type makes the fact
 * absent (unknown), never a wrong value.
 */
import { isLegacyModelId, isNamespacedHubId } from '../detect/hubId.js';
import type { BaseModelLink, ModelFacts, SecurityStatus } from './types.js';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/**
 * Builds facts from the Hub's model answer (`GET /api/models/{id}/revision/{rev}`, full, no `expand`),
 * checking every field's type: wrong types become absent facts. Also reads the shape `@huggingface/hub`'s
 * `modelInfo` returns (`task`, `updatedAt`, `filePaths`) and the expand-only `baseModels` and
 * `downloadsAllTime`, which the full answer does not carry (base models then come from the tags).
 */
export function factsFromInfo(requestedId: string, canonicalId: string, revision: string | null, info: Record<string, unknown>): ModelFacts {
  const facts: ModelFacts = { requestedId, canonicalId, requestedRevision: revision, unavailable: [], source: 'hub' };
  const sha = str(info.sha);
  if (sha && /^[0-9a-f]{40}$/i.test(sha)) facts.sha = sha;
  const author = str(info.author) ?? (canonicalId.includes('/') ? canonicalId.split('/')[0] : undefined);
  if (author) facts.author = author;
  if (typeof info.private === 'boolean') facts.private = info.private;
  if (info.gated === false || info.gated === 'auto' || info.gated === 'manual') facts.gated = info.gated;
  else if (info.gated === true) facts.gated = 'auto';
  if (typeof info.disabled === 'boolean') facts.disabled = info.disabled;
  const task = str(info.task) ?? str(info.pipeline_tag);
  if (task) facts.pipelineTag = task;
  const lib = str(info.library_name);
  if (lib) facts.libraryName = lib;
  if (Array.isArray(info.tags)) facts.tags = info.tags.filter((t): t is string => typeof t === 'string');
  const downloads = num(info.downloads);
  if (downloads !== undefined) facts.downloads = downloads;
  const all = num(info.downloadsAllTime);
  if (all !== undefined) facts.downloadsAllTime = all;
  const likes = num(info.likes);
  if (likes !== undefined) facts.likes = likes;
  const created = str(info.createdAt);
  if (created && !Number.isNaN(Date.parse(created))) facts.createdAt = created;
  const updated = info.updatedAt instanceof Date ? info.updatedAt : str(info.lastModified);
  if (updated !== undefined && !Number.isNaN(new Date(updated).getTime())) facts.lastModified = new Date(updated).toISOString();
  const card = obj(info.cardData);
  if (card) facts.cardData = card;
  const config = obj(info.config);
  if (config) facts.config = config;
  const ti = obj(info.transformersInfo);
  if (ti) facts.transformersInfo = ti;
  if (info['model-index'] !== undefined && info['model-index'] !== null) facts.modelIndex = info['model-index'];
  const st = obj(info.safetensors);
  if (st) {
    const s: NonNullable<ModelFacts['safetensors']> = {};
    const total = num(st.total);
    if (total !== undefined) s.total = total;
    const params = obj(st.parameters);
    if (params) s.parameters = Object.fromEntries(Object.entries(params).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    facts.safetensors = s;
  }
  if (Array.isArray(info.filePaths)) facts.files = info.filePaths.filter((f): f is string => typeof f === 'string');
  else if (Array.isArray(info.siblings)) facts.files = info.siblings.map((f) => obj(f)?.rfilename).filter((f): f is string => typeof f === 'string');
  facts.baseModels = baseModelsOf(info.baseModels, card, facts.tags);
  return facts;
}

/**
 * Base models from the `baseModels` field (`{relation, models:[{id}]}` or a list), else the Hub's tags
 * (`base_model:<id>`, `base_model:<relation>:<id>`), else the card's `base_model` (and `base_model_relation`).
 */
export function baseModelsOf(raw: unknown, card: Record<string, unknown> | undefined, tags?: readonly string[]): BaseModelLink[] {
  const out: BaseModelLink[] = [];
  const push = (id: unknown, relation: string | null): void => {
    if (typeof id === 'string' && (isNamespacedHubId(id) || isLegacyModelId(id)) && !out.some((o) => o.id === id)) out.push({ id, relation });
  };
  const r = obj(raw);
  if (r && Array.isArray(r.models)) {
    const relation = str(r.relation) ?? null;
    for (const m of r.models) push(obj(m)?.id ?? m, relation);
  } else if (Array.isArray(raw)) {
    for (const m of raw) push(obj(m)?.id ?? m, str(obj(m)?.relation) ?? null);
  }
  if (out.length === 0 && tags) {
    // Each base appears as `base_model:<id>` and, when the relation is known, `base_model:<relation>:<id>`.
    const relations = new Map<string, string | null>();
    for (const t of tags) {
      if (!t.startsWith('base_model:')) continue;
      const rest = t.slice('base_model:'.length);
      const colon = rest.indexOf(':');
      const id = colon >= 0 ? rest.slice(colon + 1) : rest;
      const relation = colon >= 0 ? rest.slice(0, colon) : null;
      if (!relations.has(id) || (relations.get(id) === null && relation)) relations.set(id, relation);
    }
    for (const [id, relation] of relations) push(id, relation);
  }
  if (out.length === 0 && card) {
    const relation = str(card.base_model_relation) ?? null;
    const b = card.base_model;
    if (Array.isArray(b)) for (const m of b) push(m, relation);
    else push(b, relation);
  }
  return out;
}

export function parseSecurity(raw: unknown): SecurityStatus | undefined {
  const r = obj(raw);
  if (!r || typeof r.scansDone !== 'boolean') return undefined;
  const files = Array.isArray(r.filesWithIssues) ? r.filesWithIssues : [];
  return {
    scansDone: r.scansDone,
    filesWithIssues: files
      .map((f) => obj(f))
      .filter((f): f is Record<string, unknown> => !!f && typeof f.path === 'string')
      .map((f) => ({ path: f.path as string, level: typeof f.level === 'string' ? f.level : 'unknown' })),
  };
}

