/**
 * Normalizes a model's license metadata (card data `license`, `license_name`, `license_link`, and the
 * `license:<id>` tags) into a `ModelLicense`: the Hub id, SPDX where one exists, family, rights and terms.
 *
 * Everything here is untrusted input from a model card. Values of the wrong type are treated as absent
 * or unrecognized, names are returned as data (control characters removed, length capped) and never
 * interpreted, and only http(s) or plain repo-relative links are kept.
 */
import { FAMILY_RANK, customLicense, hubLicense, rightsUnknown, spdxLicense, unknownRights } from './catalog.js';
import type { LicenseEntry } from './catalog.js';
import { toSpdx } from './spdx.js';
import type { ModelLicense } from './types.js';
import { oneLine } from '../text.js';

export interface ModelLicenseInput {
  /** `cardData.license`: a Hub id or a list of them. */
  license?: unknown;
  license_name?: unknown;
  license_link?: unknown;
  /** Hub tags, including `license:<id>`. */
  tags?: unknown;
}

const MAX_NAME = 200;
const MAX_LINK = 2048;
const MAX_LIST = 20;

export function normalizeModelLicense(input: ModelLicenseInput): ModelLicense {
  const ids = licenseValues(input.license) ?? licenseValues(tagLicenses(input.tags));
  const link = cleanLink(input.license_link);
  if (ids === undefined) {
    return input.license === undefined || input.license === null || isEmpty(input.license)
      ? missing()
      : unrecognized(null, 'Unrecognized license value', link);
  }
  if (ids.length === 1) return single(ids[0]!, input.license_name, link);
  return list(ids, input.license_name, link);
}

/** The string ids of a `license` value; undefined when absent, empty or not strings. */
function licenseValues(value: unknown): string[] | undefined {
  const raw = typeof value === 'string' ? [value] : Array.isArray(value) ? value.slice(0, MAX_LIST) : [];
  const ids = raw.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== '');
  const unique = [...new Set(ids.map((v) => v.toLowerCase()))];
  return unique.length > 0 ? unique : undefined;
}

function tagLicenses(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  return tags
    .filter((t): t is string => typeof t === 'string' && t.toLowerCase().startsWith('license:'))
    .map((t) => t.slice('license:'.length));
}

function isEmpty(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

function single(id: string, licenseName: unknown, link: Link | null): ModelLicense {
  if (id === 'unknown') {
    return { ...base('unknown', 'Unknown', link), status: 'unknown' };
  }
  if (id === 'other') return other(licenseName, link);
  const hub = hubLicense(id);
  if (hub) return fromEntry(hub, id, 'ok', link);
  // Not a Hub id but an exact SPDX id (`gpl-3.0-or-later`): as unambiguous, with its own SPDX spelling.
  const viaSpdx = spdxLicense(id);
  const spdx = viaSpdx ? toSpdx(id) : null;
  if (viaSpdx && spdx && !/ (?:AND|OR|WITH) /.test(spdx)) return { ...fromEntry(viaSpdx, id, 'ok', link), spdx };
  return unrecognized(cleanText(id), cleanText(id) || 'Unrecognized license value', link);
}

/**
 * `license: other`: a known custom license when `license_name` names one, else the name and link as
 * given. Without a link the license text cannot be read, which is a finding in itself.
 */
function other(licenseName: unknown, link: Link | null): ModelLicense {
  const name = typeof licenseName === 'string' ? cleanText(licenseName) : '';
  const known = name ? customLicense(name) : undefined;
  if (known) return fromEntry(known, 'other', 'other', link);
  return {
    ...base('other', name || 'Other (custom license)', link),
    status: link ? 'other' : 'other-unlinked',
    family: 'other',
  };
}

/**
 * A list of ids: the user may take any of them, so the SPDX form is an `OR` expression (when every
 * part maps) and the summary fields describe the most permissive recognized alternative.
 */
function list(ids: string[], licenseName: unknown, link: Link | null): ModelLicense {
  const parts = ids.map((id) => single(id, licenseName, link));
  const recognized = parts.filter((p) => (p.status === 'ok' || p.status === 'other') && !rightsUnknown(p.rights));
  const hubId = ids.join(', ');
  const name = parts.map((p) => p.name).join(' or ');
  const spdx = parts.every((p) => p.spdx !== null) ? parts.map((p) => parenthesize(p.spdx!)).join(' OR ') : null;
  if (recognized.length === 0) {
    const first = parts.find((p) => p.status !== 'missing') ?? parts[0]!;
    return { ...first, hubId, name, spdx };
  }
  const best = [...recognized].sort((a, b) => FAMILY_RANK[b.family] - FAMILY_RANK[a.family])[0]!;
  return { ...best, hubId, name, spdx, status: 'ok', alternatives: recognized };
}

function parenthesize(expression: string): string {
  return / (?:AND|OR) /.test(expression) ? `(${expression})` : expression;
}

function fromEntry(e: LicenseEntry, hubId: string, status: 'ok' | 'other', link: Link | null): ModelLicense {
  const license: ModelLicense = {
    hubId,
    spdx: e.spdx,
    name: e.name,
    link: link?.url ?? e.url,
    family: e.family,
    status,
    rights: { ...e.rights },
    terms: [...e.terms],
  };
  if (link?.relative) license.linkIsRelative = true;
  return license;
}

function base(hubId: string | null, name: string, link: Link | null): ModelLicense {
  const license: ModelLicense = {
    hubId, spdx: null, name, link: link?.url ?? null, family: 'unknown', status: 'missing', rights: unknownRights(), terms: [],
  };
  if (link?.relative) license.linkIsRelative = true;
  return license;
}

function missing(): ModelLicense {
  return { ...base(null, 'No license', null), status: 'missing' };
}

function unrecognized(hubId: string | null, name: string, link: Link | null): ModelLicense {
  return { ...base(hubId ? hubId.toLowerCase() : null, name, link), status: 'unrecognized' };
}

interface Link {
  url: string;
  relative: boolean;
}

/**
 * An absolute http(s) URL, or a repo-relative path such as `LICENSE` or `./LICENSE.md` (the Hub resolves
 * it inside the repository). Anything else (other schemes, protocol-relative or parent paths, spaces,
 * control characters) is dropped.
 */
function cleanLink(value: unknown): Link | null {
  if (typeof value !== 'string') return null;
  const url = value.trim();
  if (url === '' || url.length > MAX_LINK) return null;
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\s\u0000-\u001f\u007f<>"`]/.test(url)) return null;
  if (/^https?:\/\/[^/?#]+/i.test(url)) {
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? { url, relative: false } : null;
    } catch {
      return null;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') || url.startsWith('/') || url.startsWith('\\')) return null;
  if (url.split(/[\\/]/).includes('..')) return null;
  return /^[\w.\-/]+$/.test(url) ? { url, relative: true } : null;
}

/** Display text from a card: control and bidirectional-override characters removed, whitespace collapsed, capped. */
function cleanText(value: string): string {
  const text = oneLine(value);
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text;
}
