/**
 * The base-model lineage as an SVG graph for the model report: ancestors on top, the assessed model at
 * the bottom, one arrow per "is a base of" link labelled with its relation (fine-tune, adapter, quantized,
 * merge). Colours come from the editor theme through CSS classes defined by the report.
 */
import type { LineageItem } from '../assess/assess.js';
import { escapeHtml } from './html.js';

export interface LineageGraphRoot {
  id: string;
  /** The SPDX id or name of the license, when known. */
  license: string | null;
  known: boolean;
}

interface Node {
  id: string;
  depth: number;
  license: string | null;
  known: boolean;
  x: number;
  y: number;
}

const NODE_W = 232;
const NODE_H = 46;
const H_GAP = 24;
const V_GAP = 58;
const PAD = 12;
const MAX_LABEL = 30;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Width and height of the graph, for tests and layout. */
export interface LineageGraph {
  svg: string;
  width: number;
  height: number;
  nodes: number;
  edges: number;
}

export function renderLineageGraph(root: LineageGraphRoot, lineage: readonly LineageItem[]): LineageGraph {
  const nodes = new Map<string, Node>();
  nodes.set(root.id.toLowerCase(), { id: root.id, depth: 0, license: root.license, known: root.known, x: 0, y: 0 });
  for (const l of lineage) {
    const key = l.id.toLowerCase();
    if (nodes.has(key)) continue;
    nodes.set(key, { id: l.id, depth: Math.max(1, l.depth), license: l.license ? (l.license.spdx ?? l.license.name) : null, known: l.state === 'ok' || l.state === 'offline', x: 0, y: 0 });
  }
  const maxDepth = Math.max(0, ...[...nodes.values()].map((n) => n.depth));
  const rows: Node[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (const n of nodes.values()) rows[n.depth]!.push(n);
  const widest = Math.max(...rows.map((r) => r.length));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * H_GAP;
  const height = PAD * 2 + rows.length * NODE_H + (rows.length - 1) * V_GAP;
  rows.forEach((row, depth) => {
    const rowWidth = row.length * NODE_W + (row.length - 1) * H_GAP;
    const x0 = (width - rowWidth) / 2;
    row.forEach((n, i) => {
      n.x = x0 + i * (NODE_W + H_GAP);
      n.y = PAD + (maxDepth - depth) * (NODE_H + V_GAP);
    });
  });

  const parts: string[] = [];
  let edges = 0;
  const rootNode = nodes.get(root.id.toLowerCase())!;
  for (const l of lineage) {
    const from = nodes.get(l.id.toLowerCase());
    const to = nodes.get((l.parent ?? root.id).toLowerCase()) ?? rootNode;
    if (!from || from === to) continue;
    edges++;
    const x1 = from.x + NODE_W / 2;
    const y1 = from.y + NODE_H;
    const x2 = to.x + NODE_W / 2;
    const y2 = to.y;
    parts.push(`<path class="edge" d="M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2 - 6}" marker-end="url(#arrow)"/>`);
    if (l.relation) parts.push(`<text class="edge-label" x="${(x1 + x2) / 2 + 6}" y="${(y1 + y2) / 2 + 4}">${escapeHtml(truncate(l.relation, 24))}</text>`);
  }
  for (const n of nodes.values()) {
    const cls = ['node', n === rootNode ? 'root' : '', n.known ? '' : 'unknown'].filter(Boolean).join(' ');
    parts.push(
      `<g class="${cls}"><title>${escapeHtml(n.id)}${n.license ? ` (${escapeHtml(n.license)})` : ''}${n.known ? '' : ' — not looked up'}</title>` +
        `<rect x="${n.x}" y="${n.y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
        `<text class="node-id" x="${n.x + 10}" y="${n.y + 19}">${escapeHtml(truncate(n.id, MAX_LABEL))}</text>` +
        `<text class="node-license" x="${n.x + 10}" y="${n.y + 36}">${escapeHtml(truncate(n.license ?? (n.known ? 'no license' : 'unknown'), MAX_LABEL + 4))}</text></g>`,
    );
  }
  const svg =
    `<svg class="lineage" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Base-model lineage" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker></defs>` +
    parts.join('') +
    `</svg>`;
  return { svg, width, height, nodes: nodes.size, edges };
}
