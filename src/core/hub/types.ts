/**
 * What PTM Lens knows about one model from the Hub (or the local cache), and the states a lookup can
 * end in. Every state other than `ok` and `offline` means "unknown because …", never "clean".
 */

export type LookupState = 'ok' | 'not-found' | 'gated' | 'unauthorized' | 'disabled' | 'rate-limited' | 'offline' | 'error';

/** Why a request failed, mapped from the status code and `X-Error-Code`. */
export type HubErrorKind =
  | 'not-found'
  | 'revision-not-found'
  | 'entry-not-found'
  | 'gated'
  | 'unauthorized'
  | 'disabled'
  | 'rate-limited'
  | 'network'
  | 'timeout'
  | 'server'
  | 'malformed'
  | 'too-large'
  | 'redirect'
  | 'bad-request'
  | 'offline'
  | 'cancelled';

export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    readonly details: {
      status?: number;
      errorCode?: string;
      requestId?: string;
      url?: string;
      /** When a rate limit resets, as epoch milliseconds. */
      retryAt?: number;
    } = {},
  ) {
    super(message);
    this.name = 'HubError';
  }
}

export interface SecurityIssue {
  path: string;
  level: string;
}

export interface SecurityStatus {
  scansDone: boolean;
  filesWithIssues: SecurityIssue[];
}

export interface PublisherInfo {
  name: string;
  kind: 'organization' | 'user' | 'unknown';
  verified: boolean | null;
  fullName?: string;
}

export interface BaseModelLink {
  id: string;
  relation: string | null;
}

/** The facts an assessment works from. Absent facts are `undefined` or listed in `unavailable`. */
export interface ModelFacts {
  /** The id as the code wrote it. */
  requestedId: string;
  /** The Hub's canonical id (differs when the repo was renamed or the id is legacy). */
  canonicalId: string;
  /** The revision asked for (`null` for the default branch). */
  requestedRevision: string | null;
  /** The commit the revision resolved to. */
  sha?: string;
  author?: string;
  private?: boolean;
  gated?: false | 'auto' | 'manual';
  disabled?: boolean;
  pipelineTag?: string;
  libraryName?: string;
  tags?: string[];
  downloads?: number;
  /** Only from an `expand=downloadsAllTime` answer; lookups read the full answer, which lacks it (nothing uses it). */
  downloadsAllTime?: number;
  likes?: number;
  createdAt?: string;
  lastModified?: string;
  cardData?: Record<string, unknown>;
  config?: Record<string, unknown>;
  transformersInfo?: Record<string, unknown>;
  modelIndex?: unknown;
  safetensors?: { total?: number; parameters?: Record<string, number> };
  /** Repository file names (`siblings[].rfilename`). */
  files?: string[];
  baseModels?: BaseModelLink[];
  readme?: string | null;
  security?: SecurityStatus;
  publisher?: PublisherInfo;
  /** Facts that could not be obtained, with the reason, e.g. `{ fact: 'security scan', reason: 'offline' }`. */
  unavailable: { fact: string; reason: string }[];
  /** Where the facts came from. */
  source: 'hub' | 'local-cache';
}

export interface ModelLookup {
  state: LookupState;
  /** Present when state is `ok` or `offline` (and for `gated`, whose metadata is public). */
  facts?: ModelFacts;
  /** For every state but `ok`: a sentence that starts the "unknown because …" explanation. */
  reason?: string;
  error?: { kind: HubErrorKind; status?: number; errorCode?: string; requestId?: string; retryAt?: number };
}
