/**
 * The one door to the network. Every Hub request goes through here, so these hold everywhere:
 * - the token is sent only to the configured Hub origin, and never follows a redirect elsewhere;
 * - redirects are followed by hand (relative `Location`s included), at most five hops, no loops;
 * - each attempt has a timeout, bodies have a size cap and are never buffered past it;
 * - 408/429/5xx and dropped connections are retried a bounded number of times with backoff,
 *   honouring `RateLimit` and `Retry-After`; a wait longer than the cap is reported, not slept;
 * - a shared limit bounds concurrent requests;
 * - statuses and `X-Error-Code` become typed `HubError`s.
 */
import { HubError } from './types.js';
import type { HubErrorKind } from './types.js';
import { oneLine } from '../text.js';

export interface HubHttpOptions {
  endpoint: string;
  token: string | null;
  fetch?: typeof fetch;
  /** Per attempt. */
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRetries?: number;
  /** Longer waits (typically a rate-limit window) end the request as `rate-limited` instead of sleeping. */
  maxRetryWaitMs?: number;
  concurrency?: number;
  userAgent?: string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Observes each attempt (for logs); never given the token. */
  onAttempt?: (info: { url: string; status: number | 'error'; attempt: number; ms: number }) => void;
}

export interface HubResponse {
  status: number;
  url: string;
  headers: Headers;
  body: Uint8Array;
}

const MAX_REDIRECTS = 5;

export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(signal!.reason ?? new Error('aborted'));
        };
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(go);
      });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class HubHttp {
  readonly endpoint: string;
  private readonly origin: string;
  private readonly fetchImpl: typeof fetch;
  private readonly semaphore: Semaphore;
  private readonly o: Required<Omit<HubHttpOptions, 'fetch' | 'onAttempt' | 'token' | 'endpoint'>> & Pick<HubHttpOptions, 'onAttempt'>;

  constructor(private readonly options: HubHttpOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.origin = new URL(this.endpoint).origin;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.semaphore = new Semaphore(Math.max(1, options.concurrency ?? 8));
    this.o = {
      timeoutMs: options.timeoutMs ?? 15_000,
      maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
      maxRetries: options.maxRetries ?? 3,
      maxRetryWaitMs: options.maxRetryWaitMs ?? 10_000,
      concurrency: options.concurrency ?? 8,
      userAgent: options.userAgent ?? 'ptm-lens',
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? Date.now,
      onAttempt: options.onAttempt,
    };
  }

  /** A URL on the Hub for a path that starts with `/`. */
  url(path: string): string {
    return `${this.endpoint}${path}`;
  }

  /** GET with retries; resolves with a 2xx response, rejects with a `HubError` otherwise. */
  async get(urlOrPath: string, opts: { signal?: AbortSignal; accept?: string } = {}): Promise<HubResponse> {
    const url = urlOrPath.startsWith('/') ? this.url(urlOrPath) : urlOrPath;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(url, opts, attempt);
      } catch (err) {
        const e = toHubError(err, opts.signal);
        const wait = this.retryWait(e, attempt);
        if (wait === undefined) throw e;
        await this.o.sleep(wait, opts.signal).catch((abortErr: unknown) => {
          throw toHubError(abortErr, opts.signal);
        });
      }
    }
  }

  async getJson(urlOrPath: string, opts: { signal?: AbortSignal } = {}): Promise<unknown> {
    const res = await this.get(urlOrPath, { ...opts, accept: 'application/json' });
    return parseJson(res);
  }

  async getText(urlOrPath: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
    const res = await this.get(urlOrPath, { ...opts, accept: 'text/plain, text/markdown, */*' });
    return new TextDecoder().decode(res.body);
  }

  private retryWait(e: HubError, attempt: number): number | undefined {
    if (attempt >= this.o.maxRetries) return undefined;
    if (e.kind === 'rate-limited') {
      const wait = e.details.retryAt !== undefined ? Math.max(0, e.details.retryAt - this.o.now()) : backoff(attempt);
      return wait <= this.o.maxRetryWaitMs ? wait : undefined;
    }
    if (e.kind === 'server' || e.kind === 'network' || e.kind === 'timeout') return backoff(attempt);
    return undefined;
  }

  private async once(startUrl: string, opts: { signal?: AbortSignal; accept?: string }, attempt: number): Promise<HubResponse> {
    const release = await this.semaphore.acquire(opts.signal);
    const started = this.o.now();
    let url = startUrl;
    let status: number | 'error' = 'error';
    try {
      const seen = new Set<string>();
      for (let hop = 0; ; hop++) {
        if (seen.has(url)) throw new HubError('redirect', `The Hub redirected in a loop at ${redact(url)}.`, { url: redact(url) });
        seen.add(url);
        const timeout = AbortSignal.timeout(this.o.timeoutMs);
        const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
        const headers: Record<string, string> = { 'User-Agent': this.o.userAgent, Accept: opts.accept ?? 'application/json' };
        // The token goes only to the configured Hub origin, never to wherever a redirect points.
        if (this.options.token && new URL(url).origin === this.origin) headers.Authorization = `Bearer ${this.options.token}`;
        let res: Response;
        try {
          res = await this.fetchImpl(url, { method: 'GET', headers, redirect: 'manual', signal });
        } catch (err) {
          if (timeout.aborted && !opts.signal?.aborted) throw new HubError('timeout', `No answer from the Hub within ${this.o.timeoutMs / 1000} s (${redact(url)}).`, { url: redact(url) });
          throw err;
        }
        status = res.status;
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel().catch(() => undefined);
          if (hop >= MAX_REDIRECTS) throw new HubError('redirect', `Too many redirects from ${redact(startUrl)}.`, { url: redact(startUrl) });
          url = new URL(location, url).href;
          continue;
        }
        const body = await readCapped(res, this.o.maxBodyBytes, url, timeout, opts.signal, this.o.timeoutMs);
        if (res.status >= 200 && res.status < 300) return { status: res.status, url, headers: res.headers, body };
        throw errorFromResponse(res, body, url, !!headers.Authorization, this.o.now(), this.options.token);
      }
    } finally {
      release();
      this.o.onAttempt?.({ url: redact(url), status, attempt, ms: this.o.now() - started });
    }
  }
}

function backoff(attempt: number): number {
  return Math.min(8_000, 500 * 2 ** attempt);
}

async function readCapped(res: Response, cap: number, url: string, timeout: AbortSignal, caller: AbortSignal | undefined, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await res.body?.cancel().catch(() => undefined);
    throw new HubError('too-large', `The Hub's answer is ${declared} bytes, over the ${cap}-byte limit (${redact(url)}).`, { status: res.status, url: redact(url) });
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => undefined);
        throw new HubError('too-large', `The Hub's answer exceeded the ${cap}-byte limit (${redact(url)}).`, { status: res.status, url: redact(url) });
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    if (timeout.aborted && !caller?.aborted) throw new HubError('timeout', `The Hub's answer did not complete within ${timeoutMs / 1000} s (${redact(url)}).`, { url: redact(url) });
    throw err;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Maps a failed answer to a typed error (REFERENCE.md §1.5). */
export function errorFromResponse(res: Response, body: Uint8Array, url: string, authenticated: boolean, now: number, token?: string | null): HubError {
  const code = res.headers.get('x-error-code') ?? undefined;
  const headerMessage = res.headers.get('x-error-message') ?? undefined;
  const requestId = res.headers.get('x-request-id') ?? undefined;
  const details = { status: res.status, errorCode: code, requestId, url: redact(url) };
  let bodyMessage: string | undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as { error?: unknown; message?: unknown };
    const m = parsed.error ?? parsed.message;
    if (typeof m === 'string') bodyMessage = m.slice(0, 300);
  } catch {
    // not JSON
  }
  // The Hub's own words go into reasons that terminals and reports print: no control or bidi characters.
  // A server that echoes the token back (e.g. "invalid token hf_…") must not get it into a report.
  const said = cleanHubText(headerMessage ?? bodyMessage, token);
  const make = (kind: HubErrorKind, message: string): HubError => new HubError(kind, said && !message.includes(said) ? `${message} (Hub: ${said})` : message, details);
  const s = res.status;
  if (code === 'GatedRepo') return make('gated', 'The model is gated: its files need an approved access request and a token.');
  if (code === 'RevisionNotFound') return make('revision-not-found', 'The revision does not exist in this repository.');
  if (code === 'EntryNotFound') return make('entry-not-found', 'The file does not exist at this revision.');
  if (s === 401) {
    if (/invalid credentials|invalid user token|invalid token/i.test(said ?? '') || (authenticated && code !== 'RepoNotFound')) {
      return make('unauthorized', 'The Hub rejected the token (invalid or expired).');
    }
    return make('not-found', 'The repository does not exist, or is private.');
  }
  if (s === 403) {
    if (/disabled/i.test(said ?? '') || code === 'DisabledRepo') return make('disabled', 'The Hub has disabled this repository.');
    return make('unauthorized', 'The token is not allowed to read this repository.');
  }
  if (s === 404) return make('not-found', 'The repository does not exist, or is private.');
  if (s === 429) {
    const retryAt = rateLimitReset(res.headers, now);
    return new HubError('rate-limited', 'The Hub rate limit was reached.', retryAt === undefined ? details : { ...details, retryAt });
  }
  if (s === 408 || s >= 500) return make('server', `The Hub answered with an error (HTTP ${s}).`);
  return make('bad-request', `The Hub refused the request (HTTP ${s}).`);
}

/** Text from the Hub as one line, without the token: control and bidirectional-override characters become spaces. */
function cleanHubText(text: string | undefined, token?: string | null): string | undefined {
  if (text === undefined) return undefined;
  if (token) text = text.split(token).join('***');
  const clean = oneLine(text);
  return clean === '' ? undefined : clean;
}

/** When a rate limit resets: `RateLimit: "api";r=0;t=<s>` (draft-ietf-httpapi-ratelimit-headers), else `Retry-After`. */
export function rateLimitReset(headers: Headers, now: number): number | undefined {
  const rl = headers.get('ratelimit');
  if (rl) {
    const r = /(?:^|;)\s*r=(\d+)/.exec(rl);
    const t = /(?:^|;)\s*t=(\d+)/.exec(rl);
    if (t && (!r || Number(r[1]) === 0)) return now + (Number(t[1]) + 1) * 1000;
  }
  const ra = headers.get('retry-after');
  if (ra) {
    if (/^\d+$/.test(ra.trim())) return now + Number(ra.trim()) * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(now, date);
  }
  return undefined;
}

function toHubError(err: unknown, caller: AbortSignal | undefined): HubError {
  if (err instanceof HubError) return err;
  if (caller?.aborted) return new HubError('cancelled', 'The lookup was cancelled.');
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const what = code ? `${code}` : (err as Error).message ?? String(err);
  return new HubError('network', `Could not reach the Hub (${what}).`);
}

export function parseJson(res: HubResponse): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(res.body));
  } catch {
    throw new HubError('malformed', `The Hub's answer is not valid JSON (${redact(res.url)}).`, { status: res.status, url: redact(res.url) });
  }
}

/** URLs in messages and logs carry no query credentials. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const key of [...u.searchParams.keys()]) if (/token|key|secret|auth/i.test(key)) u.searchParams.set(key, '***');
    return u.href;
  } catch {
    return url;
  }
}
