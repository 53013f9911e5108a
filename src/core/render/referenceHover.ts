/**
 * The hover card for a detected model reference, as plain Markdown (no editor types), so the
 * extension renders it and tests read it without an editor.
 */
import { isPinnedRevision, legacyCanonicalId } from '../detect/hubId.js';
import type { ModelReference } from '../detect/types.js';
import { classifyReference } from '../vision/architecture.js';
import { isLibraryWeightsReference } from '../vision/references.js';
import { suggestionForReference } from '../vision/suggestions.js';
import { escapeMarkdown, inlineCode, safeLink } from './markdown.js';
import type { SuggestionHoverContext } from './suggestionHover.js';
import { renderFocusedConvSection } from './suggestionHover.js';

export const DEFAULT_HUB_URL = 'https://huggingface.co';

export interface HoverContext extends SuggestionHoverContext {
  hubUrl?: string;
  /** False hides the suggestions section for library weights (`ptmLens.suggestions.focusedConvolution`); default shown. */
  suggestions?: boolean;
}

const KIND_LABEL: Record<ModelReference['kind'], string> = {
  model: 'model',
  tokenizer: 'tokenizer',
  processor: 'processor',
  config: 'configuration',
  pipeline: 'pipeline',
  adapter: 'adapter (PEFT)',
  download: 'file download',
  'config-key': 'configuration key',
};

export function modelPageUrl(modelId: string, hubUrl = DEFAULT_HUB_URL): string {
  return `${hubUrl.replace(/\/+$/, '')}/${modelId.split('/').map(encodeURIComponent).join('/')}`;
}

export function renderReferenceHover(ref: ModelReference, ctx: HoverContext = {}): string {
  const out: string[] = [];
  const hubUrl = ctx.hubUrl ?? DEFAULT_HUB_URL;
  if (ref.modelId && (ref.source === 'torchvision' || ref.source === 'timm')) {
    // Weights published by the library itself, not a Hub repository.
    out.push(`**PTM Lens** · ${escapeMarkdown(ref.modelId)} (pretrained weights from ${ref.source}${ref.weights ? `, ${inlineCode(ref.weights)}` : ''})`);
  } else if (ref.modelId) {
    out.push(`**PTM Lens** · ${safeLink(ref.modelId, modelPageUrl(ref.modelId, hubUrl))}`);
    const canonical = legacyCanonicalId(ref.modelId);
    if (canonical) out.push(`Legacy id: the Hub now serves it as ${safeLink(canonical, modelPageUrl(canonical, hubUrl))}.`);
  } else {
    out.push('**PTM Lens** · model id not known statically');
  }
  out.push('');
  const facts: string[] = [];
  facts.push(`Loaded by ${inlineCode(ref.call)} as ${KIND_LABEL[ref.kind]}`);
  if (ref.resolvedVia === 'constant') facts.push('Id taken from a constant');
  else if (ref.resolvedVia === 'default') facts.push('Id taken from a default value (environment variable, argument or parameter); it may be overridden at run time');
  else if (ref.resolvedVia === 'dynamic') facts.push('The id is computed at run time, so PTM Lens cannot tell which model this loads');
  const library = ref.modelId !== null && isLibraryWeightsReference(ref);
  if (library && ref.revision === null) {
    // Library weights have no Hub revision: what loads is what the installed library publishes.
    facts.push(`Weights published by ${ref.source}${ref.weights && /DEFAULT|pretrained=True/.test(ref.weights) ? '; `DEFAULT` and `pretrained=True` follow the installed library version' : ''}`);
  } else if (ref.revision === null) facts.push('Revision: **unpinned**: the code loads whatever the default branch holds when it runs');
  else if (isPinnedRevision(ref.revision)) facts.push(`Revision: pinned to commit ${inlineCode(ref.revision)}`);
  else facts.push(`Revision: ${inlineCode(ref.revision)} is a branch or tag, not a commit, so it can move`);
  if (ref.trustRemoteCode === true) facts.push('`trust_remote_code=True`: the repository\'s Python code runs on load');
  if (ref.useSafetensors === false) facts.push('`use_safetensors=False`: pickle weights, which can execute code on load');
  if (ref.subfolder) facts.push(`Subfolder ${inlineCode(ref.subfolder)}`);
  if (ref.localFilesOnly === true) facts.push('`local_files_only=True`: read from the local cache only');
  for (const f of facts) out.push(`- ${f}`);
  if (library) {
    // Library weights have no Hub facts: the constructor names the architecture.
    const arch = classifyReference(ref);
    out.push('');
    out.push(`Architecture: ${arch.family === 'cnn' ? 'convolutional network (CNN)' : arch.family === 'vision-transformer' ? 'vision transformer' : escapeMarkdown(arch.family)}${arch.name ? `, ${escapeMarkdown(arch.name)}` : ''}`);
    const suggestion = ctx.suggestions !== false ? suggestionForReference(ref, arch) : undefined;
    if (suggestion) out.push(renderFocusedConvSection(suggestion, arch, ctx));
  }
  return out.join('\n');
}

