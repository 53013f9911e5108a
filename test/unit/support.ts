import { Detector } from '../../src/core/detect/index.js';
import type { ModelReference } from '../../src/core/detect/types.js';

let detector: Promise<Detector> | undefined;

/** One detector for the whole suite: the parsers load once. */
export function getDetector(): Promise<Detector> {
  detector ??= Detector.create();
  return detector;
}

/** Detects in a snippet and returns compact rows: `line:col id via kind`. Lines and columns are 1-based. */
export async function rows(text: string, fileName = 'x.py'): Promise<string[]> {
  const d = await getDetector();
  return d.detect(text, fileName).references.map(row);
}

export function row(r: ModelReference): string {
  const cell = r.cell === undefined ? '' : `c${r.cell} `;
  return `${cell}${r.range.start.line + 1}:${r.range.start.character + 1} ${r.modelId ?? '<dynamic>'} ${r.resolvedVia} ${r.kind}`;
}

export async function refs(text: string, fileName = 'x.py'): Promise<ModelReference[]> {
  const d = await getDetector();
  return d.detect(text, fileName).references;
}
