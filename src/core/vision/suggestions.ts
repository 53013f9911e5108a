/**
 * Which models get the focused-convolution suggestion, and the findings that carry it to the Problems
 * panel, the CLI, SARIF and the bills of materials.
 *
 * Why only some references: the optimizer is a PyTorch library that rewrites `nn.Conv2d` layers of a
 * built model, so the suggestion applies where Python code builds the model (`from_pretrained`,
 * `pipeline`, `timm.create_model`, a torchvision constructor), not to a tokenizer, a processor, a file
 * download, a configuration key or transformers.js. And only to 2D CNNs (see `focusedConvSuggestion`).
 */
import type { Finding, LocatedReference } from '../assess/assess.js';
import type { ReferenceKind } from '../detect/types.js';
import type { ModelFacts } from '../hub/types.js';
import type { ArchitectureClass } from './architecture.js';
import { classifyFacts, classifyReference, libraryConstructorName } from './architecture.js';
import type { FocusedConvSuggestion } from './focusedConv.js';
import { focusedConvSuggestion, hasFeaturesTrunk } from './focusedConv.js';
import { isLibraryWeightsReference, modelLibraryOf } from './references.js';

/** The rule id of the focused-convolution finding (an information-level suggestion). */
export const FOCUSED_CONV_RULE = 'focused-convolution' as const;

const BUILDS_A_MODEL: ReadonlySet<ReferenceKind> = new Set<ReferenceKind>(['model', 'pipeline']);

/** True when the reference builds a model in Python, where the optimizer can be applied. */
export function canSuggestFor(ref: Pick<LocatedReference, 'kind' | 'language'>): boolean {
  return ref.language === 'python' && BUILDS_A_MODEL.has(ref.kind);
}

/**
 * The architecture of a looked-up model: its Hub facts, with `timm.create_model` references telling
 * that timm builds it; without facts (the lookup failed), the id alone.
 */
export function modelArchitecture(facts: ModelFacts | undefined, references: readonly LocatedReference[]): ArchitectureClass {
  const viaTimm = references.some((r) => /(^|\.)create_model$/.test(r.call)) ? 'timm' : null;
  if (facts) return classifyFacts(facts, { libraryName: viaTimm });
  const first = references.find((r) => r.modelId);
  return first ? classifyReference(first) : { family: 'unknown', name: null, evidence: 'no architecture metadata' };
}

/** The suggestion for one reference, in the form that fits the library that builds the model. */
export function suggestionForReference(ref: LocatedReference, arch: ArchitectureClass, libraryName?: string | null): FocusedConvSuggestion | undefined {
  if (!canSuggestFor(ref)) return undefined;
  const library = modelLibraryOf(ref, libraryName);
  const name = libraryConstructorName(ref) ?? arch.name;
  return focusedConvSuggestion(arch, { hasFeaturesTrunk: hasFeaturesTrunk(name, library) });
}

/** The model-level suggestions: the form of the first reference that can take it (none when no reference can). */
export function modelSuggestions(arch: ArchitectureClass, references: readonly LocatedReference[], libraryName?: string | null): FocusedConvSuggestion[] {
  for (const ref of references) {
    const s = suggestionForReference(ref, arch, libraryName);
    if (s) return [s];
  }
  return [];
}

/** `resnet` → ` (resnet)`, for messages. */
function named(arch: ArchitectureClass): string {
  return arch.name ? ` (${arch.name})` : '';
}

/** The message of a focused-convolution finding; the same for Hub models and library weights. */
export function focusedConvMessage(modelId: string, arch: ArchitectureClass): string {
  return (
    `${modelId} is a pretrained CNN${named(arch)}: focused convolution can cut inference latency by up to 25% and energy by up to 22% ` +
    'without retraining (ASP-DAC 2024). Check accuracy on your own data before using it.'
  );
}

/** One finding per reference that can take the suggestion. */
export function focusedConvFindings(modelId: string, arch: ArchitectureClass, references: readonly LocatedReference[], libraryName?: string | null): Finding[] {
  const out: Finding[] = [];
  for (const ref of references) {
    if (!suggestionForReference(ref, arch, libraryName)) continue;
    out.push({ rule: FOCUSED_CONV_RULE, severity: 'info', modelId, message: focusedConvMessage(modelId, arch), evidence: [`architecture: ${arch.evidence}`], reference: ref });
  }
  return out;
}

/**
 * Findings for library weights (`torchvision/vgg16`, timm names), which are never looked up on the Hub
 * and so have no assessment: classified from the constructor alone.
 */
export function libraryWeightsFindings(references: readonly LocatedReference[]): Finding[] {
  return references.filter((r) => r.modelId && isLibraryWeightsReference(r)).flatMap((r) => focusedConvFindings(r.modelId!, classifyReference(r), [r]));
}
