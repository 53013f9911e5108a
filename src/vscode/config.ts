import * as vscode from 'vscode';
import type { RuleId, Severity } from '../core/assess/rules.js';
import { RULES } from '../core/assess/rules.js';

export type RuleLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** A typed view of the `ptmLens.*` settings contributed in package.json. */
export interface PtmLensConfig {
  /** Hub endpoint; empty means `HF_ENDPOINT`, else https://huggingface.co. */
  endpoint: string;
  offline: boolean;
  /** Overrides the detected project license (SPDX expression or name); empty means detect. */
  projectLicense: string;
  rules: Partial<Record<string, RuleLevel>>;
  exclude: string[];
  maxFileSizeMB: number;
  cacheTtlHours: number;
  concurrency: number;
  /** `ptmLens.suggestions.focusedConvolution`: the hover section, the hint and the code action for pretrained CNNs. */
  focusedConvolution: boolean;
}

export const SECTION = 'ptmLens';

const LEVELS = new Set<RuleLevel>(['error', 'warning', 'information', 'hint', 'off']);

export function readConfig(scope?: vscode.ConfigurationScope): PtmLensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const exclude = c.get<unknown>('exclude');
  const num = (key: string, dflt: number, min: number, max: number): number => {
    const v = c.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : dflt;
  };
  const rawRules = c.get<unknown>('rules');
  const rules: PtmLensConfig['rules'] = {};
  if (rawRules && typeof rawRules === 'object') {
    for (const [k, v] of Object.entries(rawRules as Record<string, unknown>)) if (typeof v === 'string' && LEVELS.has(v as RuleLevel)) rules[k] = v as RuleLevel;
  }
  const str = (key: string): string => {
    const v = c.get<unknown>(key);
    return typeof v === 'string' ? v.trim() : '';
  };
  return {
    endpoint: str('hub.endpoint'),
    offline: c.get<unknown>('offline') === true,
    projectLicense: str('projectLicense'),
    rules,
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    maxFileSizeMB: num('maxFileSizeMB', 10, 0.1, 1024),
    cacheTtlHours: num('cacheTtlHours', 6, 0, 24 * 30),
    concurrency: num('concurrency', 8, 1, 32),
    focusedConvolution: c.get<unknown>('suggestions.focusedConvolution') !== false,
  };
}

const DEFAULT_LEVEL: Record<Severity, RuleLevel> = { error: 'error', warning: 'warning', info: 'information' };

/**
 * The level a finding is shown at: the user's per-rule setting, else the finding's own severity.
 * `focused-convolution` is also off when `ptmLens.suggestions.focusedConvolution` is false.
 */
export function levelFor(config: PtmLensConfig, rule: RuleId, severity: Severity): RuleLevel {
  if (rule === 'focused-convolution' && !config.focusedConvolution) return 'off';
  return config.rules[rule] ?? (RULES[rule] ? DEFAULT_LEVEL[severity] : 'warning');
}

/** Whether the focused-convolution hover section and code action show: the setting, and the rule not turned off. */
export function focusedConvolutionEnabled(config: PtmLensConfig): boolean {
  return levelFor(config, 'focused-convolution', 'info') !== 'off';
}

export function toDiagnosticSeverity(level: Exclude<RuleLevel, 'off'>): vscode.DiagnosticSeverity {
  switch (level) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'information':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}
