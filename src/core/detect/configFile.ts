/**
 * Finds model ids under well-known keys of YAML and JSON configuration files
 * (training recipes, saved `config.json`, adapter configs). Values must be namespaced Hub ids.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Node as YamlNode, Pair } from 'yaml';
import { isNamespacedHubId, looksLikeLocalPath } from './hubId.js';
import type { DetectionResult, ModelReference, SourceLanguage } from './types.js';

export const CONFIG_KEYS: readonly string[] = [
  'model_name_or_path',
  'base_model',
  'base_model_name_or_path',
  'hub_model_id',
  '_name_or_path',
  'teacher_model_name_or_path',
  'tokenizer_name',
  'tokenizer_name_or_path',
  'pretrained_model_name_or_path',
  'model_id',
  'repo_id',
];
const KEY_SET = new Set(CONFIG_KEYS);
/** Nesting below which neither path looks for keys. */
const MAX_DEPTH = 64;

export function detectConfigFile(text: string, language: Extract<SourceLanguage, 'yaml' | 'json'>, isLocalPath?: (v: string) => boolean): DetectionResult {
  // Strict JSON is read by a small scanner, many times faster than the YAML parser; anything else
  // (JSON with comments or trailing commas, YAML) goes through the YAML parser, as before.
  if (language === 'json') {
    const fast = scanJson(text, isLocalPath);
    if (fast) return { references: fast, notices: [] };
  }
  const references: ModelReference[] = [];
  const notices: DetectionResult['notices'] = [];
  const lineCounter = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
  } catch (err) {
    notices.push({ kind: 'parse-error', message: `Could not parse ${language.toUpperCase()}: ${(err as Error).message}` });
    return { references, notices };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  let reportedError = false;
  for (const doc of list) {
    if (doc.errors.length > 0 && !reportedError) {
      reportedError = true;
      notices.push({ kind: 'parse-error', message: `${language.toUpperCase()} syntax error: ${doc.errors[0]!.message.split('\n')[0]}` });
    }
    if (doc.contents) visit(doc.contents, 0);
  }

  function visit(node: YamlNode | null | undefined, depth: number): void {
    if (!node || depth > MAX_DEPTH) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair<unknown, unknown>[]) {
        const key = pair.key;
        const value = pair.value;
        const known = isScalar(key) && typeof key.value === 'string' && KEY_SET.has(key.value) ? key.value : undefined;
        if (known && isScalar(value) && typeof value.value === 'string') {
          addReference(known, value.value, value.range);
        } else if (known && isSeq(value)) {
          // Model-card style lists: `base_model: [org/a, org/b]` (merges).
          for (const item of value.items) if (isScalar(item) && typeof item.value === 'string') addReference(known, item.value, item.range);
        } else if (value && typeof value === 'object') {
          visit(value as YamlNode, depth + 1);
        }
      }
    } else if (isSeq(node)) {
      for (const item of node.items) if (item && typeof item === 'object') visit(item as YamlNode, depth + 1);
    }
  }

  function addReference(key: string, raw: string, range: [number, number, number] | null | undefined): void {
    const value = raw.trim();
    if (!range || !isNamespacedHubId(value) || looksLikeLocalPath(value) || isLocalPath?.(value)) return;
    // Quoted scalars: the id starts after the quote.
    const quoted = text[range[0]] === '"' || text[range[0]] === "'";
    const startOffset = text.indexOf(value, range[0] + (quoted ? 1 : 0));
    if (startOffset < 0) return;
    const s = lineCounter.linePos(startOffset);
    const e = lineCounter.linePos(startOffset + value.length);
    references.push(configReference(key, value, { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } }, language));
  }

  return { references, notices };
}

function configReference(key: string, modelId: string, range: ModelReference['range'], language: 'yaml' | 'json'): ModelReference {
  return {
    modelId,
    resolvedVia: 'literal',
    kind: 'config-key',
    call: key,
    range,
    revision: null,
    trustRemoteCode: null,
    useSafetensors: null,
    subfolder: null,
    localFilesOnly: null,
    language,
  };
}

/**
 * References in strict JSON (RFC 8259), with the same rules and positions as the YAML path: a known
 * key whose value is a string, or an array whose string items are ids; other values are searched to
 * the same depth. Undefined when the text is not strict JSON.
 */
export function scanJson(text: string, isLocalPath?: (v: string) => boolean): ModelReference[] | undefined {
  const references: ModelReference[] = [];
  let pos = 0;
  let lineStarts: number[] | undefined;
  const fail = (): never => {
    throw SYNTAX;
  };
  const ws = (): void => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++pos));
  };
  /** A string token at `pos` (the opening quote); returns its value, leaving `pos` after it. */
  const str = (): string => {
    const start = ++pos;
    let simple = true;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (Number.isNaN(c) || c < 0x20) fail();
      if (c === 0x5c) {
        simple = false;
        pos++;
      }
      pos++;
    }
    const raw = text.slice(start, pos++);
    if (simple) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return fail();
    }
  };
  const add = (key: string, value: string, quoteAt: number): void => {
    const id = value.trim();
    if (!isNamespacedHubId(id) || looksLikeLocalPath(id) || isLocalPath?.(id)) return;
    const start = text.indexOf(id, quoteAt + 1);
    if (start < 0) return;
    lineStarts ??= [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    references.push(configReference(key, id, { start: position(lineStarts, start), end: position(lineStarts, start + id.length) }, 'json'));
  };
  const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  /**
   * Any value at `pos`, as the YAML path visits it: `key` is the known key the value belongs to, if any;
   * `search` is false under a value that path does not look into (deeper than 64, or non-string items of
   * a known key's list), which is then only checked for syntax.
   */
  const value = (depth: number, key: string | undefined, search: boolean): void => {
    ws();
    const c = text.charCodeAt(pos);
    if (c === 0x22) {
      const at = pos;
      const v = str();
      if (search && key) add(key, v, at);
      return;
    }
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      const searched = search && depth <= MAX_DEPTH;
      pos++;
      ws();
      if (text.charCodeAt(pos) === close) {
        pos++;
        return;
      }
      for (;;) {
        if (c === 0x7b) {
          ws();
          if (text.charCodeAt(pos) !== 0x22) fail();
          const k = str();
          ws();
          if (text.charCodeAt(pos++) !== 0x3a) fail();
          value(depth + 1, KEY_SET.has(k) ? k : undefined, searched);
        } else if (key && search) {
          // A known key's list (model-card style, `base_model: [org/a, org/b]`): its strings are ids.
          ws();
          value(depth + 1, text.charCodeAt(pos) === 0x22 ? key : undefined, text.charCodeAt(pos) === 0x22);
        } else {
          value(depth + 1, undefined, searched);
        }
        ws();
        const sep = text.charCodeAt(pos++);
        if (sep === close) return;
        if (sep !== 0x2c) fail();
      }
    }
    SCALAR.lastIndex = pos;
    if (!SCALAR.test(text)) fail();
    pos = SCALAR.lastIndex;
  };
  try {
    value(0, undefined, true);
    ws();
    if (pos !== text.length) fail();
  } catch (err) {
    if (err === SYNTAX) return undefined;
    throw err;
  }
  return references;
}

const SYNTAX = new Error('not strict JSON');

function position(lineStarts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo]! };
}
