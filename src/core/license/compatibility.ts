/**
 * Checks a model's license against the project that uses it, ModelGo-style (REFERENCE.md §7): the
 * usage needs rights (use; commercial use; redistribution when the weights ship; derivatives when the
 * model is fine-tuned), the license grants or withholds each, and its obligations (copyleft, use
 * restrictions, notices) must fit the project's license.
 *
 * Unknown inputs are findings, never passes: a missing, `unknown`, unlinked or unrecognized model license,
 * a license whose rights PTM Lens has not catalogued, or a project without a license all give `unknown`.
 * When the usage is not stated, a project whose license lets anyone use it commercially (every open
 * source license, and proprietary code) is assumed to be used commercially; the weights are not assumed
 * to be redistributed, but what redistribution would require is listed as a condition.
 */
import { SHARE_ALIKE_TARGETS, rightsUnknown } from './catalog.js';
import { classify } from './project.js';
import { safeSatisfies, spdxLeaves } from './spdx.js';
import type { CompatibilityResult, CompatibilityVerdict, ModelLicense, ModelUsage, ProjectLicense, ProjectLicenseClass } from './types.js';

const VERDICT_RANK: Readonly<Record<CompatibilityVerdict, number>> = {
  compatible: 3, 'compatible-with-conditions': 2, unknown: 1, incompatible: 0,
};

export function checkCompatibility(model: ModelLicense, project: ProjectLicense | null, usage: ModelUsage = {}): CompatibilityResult {
  const alternatives = model.alternatives ?? [];
  if (alternatives.length > 1) return bestAlternative(model, alternatives, project, usage);
  return checkOne(alternatives[0] ?? model, project, usage);
}

/** A dual-licensed model: the project may take whichever alternative suits it best. */
function bestAlternative(model: ModelLicense, alternatives: ModelLicense[], project: ProjectLicense | null, usage: ModelUsage): CompatibilityResult {
  const results = alternatives.map((alt) => ({ alt, result: checkOne(alt, project, usage) }));
  results.sort((a, b) => VERDICT_RANK[b.result.verdict] - VERDICT_RANK[a.result.verdict] || a.result.conditions.length - b.result.conditions.length);
  const { alt, result } = results[0]!;
  if (result.verdict === 'incompatible' || result.verdict === 'unknown') return result;
  return { ...result, conditions: [`Use the model under the ${alt.name}, one of the licenses it offers (${model.name}).`, ...result.conditions] };
}

function checkOne(model: ModelLicense, project: ProjectLicense | null, usage: ModelUsage): CompatibilityResult {
  const where = project ? `the project (license: ${projectLabel(project)})` : 'the project';
  const unknownModel = unknownModelReason(model, where);
  if (unknownModel) return { verdict: 'unknown', reason: unknownModel, conditions: [] };
  const terms = [...model.terms];
  if (!project) {
    return { verdict: 'unknown', reason: `The project declares no license, so the model's license (${model.name}) cannot be checked against it.`, conditions: terms };
  }
  const cls = project.family ?? classify(project.spdx, project.name);
  if (cls === undefined) {
    return {
      verdict: 'unknown',
      reason: `The project's license (${projectLabel(project)}) is not one PTM Lens can classify, so the model's license (${model.name}) cannot be checked against it.`,
      conditions: terms,
    };
  }
  return assess(model, project, cls, usage, terms);
}

function unknownModelReason(model: ModelLicense, where: string): string | null {
  switch (model.status) {
    case 'missing':
      return `The model declares no license, so nothing grants the right to use it in ${where}.`;
    case 'unknown':
      return `The model's license is given as "unknown", so its use in ${where} cannot be checked.`;
    case 'unrecognized':
      return `The model's license "${model.name}" is not a Hugging Face license id, so its use in ${where} cannot be checked.`;
    case 'other-unlinked':
      return `The model uses a custom license ("${model.name}") without a link to its text, so its use in ${where} cannot be checked.`;
    default:
      if (!rightsUnknown(model.rights)) return null;
      return `PTM Lens does not know the terms of the model's license (${model.name}${model.link ? `, ${model.link}` : ''}), so its use in ${where} cannot be checked; read the license.`;
  }
}

interface Findings {
  violations: string[];
  uncertain: string[];
  conditions: string[];
  /** Short phrases for the reason of a `compatible-with-conditions` verdict. */
  summary: string[];
}

function assess(model: ModelLicense, project: ProjectLicense, cls: ProjectLicenseClass, usage: ModelUsage, terms: string[]): CompatibilityResult {
  const r = model.rights;
  const m = model.name;
  const mShort = model.spdx ?? model.name;
  const p = projectLabel(project);
  const f: Findings = { violations: [], uncertain: [], conditions: [...terms], summary: [] };
  const projectLeaves = project.spdx ? spdxLeaves(project.spdx) : [];
  const sameLicense = model.spdx !== null && safeSatisfies(model.spdx, projectLeaves);
  const copyleftTargets = model.spdx ? (SHARE_ALIKE_TARGETS[model.spdx] ?? [model.spdx]) : [];
  const copyleftCompatible = sameLicense || (projectLeaves.length > 0 && projectLeaves.every((l) => copyleftTargets.includes(l)));

  // Commercial use: stated by the usage, else implied by the project's own license.
  const projectNonCommercial = cls === 'non-commercial' || cls === 'research-only';
  const commercial = usage.commercial ?? !projectNonCommercial;
  if (r.commercialUse === false) {
    if (commercial) f.violations.push(commercialViolation(m, p, cls, usage));
    else {
      f.conditions.push('Keep every use of the model, and of the project with it, non-commercial.');
      f.summary.push('non-commercial use only');
    }
  } else if (r.commercialUse === 'conditional') {
    f.summary.push('its limits on commercial use');
  } else if (r.commercialUse === null && commercial) {
    f.uncertain.push('commercial use');
  }

  // Redistribution of the weights.
  if (usage.distributesWeights === true) {
    if (r.redistribution === false) f.violations.push(`The model's license (${m}) does not allow redistributing the weights, which the project (license: ${p}) does.`);
    else if (r.redistribution === null) f.uncertain.push('redistributing the weights');
  }

  // Derivatives: fine-tuning, distilling, modifying.
  if (usage.fineTunes === true) {
    if (r.derivatives === false) {
      if (usage.distributesWeights === true) {
        f.violations.push(`The model's license (${m}) does not allow sharing modified versions, but the project (license: ${p}) fine-tunes the model and distributes the weights.`);
      } else {
        f.conditions.push('Do not share the fine-tuned model.');
        f.summary.push('no sharing of modified versions');
      }
    } else if (r.derivatives === null) f.uncertain.push('fine-tuning the model');
  } else if (r.derivatives === false) {
    f.summary.push('no sharing of modified versions');
  }

  // Copyleft and ShareAlike.
  const strongCopyleft = model.family === 'strong-copyleft' || model.family === 'network-copyleft';
  if (r.shareAlike === true && !copyleftCompatible) {
    if (strongCopyleft && usage.distributesWeights === true) {
      f.violations.push(`The model's license (${m}) requires the weights, and works that include them, to be distributed under ${mShort}, which the project's license (${p}) does not provide.`);
    } else if (strongCopyleft) {
      f.conditions.push(`If you distribute the weights with the project, they stay under ${mShort} and so must any work that includes them; ship them separately or license that work under ${mShort}.`);
      f.summary.push('keeping the weights out of what the project distributes');
    } else {
      f.summary.push('sharing changes to the model under its license');
    }
  } else if (r.shareAlike === true) {
    f.summary.push('its copyleft terms');
  }

  // Use-based restrictions (RAIL, acceptable use policies, research-only purposes).
  if (r.useRestrictions === true) {
    f.summary.push('its use restrictions');
    if ((cls === 'strong-copyleft' || cls === 'network-copyleft') && usage.distributesWeights !== false) {
      f.conditions.push(`The model's use restrictions are further restrictions that the project's license (${p}) forbids, so ship the weights separately rather than as part of the ${p} work.`);
    }
    if (usage.distributesWeights === true) {
      f.conditions.push('Pass the use restrictions on to everyone who receives the weights.');
    }
  }
  const shares = usage.distributesWeights === true || usage.fineTunes === true;
  if (shares && (r.redistribution === 'conditional' || r.derivatives === 'conditional')) f.summary.push('its terms for sharing the model');

  return verdict(model, project, f);
}

function verdict(model: ModelLicense, project: ProjectLicense, f: Findings): CompatibilityResult {
  const conditions = [...new Set(f.conditions)];
  const m = model.name;
  const p = projectLabel(project);
  if (f.violations.length > 0) return { verdict: 'incompatible', reason: f.violations[0]!, conditions };
  if (f.uncertain.length > 0) {
    return {
      verdict: 'unknown',
      reason: `The model's license (${m}) does not make clear whether it allows ${f.uncertain.join(' and ')}, which the project (license: ${p}) needs.`,
      conditions,
    };
  }
  if (f.summary.length > 0 || model.family === 'other') {
    const summary = f.summary.length > 0 ? `: ${joinPhrases(f.summary)}` : '';
    return { verdict: 'compatible-with-conditions', reason: `The model's license (${m}) allows its use in the project (license: ${p}) under conditions${summary}.`, conditions };
  }
  const notices = model.rights.attribution === true ? '; keep its notices when you redistribute the model' : '';
  return {
    verdict: 'compatible',
    reason: `The model's license (${m}) permits its use in the project (license: ${p}), including commercial use, modification and redistribution${notices}.`,
    conditions,
  };
}

function commercialViolation(m: string, p: string, cls: ProjectLicenseClass, usage: ModelUsage): string {
  if (usage.commercial === true) return `The model's license (${m}) forbids commercial use, and the project (license: ${p}) is used commercially.`;
  if (cls === 'proprietary') return `The model's license (${m}) forbids commercial use, and a proprietary project (license: ${p}) is presumed to be used commercially.`;
  return `The model's license (${m}) forbids commercial use, but the project's license (${p}) lets anyone use the project commercially.`;
}

function joinPhrases(phrases: string[]): string {
  const unique = [...new Set(phrases)];
  if (unique.length === 1) return unique[0]!;
  return `${unique.slice(0, -1).join(', ')} and ${unique[unique.length - 1]}`;
}

function projectLabel(project: ProjectLicense): string {
  return project.spdx ?? project.name;
}
