/**
 * Finds the license a project declares, from its root-level files, in priority order: `package.json`,
 * `pyproject.toml`, `setup.cfg`, `setup.py`, then LICENSE/COPYING texts. Every source that declares a
 * license is kept as evidence; the first one wins. Files are only read as text: `setup.py` is scanned
 * for a literal `license="..."` and classifiers, never executed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { FAMILY_RANK, familyOfSpdxId } from './catalog.js';
import { identifyLicenseText } from './licenseText.js';
import { parseSpdx, toSpdx } from './spdx.js';
import type { SpdxNode } from './spdx.js';
import type { ProjectFiles, ProjectLicense, ProjectLicenseClass, ProjectLicenseEvidence, ProjectLicenseSource } from './types.js';
import { oneLine } from '../text.js';

/** Root files are read up to this many bytes; license metadata and texts are far smaller. */
export const MAX_PROJECT_FILE_BYTES = 1_048_576;
const MAX_NAME = 200;

/** A `ProjectFiles` over a folder on disk: regular root-level files only (no symbolic links), capped at 1 MiB each. */
export function nodeProjectFiles(rootDir: string, maxBytes: number = MAX_PROJECT_FILE_BYTES): ProjectFiles {
  return {
    list(): string[] {
      try {
        return fs.readdirSync(rootDir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort();
      } catch {
        return [];
      }
    },
    read(name: string): string | undefined {
      if (name === '' || name === '.' || name === '..' || /[\\/]/.test(name)) return undefined;
      const file = path.join(rootDir, name);
      let fd: number | undefined;
      try {
        if (!fs.lstatSync(file).isFile()) return undefined;
        fd = fs.openSync(file, 'r');
        const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size, maxBytes));
        const length = fs.readSync(fd, buffer, 0, buffer.length, 0);
        return buffer.subarray(0, length).toString('utf8');
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
    },
  };
}

/** The project license from a user setting (an SPDX expression or a license name); null when blank. */
export function projectLicenseFromSetting(value: string): ProjectLicense | null {
  const text = cleanName(value);
  if (text === '') return null;
  return inOrder(declared(text, 'setting'));
}

/** The project's license from its root files, with every source as evidence; null when none declares one. */
export function detectProjectLicense(files: ProjectFiles): ProjectLicense | null {
  const names = rootNames(files);
  const evidence: ProjectLicenseEvidence[] = [];
  const sources: [string, (text: string) => ProjectLicenseEvidence | null][] = [
    ['package.json', (t) => fromPackageJson(t, files, names)],
    ['pyproject.toml', (t) => fromPyproject(t, files, names)],
    ['setup.cfg', (t) => fromSetupCfg(t, files, names)],
    ['setup.py', (t) => fromSetupPy(t)],
  ];
  const licensePatterns: RegExp[] = [];
  for (const [file, read] of sources) {
    const actual = names.get(file.toLowerCase());
    const text = actual === undefined ? undefined : files.read(actual);
    if (text === undefined) continue;
    const found = safely(() => read(text));
    if (found) evidence.push(found);
    if (file === 'pyproject.toml') licensePatterns.push(...safely(() => pyprojectLicenseFiles(text)) ?? []);
    if (file === 'setup.cfg') licensePatterns.push(...safely(() => setupCfgLicenseFiles(text)) ?? []);
  }
  const fromFiles = fromLicenseFiles(files, names, licensePatterns);
  if (fromFiles) evidence.push(fromFiles);
  if (evidence.length === 0) return null;
  const ordered = evidence.map(inOrder);
  return { ...ordered[0]!, evidence: ordered };
}

/** The same fields in one order, so JSON reports of the evidence are stable. */
function inOrder(e: ProjectLicenseEvidence): ProjectLicenseEvidence {
  return {
    spdx: e.spdx,
    name: e.name,
    source: e.source,
    ...(e.file !== undefined ? { file: e.file } : {}),
    confidence: e.confidence,
    ...(e.family !== undefined ? { family: e.family } : {}),
  };
}

function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Lowercased root file name → the name as listed, so `License.MD` and `LICENSE.md` both match. */
function rootNames(files: ProjectFiles): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of files.list()) if (!out.has(name.toLowerCase())) out.set(name.toLowerCase(), name);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// package.json

function fromPackageJson(text: string, files: ProjectFiles, names: Map<string, string>): ProjectLicenseEvidence | null {
  const pkg: unknown = JSON.parse(text);
  if (!isRecord(pkg)) return null;
  const source = 'package.json';
  const license = pkg.license;
  if (typeof license === 'string' && license.trim() !== '') {
    const see = /^SEE LICEN[CS]E IN\s+(.+)$/i.exec(license.trim());
    if (see) {
      const identified = identifyFile(see[1]!.trim().replace(/^\.\//, ''), files, names, source);
      return identified ?? { spdx: null, name: cleanName(license), source, file: source, confidence: 'declared', family: 'other' };
    }
    return { ...declared(license, source), file: source };
  }
  // Legacy forms: { "type": "MIT", "url": ... } and "licenses": [{ "type": ... }, ...].
  const legacy = [license, ...(Array.isArray(pkg.licenses) ? pkg.licenses : [])]
    .map((l) => (isRecord(l) && typeof l.type === 'string' ? l.type : typeof l === 'string' ? l : null))
    .filter((t): t is string => t !== null && t.trim() !== '');
  return legacy.length > 0 ? { ...anyOf(legacy, source), file: source } : null;
}

// ---------------------------------------------------------------------------------------------------
// pyproject.toml: PEP 639 expression, legacy PEP 621 `{text}` / `{file}`, Poetry, trove classifiers.

function fromPyproject(text: string, files: ProjectFiles, names: Map<string, string>): ProjectLicenseEvidence | null {
  const doc = parseToml(text) as Record<string, unknown>;
  const source = 'pyproject.toml';
  const project = isRecord(doc.project) ? doc.project : {};
  const poetry = isRecord(doc.tool) && isRecord(doc.tool.poetry) ? doc.tool.poetry : {};
  const license = project.license;
  if (typeof license === 'string' && license.trim() !== '') return { ...declared(license, source), file: source };
  if (isRecord(license) && typeof license.text === 'string' && license.text.trim() !== '') {
    return { ...fromLicenseValue(license.text, source), file: source };
  }
  if (isRecord(license) && typeof license.file === 'string') {
    const identified = identifyFile(license.file, files, names, source);
    if (identified) return identified;
  }
  if (typeof poetry.license === 'string' && poetry.license.trim() !== '') return { ...declared(poetry.license, source), file: source };
  const classifiers = [project.classifiers, poetry.classifiers].flatMap((c) => (Array.isArray(c) ? c : []));
  const fromClassifiers = classifierLicense(classifiers.filter((c): c is string => typeof c === 'string'), source);
  return fromClassifiers ? { ...fromClassifiers, file: source } : null;
}

function pyprojectLicenseFiles(text: string): RegExp[] {
  const doc = parseToml(text) as Record<string, unknown>;
  const project = isRecord(doc.project) ? doc.project : {};
  const globs = project['license-files'];
  // PEP 639 uses a list of globs; an older draft used a table `{ paths = [...] }` or `{ globs = [...] }`.
  const list = Array.isArray(globs) ? globs : isRecord(globs) ? [globs.paths, globs.globs].flatMap((g) => (Array.isArray(g) ? g : [])) : [];
  return list.filter((g): g is string => typeof g === 'string').flatMap(globToRootRegExp);
}

/** A license `text` is usually a name or expression, but some projects paste the whole license. */
function fromLicenseValue(value: string, source: ProjectLicenseSource): ProjectLicenseEvidence {
  if (value.length > 200 || value.includes('\n')) {
    const identified = identifyLicenseText(value);
    if (identified) return { spdx: identified.spdx, name: identified.name, source, confidence: 'identified', family: classify(identified.spdx, identified.name) };
  }
  return declared(value, source);
}

// ---------------------------------------------------------------------------------------------------
// setup.cfg and setup.py

function fromSetupCfg(text: string, files: ProjectFiles, names: Map<string, string>): ProjectLicenseEvidence | null {
  const metadata = parseIni(text).get('metadata');
  if (!metadata) return null;
  const source = 'setup.cfg';
  const license = metadata.get('license');
  if (license && license.trim() !== '') {
    const file = /^file:\s*(.+)$/i.exec(license.trim());
    const fromFile = file ? identifyFile(file[1]!.split(',')[0]!.trim(), files, names, source) : null;
    if (fromFile) return fromFile;
    if (!file) return { ...fromLicenseValue(license, source), file: source };
  }
  const classifiers = (metadata.get('classifiers') ?? '').split(/\r?\n/).map((c) => c.trim()).filter((c) => c !== '');
  const fromClassifiers = classifierLicense(classifiers, source);
  return fromClassifiers ? { ...fromClassifiers, file: source } : null;
}

function setupCfgLicenseFiles(text: string): RegExp[] {
  const metadata = parseIni(text).get('metadata');
  const value = [metadata?.get('license_files'), metadata?.get('license_file')].filter((v): v is string => v !== undefined).join('\n');
  return value.split(/[\s,]+/).filter((g) => g !== '').flatMap(globToRootRegExp);
}

/** `license="..."` as a literal keyword argument (not a variable), else `License ::` classifiers. */
function fromSetupPy(text: string): ProjectLicenseEvidence | null {
  const source = 'setup.py';
  const code = text.split(/\r?\n/).filter((line) => !/^\s*#/.test(line)).join('\n');
  const literal = /\blicense\s*=\s*[rRuU]?(?:"([^"\\\r\n]*)"|'([^'\\\r\n]*)')/.exec(code);
  const value = literal ? (literal[1] ?? literal[2] ?? '') : '';
  if (value.trim() !== '') return { ...declared(value, source), file: source };
  const classifiers = [...code.matchAll(/["'](License\s*::[^"'\r\n]+)["']/g)].map((m) => m[1]!);
  const fromClassifiers = classifierLicense(classifiers, source);
  return fromClassifiers ? { ...fromClassifiers, file: source } : null;
}

/**
 * A minimal INI reader for setup.cfg: `[section]`, `key = value` or `key: value`, indented continuation
 * lines appended with a newline, `#`/`;` comment lines. Keys are lowercased; dashes read as underscores.
 */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line) || line.trim() === '') continue;
    const section = /^\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!.trim().toLowerCase(), current);
      lastKey = undefined;
    } else if (/^\s/.test(line) && current && lastKey !== undefined) {
      current.set(lastKey, `${current.get(lastKey) ?? ''}\n${line.trim()}`);
    } else if (current) {
      const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
      if (!kv) continue;
      lastKey = kv[1]!.trim().toLowerCase().replace(/-/g, '_');
      current.set(lastKey, kv[2]!.trim());
    }
  }
  return sections;
}

// ---------------------------------------------------------------------------------------------------
// Trove classifiers

/** `License :: OSI Approved :: <name>` → SPDX (or a class when the classifier names no version). */
const TROVE: Readonly<Record<string, { spdx: string | null; family?: ProjectLicenseClass }>> = Object.freeze({
  'mit license': { spdx: 'MIT' },
  'mit no attribution license (mit-0)': { spdx: 'MIT-0' },
  'apache software license': { spdx: 'Apache-2.0' },
  'bsd license': { spdx: null, family: 'permissive' },
  'isc license (iscl)': { spdx: 'ISC' },
  'zero-clause bsd (0bsd)': { spdx: '0BSD' },
  'the unlicense (unlicense)': { spdx: 'Unlicense' },
  'python software foundation license': { spdx: 'PSF-2.0' },
  'zlib/libpng license': { spdx: 'Zlib' },
  'boost software license 1.0 (bsl-1.0)': { spdx: 'BSL-1.0' },
  'universal permissive license (upl)': { spdx: 'UPL-1.0' },
  'postgresql license': { spdx: 'PostgreSQL' },
  'university of illinois/ncsa open source license': { spdx: 'NCSA' },
  'academic free license (afl)': { spdx: null, family: 'permissive' },
  'artistic license': { spdx: null, family: 'permissive' },
  'mozilla public license 2.0 (mpl 2.0)': { spdx: 'MPL-2.0' },
  'mozilla public license 1.1 (mpl 1.1)': { spdx: 'MPL-1.1' },
  'eclipse public license 1.0 (epl-1.0)': { spdx: 'EPL-1.0' },
  'eclipse public license 2.0 (epl-2.0)': { spdx: 'EPL-2.0' },
  'common development and distribution license 1.0 (cddl-1.0)': { spdx: 'CDDL-1.0' },
  'microsoft public license': { spdx: 'MS-PL' },
  'gnu lesser general public license v2 (lgplv2)': { spdx: 'LGPL-2.0-only' },
  'gnu lesser general public license v2 or later (lgplv2+)': { spdx: 'LGPL-2.0-or-later' },
  'gnu lesser general public license v3 (lgplv3)': { spdx: 'LGPL-3.0-only' },
  'gnu lesser general public license v3 or later (lgplv3+)': { spdx: 'LGPL-3.0-or-later' },
  'gnu library or lesser general public license (lgpl)': { spdx: null, family: 'weak-copyleft' },
  'gnu general public license (gpl)': { spdx: null, family: 'strong-copyleft' },
  'gnu general public license v2 (gplv2)': { spdx: 'GPL-2.0-only' },
  'gnu general public license v2 or later (gplv2+)': { spdx: 'GPL-2.0-or-later' },
  'gnu general public license v3 (gplv3)': { spdx: 'GPL-3.0-only' },
  'gnu general public license v3 or later (gplv3+)': { spdx: 'GPL-3.0-or-later' },
  'gnu affero general public license v3': { spdx: 'AGPL-3.0-only' },
  'gnu affero general public license v3 or later (agplv3+)': { spdx: 'AGPL-3.0-or-later' },
  'european union public licence 1.1 (eupl 1.1)': { spdx: 'EUPL-1.1' },
  'european union public licence 1.2 (eupl 1.2)': { spdx: 'EUPL-1.2' },
  'open software license 3.0 (osl-3.0)': { spdx: 'OSL-3.0' },
  'sil open font license 1.1 (ofl-1.1)': { spdx: 'OFL-1.1' },
  'blue oak model license (blueoak-1.0.0)': { spdx: 'BlueOak-1.0.0' },
  'cc0 1.0 universal (cc0 1.0) public domain dedication': { spdx: 'CC0-1.0' },
  'public domain': { spdx: null, family: 'public-domain' },
  'other/proprietary license': { spdx: null, family: 'proprietary' },
  'free for non-commercial use': { spdx: null, family: 'non-commercial' },
  'free for educational use': { spdx: null, family: 'non-commercial' },
  'freely distributable': { spdx: null, family: 'other' },
  'freeware': { spdx: null, family: 'other' },
});

/**
 * The license that `License ::` classifiers state. Several license classifiers usually mean a choice
 * (dual licensing), so they combine with `OR`; the bare "OSI Approved" classifier names no license.
 */
function classifierLicense(classifiers: string[], source: ProjectLicenseSource): ProjectLicenseEvidence | null {
  const found: { spdx: string | null; name: string; family?: ProjectLicenseClass }[] = [];
  for (const c of classifiers) {
    const parts = c.split('::').map((p) => p.trim());
    if (parts[0]?.toLowerCase() !== 'license' || parts.length < 2) continue;
    const leaf = parts[parts.length - 1]!;
    if (leaf.toLowerCase() === 'osi approved') continue;
    const known = TROVE[leaf.toLowerCase()] ?? TROVE[parts.slice(1).join(' :: ').toLowerCase()];
    const spdx = known ? known.spdx : toSpdx(leaf);
    found.push({ spdx, name: cleanName(leaf), ...(known?.family ? { family: known.family } : {}) });
  }
  if (found.length === 0) return null;
  if (found.length === 1) {
    const only = found[0]!;
    return { spdx: only.spdx, name: only.name, source, confidence: 'declared', family: only.family ?? classify(only.spdx, only.name) };
  }
  const spdx = found.every((f) => f.spdx !== null) ? canonicalOr(found.map((f) => f.spdx!)) : null;
  const families = found.map((f) => f.family ?? classify(f.spdx, f.name)).filter((f): f is ProjectLicenseClass => f !== undefined);
  return { spdx, name: found.map((f) => f.name).join(' or '), source, confidence: 'declared', family: bestClass(families) };
}

// ---------------------------------------------------------------------------------------------------
// LICENSE / COPYING texts

const LICENSE_FILE = /^(?:licen[cs]e|copying|unlicense)(?:[-._].*)?$/i;

function fromLicenseFiles(files: ProjectFiles, names: Map<string, string>, extra: RegExp[]): ProjectLicenseEvidence | null {
  const candidates = [...names.values()]
    .filter((n) => LICENSE_FILE.test(n) || extra.some((re) => re.test(n)))
    .sort((a, b) => licenseFileRank(a) - licenseFileRank(b) || a.localeCompare(b))
    .slice(0, 12);
  const identified: { file: string; spdx: string; name: string }[] = [];
  let unidentified: string | undefined;
  for (const file of candidates) {
    const text = files.read(file);
    if (text === undefined || text.trim() === '' || text.includes('\u0000')) continue;
    const found = identifyLicenseText(text);
    if (found) identified.push({ file, spdx: found.spdx, name: found.name });
    else unidentified ??= file;
  }
  const source = 'license-file';
  if (identified.length === 0) {
    return unidentified === undefined ? null : { spdx: null, name: `Unrecognized license text in ${unidentified}`, source, file: unidentified, confidence: 'identified' };
  }
  // GNU projects ship the GPL (COPYING) beside the LGPL (COPYING.LESSER): the LGPL is the license.
  const lesser = identified.find((i) => /^LGPL-/.test(i.spdx));
  if (lesser && identified.every((i) => i === lesser || /^GPL-/.test(i.spdx))) return identifiedEvidence(lesser, source);
  // LICENSE-MIT beside LICENSE-APACHE: a choice between them.
  const suffixed = identified.filter((i) => /^licen[cs]e-/i.test(i.file));
  const distinct = [...new Set(suffixed.map((i) => i.spdx))];
  if (distinct.length > 1 && suffixed.length === identified.length) {
    const spdx = canonicalOr(distinct);
    return { spdx, name: spdx ?? distinct.join(' or '), source, file: suffixed.map((i) => i.file).join(', '), confidence: 'identified', family: classify(spdx, '') };
  }
  return identifiedEvidence(identified[0]!, source);
}

function identifiedEvidence(i: { file: string; spdx: string; name: string }, source: ProjectLicenseSource): ProjectLicenseEvidence {
  return { spdx: i.spdx, name: i.name, source, file: i.file, confidence: 'identified', family: classify(i.spdx, i.name) };
}

function licenseFileRank(name: string): number {
  const lower = name.toLowerCase();
  if (/^licen[cs]e(?:\.(?:md|txt|rst))?$/.test(lower)) return 0;
  if (/^copying(?:\.(?:md|txt))?$/.test(lower)) return 1;
  if (/^copying\.lesser/.test(lower)) return 2;
  if (/^unlicense/.test(lower)) return 3;
  return 4;
}

/** Reads and identifies a license file named by metadata; only root-level files are read. */
function identifyFile(file: string, files: ProjectFiles, names: Map<string, string>, source: ProjectLicenseSource): ProjectLicenseEvidence | null {
  const actual = names.get(file.replace(/^\.\//, '').toLowerCase());
  const text = actual === undefined ? undefined : files.read(actual);
  if (text === undefined) return null;
  const found = identifyLicenseText(text);
  if (!found) return { spdx: null, name: `Unrecognized license text in ${actual}`, source, file: actual, confidence: 'identified' };
  return { spdx: found.spdx, name: found.name, source, file: actual, confidence: 'identified', family: classify(found.spdx, found.name) };
}

/** Root-level file names a glob from `license-files` can match (`LICEN[CS]E*`, `LICENSES/*` does not). */
function globToRootRegExp(glob: string): RegExp[] {
  const g = glob.trim().replace(/^\.\//, '');
  if (g === '' || g.includes('/') || g.length > 200) return [];
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = g.indexOf(']', i);
      if (end < 0) return [];
      re += `[${g.slice(i + 1, end).replace(/[\\^]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return [new RegExp(`^${re}$`, 'i')];
}

// ---------------------------------------------------------------------------------------------------
// Shared

function declared(value: string, source: ProjectLicenseSource): ProjectLicenseEvidence {
  const name = cleanName(value);
  const spdx = toSpdx(name);
  return { spdx, name, source, confidence: 'declared', family: classify(spdx, name) };
}

function anyOf(values: string[], source: ProjectLicenseSource): ProjectLicenseEvidence {
  if (values.length === 1) return declared(values[0]!, source);
  const parts = values.map((v) => declared(v, source));
  const spdx = parts.every((p) => p.spdx !== null) ? canonicalOr(parts.map((p) => p.spdx!)) : null;
  const families = parts.map((p) => p.family).filter((f): f is ProjectLicenseClass => f !== undefined);
  return { spdx, name: parts.map((p) => p.name).join(' or '), source, confidence: 'declared', family: bestClass(families) };
}

function canonicalOr(expressions: string[]): string | null {
  const joined = [...new Set(expressions)].map((e) => (/ (?:AND|OR) /.test(e) ? `(${e})` : e)).join(' OR ');
  return parseSpdx(joined) ? joined : null;
}

/**
 * The class of a project license for compatibility reasoning: from the SPDX ids (an `OR` takes its
 * most permissive branch, an `AND` its least), or from words such as "proprietary" in a name.
 */
export function classify(spdx: string | null, name: string): ProjectLicenseClass | undefined {
  const node = spdx ? parseSpdx(spdx) : null;
  const fromSpdx = node ? classifyNode(node) : undefined;
  if (fromSpdx) return fromSpdx;
  if (/\b(?:proprietary|all rights reserved|unlicensed|closed[- ]source|commercial license)\b/i.test(name)) return 'proprietary';
  if (/^\s*public domain\s*$/i.test(name)) return 'public-domain';
  return undefined;
}

function classifyNode(node: SpdxNode): ProjectLicenseClass | undefined {
  if ('conjunction' in node) {
    const left = classifyNode(node.left);
    const right = classifyNode(node.right);
    if (left === undefined || right === undefined) return node.conjunction === 'or' ? (left ?? right) : undefined;
    return node.conjunction === 'or' ? bestClass([left, right]) : worstClass([left, right]);
  }
  return familyOfSpdxId(`${node.license}${node.plus ? '+' : ''}`);
}

function rank(c: ProjectLicenseClass): number {
  return c === 'proprietary' ? -2 : FAMILY_RANK[c];
}

function bestClass(classes: ProjectLicenseClass[]): ProjectLicenseClass | undefined {
  return classes.length === 0 ? undefined : classes.reduce((a, b) => (rank(b) > rank(a) ? b : a));
}

function worstClass(classes: ProjectLicenseClass[]): ProjectLicenseClass | undefined {
  return classes.length === 0 ? undefined : classes.reduce((a, b) => (rank(b) < rank(a) ? b : a));
}

function cleanName(value: string): string {
  const text = oneLine(value);
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
