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

export function detectConfigFile(text: string, language: Extract<SourceLanguage, 'yaml' | 'json'>, isLocalPath?: (v: string) => boolean): DetectionResult {
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
    if (!node || depth > 64) return;
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
    references.push({
      modelId: value,
      resolvedVia: 'literal',
      kind: 'config-key',
      call: key,
      range: { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } },
      revision: null,
      trustRemoteCode: null,
      useSafetensors: null,
      subfolder: null,
      localFilesOnly: null,
      language,
    });
  }

  return { references, notices };
}
