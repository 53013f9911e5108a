/**
 * The model report: a full HTML page for the editor's webview with everything PTM Lens knows about one
 * model: findings with their evidence, the three scores item by item, the license verdict, the lineage
 * as a graph, declared data sets, where the workspace loads it, and the model card rendered.
 *
 * The page runs no script. Its Content-Security-Policy allows only the nonce'd style and local images;
 * the card's raw HTML is reduced to its text, its images become links (nothing is fetched from the
 * network), and only http(s) and mailto links survive, so a hostile card cannot run or load anything.
 */
import MarkdownIt from 'markdown-it';
import type { Finding, ModelAssessment } from '../assess/assess.js';
import { ruleUrl, RULES, SEVERITY_RANK } from '../assess/rules.js';
import { parseModelCard } from '../assess/modelCard.js';
import type { Score } from '../assess/scores.js';
import { CREATED_AT_SENTINEL } from '../assess/scores.js';
import { isPinnedRevision } from '../detect/hubId.js';
import { stripInvisible } from '../text.js';
import { escapeHtml, htmlLink, safeHref } from './html.js';
import { renderLineageGraph } from './lineageGraph.js';
import { DEFAULT_HUB_URL, modelPageUrl } from './referenceHover.js';

/** Cards longer than this are cut, with a note and a link to the full card. */
export const MAX_CARD_CHARS = 200_000;

export interface ReportReference {
  /** As shown: a workspace-relative path with line (and cell) number. */
  location: string;
  call: string;
  revision: string | null;
}

export interface ModelReportOptions {
  hubUrl?: string;
  /** The webview's `cspSource`, allowed for images. */
  cspSource: string;
  /** A fresh random value per render; the page's only style element carries it. */
  nonce: string;
  references?: ReportReference[];
  /** Rules the user turned off: their findings are not listed. */
  isRuleOff?: (rule: string) => boolean;
  now?: number;
}

const SCORE_NAMES = [
  ['provenance', 'Provenance'],
  ['reproducibility', 'Reproducibility'],
  ['documentation', 'Documentation'],
] as const;

const VERDICT_TEXT: Record<string, string> = {
  compatible: 'Compatible with the project license',
  'compatible-with-conditions': 'Compatible, with conditions',
  incompatible: 'Incompatible with the project license',
  unknown: 'Compatibility unknown',
};

export function renderModelReport(a: ModelAssessment, opts: ModelReportOptions): string {
  const hubUrl = opts.hubUrl ?? DEFAULT_HUB_URL;
  const id = a.renamed ? a.canonicalId : a.modelId;
  const known = a.state === 'ok' || (a.state === 'offline' && a.facts !== undefined);
  const body: string[] = [];

  body.push(`<header><h1>${htmlLink(a.modelId, modelPageUrl(id, hubUrl))}</h1>`);
  const sub: string[] = [];
  if (a.renamed) sub.push(`Now ${htmlLink(a.canonicalId, modelPageUrl(a.canonicalId, hubUrl))}`);
  if (isPinnedRevision(a.revision)) sub.push(`Pinned to commit <code>${escapeHtml(a.revision!.slice(0, 12))}</code>`);
  else sub.push(`<strong>Unpinned</strong>${a.facts?.sha ? `: the default branch is now at <code>${escapeHtml(a.facts.sha.slice(0, 12))}</code>` : ''}`);
  if (a.facts?.source === 'local-cache') sub.push('Facts from the local Hugging Face cache (offline)');
  body.push(`<p class="sub">${sub.join(' · ')}</p>`);
  if (!known) body.push(`<p class="unknown"><strong>Unknown</strong> because ${escapeHtml(a.reason ?? a.state)}.</p>`);
  const stats = statsLine(a, opts.now ?? Date.now());
  if (stats) body.push(`<p class="stats">${stats}</p>`);
  body.push('</header>');

  body.push(section('Findings', findingsHtml(a.findings.filter((f) => !opts.isRuleOff?.(f.rule)))));
  body.push(section('Scores', known ? SCORE_NAMES.map(([key, label]) => scoreHtml(label, a.scores[key])).join('') : `<p>No facts to score: ${escapeHtml(a.reason ?? a.state)}.</p>`));
  body.push(section('License', licenseHtml(a, hubUrl)));
  if (a.lineage.length > 0) {
    const graph = renderLineageGraph({ id: a.canonicalId, license: a.license ? (a.license.spdx ?? a.license.name) : null, known }, a.lineage);
    const list = a.lineage
      .map((l) => `<li>${htmlLink(l.id, modelPageUrl(l.id, hubUrl))}${l.relation ? ` <span class="muted">${escapeHtml(l.relation)} of ${escapeHtml(l.parent)}</span>` : ''}${l.license ? ` · ${escapeHtml(l.license.spdx ?? l.license.name)}` : l.state !== 'ok' ? ` · ${escapeHtml(l.state)}` : ''}</li>`)
      .join('');
    body.push(section('Lineage', `<div class="graph">${graph.svg}</div><ul>${list}</ul>`));
  } else if (known) {
    body.push(section('Lineage', '<p>The card declares no base model.</p>'));
  }
  if (a.datasets.length > 0) body.push(section('Data sets', `<ul>${a.datasets.map((d) => `<li>${htmlLink(d, `${hubUrl.replace(/\/+$/, '')}/datasets/${encodeURI(d)}`)}</li>`).join('')}</ul>`));
  if (opts.references && opts.references.length > 0) {
    body.push(section('Used in this workspace', `<ul>${opts.references.map((r) => `<li><code>${escapeHtml(r.location)}</code> · ${escapeHtml(r.call)}${r.revision ? ` · revision <code>${escapeHtml(r.revision)}</code>` : ''}</li>`).join('')}</ul>`));
  }
  if (a.facts?.unavailable.length) {
    body.push(section('Not known', `<ul>${a.facts.unavailable.map((u) => `<li>${escapeHtml(u.fact)}: ${escapeHtml(u.reason)}</li>`).join('')}</ul>`));
  }
  const readme = a.facts?.readme;
  if (readme) {
    const base = `${hubUrl.replace(/\/+$/, '')}/${id}/resolve/${a.facts?.sha ?? 'main'}/`;
    body.push(section('Model card', `<article class="card">${renderCard(readme, base, modelPageUrl(id, hubUrl))}</article>`));
  } else if (known) {
    body.push(section('Model card', '<p>The repository has no model card (README.md).</p>'));
  }

  return page(`PTM Lens: ${a.modelId}`, body.join('\n'), opts);
}

function section(title: string, html: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>${html}</section>`;
}

function findingsHtml(findings: Finding[]): string {
  if (findings.length === 0) return '<p>No findings.</p>';
  const seen = new Set<string>();
  const items: string[] = [];
  for (const f of [...findings].sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity])) {
    const key = `${f.rule}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const title = RULES[f.rule]?.title ?? f.rule;
    const evidence = f.evidence.length ? `<ul class="evidence">${f.evidence.map((e) => `<li>${escapeHtml(e)}</li>`).join('')}</ul>` : '';
    items.push(`<li class="finding ${f.severity}"><span class="sev">${escapeHtml(f.severity)}</span> <a href="${escapeHtml(ruleUrl(f.rule))}">${escapeHtml(title)}</a> <code>${escapeHtml(f.rule)}</code><div>${codeSpans(f.message)}</div>${evidence}</li>`);
  }
  return `<ul class="findings">${items.join('')}</ul>`;
}

/** Escapes a PTM Lens message and shows its `code` spans as code. */
function codeSpans(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function scoreHtml(label: string, s: Score): string {
  const value = s.value === null ? 'unknown' : String(s.value);
  // A class per 5 % step: the page's CSP allows no inline style attributes.
  const bar = s.value === null ? '' : `<span class="bar"><span class="w${Math.round(Math.max(0, Math.min(100, s.value)) / 5)}"></span></span>`;
  const rows = s.items
    .map((i) => `<tr><td>${escapeHtml(i.label)}</td><td class="num">${i.points}/${i.max}</td><td>${escapeHtml(i.evidence)}</td></tr>`)
    .join('');
  return `<div class="score"><h3>${escapeHtml(label)} <span class="value">${value}</span>${bar}</h3><p>${escapeHtml(s.summary)}</p>${rows ? `<table><thead><tr><th>Criterion</th><th>Points</th><th>Evidence</th></tr></thead><tbody>${rows}</tbody></table>` : ''}</div>`;
}

function licenseHtml(a: ModelAssessment, hubUrl: string): string {
  const parts: string[] = [];
  if (a.license) {
    const name = a.license.spdx && a.license.spdx !== a.license.name ? `${a.license.name} (${a.license.spdx})` : a.license.name;
    // A repo-relative license_link points into the model repository.
    const link = a.license.link && a.license.linkIsRelative ? `${modelPageUrl(a.canonicalId, hubUrl)}/blob/main/${a.license.link.replace(/^\.?\/+/, '')}` : a.license.link;
    parts.push(`<p>${htmlLink(name, link)}</p>`);
  } else {
    parts.push('<p>No license is known.</p>');
  }
  const c = a.compatibility;
  parts.push(`<p class="verdict ${escapeHtml(c.verdict)}"><strong>${escapeHtml(VERDICT_TEXT[c.verdict] ?? c.verdict)}.</strong> ${escapeHtml(c.reason)}</p>`);
  if (c.conditions.length) parts.push(`<ul>${c.conditions.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`);
  return parts.join('');
}

function statsLine(a: ModelAssessment, now: number): string | undefined {
  const f = a.facts;
  if (!f) return undefined;
  const parts: string[] = [];
  if (f.pipelineTag) parts.push(escapeHtml(f.pipelineTag));
  if (f.libraryName) parts.push(escapeHtml(f.libraryName));
  if (f.downloads !== undefined) parts.push(`${f.downloads.toLocaleString('en-US')} downloads last month`);
  if (f.likes !== undefined) parts.push(`${f.likes.toLocaleString('en-US')} likes`);
  if (f.createdAt) {
    if (f.createdAt === CREATED_AT_SENTINEL) parts.push('created before March 2022');
    else if (!Number.isNaN(Date.parse(f.createdAt))) parts.push(`created ${escapeHtml(f.createdAt.slice(0, 10))} (${Math.max(0, Math.floor((now - Date.parse(f.createdAt)) / 86_400_000))} days ago)`);
  }
  if (f.lastModified && !Number.isNaN(Date.parse(f.lastModified))) parts.push(`last modified ${escapeHtml(f.lastModified.slice(0, 10))}`);
  return parts.length ? parts.join(' · ') : undefined;
}

/** Renders a model card's Markdown inertly: see the module comment. */
export function renderCard(readme: string, baseUrl: string, cardUrl: string): string {
  let text = parseModelCard(readme).body;
  let cut = false;
  if (text.length > MAX_CARD_CHARS) {
    text = text.slice(0, MAX_CARD_CHARS);
    cut = true;
  }
  const md = cardRenderer(baseUrl);
  const html = md.render(stripInvisible(text));
  return cut ? `${html}<p class="muted">The card is longer than ${MAX_CARD_CHARS.toLocaleString('en-US')} characters; ${htmlLink('read the rest on the Hub', cardUrl)}.</p>` : html;
}

function resolveUrl(href: string, base: string): string | undefined {
  if (href.startsWith('#')) return undefined;
  try {
    return safeHref(new URL(href, base).href);
  } catch {
    return undefined;
  }
}

function cardRenderer(baseUrl: string): InstanceType<typeof MarkdownIt> {
  // `html: true` only so raw HTML arrives as html_block/html_inline tokens, which the rules below reduce
  // to escaped text; no raw HTML reaches the page.
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  md.validateLink = () => true; // links are vetted below, against the resolved URL
  md.core.ruler.push('ptm_lens_links', (state) => {
    for (const block of state.tokens) {
      if (!block.children) continue;
      const open: { tag: string }[] = [];
      for (const t of block.children) {
        if (t.type === 'link_open') {
          const href = resolveUrl(String(t.attrGet('href') ?? ''), baseUrl);
          if (href) {
            t.attrs = [['href', href], ['title', href]];
          } else {
            t.tag = 'span';
            t.attrs = [['class', 'dead-link']];
          }
          open.push(t);
        } else if (t.type === 'link_close') {
          const o = open.pop();
          if (o) t.tag = o.tag;
        }
      }
    }
  });
  md.renderer.rules.html_block = (tokens, idx) => {
    const text = htmlText(tokens[idx]!.content);
    return text ? `<p class="html-text">${escapeHtml(text)}</p>\n` : '';
  };
  md.renderer.rules.html_inline = () => '';
  md.renderer.rules.image = (tokens, idx) => {
    const t = tokens[idx]!;
    const alt = t.children ? t.children.map((c) => c.content).join('') : t.content;
    const label = `[image${alt ? `: ${alt}` : ''}]`;
    const src = resolveUrl(String(t.attrGet('src') ?? ''), baseUrl);
    return src ? `<a class="image-link" href="${escapeHtml(src)}">${escapeHtml(label)}</a>` : `<span class="image-link">${escapeHtml(label)}</span>`;
  };
  return md;
}

/** The text of an HTML fragment: tags, comments and scripts/styles dropped, whitespace collapsed. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?(<\/\1\s*>|$)/gi, ' ')
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 40px; max-width: 980px; line-height: 1.5; }
a { color: var(--vscode-textLink-foreground); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
pre { background: var(--vscode-textCodeBlock-background); padding: 8px; overflow: auto; }
h1 { font-size: 1.6em; margin-bottom: 4px; word-break: break-all; }
h2 { font-size: 1.2em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 1em; margin: 14px 0 2px; }
.sub, .stats, .muted { color: var(--vscode-descriptionForeground); }
.unknown { color: var(--vscode-editorWarning-foreground); }
ul.findings { list-style: none; padding-left: 0; }
.finding { margin: 8px 0; padding-left: 10px; border-left: 3px solid var(--vscode-editorInfo-foreground); }
.finding.warning { border-color: var(--vscode-editorWarning-foreground); }
.finding.error { border-color: var(--vscode-editorError-foreground); }
.sev { text-transform: uppercase; font-size: 0.8em; color: var(--vscode-descriptionForeground); }
ul.evidence { margin: 2px 0; color: var(--vscode-descriptionForeground); font-size: 0.92em; }
.score .value { font-variant-numeric: tabular-nums; margin: 0 8px; }
.bar { display: inline-block; width: 160px; height: 8px; background: var(--vscode-editorWidget-border); border-radius: 4px; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: var(--vscode-charts-blue); border-radius: 4px; }
${Array.from({ length: 21 }, (_, i) => `.bar > .w${i} { width: ${i * 5}%; }`).join('\n')}
table { border-collapse: collapse; margin: 6px 0; }
th, td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; border-bottom: 1px solid var(--vscode-panel-border); }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict.incompatible { color: var(--vscode-editorError-foreground); }
.verdict.compatible-with-conditions, .verdict.unknown { color: var(--vscode-editorWarning-foreground); }
.graph { overflow-x: auto; }
svg.lineage .node rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-editorWidget-border); }
svg.lineage .node.root rect { stroke: var(--vscode-focusBorder); stroke-width: 2; }
svg.lineage .node.unknown rect { stroke-dasharray: 4 3; }
svg.lineage text { fill: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: 12px; }
svg.lineage .node-license, svg.lineage .edge-label { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg.lineage .edge { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1.3; }
svg.lineage .arrow { fill: var(--vscode-descriptionForeground); }
.card { border: 1px solid var(--vscode-panel-border); padding: 4px 16px; border-radius: 4px; overflow-wrap: anywhere; }
.html-text, .image-link { color: var(--vscode-descriptionForeground); }
.dead-link { text-decoration: underline dotted; }
`;

function page(title: string, body: string, opts: ModelReportOptions): string {
  const nonce = escapeHtml(opts.nonce);
  const csp = `default-src 'none'; img-src ${escapeHtml(opts.cspSource)} data:; style-src 'nonce-${nonce}'; script-src 'none'; form-action 'none'; frame-src 'none'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
