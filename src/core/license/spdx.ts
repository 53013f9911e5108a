/**
 * SPDX helpers: parse and canonicalize expressions, list their license ids, test satisfaction without
 * throwing, and map free-form license names ("Apache 2.0", "GPLv3", trove classifier names) to SPDX.
 *
 * Deprecated GNU ids are rewritten to their current form (`GPL-3.0` → `GPL-3.0-only`, `GPL-3.0+` →
 * `GPL-3.0-or-later`), as the SPDX list defines them, so the rest of the module sees one spelling.
 */
import correct from 'spdx-correct';
import parse from 'spdx-expression-parse';
import satisfies from 'spdx-satisfies';
import deprecatedIds from 'spdx-license-ids/deprecated.json';
import licenseIds from 'spdx-license-ids/index.json';

/** A parsed SPDX expression. */
export type SpdxNode = parse.Info;
type Node = SpdxNode;

const GNU_DEPRECATED = /^(?:A?GPL|LGPL|GFDL)-\d\.\d$/;

const ID_BY_LOWER = new Map<string, string>(
  [...(licenseIds as string[]), ...(deprecatedIds as string[])].map((id) => [id.toLowerCase(), id]),
);

/** Parses an SPDX expression; null when it is not valid SPDX. */
export function parseSpdx(expression: string): Node | null {
  try {
    return parse(expression);
  } catch {
    return null;
  }
}

/** The expression with deprecated GNU ids in their current form, or null when it is not valid SPDX. */
export function canonicalSpdx(expression: string): string | null {
  const node = parseSpdx(expression.trim());
  return node ? render(canonicalNode(node)) : null;
}

function canonicalNode(node: Node): Node {
  if ('conjunction' in node) return { conjunction: node.conjunction, left: canonicalNode(node.left), right: canonicalNode(node.right) };
  if (GNU_DEPRECATED.test(node.license)) {
    const { plus: _plus, ...rest } = node;
    return { ...rest, license: `${node.license}${node.plus ? '-or-later' : '-only'}` };
  }
  return node;
}

function render(node: Node, parent?: 'and' | 'or'): string {
  if ('conjunction' in node) {
    const text = `${render(node.left, node.conjunction)} ${node.conjunction.toUpperCase()} ${render(node.right, node.conjunction)}`;
    return parent && parent !== node.conjunction ? `(${text})` : text;
  }
  return `${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
}

/** The license ids an expression names (exceptions dropped), in order, without duplicates. */
export function spdxLeaves(expression: string): string[] {
  const node = parseSpdx(expression);
  if (!node) return [];
  const out: string[] = [];
  const walk = (n: Node): void => {
    if ('conjunction' in n) {
      walk(n.left);
      walk(n.right);
    } else {
      const id = `${n.license}${n.plus ? '+' : ''}`;
      if (!out.includes(id)) out.push(id);
    }
  };
  walk(canonicalNode(node));
  return out;
}

/** The alternatives of a top-level `OR` expression (each may be an `AND`); one element otherwise. */
export function spdxAlternatives(expression: string): string[] {
  const node = parseSpdx(expression);
  if (!node) return [];
  const out: string[] = [];
  const walk = (n: Node): void => {
    if ('conjunction' in n && n.conjunction === 'or') {
      walk(n.left);
      walk(n.right);
    } else {
      out.push(render(canonicalNode(n)));
    }
  };
  walk(node);
  return out;
}

/**
 * Whether `expression` can be met by licensing under the ids in `allowed` (spdx-satisfies), false for
 * anything spdx-satisfies cannot evaluate (LicenseRef ids, invalid input) instead of throwing.
 */
export function safeSatisfies(expression: string, allowed: readonly string[]): boolean {
  const ids = allowed.filter((id) => parseSpdx(id) !== null && !/^(?:DocumentRef|LicenseRef)/.test(id));
  if (ids.length === 0) return false;
  try {
    return satisfies(expression, ids);
  } catch {
    return false;
  }
}

/**
 * Maps a declared license (an SPDX expression in any letter case, or a free-form name) to canonical
 * SPDX; null when no mapping is trustworthy. Order: exact SPDX; SPDX ids in any case; an id in
 * parentheses ("Mozilla Public License 2.0 (MPL-2.0)"); spdx-correct, accepted only when it keeps the
 * version the input names (spdx-correct maps "Eclipse Public License 2.0" to EPL-1.0).
 */
export function toSpdx(declared: string): string | null {
  const text = declared.trim();
  if (text === '' || text.length > 500) return null;
  const exact = canonicalSpdx(text);
  if (exact) return exact;
  const recased = recase(text);
  if (recased) {
    const canonical = canonicalSpdx(recased);
    if (canonical) return canonical;
  }
  for (const m of text.matchAll(/\(([A-Za-z0-9.+-]+)\)/g)) {
    const id = ID_BY_LOWER.get(m[1]!.toLowerCase());
    if (id) return canonicalSpdx(id);
  }
  if (/^unlicensed$/i.test(text)) return null; // npm: "not licensed for use", never the Unlicense
  const corrected = correct(text, { upgrade: false });
  if (corrected && keepsVersion(text, corrected)) return canonicalSpdx(corrected);
  return null;
}

/** Rewrites an expression whose ids and operators are in the wrong case; null when a token is unknown. */
function recase(text: string): string | null {
  const tokens = text.split(/(\s+|\(|\))/).filter((t) => t !== '' && !/^\s+$/.test(t));
  const out: string[] = [];
  let afterWith = false;
  for (const token of tokens) {
    const upper = token.toUpperCase();
    if (token === '(' || token === ')') out.push(token);
    else if (upper === 'AND' || upper === 'OR' || upper === 'WITH') out.push(upper);
    else if (afterWith) out.push(token);
    else {
      const plus = token.endsWith('+');
      const id = ID_BY_LOWER.get((plus ? token.slice(0, -1) : token).toLowerCase());
      if (!id) return null;
      out.push(plus ? `${id}+` : id);
    }
    afterWith = upper === 'WITH';
  }
  return out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}

/** True when every version number in the input appears in the corrected id. */
function keepsVersion(input: string, corrected: string): boolean {
  const wanted = input.match(/\d+(?:\.\d+)*/g) ?? [];
  const got = corrected.match(/\d+(?:\.\d+)*/g) ?? [];
  return wanted.every((w) => got.some((g) => g === w || g === `${w}.0` || `${g}.0` === w));
}
