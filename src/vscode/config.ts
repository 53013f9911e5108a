import * as vscode from 'vscode';

/** A typed view of the `ptmLens.*` settings contributed in package.json. */
export interface PtmLensConfig {
  /** Glob patterns skipped by workspace scans, in addition to the built-in excludes. */
  exclude: string[];
  /** Files larger than this (MB) are skipped by workspace scans, with a notice. */
  maxFileSizeMB: number;
}

export const SECTION = 'ptmLens';

export function readConfig(scope?: vscode.ConfigurationScope): PtmLensConfig {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const exclude = c.get<unknown>('exclude');
  const max = c.get<unknown>('maxFileSizeMB');
  return {
    exclude: Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [],
    maxFileSizeMB: typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : 10,
  };
}
