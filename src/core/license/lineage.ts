/**
 * License lineage: a derivative (a fine-tune, adapter, merge or quantization declared through
 * `base_model`) may not grant more than its base model's license allows. A Llama 2 fine-tune published
 * as MIT, an Apache-2.0 fine-tune of a CC BY-NC base, a permissive relicense of an OpenRAIL base (whose
 * use restrictions must be passed on) and a non-ShareAlike license on a CC BY-SA base are conflicts. The
 * same license, or a narrower one, is not, except under a no-derivatives base, which allows no shared
 * derivative at all. An unknown license on either side is not judged here: it is
 * reported as its own finding.
 */
import { SHARE_ALIKE_TARGETS, catalogIdByName, namedLicenseGroup, rightsUnknown } from './catalog.js';
import { safeSatisfies, spdxLeaves } from './spdx.js';
import type { LineageConflict, ModelLicense } from './types.js';

export function lineageConflict(child: ModelLicense, base: ModelLicense): LineageConflict | null {
  if (!assessable(child) || !assessable(base)) return null;
  const bases = base.alternatives?.length ? base.alternatives : [base];
  const children = child.alternatives?.length ? child.alternatives : [child];
  // The derivative is fine if its author could have taken the base under one alternative that every
  // license the derivative offers respects; report the conflict against the first base alternative.
  let first: LineageConflict | null = null;
  for (const b of bases) {
    const conflict = children.map((c) => conflictWith(c, b)).find((x) => x !== null) ?? null;
    if (!conflict) return null;
    first ??= conflict;
  }
  return first;
}

function assessable(license: ModelLicense): boolean {
  return (license.status === 'ok' || license.status === 'other') && !rightsUnknown(license.rights);
}

function conflictWith(child: ModelLicense, base: ModelLicense): LineageConflict | null {
  const c = child.rights;
  const b = base.rights;
  const cn = child.name;
  const bn = base.name;
  // No-derivatives comes first: sharing an adaptation is not allowed even under the same license.
  if (b.derivatives === false) {
    return { reason: `The base model's license (${bn}) does not allow sharing modified versions, so the derivative cannot be published under ${cn}.` };
  }
  if (sameLicense(child, base)) return null;
  if (b.commercialUse === false && (c.commercialUse === true || c.commercialUse === 'conditional')) {
    return { reason: `The derivative's license (${cn}) allows commercial use, but its base model's license (${bn}) forbids it.` };
  }
  if (b.useRestrictions === true && c.useRestrictions === false) {
    return { reason: `The base model's license (${bn}) has use restrictions that derivatives must carry, but the derivative's license (${cn}) has none.` };
  }
  if (b.shareAlike === true && !shareAlikeTarget(child, base)) {
    return { reason: `The base model's license (${bn}) requires derivatives to be shared under the same license, but the derivative uses ${cn}.` };
  }
  if (b.commercialUse === 'conditional' && c.commercialUse === true) {
    return { reason: `The base model's license (${bn}) limits commercial use, but the derivative's license (${cn}) grants it without that limit.` };
  }
  if (base.family === 'model-community' && child.spdx === null && namedLicenseGroup(licenseKey(child)) !== namedLicenseGroup(licenseKey(base))) {
    return { reason: `The base model's license (${bn}) must carry over to derivatives, but the derivative uses a different license (${cn}).` };
  }
  return null;
}

/** Same license: the same Hub id or name, or an SPDX expression the base's ids satisfy. */
function sameLicense(child: ModelLicense, base: ModelLicense): boolean {
  if (licenseKey(child) !== null && licenseKey(child) === licenseKey(base)) return true;
  if (child.spdx && base.spdx) return safeSatisfies(child.spdx, spdxLeaves(base.spdx));
  return false;
}

/** The license-identifying key: the Hub id, or for `other` the catalogued name. */
function licenseKey(license: ModelLicense): string | null {
  if (license.hubId && license.hubId !== 'other') return license.hubId;
  return catalogIdByName(license.name) ?? license.name.toLowerCase();
}

function shareAlikeTarget(child: ModelLicense, base: ModelLicense): boolean {
  if (!base.spdx || !child.spdx) return false;
  const targets = SHARE_ALIKE_TARGETS[base.spdx] ?? [base.spdx];
  return spdxLeaves(child.spdx).every((id) => targets.includes(id));
}
