/**
 * The license module: normalizes model licenses from Hub metadata, detects the project's license from
 * its root files, checks one against the other, and flags derivatives that grant more than their base.
 * Pure TypeScript with no editor dependency; the only I/O is `nodeProjectFiles`, which reads root files.
 */
export type {
  CompatibilityResult,
  CompatibilityVerdict,
  LicenseFamily,
  LicenseRights,
  LicenseStatus,
  LineageConflict,
  ModelLicense,
  ModelUsage,
  ProjectFiles,
  ProjectLicense,
  ProjectLicenseClass,
  ProjectLicenseEvidence,
  ProjectLicenseSource,
  Tri,
} from './types.js';
export type { LicenseEntry } from './catalog.js';
export { CUSTOM_LICENSES, HUB_LICENSES, hubLicense } from './catalog.js';
export { normalizeModelLicense } from './model.js';
export type { ModelLicenseInput } from './model.js';
export { detectProjectLicense, nodeProjectFiles, projectLicenseFromSetting, MAX_PROJECT_FILE_BYTES } from './project.js';
export { identifyLicenseText, TEXT_MATCH_THRESHOLD } from './licenseText.js';
export type { IdentifiedLicense } from './licenseText.js';
export { checkCompatibility } from './compatibility.js';
export { lineageConflict } from './lineage.js';
export { toSpdx } from './spdx.js';
