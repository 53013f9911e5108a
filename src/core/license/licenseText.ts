/**
 * Identifies a license from the text of a LICENSE/COPYING file by comparing it with the SPDX texts of
 * a curated set of common licenses (spdx-license-list). Only these texts are bundled, to keep the
 * extension small; a text that matches none of them at 0.9 or more is reported as unidentified.
 *
 * Both sides are normalized the same way: copyright lines dropped (they differ in every project), case,
 * punctuation and whitespace folded, "licence" spelled "license". Similarity is the Sørensen–Dice
 * coefficient over word bigrams, which keeps word order (unlike a word set) so that near relatives such
 * as BSD-2-Clause and BSD-3-Clause, or GPL-3.0 and AGPL-3.0, stay apart. GNU texts are then checked
 * against their title ("GNU LESSER GENERAL PUBLIC LICENSE Version 2.1") for the exact license and version.
 * A full GNU text alone names one version, so it maps to `-only`; short notices that grant "any later
 * version" map to `-or-later`.
 */
import type { LicenseListEntry } from './licenseTextData.js';
import { LICENSE_TEXTS } from './licenseTextData.js';
import { toSpdx } from './spdx.js';

export interface IdentifiedLicense {
  spdx: string;
  name: string;
  /** Dice similarity with the best template, 1 for notices and SPDX identifiers. */
  similarity: number;
}

/** Minimum similarity for a full license text. */
export const TEXT_MATCH_THRESHOLD = 0.9;
/** Longer texts are cut: no bundled license is longer than ~45 kB. */
const MAX_TEXT = 200_000;

interface Template {
  spdx: string;
  name: string;
  bigrams: Set<string>;
}

let templates: Template[] | undefined;

/** Built on first use, so loading the module costs nothing until a license file is read. */
function getTemplates(): Template[] {
  templates ??= LICENSE_TEXTS.map((e: LicenseListEntry) => ({ spdx: e.spdx, name: e.name, bigrams: bigrams(normalizedWords(e.text)) }));
  return templates;
}

/** Identifies a license text; null when it is not one of the bundled licenses or a recognized notice. */
export function identifyLicenseText(raw: string): IdentifiedLicense | null {
  if (raw.includes('\u0000')) return null; // binary
  const text = raw.slice(0, MAX_TEXT);
  const words = normalizedWords(text);
  if (words.length === 0) return null;
  const normalized = words.join(' ');
  const full = bestTemplate(bigrams(words), normalized);
  if (full && full.similarity >= TEXT_MATCH_THRESHOLD) return refineGnu(full, text);
  return identifyNotice(text, normalized);
}

/**
 * Phrases that tell near relatives apart (CC BY from CC BY-NC at 0.98 similarity, MIT from MIT-0, the
 * BSD variants): a template is a candidate only when the text agrees with its markers.
 */
const MARKERS: Readonly<Record<string, (normalized: string) => boolean>> = {
  MIT: (t) => t.includes('permission notice shall be included'),
  'MIT-0': (t) => !t.includes('permission notice shall be included'),
  'BSD-2-Clause': (t) => !t.includes('neither the name'),
  'BSD-3-Clause': (t) => !t.includes('patent rights are granted'),
  'CC-BY-4.0': (t) => !/noncommercial|sharealike|noderivatives/.test(t),
  'CC-BY-SA-4.0': (t) => t.includes('sharealike') && !t.includes('noncommercial'),
  'CC-BY-NC-4.0': (t) => t.includes('noncommercial') && !t.includes('sharealike'),
  'CC-BY-NC-SA-4.0': (t) => t.includes('noncommercial') && t.includes('sharealike'),
};

function bestTemplate(input: Set<string>, normalized: string): IdentifiedLicense | null {
  let best: IdentifiedLicense | null = null;
  for (const t of getTemplates()) {
    if (MARKERS[t.spdx] && !MARKERS[t.spdx]!(normalized)) continue;
    const total = input.size + t.bigrams.size;
    // Dice cannot exceed 2·min/total: skip templates whose size alone rules them out.
    if (total === 0 || (2 * Math.min(input.size, t.bigrams.size)) / total < TEXT_MATCH_THRESHOLD) continue;
    let shared = 0;
    const [small, large] = input.size <= t.bigrams.size ? [input, t.bigrams] : [t.bigrams, input];
    for (const b of small) if (large.has(b)) shared++;
    const similarity = (2 * shared) / total;
    if (!best || similarity > best.similarity) best = { spdx: t.spdx, name: t.name, similarity };
  }
  return best;
}

const GNU_TITLES: readonly [RegExp, (version: string) => string | null][] = [
  [/gnu affero general public license\s+version\s+3\b/, () => 'AGPL-3.0-only'],
  [/gnu lesser general public license\s+version\s+(2\.1|3)\b/, (v) => (v === '3' ? 'LGPL-3.0-only' : 'LGPL-2.1-only')],
  [/gnu library general public license\s+version\s+2\b/, () => 'LGPL-2.0-only'],
  [/gnu general public license\s+version\s+([123])\b/, (v) => `GPL-${v}.0-only`],
];

/** For a GNU match, the license and version its title states win over the nearest template. */
function refineGnu(found: IdentifiedLicense, text: string): IdentifiedLicense {
  if (!/^(?:A?GPL|LGPL)-/.test(found.spdx)) return found;
  const head = text.slice(0, 3000).toLowerCase().replace(/\s+/g, ' ');
  for (const [re, toId] of GNU_TITLES) {
    const m = re.exec(head);
    if (!m) continue;
    const id = toId(m[1] ?? '');
    if (id && id !== found.spdx) return { ...found, spdx: id, name: gnuName(id) };
    return found;
  }
  return found;
}

function gnuName(id: string): string {
  const template = getTemplates().find((t) => t.spdx === id);
  if (template) return template.name;
  return id.replace(/-only$/, ' only');
}

const GNU_NOTICE =
  /under the terms of the gnu (affero |lesser |library )?general public license (?:as published by the free software foundation )?(?:either )?version (\d(?:\.\d)?)( of the license)?( or at your option any later version)?/;

/**
 * Short forms: an `SPDX-License-Identifier:` line, the Apache-2.0 header notice, and the GNU "how to
 * apply" notice (with or without "any later version").
 */
function identifyNotice(text: string, normalized: string): IdentifiedLicense | null {
  const spdxLine = /SPDX-License-Identifier:\s*([^\r\n*]+?)\s*(?:\*\/|-->)?\s*$/im.exec(text);
  if (spdxLine) {
    const spdx = toSpdx(spdxLine[1]!);
    if (spdx) return { spdx, name: spdx, similarity: 1 };
  }
  if (/licensed under the apache license version 2 0/.test(normalized)) {
    return { spdx: 'Apache-2.0', name: 'Apache License 2.0', similarity: 1 };
  }
  const gnu = GNU_NOTICE.exec(normalized.replace(/(\d) (\d)/g, '$1.$2'));
  if (gnu) {
    const kind = (gnu[1] ?? '').trim();
    const prefix = kind === 'affero' ? 'AGPL' : kind === 'lesser' || kind === 'library' ? 'LGPL' : 'GPL';
    const version = gnu[2]!.includes('.') ? gnu[2]! : `${gnu[2]}.0`;
    const spdx = toSpdx(`${prefix}-${version}${gnu[4] ? '-or-later' : '-only'}`);
    if (spdx) return { spdx, name: spdx, similarity: 1 };
  }
  return null;
}

const COPYRIGHT_LINE = /^\s*(?:[#*/;>-]+\s*)?(?:copyright\b|\(c\)|©|all rights reserved)/i;

/** Lowercased words of a license text, with copyright lines dropped and spelling variants folded. */
export function normalizedWords(text: string): string[] {
  const kept = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => !(line.length < 300 && COPYRIGHT_LINE.test(line)))
    .join('\n')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\blicen[cs]e/g, 'license')
    .replace(/https?:\/\/(?:www\.)?/g, ' ');
  return kept.split(/[^a-z0-9]+/).filter((w) => w !== '');
}

function bigrams(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  if (words.length === 1) out.add(words[0]!);
  return out;
}
