/**
 * Which references name a library's own published weights rather than a Hugging Face Hub repo.
 *
 * Why a separate, dependency-free module: the assessment imports it to skip Hub lookups for
 * `torchvision/resnet50` and bare timm names (asking the Hub about them would report a missing
 * model that does not exist there by design), and so do the reports and the editor, which need no
 * architecture tables for that question.
 */
import type { ModelReference } from '../detect/types.js';

/** True for `torchvision.models.resnet50(weights=...)`-style references (`source` is `torchvision` or `timm`). */
export function isLibraryWeightsReference(ref: Pick<ModelReference, 'source'>): boolean {
  return ref.source === 'torchvision' || ref.source === 'timm';
}

/** The library that builds the model, which decides the form of the focused-convolution snippet. */
export type ModelLibrary = 'torchvision' | 'timm' | 'transformers' | 'unknown';

/**
 * Which library builds the model a reference loads: the constructor's library for library weights,
 * timm for `create_model` (also with `hf-hub:` ids), else the Hub's `library_name`, else transformers
 * for `from_pretrained`/`pipeline` calls.
 */
export function modelLibraryOf(ref: Pick<ModelReference, 'call' | 'source'>, libraryName?: string | null): ModelLibrary {
  if (ref.source === 'torchvision' || ref.source === 'timm') return ref.source;
  if (/(^|\.)create_model$/.test(ref.call)) return 'timm';
  const lib = libraryName?.toLowerCase();
  if (lib === 'timm') return 'timm';
  if (lib === 'transformers') return 'transformers';
  if (/(^|\.)(from_pretrained|pipeline)$/.test(ref.call)) return 'transformers';
  return 'unknown';
}
