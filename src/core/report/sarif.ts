/**
 * SARIF 2.1.0 for `ptm-lens scan --format sarif`, so CI code scanning (GitHub, Azure DevOps, GitLab)
 * shows the same findings as the editor, under the same stable rule ids with their help pages.
 *
 * Locations are relative to `%SRCROOT%` (the scanned folder), so the log is the same on every
 * machine and the uploader maps it onto the repository. Columns count UTF-16 code units, as the
 * detector does. SARIF has no notion of a notebook cell: a finding in a notebook keeps its lines and
 * columns within the cell and names the cell in the location's properties and in the message.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../assess/assess.js';
import type { RuleId, Severity } from '../assess/rules.js';
import { RULE_IDS, RULES, ruleUrl } from '../assess/rules.js';
import type { PipelineResult } from '../pipeline.js';
import type { ScanResult } from '../scan/workspace.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/ptm-lens/ptm-lens';
const SRCROOT = '%SRCROOT%';
/** Bump when the fingerprint recipe changes, so old and new alerts are not matched wrongly. */
const FINGERPRINT_KEY = 'ptmLensFinding/v1';

export type SarifLevel = 'error' | 'warning' | 'note';

export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'info' ? 'note' : severity;
}

type Json = Record<string, unknown>;

export function scanToSarif(result: ScanResult | PipelineResult, version: string): Json {
  const scan = 'scan' in result ? result.scan : result;
  const findings = 'scan' in result ? result.findings : [];
  const ruleIndex = new Map<RuleId, number>(RULE_IDS.map((id, i) => [id, i]));
  const ordinals = new Map<string, number>();
  const results = findings.map((f) => sarifResult(f, ruleIndex.get(f.rule)!, ordinals));
  const notifications = scan.notices.map((n) => ({
    level: n.kind === 'too-large' || n.kind === 'parse-error' ? 'warning' : 'note',
    message: { text: n.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: encodePath(n.file), uriBaseId: SRCROOT } } }],
    properties: { kind: n.kind },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: 'ptm-lens',
            fullName: 'PTM Lens',
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: RULE_IDS.map(ruleDescriptor),
          },
        },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function renderScanSarif(result: ScanResult | PipelineResult, version: string): string {
  return `${JSON.stringify(scanToSarif(result, version), null, 2)}\n`;
}

/** `unpinned-revision` → `UnpinnedRevision`: SARIF rule names are identifiers, ids stay as users write them. */
function ruleName(id: RuleId): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function plain(markdown: string): string {
  return markdown.replace(/`/g, '');
}

function ruleDescriptor(id: RuleId): Json {
  const r = RULES[id];
  return {
    id,
    name: ruleName(id),
    shortDescription: { text: r.title },
    fullDescription: { text: plain(r.summary), markdown: r.summary },
    helpUri: ruleUrl(id),
    help: { text: `${plain(r.summary)} See ${ruleUrl(id)}`, markdown: `${r.summary} [How to fix](${ruleUrl(id)})` },
    defaultConfiguration: { level: sarifLevel(r.severity) },
    properties: { tags: ['ptm-lens', ruleCategory(id)] },
  };
}

function ruleCategory(id: RuleId): string {
  if (id.startsWith('license-')) return 'license';
  if (['trust-remote-code', 'remote-code-required', 'pickle-weights', 'security-scan-flagged', 'security-scan-missing', 'typosquat-suspect'].includes(id)) return 'security';
  if (['low-documentation', 'no-training-data', 'no-evaluation-results'].includes(id)) return 'documentation';
  return 'supply-chain';
}

/** Path segments percent-encoded, `/` kept: SARIF `uri` is a URI reference. */
function encodePath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function sarifResult(f: Finding, ruleIndex: number, ordinals: Map<string, number>): Json {
  const ref = f.reference;
  const file = ref.file ?? '';
  const cellNote = ref.cell === undefined ? '' : ` (notebook cell ${ref.cell + 1}, line ${ref.range.start.line + 1})`;
  const location: Json = {
    physicalLocation: {
      artifactLocation: { uri: encodePath(file), uriBaseId: SRCROOT },
      region: {
        startLine: ref.range.start.line + 1,
        startColumn: ref.range.start.character + 1,
        endLine: ref.range.end.line + 1,
        endColumn: ref.range.end.character + 1,
      },
    },
  };
  if (ref.cell !== undefined) location.properties = { notebookCell: ref.cell + 1, notebookCellIndex: ref.cell };
  // A fingerprint that survives edits elsewhere in the file: the rule, the model, the file (and cell),
  // and which occurrence of that triple this is, but not the line number.
  const base = `${f.rule}\0${f.modelId}\0${file}\0${ref.cell ?? ''}`;
  const n = (ordinals.get(base) ?? 0) + 1;
  ordinals.set(base, n);
  const result: Json = {
    ruleId: f.rule,
    ruleIndex,
    level: sarifLevel(f.severity),
    message: { text: `${f.message}${cellNote}` },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32) },
    properties: { modelId: f.modelId, evidence: f.evidence, ...(f.related ? { related: f.related } : {}) },
  };
  return result;
}
