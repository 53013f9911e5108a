/**
 * Vision models: architecture classification (CNN, vision transformer, other) and the
 * focused-convolution suggestion and snippet for pretrained CNNs. Editor-free, shared by the CLI and
 * the extension.
 */
export type { ArchitectureClass, ArchitectureFamily, ArchitectureInput } from './architecture.js';
export { classifyArchitecture, classifyFacts, classifyName, classifyReference, libraryConstructorName } from './architecture.js';
export type { FocusedConvLink, FocusedConvSnippetInput, FocusedConvSuggestion } from './focusedConv.js';
export {
  earlyModuleFor,
  FOCUSED_CONV_AICAS_2022,
  FOCUSED_CONV_ASPDAC_2024,
  FOCUSED_CONV_PYPI,
  FOCUSED_CONV_REPOSITORY,
  FOCUSED_CONV_SUMMARY,
  focusedConvSnippet,
  focusedConvSuggestion,
  hasFeaturesTrunk,
} from './focusedConv.js';
export type { FocusedConvInsertion } from './insertion.js';
export { focusedConvEdit, focusedConvInsertion } from './insertion.js';
export type { ModelLibrary } from './references.js';
export { isLibraryWeightsReference, modelLibraryOf } from './references.js';
export {
  canSuggestFor,
  FOCUSED_CONV_RULE,
  focusedConvFindings,
  focusedConvMessage,
  libraryWeightsFindings,
  modelArchitecture,
  modelSuggestions,
  suggestionForReference,
} from './suggestions.js';
