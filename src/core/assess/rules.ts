/**
 * The rule catalogue. Rule ids are stable: users configure them (`ptmLens.rules`, `--fail-on`), and
 * each has a page `docs/rules/<id>.md` saying why it matters and how to fix it.
 */

export type Severity = 'error' | 'warning' | 'info';

export const RULE_IDS = [
  'unpinned-revision',
  'trust-remote-code',
  'remote-code-required',
  'pickle-weights',
  'security-scan-flagged',
  'security-scan-missing',
  'license-missing',
  'license-unrecognized',
  'license-incompatible',
  'license-conditions',
  'license-lineage-conflict',
  'gated-model',
  'model-not-found',
  'model-disabled',
  'model-renamed',
  'typosquat-suspect',
  'low-documentation',
  'no-training-data',
  'no-evaluation-results',
  'superseded-model',
  'lookup-failed',
  'focused-convolution',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface RuleInfo {
  id: RuleId;
  /** Default severity; `security-scan-flagged` is an error for unsafe files and a warning for caution. */
  severity: Severity;
  title: string;
  /** One line for rule lists (SARIF `shortDescription`, hovers). */
  summary: string;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'unpinned-revision': { id: 'unpinned-revision', severity: 'warning', title: 'Unpinned revision', summary: 'The model is loaded without `revision=` set to a commit hash, so what runs can change under you.' },
  'trust-remote-code': { id: 'trust-remote-code', severity: 'warning', title: 'Remote code enabled', summary: '`trust_remote_code=True` runs Python code from the model repository on load.' },
  'remote-code-required': { id: 'remote-code-required', severity: 'warning', title: 'Model requires remote code', summary: 'The model ships custom code (`auto_map`); loading it needs `trust_remote_code=True`, which runs that code.' },
  'pickle-weights': { id: 'pickle-weights', severity: 'warning', title: 'Pickle weights', summary: 'The weights that would load are pickle files, which can execute code when loaded.' },
  'security-scan-flagged': { id: 'security-scan-flagged', severity: 'error', title: 'Flagged by the Hub security scan', summary: 'The Hub\'s scanners flagged files in this repository as unsafe or suspicious.' },
  'security-scan-missing': { id: 'security-scan-missing', severity: 'info', title: 'No security scan result', summary: 'The Hub has not finished scanning this repository, or its scan status is unknown; nothing says it is safe.' },
  'license-missing': { id: 'license-missing', severity: 'warning', title: 'No license', summary: 'The model declares no license, so the terms of reuse are unknown.' },
  'license-unrecognized': { id: 'license-unrecognized', severity: 'warning', title: 'Unrecognized license', summary: 'The model\'s license is not a known license id, or is "other" without a name or link.' },
  'license-incompatible': { id: 'license-incompatible', severity: 'error', title: 'License incompatible with the project', summary: 'The model\'s license forbids something the project\'s license allows its users to do.' },
  'license-conditions': { id: 'license-conditions', severity: 'info', title: 'License conditions apply', summary: 'The model\'s license allows the use with conditions (use restrictions, attribution, user thresholds).' },
  'license-lineage-conflict': { id: 'license-lineage-conflict', severity: 'warning', title: 'License grants more than its base model allows', summary: 'The model is derived from a base whose license is narrower than the one it is published under.' },
  'gated-model': { id: 'gated-model', severity: 'info', title: 'Gated model', summary: 'Downloading the files needs an approved access request and a token; CI without one will fail.' },
  'model-not-found': { id: 'model-not-found', severity: 'error', title: 'Model not found', summary: 'The id does not exist on the Hub (or is private); if it was deleted, someone else can register it.' },
  'model-disabled': { id: 'model-disabled', severity: 'error', title: 'Model disabled', summary: 'The Hub has disabled this repository.' },
  'model-renamed': { id: 'model-renamed', severity: 'warning', title: 'Renamed model', summary: 'The id redirects to another id; the code relies on a redirect that can break or be taken over.' },
  'typosquat-suspect': { id: 'typosquat-suspect', severity: 'warning', title: 'Possible typosquat', summary: 'The id is one or two characters away from a popular model, and its publisher is not verified.' },
  'low-documentation': { id: 'low-documentation', severity: 'info', title: 'Poorly documented model', summary: 'The model card leaves most template sections and metadata empty.' },
  'no-training-data': { id: 'no-training-data', severity: 'info', title: 'Training data not declared', summary: 'The model does not declare the data sets it was trained on.' },
  'no-evaluation-results': { id: 'no-evaluation-results', severity: 'info', title: 'No evaluation results', summary: 'The model publishes no evaluation results (`model-index`) to compare claims against.' },
  'superseded-model': { id: 'superseded-model', severity: 'info', title: 'Superseded model', summary: 'The model card names a newer version of this model.' },
  'lookup-failed': { id: 'lookup-failed', severity: 'warning', title: 'Lookup failed', summary: 'PTM Lens could not look the model up, so everything about it is unknown.' },
  'focused-convolution': { id: 'focused-convolution', severity: 'info', title: 'Focused convolution applies', summary: 'The model is a pretrained CNN: focused convolution can cut its inference latency by up to 25% and energy by up to 22% without retraining.' },
};

/**
 * Rules that suggest an improvement rather than report a risk. They are information-level and never
 * make `--fail-on` fail a build.
 */
export const SUGGESTION_RULES: ReadonlySet<RuleId> = new Set<RuleId>(['focused-convolution']);

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Where a rule's page lives, relative to the repository root. */
export function rulePagePath(id: RuleId): string {
  return `docs/rules/${id}.md`;
}

export const RULES_BASE_URL = 'https://github.com/ptm-lens/ptm-lens/blob/main/docs/rules/';

export function ruleUrl(id: RuleId): string {
  return `${RULES_BASE_URL}${id}.md`;
}
