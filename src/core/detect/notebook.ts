/**
 * Reads Jupyter notebooks (nbformat 4) into their cells. Code cells are parsed as Python;
 * IPython magics and shell escapes are blanked (same length) so positions stay true.
 */

export interface NotebookCell {
  /** 0-based index among all cells, markdown and raw cells included. */
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
}

export type NotebookParse =
  | { ok: true; cells: NotebookCell[]; language: string | undefined }
  | { ok: false; message: string };

export function parseNotebook(text: string): NotebookParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `Not a valid notebook: the file is not JSON (${(err as Error).message}).` };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { ok: false, message: 'Not a valid notebook: the top level is not an object.' };
  const nb = json as { nbformat?: unknown; cells?: unknown; metadata?: unknown };
  if (nb.nbformat !== 4) {
    return { ok: false, message: `Unsupported notebook format ${JSON.stringify(nb.nbformat ?? null)}; only nbformat 4 is read.` };
  }
  if (!Array.isArray(nb.cells)) return { ok: false, message: 'Not a valid notebook: "cells" is missing or not a list.' };
  const cells: NotebookCell[] = [];
  nb.cells.forEach((raw: unknown, index: number) => {
    if (!raw || typeof raw !== 'object') return;
    const cell = raw as { cell_type?: unknown; source?: unknown };
    const kind = cell.cell_type === 'code' ? 'code' : cell.cell_type === 'markdown' ? 'markdown' : 'raw';
    let source = '';
    if (typeof cell.source === 'string') source = cell.source;
    else if (Array.isArray(cell.source)) source = cell.source.filter((s): s is string => typeof s === 'string').join('');
    cells.push({ index, kind, source });
  });
  return { ok: true, cells, language: notebookLanguage(nb.metadata) };
}

function notebookLanguage(metadata: unknown): string | undefined {
  if (!metadata || typeof metadata !== 'object') return undefined;
  const m = metadata as { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } };
  const lang = m.language_info?.name ?? m.kernelspec?.language;
  return typeof lang === 'string' ? lang.toLowerCase() : undefined;
}

/**
 * Blanks IPython-only lines (`%magic`, `!shell`, `%%cell magic` bodies, `?help`) with spaces of the
 * same length so the Python parser sees valid code and every other position is unchanged.
 */
export function maskIPython(source: string): string {
  const lines = source.split('\n');
  if (lines[0] !== undefined && /^\s*%%/.test(lines[0]) && !/^\s*%%(capture|time|timeit)\b/.test(lines[0])) {
    // A cell magic (%%bash, %%writefile ...) makes the whole cell non-Python.
    return lines.map((l) => ' '.repeat(l.length)).join('\n');
  }
  return lines.map((l) => (/^\s*(%|!|\?)/.test(l) || /^\s*\w[\w.]*\?\??\s*$/.test(l) ? ' '.repeat(l.length) : l)).join('\n');
}
