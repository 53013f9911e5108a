/**
 * Pulls the prose a bill of materials carries from a model card: intended uses, limitations, risks
 * with their recommendations, and the environmental impact section. The BOM formats have fields for
 * exactly these (CycloneDX `modelCard.considerations`, SPDX `ai_limitation`, …), and the card is the
 * only place they are written down.
 *
 * The text is untrusted data from the Hub. It is returned as plain strings (control and
 * bidirectional-override characters removed, whitespace collapsed, length capped); whoever renders it
 * escapes it for their format. A section left as the Hugging Face template wrote it (placeholders,
 * template sentences) counts as absent: an empty field is better than a field that says nothing.
 */
import { meaningfulLength } from '../assess/modelCard.js';
import { normalizeHeading } from '../assess/modelCard.js';
import { oneLine } from '../text.js';

export interface CardRisk {
  name: string;
  mitigationStrategy?: string;
}

export interface CardConsiderations {
  useCases: string[];
  technicalLimitations: string[];
  ethicalConsiderations: CardRisk[];
  /** The "Environmental impact" section, when filled in. */
  environmentalImpact: string | null;
}

/** Same threshold as the documentation score's "filled" test, so the two agree on what a section says. */
const MIN_FILLED_CHARS = 40;
const MAX_TEXT = 2000;

interface Block {
  heading: string;
  level: number;
  text: string;
}

type Kind = 'use' | 'limitation' | 'risk' | 'mitigation' | 'environment';

/**
 * Order matters: "Out-of-Scope Use" is a limitation, not a use; "Intended uses & limitations" is
 * about uses; "Bias, Risks, and Limitations" (the HF template) is a risk whose "Recommendations"
 * subsection is its mitigation.
 */
const CLASSIFY: [Kind, RegExp][] = [
  ['limitation', /^(out[- ]of[- ]scope( use)?|misuse|limitations?|known limitations|caveats|known issues)\b/],
  ['use', /^(intended uses?|uses|direct use|downstream use|use cases?|intended purpose|primary intended uses)\b/],
  ['risk', /^(bias|risks?|ethical considerations|ethics)\b/],
  ['mitigation', /^(recommendations|mitigations?)\b/],
  ['environment', /^(environmental impact|carbon (emissions|footprint))\b/],
];

export function cardConsiderations(readme: string | null | undefined): CardConsiderations {
  const out: CardConsiderations = { useCases: [], technicalLimitations: [], ethicalConsiderations: [], environmentalImpact: null };
  if (typeof readme !== 'string' || readme === '') return out;
  const blocks = splitBlocks(stripFrontMatter(readme));
  let lastRisk: { risk: CardRisk; level: number } | undefined;
  for (const block of blocks) {
    const heading = normalizeHeading(block.heading);
    const kind = CLASSIFY.find(([, re]) => re.test(heading))?.[0];
    if (lastRisk && block.level <= lastRisk.level) lastRisk = undefined;
    if (!kind) continue;
    const text = cleanText(block.text);
    if (text === null) continue;
    if (kind === 'use') out.useCases.push(text);
    else if (kind === 'limitation') out.technicalLimitations.push(text);
    else if (kind === 'risk') {
      const risk: CardRisk = { name: text };
      out.ethicalConsiderations.push(risk);
      lastRisk = { risk, level: block.level };
    } else if (kind === 'mitigation') {
      // Only a subsection of a risk section mitigates it; a top-level "Recommendations" is too vague to attach.
      if (lastRisk && block.level > lastRisk.level && !lastRisk.risk.mitigationStrategy) lastRisk.risk.mitigationStrategy = text;
    } else if (kind === 'environment' && out.environmentalImpact === null) out.environmentalImpact = text;
  }
  return out;
}

function stripFrontMatter(text: string): string {
  const t = text.replace(/^\uFEFF/, '');
  const fm = /^---[\n\r]+[\S\s]*?[\n\r]+---[\n\r]/.exec(t);
  return fm ? t.slice(fm[0].length) : t;
}

/** Each heading with its own text (subsections excluded), in document order; fenced code is not a heading. */
function splitBlocks(body: string): Block[] {
  const blocks: Block[] = [{ heading: '', level: 0, text: '' }];
  const lines: string[][] = [[]];
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) {
      blocks.push({ heading: m[2]!, level: m[1]!.length, text: '' });
      lines.push([]);
    } else lines[lines.length - 1]!.push(line);
  }
  return blocks.map((b, i) => ({ ...b, text: lines[i]!.join('\n') }));
}


/** Plain text of a section, or null when it only holds template text. */
function cleanText(raw: string): string | null {
  if (meaningfulLength(raw) < MIN_FILLED_CHARS) return null;
  let text = raw
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/(```|~~~)[\s\S]*?(\1|$)/g, ' ')
    .replace(/\[More Information Needed\]/gi, ' ')
    .replace(/\{\{[\s\S]*?\}\}/g, ' ')
    .replace(/^\s*[-*]\s*\*\*[^*]+:\*\*\s*$/gm, ' ')
    // List items become clauses: "- **Hardware Type:** A100" reads "Hardware Type: A100;".
    .replace(/^\s*(?:[-*+]|\d+\.)\s+(.*?)\s*$/gm, (_m, item: string) => (/[.;:!?]$/.test(item) || item === '' ? item : `${item};`))
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/<[^>]+>/g, ' ');
  text = oneLine(text);
  if (text.length < MIN_FILLED_CHARS / 2) return null;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
