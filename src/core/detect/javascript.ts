/**
 * Finds transformers.js model references in JavaScript and TypeScript syntax trees:
 * `pipeline('task', 'org/x', { revision })`, `AutoModel.from_pretrained('org/x', { revision })`,
 * with ids given literally or through a `const` in the same module or enclosing function.
 */
import type { Node } from 'web-tree-sitter';
import { isLegacyModelId, isNamespacedHubId, looksLikeLocalPath } from './hubId.js';
import type { ModelReference, Range, ReferenceKind, SourceLanguage } from './types.js';

export interface JsDetectOptions {
  isLocalPath?: (value: string) => boolean;
}

type Resolution =
  | { via: 'literal' | 'constant'; value: string; range: Range }
  | { via: 'dynamic' }
  | { via: 'none' };

const FUNCTION_SCOPES = new Set([
  'function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'generator_function_declaration', 'function',
]);

export function detectJavaScript(root: Node, language: SourceLanguage, opts: JsDetectOptions = {}): ModelReference[] {
  const refs: ModelReference[] = [];
  const scopeCache = new Map<number, Map<string, Node>>();

  const resolve = (node: Node, depth: number, viaConst: boolean): Resolution => {
    if (depth > 6) return { via: 'dynamic' };
    switch (node.type) {
      case 'string': {
        const frag = node.namedChildren.filter((c): c is Node => !!c);
        if (frag.some((c) => c.type !== 'string_fragment' && c.type !== 'escape_sequence')) return { via: 'dynamic' };
        return literal(node, viaConst);
      }
      case 'template_string':
        if (node.namedChildren.some((c) => c?.type === 'template_substitution')) return { via: 'dynamic' };
        return literal(node, viaConst);
      case 'parenthesized_expression':
        return node.namedChild(0) ? resolve(node.namedChild(0)!, depth + 1, viaConst) : { via: 'dynamic' };
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
        return node.namedChild(0) ? resolve(node.namedChild(0)!, depth + 1, viaConst) : { via: 'dynamic' };
      case 'identifier': {
        const value = lookup(node);
        return value ? resolve(value, depth + 1, true) : { via: 'dynamic' };
      }
      case 'member_expression': {
        // `this.model` or `ClassName.model` naming a class field: `static model = 'Xenova/...'` (singleton pattern).
        const value = classField(node);
        return value ? resolve(value, depth + 1, true) : { via: 'dynamic' };
      }
      case 'null':
      case 'undefined':
      case 'number':
      case 'object':
      case 'array':
      case 'true':
      case 'false':
        return { via: 'none' };
      case 'call_expression':
      case 'await_expression':
      case 'new_expression': {
        const text = node.text;
        return /from_pretrained|pipeline\s*\(/.test(text) ? { via: 'none' } : { via: 'dynamic' };
      }
      default:
        return { via: 'dynamic' };
    }
  };

  const literal = (node: Node, viaConst: boolean): Resolution => ({
    via: viaConst ? 'constant' : 'literal',
    value: node.text.slice(1, -1),
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column + 1 },
      end: { line: node.endPosition.row, character: node.endPosition.column - 1 },
    },
  });

  /** `const NAME = value` in an enclosing function or the module (let/var too, when assigned once). */
  const lookup = (ident: Node): Node | undefined => {
    for (let scope = ident.parent; scope; scope = scope.parent) {
      if (!FUNCTION_SCOPES.has(scope.type) && scope.type !== 'program') continue;
      let table = scopeCache.get(scope.id);
      if (!table) {
        table = collectDeclarations(scope);
        scopeCache.set(scope.id, table);
      }
      const v = table.get(ident.text);
      if (v) return v;
    }
    return undefined;
  };

  const accept = (value: string): string | undefined => {
    if (looksLikeLocalPath(value) || opts.isLocalPath?.(value)) return undefined;
    if (isNamespacedHubId(value) || isLegacyModelId(value)) return value;
    return undefined;
  };

  const optionsOf = (node: Node | undefined): { revision: string | null; subfolder: string | null; localFilesOnly: boolean | null } => {
    const out = { revision: null as string | null, subfolder: null as string | null, localFilesOnly: null as boolean | null };
    if (!node || node.type !== 'object') return out;
    for (const pair of node.namedChildren) {
      if (!pair || pair.type !== 'pair') continue;
      const key = pair.childForFieldName('key');
      const value = pair.childForFieldName('value');
      if (!key || !value) continue;
      const k = key.text.replace(/^['"]|['"]$/g, '');
      const r = resolve(value, 0, false);
      if (k === 'revision' && (r.via === 'literal' || r.via === 'constant')) out.revision = r.value;
      if (k === 'subfolder' && (r.via === 'literal' || r.via === 'constant')) out.subfolder = r.value;
      if (k === 'local_files_only') out.localFilesOnly = value.type === 'true' ? true : value.type === 'false' ? false : null;
    }
    return out;
  };

  for (const call of root.descendantsOfType('call_expression')) {
    if (!call) continue;
    const fn = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    if (!fn || !args || args.type !== 'arguments') continue;
    const argv = args.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
    let name: string;
    let receiver = '';
    if (fn.type === 'identifier') name = fn.text;
    else if (fn.type === 'member_expression') {
      name = fn.childForFieldName('property')?.text ?? '';
      const obj = fn.childForFieldName('object');
      receiver = obj?.type === 'member_expression' ? obj.childForFieldName('property')?.text ?? '' : obj?.text ?? '';
    } else continue;

    let idArg: Node | undefined;
    let optsArg: Node | undefined;
    let kind: ReferenceKind;
    if (name === 'from_pretrained') {
      idArg = argv[0];
      optsArg = argv[1];
      kind = /Tokenizer/i.test(receiver) ? 'tokenizer' : /(Processor|FeatureExtractor)$/.test(receiver) ? 'processor' : /Config$/.test(receiver) ? 'config' : 'model';
    } else if (name === 'pipeline') {
      idArg = argv[1];
      optsArg = argv[2];
      kind = 'pipeline';
    } else continue;
    if (!idArg) continue;

    const res = resolve(idArg, 0, false);
    if (res.via === 'none') continue;
    const options = optionsOf(optsArg);
    const base = {
      kind,
      call: fn.text.replace(/\s+/g, ''),
      revision: options.revision,
      trustRemoteCode: null,
      useSafetensors: null,
      subfolder: options.subfolder,
      localFilesOnly: options.localFilesOnly,
      language,
    };
    if (res.via === 'dynamic') {
      refs.push({ ...base, modelId: null, resolvedVia: 'dynamic', range: nodeRange(idArg) });
      continue;
    }
    const id = accept(res.value);
    if (!id) continue;
    if (res.via === 'literal') refs.push({ ...base, modelId: id, resolvedVia: 'literal', range: res.range });
    else refs.push({ ...base, modelId: id, resolvedVia: 'constant', range: nodeRange(idArg), valueRange: res.range });
  }
  return refs;
}

/** The initializer of the class field that `this.x` / `ClassName.x` names, when there is exactly one. */
function classField(member: Node): Node | undefined {
  const obj = member.childForFieldName('object');
  const prop = member.childForFieldName('property');
  if (!obj || !prop || prop.type !== 'property_identifier') return undefined;
  let cls: Node | null | undefined;
  if (obj.type === 'this') {
    for (cls = member.parent; cls && cls.type !== 'class_declaration' && cls.type !== 'class'; cls = cls.parent);
  } else if (obj.type === 'identifier') {
    let root: Node = member;
    while (root.parent) root = root.parent;
    cls = root.descendantsOfType('class_declaration').find((c) => c?.childForFieldName('name')?.text === obj.text);
  }
  const body = cls?.childForFieldName('body');
  if (!body) return undefined;
  const matches = body.namedChildren.filter((m): m is Node => {
    if (!m || (m.type !== 'field_definition' && m.type !== 'public_field_definition')) return false;
    const name = m.childForFieldName('property') ?? m.childForFieldName('name');
    return name?.text === prop.text;
  });
  return matches.length === 1 ? matches[0]!.childForFieldName('value') ?? undefined : undefined;
}

function collectDeclarations(scope: Node): Map<string, Node> {
  const table = new Map<string, Node>();
  const counts = new Map<string, number>();
  const visit = (node: Node): void => {
    if (node !== scope && (FUNCTION_SCOPES.has(node.type) || node.type === 'class_declaration')) return;
    if (node.type === 'variable_declarator') {
      const n = node.childForFieldName('name');
      const v = node.childForFieldName('value');
      if (n?.type === 'identifier' && v) {
        table.set(n.text, v);
        counts.set(n.text, (counts.get(n.text) ?? 0) + 1);
      }
    } else if (node.type === 'assignment_expression') {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') counts.set(left.text, (counts.get(left.text) ?? 0) + 2);
    }
    for (const c of node.namedChildren) if (c) visit(c);
  };
  const body = FUNCTION_SCOPES.has(scope.type) ? scope.childForFieldName('body') ?? scope : scope;
  for (const c of body.namedChildren) if (c) visit(c);
  // A name declared or reassigned more than once has no single static value.
  for (const [name, count] of counts) if (count > 1) table.delete(name);
  return table;
}

function nodeRange(node: Node): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}
