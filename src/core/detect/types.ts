/**
 * The shape of a detected model reference. This is the contract shared by the
 * extension, the CLI's JSON output (documented in README.md) and the tests.
 */

/** What the referenced artefact is, judged from the call that names it. */
export type ReferenceKind =
  | 'model'
  | 'tokenizer'
  | 'processor'
  | 'config'
  | 'pipeline'
  | 'adapter'
  | 'download'
  | 'config-key';

/**
 * How the model id was obtained:
 * - `literal`: a string literal at the call site;
 * - `constant`: a name bound to a string literal in the same module or enclosing function;
 * - `default`: the default of `os.environ.get`/`os.getenv`, an argparse option or a parameter;
 * - `dynamic`: anything else (f-strings, concatenation, attributes of config objects); `modelId` is null.
 */
export type ResolvedVia = 'literal' | 'constant' | 'default' | 'dynamic';

/** A zero-based position in UTF-16 code units, as editors count. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface ModelReference {
  /** Canonical Hub-style id as written (`org/name` or a legacy one-segment id); null when dynamic. */
  modelId: string | null;
  resolvedVia: ResolvedVia;
  kind: ReferenceKind;
  /** The loader as written at the call site, e.g. `AutoModel.from_pretrained`, `pipeline`, or the config key. */
  call: string;
  /**
   * Range of the text an editor underlines: the model id inside the string literal (quotes and
   * prefixes such as `hf-hub:` excluded) for literals, or the argument expression otherwise.
   * For notebook cells the range is within the cell's source.
   */
  range: Range;
  /** Where the string that gave the id is defined, when it is not at the call site (constants, defaults). */
  valueRange?: Range;
  /** Notebook cell of `valueRange`, when the value is defined in another cell. */
  valueCell?: number;
  /** `revision=` (or `@rev` in `hf-hub:` ids) when given as a resolvable string; null when absent or dynamic. */
  revision: string | null;
  trustRemoteCode: boolean | null;
  useSafetensors: boolean | null;
  subfolder: string | null;
  localFilesOnly: boolean | null;
  /** 0-based index among all cells of a notebook; absent for ordinary files. */
  cell?: number;
  /** Which language the reference was found in. */
  language: SourceLanguage;
  /**
   * Where the weights come from. Absent means a Hugging Face Hub repo (every loader but the two below).
   * `torchvision` and `timm` mark a library's own published weights named by a constructor
   * (`torchvision.models.resnet50(weights=...)`, `timm.create_model("resnet50", pretrained=True)`): their
   * `modelId` (`torchvision/resnet50`, `resnet50`) is not a Hub repo and must not be looked up there.
   */
  source?: ModelSource;
  /**
   * The pretrained weights the constructor names, as written (`ResNet50_Weights.IMAGENET1K_V2`, `DEFAULT`,
   * `pretrained=True`); only on library-weights references. `DEFAULT` follows the installed library version.
   */
  weights?: string;
}

export type ModelSource = 'hub' | 'torchvision' | 'timm';

export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'tsx' | 'yaml' | 'json';

/** A problem met while reading or parsing one file; the scan goes on. */
export interface FileNotice {
  file: string;
  kind: 'too-large' | 'unreadable' | 'invalid-notebook' | 'not-utf8' | 'parse-error';
  message: string;
}

export interface DetectionResult {
  references: ModelReference[];
  notices: Omit<FileNotice, 'file'>[];
}
