/**
 * Reads a model card (README.md): its YAML front matter and which template sections are present and
 * actually filled in, i.e. not left as "[More Information Needed]" or template comments.
 */
import { parse as parseYaml } from 'yaml';

export type CardSection =
  | 'description'
  | 'intended-uses'
  | 'limitations'
  | 'getting-started'
  | 'training'
  | 'evaluation'
  | 'environmental-impact'
  | 'citation';

export const CARD_SECTIONS: readonly CardSection[] = [
  'description', 'intended-uses', 'limitations', 'getting-started', 'training', 'evaluation', 'environmental-impact', 'citation',
];

export const SECTION_LABELS: Record<CardSection, string> = {
  description: 'Model description',
  'intended-uses': 'Intended uses',
  limitations: 'Bias, risks and limitations',
  'getting-started': 'How to get started',
  training: 'Training details',
  evaluation: 'Evaluation',
  'environmental-impact': 'Environmental impact',
  citation: 'Citation',
};

/** Heading patterns for each section (the HF template's headings and common variants). */
const HEADING_PATTERNS: Record<CardSection, RegExp> = {
  description: /^(model (details|description|summary|card)|description|overview|about|introduction|summary)\b/,
  'intended-uses': /^(uses|intended use|intended uses|direct use|downstream use|usage( and limitations)?|use cases?|how to use)\b/,
  limitations: /^(bias|risks?|limitations?|out[- ]of[- ]scope|ethical considerations|caveats|known issues)/,
  'getting-started': /^(how to get started|getting started|quick ?start|usage|how to use|example|inference|code)\b/,
  training: /^(training( details| data| procedure| hyperparameters| setup)?|fine[- ]?tuning|pre[- ]?training)\b/,
  evaluation: /^(evaluation|results|benchmarks?|performance|metrics|eval results)\b/,
  'environmental-impact': /^(environmental impact|carbon|co2|energy|compute infrastructure|hardware)\b/,
  citation: /^(citation|bibtex|cite|references?|how to cite)\b/,
};

const MIN_FILLED_CHARS = 40;

export interface ParsedCard {
  frontMatter: Record<string, unknown> | undefined;
  body: string;
  sections: Record<CardSection, { present: boolean; filled: boolean }>;
  /** How many template "[More Information Needed]" placeholders the card still holds (low-documentation evidence). */
  placeholderCount: number;
  links: string[];
}

export function parseModelCard(readme: string): ParsedCard {
  const text = readme.replace(/^\uFEFF/, '');
  let frontMatter: Record<string, unknown> | undefined;
  let body = text;
  const fm = /^---[\n\r]+([\S\s]*?)[\n\r]+---[\n\r]/.exec(text);
  if (fm) {
    body = text.slice(fm[0].length);
    try {
      const data = parseYaml(fm[1]!, { strict: false, uniqueKeys: false, logLevel: 'error' }) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) frontMatter = data as Record<string, unknown>;
    } catch {
      frontMatter = undefined;
    }
  }
  const sections = Object.fromEntries(CARD_SECTIONS.map((s) => [s, { present: false, filled: false }])) as ParsedCard['sections'];
  const blocks = splitByHeadings(body);
  for (const block of blocks) {
    const heading = normalizeHeading(block.heading);
    const filled = meaningfulLength(block.content) >= MIN_FILLED_CHARS;
    if (block.heading === '') {
      // Prose before any heading describes the model in many cards.
      if (filled) sections.description = { present: true, filled: true };
      continue;
    }
    for (const section of CARD_SECTIONS) {
      if (HEADING_PATTERNS[section].test(heading)) {
        const s = sections[section];
        s.present = true;
        s.filled ||= filled;
      }
    }
  }
  // A citation is filled by a BibTeX block anywhere.
  if (/@(article|inproceedings|misc|techreport|book)\s*\{/i.test(body)) sections.citation = { present: true, filled: true };
  const placeholderCount = (body.match(/\[More Information Needed\]/gi) ?? []).length;
  let own = body;
  for (const re of TEMPLATE_SENTENCES) own = own.replace(re, '');
  const links = [...own.matchAll(/https?:\/\/[^\s)<>\]"']+/g)].map((m) => m[0]);
  return { frontMatter, body, sections, placeholderCount, links };
}

interface Block {
  heading: string;
  level: number;
  content: string;
}

/** Splits Markdown into blocks by ATX headings (outside code fences); a block includes its subsections' text. */
function splitByHeadings(body: string): Block[] {
  const lines = body.split(/\r?\n/);
  const flat: { heading: string; level: number; lines: string[] }[] = [{ heading: '', level: 0, lines: [] }];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) flat.push({ heading: m[2]!, level: m[1]!.length, lines: [] });
    else flat[flat.length - 1]!.lines.push(line);
  }
  return flat.map((b, i) => {
    const parts = [b.lines.join('\n')];
    if (b.level > 0) {
      for (let j = i + 1; j < flat.length && flat[j]!.level > b.level; j++) parts.push(flat[j]!.lines.join('\n'));
    }
    return { heading: b.heading, level: b.level, content: parts.join('\n') };
  });
}

/** Lower-cased heading text without markup or numbering, for matching section names. */
export function normalizeHeading(h: string): string {
  return h
    .toLowerCase()
    .replace(/[*_`[\]()#:]/g, '')
    .replace(/^[\d.\s]+/, '')
    .replace(/^[^\p{L}\p{N}]+/u, '')
    .trim();
}

/** Sentences the Hugging Face card template writes itself; they say nothing about the model. */
const TEMPLATE_SENTENCES: readonly RegExp[] = [
  /This is the model card of a 🤗 transformers model that has been pushed on the Hub\.( This model card has been automatically generated\.)?/g,
  /Users \(both direct and downstream\) should be made aware of the risks, biases and limitations of the model\.( More information needed for further recommendations\.)?/g,
  /Use the code below to get started with the model\./g,
  /Carbon emissions can be estimated using the \[Machine Learning Impact calculator\]\([^)]*\) presented in \[Lacoste et al\. \(2019\)\]\([^)]*\)\./g,
  /\[optional\]/g,
];

/** Characters of real content: placeholders, template sentences, HTML comments, markup and whitespace removed. */
export function meaningfulLength(content: string): number {
  let text = content;
  for (const re of TEMPLATE_SENTENCES) text = text.replace(re, '');
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\[More Information Needed\]/gi, '')
    .replace(/\{\{[\s\S]*?\}\}/g, '')
    .replace(/^\s*[-*]\s*\*\*[^*]+:\*\*\s*$/gm, '')
    .replace(/\s+/g, '').length;
}
