/**
 * The hover card for a model reference with its assessment, as plain Markdown. Order: the id (and
 * canonical id) linked to the Hub; the commit pinned or "unpinned"; the three scores as bars with a
 * reason; the license verdict; risks worst first, each linked to its rule page; lineage; data sets;
 * adoption and age. Everything that comes from the Hub or the code goes through the escapers.
 */
import type { Finding, ModelAssessment } from '../assess/assess.js';
import { ruleUrl, SEVERITY_RANK, SUGGESTION_RULES } from '../assess/rules.js';
import { CREATED_AT_SENTINEL } from '../assess/scores.js';
import { isPinnedRevision } from '../detect/hubId.js';
import type { ModelReference } from '../detect/types.js';
import { suggestionForReference } from '../vision/suggestions.js';
import { escapeMarkdown, inlineCode, safeLink } from './markdown.js';
import { DEFAULT_HUB_URL, modelPageUrl } from './referenceHover.js';
import type { SuggestionHoverContext } from './suggestionHover.js';
import { renderFocusedConvSection } from './suggestionHover.js';

export interface ModelHoverContext extends SuggestionHoverContext {
  hubUrl?: string;
  now?: number;
  /** Rules the user turned off; their findings are not listed. */
  isRuleOff?: (rule: string) => boolean;
  /** False hides the suggestions section (`ptmLens.suggestions.focusedConvolution`); default shown. */
  suggestions?: boolean;
}

const BAR_WIDTH = 10;

/** `▰▰▰▰▰▰▱▱▱▱ 62` — a text bar, so it renders the same in every theme. */
export function scoreBar(value: number | null): string {
  // A no-break space keeps the number beside its bar in narrow hovers.
  if (value === null) return '`▱▱▱▱▱▱▱▱▱▱`\u00a0unknown';
  const filled = Math.round((Math.max(0, Math.min(100, value)) / 100) * BAR_WIDTH);
  return `\`${'▰'.repeat(filled)}${'▱'.repeat(BAR_WIDTH - filled)}\`\u00a0${value}`;
}

const VERDICT_LABEL: Record<string, string> = {
  compatible: '✓ compatible',
  'compatible-with-conditions': '⚠ compatible with conditions',
  incompatible: '✗ incompatible',
  unknown: '? unknown',
};

const SEVERITY_ICON: Record<string, string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };

export function renderModelHover(ref: ModelReference, a: ModelAssessment, ctx: ModelHoverContext = {}): string {
  const hubUrl = ctx.hubUrl ?? DEFAULT_HUB_URL;
  const out: string[] = [];
  const id = ref.modelId ?? a.modelId;
  let head = `**PTM Lens** · ${safeLink(id, modelPageUrl(a.renamed ? a.canonicalId : id, hubUrl))}`;
  if (a.renamed) head += ` → ${safeLink(a.canonicalId, modelPageUrl(a.canonicalId, hubUrl))}`;
  out.push(head);
  out.push('');
  const sha = a.facts?.sha;
  if (isPinnedRevision(ref.revision)) out.push(`Pinned to commit ${inlineCode(ref.revision!.slice(0, 12))}`);
  else if (ref.revision) out.push(`**Unpinned**: ${inlineCode(ref.revision)} is a branch or tag${sha ? `; now at ${inlineCode(sha.slice(0, 12))}` : ''}`);
  else if (ref.kind !== 'config-key') out.push(`**Unpinned**${sha ? `: loads whatever the default branch holds, now ${inlineCode(sha.slice(0, 12))}` : ''}`);

  if (a.state !== 'ok' && !(a.state === 'offline' && a.facts)) {
    out.push('');
    out.push(`**Unknown** because ${escapeMarkdown(a.reason ?? a.state)}.`);
  } else {
    if (a.state === 'offline') out.push(`\n_Offline: facts from the local Hugging Face cache; ${escapeMarkdown(a.facts?.unavailable.map((u) => u.fact).join(', ') ?? '')} unknown._`);
    out.push('');
    out.push(`| | | |`);
    out.push(`|---|---|---|`);
    out.push(`| Provenance | ${scoreBar(a.scores.provenance.value)} | ${escapeMarkdown(a.scores.provenance.summary)} |`);
    out.push(`| Reproducibility | ${scoreBar(a.scores.reproducibility.value)} | ${escapeMarkdown(a.scores.reproducibility.summary)} |`);
    out.push(`| Documentation | ${scoreBar(a.scores.documentation.value)} | ${escapeMarkdown(a.scores.documentation.summary)} |`);
    out.push('');
    if (a.license) {
      const lic = a.license.link ? safeLink(a.license.name, a.license.link) : escapeMarkdown(a.license.name);
      out.push(`**License** ${lic}: ${VERDICT_LABEL[a.compatibility.verdict] ?? escapeMarkdown(a.compatibility.verdict)}. ${escapeMarkdown(a.compatibility.reason)}`);
    }
  }

  // Suggestions are not risks: they get their own section below.
  const findings = a.findings
    .filter((f) => sameReference(f, ref) && !ctx.isRuleOff?.(f.rule) && !SUGGESTION_RULES.has(f.rule))
    .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
  if (findings.length > 0) {
    out.push('');
    out.push('**Risks**');
    for (const f of dedupe(findings)) out.push(`- ${SEVERITY_ICON[f.severity] ?? ''} [${f.rule}](${ruleUrl(f.rule)}): ${escapeMarkdown(f.message)}`);
  }

  if (a.lineage.length > 0) {
    out.push('');
    const chain = a.lineage
      .slice(0, 6)
      .map((l) => `${safeLink(l.id, modelPageUrl(l.id, hubUrl))}${l.relation ? ` (${escapeMarkdown(l.relation)})` : ''}${l.license ? `, ${escapeMarkdown(l.license.spdx ?? l.license.name)}` : l.state !== 'ok' ? `, ${escapeMarkdown(l.state)}` : ''}`);
    out.push(`**Based on** ${chain.join(' ← ')}`);
  }
  if (a.datasets.length > 0) {
    out.push('');
    out.push(`**Data sets** ${a.datasets.slice(0, 6).map((d) => escapeMarkdown(d)).join(', ')}${a.datasets.length > 6 ? ', …' : ''}`);
  }
  const stats = adoption(a, ctx.now ?? Date.now());
  if (stats) {
    out.push('');
    out.push(stats);
  }
  // Only where this reference builds the model, and only for a model PTM Lens could look up.
  const suggestion =
    ctx.suggestions !== false && !ctx.isRuleOff?.('focused-convolution') && a.suggestions.length > 0 ? suggestionForReference(ref, a.architecture, a.facts?.libraryName) : undefined;
  if (suggestion) out.push(renderFocusedConvSection(suggestion, a.architecture, ctx));
  return out.join('\n');
}

/** The card shown while the lookup is still running; typing never waits for it. */
export function renderPendingHover(ref: ModelReference, ctx: ModelHoverContext = {}): string {
  const id = ref.modelId ?? '';
  return `**PTM Lens** · ${safeLink(id, modelPageUrl(id, ctx.hubUrl ?? DEFAULT_HUB_URL))}\n\n$(sync~spin) Looking ${escapeMarkdown(id)} up on the Hub… hover again in a moment.`;
}

function sameReference(f: Finding, ref: ModelReference): boolean {
  const r = f.reference;
  return r.range.start.line === ref.range.start.line && r.range.start.character === ref.range.start.character && r.cell === ref.cell;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.rule}\0${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function adoption(a: ModelAssessment, now: number): string | undefined {
  const f = a.facts;
  if (!f) return undefined;
  const parts: string[] = [];
  if (f.downloads !== undefined) parts.push(`${compact(f.downloads)} downloads last month`);
  if (f.likes !== undefined) parts.push(`${compact(f.likes)} likes`);
  if (f.createdAt) {
    if (f.createdAt === CREATED_AT_SENTINEL) parts.push('created before March 2022');
    else {
      const days = Math.max(0, Math.floor((now - Date.parse(f.createdAt)) / 86_400_000));
      parts.push(days >= 365 ? `${(days / 365).toFixed(1)} years old` : `${days} days old`);
    }
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}
