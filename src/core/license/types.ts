/**
 * The license module's contract: what a model's license grants (normalized from Hub metadata), what
 * license a project declares, and the verdicts that compare them. Shared by the extension, the CLI and
 * the tests; docs/licenses.md documents the values.
 */

/** A right that is granted (`true`), withheld (`false`), granted under conditions, or not known (`null`). */
export type Tri = true | false | 'conditional' | null;

/**
 * What a license grants, in the terms of the ModelGo rights model (REFERENCE.md §7): the rights a usage
 * needs are checked against these. `null` everywhere means PTM Lens has not catalogued the license.
 */
export interface LicenseRights {
  /** Use in a commercial product or service. `conditional`: allowed below a threshold (users, revenue). */
  commercialUse: Tri;
  /** Share copies of the weights. `conditional`: only with conditions such as passing on the license. */
  redistribution: Tri;
  /** Modify, fine-tune or distill, and share the result. */
  derivatives: Tri;
  /** Use-based restrictions (RAIL attachments, acceptable use policies, research-only purposes). */
  useRestrictions: boolean | null;
  /** Notices or credit must accompany copies. */
  attribution: boolean | null;
  /** Derivatives must stay under the same (or a listed compatible) license. */
  shareAlike: boolean | null;
  /** The copyleft is triggered by offering the work over a network, not only by distributing it. */
  networkCopyleft: boolean | null;
}

export type LicenseFamily =
  | 'permissive'
  | 'weak-copyleft'
  | 'strong-copyleft'
  | 'network-copyleft'
  | 'public-domain'
  | 'open-rail'
  | 'model-community'
  | 'non-commercial'
  | 'no-derivatives'
  | 'research-only'
  | 'other'
  | 'unknown';

/**
 * How the model's license metadata reads:
 * - `ok`: a Hub license id (or an exact SPDX id) PTM Lens knows;
 * - `missing`: no license in the card data or tags;
 * - `unknown`: the Hub value `unknown`;
 * - `other`: `license: other` with a `license_name` or `license_link`;
 * - `other-unlinked`: `license: other` without a link to the license text;
 * - `unrecognized`: a value that is not a Hub license id.
 */
export type LicenseStatus = 'ok' | 'missing' | 'unknown' | 'other' | 'other-unlinked' | 'unrecognized';

export interface ModelLicense {
  /** The Hub id as given, lowercased (`other` and `unknown` kept); lists joined with `, `; null when missing. */
  hubId: string | null;
  /** A valid SPDX id or expression where one exists (lists become `OR` expressions when every part maps). */
  spdx: string | null;
  /** Human display name. Text from the card (`license_name`) is data: render it escaped. */
  name: string;
  /** `license_link` (absolute http(s), or a repo-relative path marked by `linkIsRelative`) or the canonical URL. */
  link: string | null;
  linkIsRelative?: boolean;
  family: LicenseFamily;
  status: LicenseStatus;
  rights: LicenseRights;
  /** Known obligations and limits, one short factual sentence each. */
  terms: string[];
  /**
   * For a list of licenses (`["mit", "apache-2.0"]`), each recognized one: the user may pick any.
   * The top-level fields then describe the most permissive alternative.
   */
  alternatives?: ModelLicense[];
}

/** Where a project's license was found, in priority order. */
export type ProjectLicenseSource = 'setting' | 'package.json' | 'pyproject.toml' | 'setup.cfg' | 'setup.py' | 'license-file';

/** A project license's class: a model-license family, or `proprietary` (no public license at all). */
export type ProjectLicenseClass = LicenseFamily | 'proprietary';

export interface ProjectLicenseEvidence {
  /** SPDX id or expression, when the declaration maps to one. */
  spdx: string | null;
  /** The license as declared (or identified), for display. */
  name: string;
  source: ProjectLicenseSource;
  /** The file the license was read from (for `{file = ...}` and `SEE LICENSE IN`, the license file). */
  file?: string;
  /** `declared`: stated in metadata; `identified`: recognized from a license text. */
  confidence: 'declared' | 'identified';
  /** The class used for compatibility reasoning, when known. */
  family?: ProjectLicenseClass;
}

export interface ProjectLicense extends ProjectLicenseEvidence {
  /** Every source that declared a license, the chosen one first. */
  evidence?: ProjectLicenseEvidence[];
}

/** Root-level files of a project, injected so detection is testable without a file system. */
export interface ProjectFiles {
  /** Names of the files at the project root (no folders). */
  list(): string[];
  /** The text of a root-level file, or undefined when it cannot be read. */
  read(name: string): string | undefined;
}

/** What the project does with the model; unset fields are unknown. */
export interface ModelUsage {
  /**
   * Whether the project is used commercially. When unset, a project whose license lets its users use
   * it commercially (every open source license, and proprietary code) is assumed to be.
   */
  commercial?: boolean;
  /** Whether the project ships the weights (in a release, container image or package). */
  distributesWeights?: boolean;
  /** Whether the project fine-tunes, distills or otherwise modifies the model. */
  fineTunes?: boolean;
}

export type CompatibilityVerdict = 'compatible' | 'compatible-with-conditions' | 'incompatible' | 'unknown';

export interface CompatibilityResult {
  verdict: CompatibilityVerdict;
  /** One readable sentence naming both licenses. */
  reason: string;
  /** What the project must do (or avoid) to stay within the model's license. */
  conditions: string[];
}

export interface LineageConflict {
  reason: string;
}
