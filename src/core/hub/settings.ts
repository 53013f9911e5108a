/**
 * Where the Hub is, which token to send, and whether to go online at all: the same precedence as
 * huggingface_hub (REFERENCE.md §1.9), with the editor's own settings first.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubSettings {
  /** Origin and optional path prefix, without a trailing slash. */
  endpoint: string;
  token: string | null;
  tokenSource: 'secret-storage' | 'HF_TOKEN' | 'HUGGING_FACE_HUB_TOKEN' | 'token-file' | 'option' | null;
  offline: boolean;
  /** The Hugging Face cache folder (`HF_HUB_CACHE`, else `$HF_HOME/hub`). */
  hubCacheDir: string;
}

export interface HubSettingsInput {
  endpoint?: string | null;
  offline?: boolean | null;
  /** A token from the editor's SecretStorage or a command-line option. */
  token?: string | null;
  tokenSource?: 'secret-storage' | 'option';
  env?: NodeJS.ProcessEnv;
  readFile?: (file: string) => string | undefined;
}

const TRUTHY = new Set(['1', 'on', 'yes', 'true']);

export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.has(value.trim().toLowerCase());
}

/** Validates and normalizes an endpoint: http(s) only, no credentials, query or fragment, no trailing slash. */
export function normalizeEndpoint(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`The Hub endpoint "${value}" is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`The Hub endpoint must use http or https, not ${url.protocol}`);
  if (url.username || url.password) throw new Error('The Hub endpoint must not contain credentials; use a token instead.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function hfHome(env: NodeJS.ProcessEnv): string {
  if (env.HF_HOME) return env.HF_HOME;
  const xdg = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'huggingface');
}

export function resolveHubSettings(input: HubSettingsInput = {}): HubSettings {
  const env = input.env ?? process.env;
  const readFile = input.readFile ?? ((f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  });
  const endpoint = normalizeEndpoint(input.endpoint?.trim() || env.HF_ENDPOINT?.trim() || DEFAULT_ENDPOINT);
  const offline = input.offline === true || isTruthyEnv(env.HF_HUB_OFFLINE) || isTruthyEnv(env.TRANSFORMERS_OFFLINE);
  let token: string | null = null;
  let tokenSource: HubSettings['tokenSource'] = null;
  if (input.token?.trim()) {
    token = input.token.trim();
    tokenSource = input.tokenSource ?? 'option';
  } else if (env.HF_TOKEN?.trim()) {
    token = env.HF_TOKEN.trim();
    tokenSource = 'HF_TOKEN';
  } else if (env.HUGGING_FACE_HUB_TOKEN?.trim()) {
    token = env.HUGGING_FACE_HUB_TOKEN.trim();
    tokenSource = 'HUGGING_FACE_HUB_TOKEN';
  } else {
    const fromFile = readFile(env.HF_TOKEN_PATH || path.join(hfHome(env), 'token'))?.trim();
    if (fromFile) {
      token = fromFile;
      tokenSource = 'token-file';
    }
  }
  const hubCacheDir = env.HF_HUB_CACHE || env.HUGGINGFACE_HUB_CACHE || path.join(hfHome(env), 'hub');
  return { endpoint, token, tokenSource, offline, hubCacheDir };
}
