/**
 * The main job, shared by the CLI and the editor: scan a folder for references, detect the project's
 * license, look every model up and assess it.
 */
import { sortFindings } from './assess/assess.js';
import type { Finding, ModelAssessment } from './assess/assess.js';
import { assessReferences } from './assess/assess.js';
import type { Detector } from './detect/index.js';
import type { HubClient } from './hub/client.js';
import { detectProjectLicense, nodeProjectFiles, projectLicenseFromSetting } from './license/index.js';
import type { ProjectLicense } from './license/index.js';
import type { ScanOptions, ScanResult } from './scan/workspace.js';
import { scanWorkspace } from './scan/workspace.js';
import { libraryWeightsFindings } from './vision/suggestions.js';

export interface PipelineOptions extends ScanOptions {
  /** Without a client, only detection runs. */
  client?: HubClient;
  /** Overrides the detected project license (an SPDX expression or a name). */
  projectLicense?: string | null;
  onModelProgress?: (done: number, total: number) => void;
  /** False turns the suggestions (focused convolution) off; default on. */
  suggestions?: boolean;
}

export interface PipelineResult {
  scan: ScanResult;
  project: { license: ProjectLicense | null };
  /** Undefined when lookups were not requested. */
  models?: ModelAssessment[];
  findings: Finding[];
  /** Whether suggestions were computed (false with `suggestions: false`). */
  suggestions: boolean;
}

export function resolveProjectLicense(root: string, override?: string | null): ProjectLicense | null {
  if (override && override.trim()) return projectLicenseFromSetting(override.trim());
  try {
    return detectProjectLicense(nodeProjectFiles(root));
  } catch {
    return null;
  }
}

export async function runPipeline(root: string, detector: Detector, opts: PipelineOptions = {}): Promise<PipelineResult> {
  const scan = await scanWorkspace(root, detector, opts);
  const license = resolveProjectLicense(scan.root, opts.projectLicense);
  const suggestions = opts.suggestions !== false;
  if (!opts.client) return { scan, project: { license }, findings: [], suggestions };
  const models = await assessReferences(scan.references, opts.client, {
    projectLicense: license,
    suggestions,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onModelProgress ? { onModel: opts.onModelProgress } : {}),
  });
  models.sort((a, b) => a.modelId.toLowerCase().localeCompare(b.modelId.toLowerCase()) || (a.revision ?? '').localeCompare(b.revision ?? ''));
  // Library weights (torchvision, timm) have no assessment; their suggestions come from the constructor.
  const findings = sortFindings([...models.flatMap((m) => m.findings), ...(suggestions ? libraryWeightsFindings(scan.references) : [])]);
  return { scan, project: { license }, models, findings, suggestions };
}
