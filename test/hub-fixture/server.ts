/**
 * A local stand-in for the Hugging Face Hub (REFERENCE.md §1–§3), for tests, benchmarks and the offline demo.
 *
 *   const hub = await startFixtureHub();
 *   await fetch(`${hub.url}/api/models/google-bert/bert-base-uncased`);
 *   hub.faults.inject({ kind: 'status', status: 429 }, { times: 1 });
 *   await hub.close();
 *
 * Run standalone: `npx tsx test/hub-fixture/server.ts [--port 8099] [--latency 50]`, then point
 * HF_ENDPOINT (or the client's hubUrl) at the printed URL. README.md in this folder documents the
 * behaviour, the records and what was assumed about the real Hub.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  type FixtureCommit,
  type FixtureFile,
  type ModelRecord,
  type NamespaceOverview,
  type SecurityRepoStatus,
  PICKLE_EXT,
  WEIGHT_EXT,
  gitBlobOid,
  lfsPointer,
  loadBundledRecords,
  loadNamespaces,
  readmeOf,
  sha1Hex,
  sha256Hex,
} from './records';

export * from './records';

// ------------------------------------------------------------------------------------------ constants

/** The token that counts as valid unless `startFixtureHub({ token })` says otherwise. */
export const DEFAULT_TOKEN = 'hf_fixture_token';
/** Listed in `_fixture.gatedApproved` of the gated records: pass it in `token` to see their files. */
export const APPROVED_TOKEN = 'hf_fixture_approved';
/** Listed in `_fixture.readers` of the private record acme-corp/internal-ranker. */
export const OWNER_TOKEN = 'hf_fixture_owner';
/** A repo id that is never stored (401 anonymous, 404 authenticated). */
export const MISSING_MODEL_ID = 'ghost-org/deleted-model';

/** Model expand keys the server accepts (REFERENCE §1.2); any other key is a 400 listing these. */
export const VALID_EXPAND_KEYS = [
  'author', 'baseModels', 'cardData', 'childrenModelCount', 'config', 'createdAt', 'disabled', 'downloads',
  'downloadsAllTime', 'evalResults', 'gated', 'gguf', 'inference', 'inferenceProviderMapping', 'lastModified',
  'library_name', 'likes', 'mask_token', 'model-index', 'pipeline_tag', 'private', 'resourceGroup', 'safetensors',
  'sha', 'siblings', 'spaces', 'tags', 'transformersInfo', 'trendingScore', 'usedStorage', 'widgetData', 'xetEnabled',
] as const;
/** Accepted but not listed in the 400 body: `@huggingface/hub` types it as an expandable field. */
const EXTRA_ACCEPTED_EXPAND_KEYS = ['gitalyUid'];

const DEFAULT_TREE_PAGE = 1000;
const DEFAULT_TREE_EXPAND_PAGE = 100;
const DEFAULT_COMMITS_PAGE = 50;
const RATE_WINDOW_S = 300;
const ANON_QUOTAS = { api: 500, resolvers: 3000, pages: 100 } as const;
const USER_QUOTAS = { api: 1000, resolvers: 5000, pages: 200 } as const;
type Bucket = keyof typeof ANON_QUOTAS;

const MSG = {
  invalidToken: 'Invalid credentials in Authorization header',
  anonNotFound: 'Invalid username or password.',
  repoNotFound: 'Repository not found',
  disabled: 'Access to this resource is disabled.',
  entryNotFound: 'Entry not found',
  notFound: "Sorry, we can't find the page you are looking for.",
  rateLimited: "You have been rate-limited; you can retry this action in about 5 minutes. If you're a new user, your limits will raise progressively over time. Get in touch with us at website@huggingface.co if you need access to higher rate limits.",
};

// ------------------------------------------------------------------------------------------ public types

export interface LoggedRequest {
  method: string;
  /** Path as received, still URL-encoded. */
  path: string;
  /** Query string without the leading `?` ("" when none). */
  query: string;
  authorization?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Status sent; 0 while pending, and for connection resets and hangs. */
  status: number;
  /** Which injected fault answered, if any. */
  fault?: Fault['kind'];
  /** Body bytes written so far. */
  bytesSent: number;
  /** True once the response finished or the connection closed. */
  done: boolean;
}

/** A 4xx/5xx answer, by default with the Hub's rate-limit headers when the status is 429. */
export interface StatusFault {
  kind: 'status';
  status: number;
  /**
   * For 429 the default is `RateLimit: "<bucket>";r=0;t=2` plus `RateLimit-Policy`; `false` sends neither.
   * `bucket` defaults from the path (`/resolve/` → resolvers, `/api/` → api, else pages).
   */
  rateLimit?: false | { remaining?: number; resetSeconds?: number; quota?: number; windowSeconds?: number; bucket?: Bucket };
  /** `Retry-After` value (seconds or HTTP date); omitted unless given. */
  retryAfter?: number | string;
  headers?: Record<string, string>;
  /** Response body; objects are sent as JSON. Default `{"error": "<reason>"}`. */
  body?: string | Record<string, unknown>;
}
/** The socket is destroyed without any response. */
export interface ResetFault { kind: 'reset' }
/** No response at all until the client gives up (or the fixture closes). */
export interface HangFault { kind: 'hang' }
/** The real response, its body dripped `chunkBytes` every `intervalMs` (defaults 64 bytes / 20 ms). */
export interface TrickleFault { kind: 'trickle'; chunkBytes?: number; intervalMs?: number }
/**
 * The real response cut after `bytes` (default: half the body). Default: Content-Length matches the cut body
 * and the response ends cleanly (a JSON parse error); `abort: true` announces the full length and then destroys
 * the socket (a network error while reading the body).
 */
export interface TruncateFault { kind: 'truncate'; bytes?: number; abort?: boolean }
/** The real status and headers with an unparsable body: by default the JSON with a trailing `,}`. */
export interface MalformedFault { kind: 'malformed'; body?: string; contentType?: string }
/** The real JSON with fields of the wrong type (downloads "…", likes null, tags a string, siblings an object, …). */
export interface WrongTypesFault { kind: 'wrongTypes' }
/** A 200 application/json body of `bytes` (default 50 MiB) streamed with bounded memory; chunked unless `declareLength`. */
export interface OversizedFault { kind: 'oversized'; bytes?: number; declareLength?: boolean }
/** 307 into an endless chain of redirects under /__fixture/loop/ (never ends, so fetch gives up after 20). */
export interface RedirectLoopFault { kind: 'redirectLoop'; status?: 301 | 302 | 307 | 308 }
/** A redirect with an absolute Location on the second server (`hub.otherOrigin`), same path and query. */
export interface OtherOriginRedirectFault { kind: 'otherOriginRedirect'; status?: 301 | 302 | 307 | 308 }

export type Fault =
  | StatusFault | ResetFault | HangFault | TrickleFault | TruncateFault | MalformedFault | WrongTypesFault
  | OversizedFault | RedirectLoopFault | OtherOriginRedirectFault;

export interface FaultScope {
  /** Only requests whose raw path starts with this (e.g. `/api/models/google-bert/`). */
  pathPrefix?: string;
  /** Only requests this predicate accepts. */
  match?: (req: { method: string; path: string; query: string }) => boolean;
  /** How many requests the fault answers before it retires (default: until removed or cleared). */
  times?: number;
}

export interface InjectedFault {
  readonly fault: Fault;
  /** Requests answered so far. */
  readonly hits: number;
  /** Requests it will still answer (Infinity when unlimited, 0 once retired). */
  readonly remaining: number;
  remove(): void;
}

export interface FaultControl {
  /** Adds a fault; the earliest injected fault that matches a request answers it. */
  inject(fault: Fault, scope?: FaultScope): InjectedFault;
  /** Removes all faults. */
  clear(): void;
  readonly active: readonly InjectedFault[];
}

export interface OtherOrigin {
  /** `http://127.0.0.1:<port>` of the second server: the CDN for LFS files and the target of otherOriginRedirect. */
  url: string;
  requests: LoggedRequest[];
}

export interface FixtureHub {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: LoggedRequest[];
  faults: FaultControl;
  otherOrigin: OtherOrigin;
  /** Empties `requests` and `otherOrigin.requests`. */
  resetLog(): void;
  /** Resolves with the first logged request (past or future) the predicate accepts. */
  waitForRequest(pred: (r: LoggedRequest) => boolean): Promise<LoggedRequest>;
  /** Resolves once no request is in flight on either server (hung requests count as in flight). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface FixtureHubOptions {
  /** Delay before every response, in ms (for benchmarks). */
  latencyMs?: number;
  /** Records to serve (default: all bundled records). */
  records?: ModelRecord[];
  /** Token(s) that count as valid (default `hf_fixture_token`). Bearer tokens outside this list → 401. */
  token?: string | string[];
  /** Port to listen on (default: random). */
  port?: number;
  /** Tree page size without / with `expand=true` (defaults 1000 / 100, as observed on the Hub). */
  treePageSize?: number;
  treeExpandPageSize?: number;
  /** Default `limit` of /commits (default 50). */
  commitsPageSize?: number;
  /** Enforce these per-window quotas (429 once spent); without it the RateLimit headers only count down. */
  rateLimit?: { api?: number; resolvers?: number; pages?: number; windowSeconds?: number };
  /** Owner overviews (default: namespaces.json). */
  namespaces?: Record<string, NamespaceOverview>;
}

// ------------------------------------------------------------------------------------------ repo model

interface FileEntry extends FixtureFile {
  content?: string;
  buffer?: Buffer;
}

interface Repo {
  id: string;
  record: Record<string, unknown>; // without _fixture
  meta: ModelRecord['_fixture'];
  commits: FixtureCommit[];
  files: FileEntry[];
  fileByPath: Map<string, FileEntry>;
  readme?: Buffer;
  branches: Map<string, string>;
  tags: Map<string, string>;
}

function buildRepo(rec: ModelRecord): Repo {
  const { _fixture: meta, ...record } = structuredClone(rec);
  if (!meta || !Array.isArray(meta.commits) || meta.commits.length === 0) throw new Error(`record ${rec.id}: _fixture.commits is required`);
  const readmeText = readmeOf(rec);
  const readme = readmeText === undefined ? undefined : Buffer.from(readmeText, 'utf8');
  const files: FileEntry[] = (meta.files ?? []).map((f) => {
    const e: FileEntry = { ...f };
    if (f.path === 'README.md' && readme) e.buffer = readme;
    else if (typeof f.content === 'string') e.buffer = Buffer.from(f.content, 'utf8');
    if (e.buffer) {
      e.size = e.buffer.length;
      e.oid = gitBlobOid(e.buffer);
      delete e.lfs;
    } else if (e.lfs) {
      const lfsOid = e.lfs.oid ?? sha256Hex(`lfs:${rec.id}:${f.path}`);
      const pointer = lfsPointer(lfsOid, e.size);
      e.lfs = { oid: lfsOid, size: e.size, pointerSize: Buffer.byteLength(pointer) };
      e.oid ??= gitBlobOid(Buffer.from(pointer));
    }
    e.oid ??= sha1Hex(`blob:${rec.id}:${f.path}:${f.size}`);
    return e;
  });
  if (readme && !files.some((f) => f.path === 'README.md')) {
    files.push({ path: 'README.md', size: readme.length, oid: gitBlobOid(readme), buffer: readme });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const latest = meta.commits[0]!.id;
  const branches = new Map<string, string>([['main', latest], ...Object.entries(meta.refs?.branches ?? {})]);
  const tags = new Map<string, string>(Object.entries(meta.refs?.tags ?? {}));
  return { id: rec.id, record, meta, commits: meta.commits, files, fileByPath: new Map(files.map((f) => [f.path, f])), readme, branches, tags };
}

// ------------------------------------------------------------------------------------------ replies

interface Synthetic { size: number; seed: string; start: number; end: number /* inclusive */ }
interface Reply {
  status: number;
  headers: Record<string, string | number>;
  body?: Buffer;
  synthetic?: Synthetic;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

function jsonReply(status: number, value: unknown, headers: Record<string, string | number> = {}): Reply {
  const body = Buffer.from(JSON.stringify(value));
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body };
}
function textReply(status: number, text: string, headers: Record<string, string | number> = {}, type = TEXT_TYPE): Reply {
  return { status, headers: { 'Content-Type': type, ...headers }, body: Buffer.from(text) };
}
function errorReply(api: boolean, status: number, code: string | undefined, message: string, extra: Record<string, string> = {}): Reply {
  const headers: Record<string, string> = { 'X-Error-Message': message, ...extra };
  if (code) headers['X-Error-Code'] = code;
  return api ? jsonReply(status, { error: message }, headers) : textReply(status, message, headers);
}
function redirectReply(status: number, location: string, headers: Record<string, string | number> = {}): Reply {
  const word = status === 301 ? 'Moved Permanently' : status === 302 ? 'Found' : status === 308 ? 'Permanent Redirect' : 'Temporary Redirect';
  return textReply(status, `${word}. Redirecting to ${location}`, { Location: location, ...headers });
}

const CHUNK = 64 * 1024;
const PADDING_SEED = '\u0000padding';
const patternCache = new Map<string, Buffer>();
/** Deterministic printable filler: period 65 bytes, one 64 KiB buffer per seed (memory stays bounded). */
function pattern(seed: string): Buffer {
  let buf = patternCache.get(seed);
  if (!buf) {
    // The JSON padding of oversized bodies must stay inside a string literal: no newlines there.
    const unit = Buffer.from(seed === PADDING_SEED ? 'x'.repeat(65) : sha256Hex(seed) + '\n');
    buf = Buffer.alloc(CHUNK + unit.length);
    for (let i = 0; i < buf.length; i += unit.length) unit.copy(buf, i);
    if (patternCache.size > 32) patternCache.clear();
    patternCache.set(seed, buf);
  }
  return buf;
}
function syntheticSlice(s: Synthetic, offset: number, len: number): Buffer {
  const p = pattern(s.seed);
  const start = offset % 65;
  return p.subarray(start, start + len);
}

// ------------------------------------------------------------------------------------------ server

interface Ctx {
  req: http.IncomingMessage;
  method: string;
  rawPath: string;
  query: URLSearchParams;
  search: string; // with leading ? or ""
  token?: string;
  origin: string; // http://host of this server
}

class HubServer {
  readonly repos = new Map<string, Repo>(); // lower-case id → repo
  readonly renames = new Map<string, string>(); // lower-case old id → canonical new id
  readonly lfsByOid = new Map<string, { size: number; repo: string; path: string }>();
  readonly namespaces = new Map<string, NamespaceOverview & { name?: string; user?: string }>();
  readonly tokens: Set<string>;
  readonly faultRules: FaultRuleImpl[] = [];
  readonly log: LoggedRequest[] = [];
  readonly otherLog: LoggedRequest[] = [];
  private readonly waiters: { pred: (r: LoggedRequest) => boolean; resolve: (r: LoggedRequest) => void }[] = [];
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly windowStart = Date.now();
  private readonly counters = new Map<string, number>();
  private currentWindow = 0;
  private requestSeq = 0;
  url = '';
  otherUrl = '';

  constructor(readonly opts: FixtureHubOptions) {
    const tokens = opts.token === undefined ? [DEFAULT_TOKEN] : Array.isArray(opts.token) ? opts.token : [opts.token];
    this.tokens = new Set(tokens);
    for (const rec of opts.records ?? loadBundledRecords()) {
      const repo = buildRepo(rec);
      this.repos.set(repo.id.toLowerCase(), repo);
      for (const old of repo.meta.renamedFrom ?? []) this.renames.set(old.toLowerCase(), repo.id);
      for (const f of repo.files) if (f.lfs) this.lfsByOid.set(f.lfs.oid, { size: f.size, repo: repo.id, path: f.path });
    }
    for (const [name, ov] of Object.entries(opts.namespaces ?? loadNamespaces())) this.namespaces.set(name.toLowerCase(), ov);
  }

  // -------------------------------------------------------------- bookkeeping

  private record(entry: LoggedRequest, other: boolean): void {
    (other ? this.otherLog : this.log).push(entry);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.pred(entry)) {
        this.waiters.splice(i, 1);
        w.resolve(entry);
      }
    }
  }

  waitForRequest(pred: (r: LoggedRequest) => boolean): Promise<LoggedRequest> {
    const hit = [...this.log, ...this.otherLog].find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private requestId(): string {
    this.requestSeq++;
    const t = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
    return `Root=1-${t}-${randomBytes(8).toString('hex')}${this.requestSeq.toString(16).padStart(8, '0')}`;
  }

  private bucketOf(rawPath: string): Bucket {
    if (rawPath.includes('/resolve/') || rawPath.startsWith('/api/resolve-cache/')) return 'resolvers';
    if (rawPath.startsWith('/api/')) return 'api';
    return 'pages';
  }

  private windowSeconds(): number {
    return this.opts.rateLimit?.windowSeconds ?? RATE_WINDOW_S;
  }

  /** Counts the request in its bucket; returns the RateLimit headers, and whether the quota is spent. */
  private rateLimit(ctx: Ctx): { headers: Record<string, string>; exceeded: boolean } {
    const bucket = this.bucketOf(ctx.rawPath);
    const w = this.windowSeconds();
    const elapsed = (Date.now() - this.windowStart) / 1000;
    const windowIdx = Math.floor(elapsed / w);
    const reset = Math.max(1, Math.ceil((windowIdx + 1) * w - elapsed));
    const who = ctx.token ?? 'anonymous';
    if (windowIdx !== this.currentWindow) {
      this.currentWindow = windowIdx;
      this.counters.clear();
    }
    const key = `${who}:${bucket}`;
    const used = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, used);
    const quota = this.opts.rateLimit?.[bucket] ?? (ctx.token ? USER_QUOTAS : ANON_QUOTAS)[bucket];
    const enforce = this.opts.rateLimit?.[bucket] !== undefined;
    return {
      headers: {
        RateLimit: `"${bucket}";r=${Math.max(0, quota - used)};t=${reset}`,
        'RateLimit-Policy': `"fixed window";"${bucket}";q=${quota};w=${w}`,
      },
      exceeded: enforce && used > quota,
    };
  }

  // -------------------------------------------------------------- entry point

  handle(req: http.IncomingMessage, res: http.ServerResponse, other: boolean): void {
    const url = new URL(req.url ?? '/', 'http://fixture.invalid');
    const rawPath = url.pathname;
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: rawPath,
      query: url.search.replace(/^\?/, ''),
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
      headers: { ...req.headers },
      status: 0,
      bytesSent: 0,
      done: false,
    };
    this.inFlight++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      entry.done = true;
      if (res.headersSent) entry.status = res.statusCode;
      this.inFlight--;
      if (this.inFlight === 0) {
        const ws = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of ws) w();
      }
    };
    res.on('finish', finish);
    res.on('close', finish);
    this.record(entry, other);
    void this.dispatch(req, res, entry, url, other).catch((err: unknown) => {
      if (!res.headersSent) {
        const body = Buffer.from(JSON.stringify({ error: `fixture error: ${(err as Error).message}` }));
        res.writeHead(500, { 'Content-Type': JSON_TYPE, 'Content-Length': body.length, 'X-Request-Id': this.requestId() });
        res.end(body);
        entry.status = 500;
      } else {
        res.destroy();
      }
    });
  }

  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse, entry: LoggedRequest, url: URL, other: boolean): Promise<void> {
    const latency = this.opts.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (res.destroyed) return;
    const host = req.headers.host ?? new URL(other ? this.otherUrl : this.url).host;
    const auth = req.headers.authorization;
    const ctx: Ctx = {
      req,
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath: url.pathname,
      query: url.searchParams,
      search: url.search,
      origin: `http://${host}`,
    };
    const requestId = this.requestId();

    // Faults (main server only; internal loop paths are exempt).
    if (!other && !ctx.rawPath.startsWith('/__fixture/')) {
      const rule = this.faultRules.find((r) => r.remaining > 0 && r.matches(ctx));
      if (rule) {
        rule.take();
        entry.fault = rule.fault.kind;
        await this.applyFault(rule.fault, ctx, res, entry, requestId);
        return;
      }
    }

    let reply: Reply;
    let tokenInvalid = false;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      if (m && this.tokens.has(m[1]!)) ctx.token = m[1]!;
      else tokenInvalid = true;
    }
    const isCdn = ctx.rawPath.startsWith('/repos/');
    const rl = isCdn || ctx.rawPath.startsWith('/__fixture/') ? undefined : this.rateLimit(ctx);
    if (tokenInvalid && !isCdn) {
      reply = errorReply(ctx.rawPath.startsWith('/api/'), 401, undefined, MSG.invalidToken);
    } else if (rl?.exceeded) {
      reply = jsonReply(429, { error: MSG.rateLimited }, { 'X-Error-Message': MSG.rateLimited });
    } else {
      if (ctx.method === 'POST') await readBody(req).then((b) => (ctx as Ctx & { body?: Buffer }).body = b);
      reply = this.route(ctx);
    }
    if (rl) Object.assign(reply.headers, rl.headers);
    reply.headers['X-Request-Id'] = requestId;
    await this.send(reply, ctx, res, entry);
  }

  // -------------------------------------------------------------- sending

  private async send(reply: Reply, ctx: Ctx, res: http.ServerResponse, entry: LoggedRequest, trickle?: TrickleFault): Promise<void> {
    // Conditional GET for JSON (weak ETag like Express).
    if (reply.status === 200 && reply.body && reply.headers.ETag === undefined && String(reply.headers['Content-Type']).startsWith('application/json')) {
      const etag = `W/"${reply.body.length.toString(16)}-${sha1Hex(reply.body).slice(0, 27)}"`;
      reply.headers.ETag = etag;
      if (ctx.req.headers['if-none-match'] === etag && !trickle) {
        reply = { status: 304, headers: { ...reply.headers } };
        delete reply.headers['Content-Type'];
      }
    }
    const length = reply.body ? reply.body.length : reply.synthetic ? reply.synthetic.end - reply.synthetic.start + 1 : 0;
    if (reply.status !== 304 && reply.headers['Content-Length'] === undefined) reply.headers['Content-Length'] = length;
    res.writeHead(reply.status, reply.headers);
    if (ctx.method === 'HEAD' || reply.status === 304 || length === 0) {
      res.end();
      return;
    }
    if (trickle) {
      const chunk = Math.max(1, trickle.chunkBytes ?? 64);
      const interval = Math.max(0, trickle.intervalMs ?? 20);
      for (let off = 0; off < length; off += chunk) {
        if (res.destroyed) return;
        const n = Math.min(chunk, length - off);
        const part = reply.body ? reply.body.subarray(off, off + n) : syntheticSlice(reply.synthetic!, reply.synthetic!.start + off, n);
        res.write(part);
        entry.bytesSent += n;
        if (off + n < length) await sleep(interval);
      }
      res.end();
      return;
    }
    if (reply.body) {
      entry.bytesSent += reply.body.length;
      res.end(reply.body);
      return;
    }
    await this.streamSynthetic(reply.synthetic!, res, entry, reply.synthetic!.end - reply.synthetic!.start + 1);
    if (!res.destroyed) res.end();
  }

  /** Writes `total` bytes of the synthetic stream with backpressure; stops when the client goes away. */
  private async streamSynthetic(s: Synthetic, res: http.ServerResponse, entry: LoggedRequest, total: number): Promise<void> {
    let off = 0;
    while (off < total) {
      if (res.destroyed) return;
      const n = Math.min(CHUNK, total - off);
      const ok = res.write(syntheticSlice(s, s.start + off, n));
      off += n;
      entry.bytesSent += n;
      if (!ok) {
        const closed = await new Promise<boolean>((resolve) => {
          const onDrain = () => { cleanup(); resolve(false); };
          const onClose = () => { cleanup(); resolve(true); };
          const cleanup = () => { res.off('drain', onDrain); res.off('close', onClose); };
          res.on('drain', onDrain);
          res.on('close', onClose);
        });
        if (closed) return;
      }
    }
  }

  // -------------------------------------------------------------- faults

  private async applyFault(fault: Fault, ctx: Ctx, res: http.ServerResponse, entry: LoggedRequest, requestId: string): Promise<void> {
    switch (fault.kind) {
      case 'reset':
        ctx.req.socket.destroy();
        return;
      case 'hang':
        return; // the connection stays open until the client aborts or the fixture closes
      case 'status': {
        const headers: Record<string, string | number> = { 'X-Request-Id': requestId };
        if (fault.status === 429 && fault.rateLimit !== false) {
          const rl = fault.rateLimit ?? {};
          const bucket = rl.bucket ?? this.bucketOf(ctx.rawPath);
          headers.RateLimit = `"${bucket}";r=${rl.remaining ?? 0};t=${rl.resetSeconds ?? 2}`;
          headers['RateLimit-Policy'] = `"fixed window";"${bucket}";q=${rl.quota ?? ANON_QUOTAS[bucket]};w=${rl.windowSeconds ?? RATE_WINDOW_S}`;
        }
        if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
        Object.assign(headers, fault.headers ?? {});
        let reply: Reply;
        if (typeof fault.body === 'string') reply = textReply(fault.status, fault.body, headers, String(headers['Content-Type'] ?? TEXT_TYPE));
        else {
          const message = fault.status === 429 ? MSG.rateLimited : http.STATUS_CODES[fault.status] ?? 'Error';
          reply = jsonReply(fault.status, fault.body ?? { error: message }, headers);
        }
        await this.send(reply, ctx, res, entry);
        return;
      }
      case 'redirectLoop': {
        const status = fault.status ?? 307;
        await this.send(redirectReply(status, `/__fixture/loop/1?status=${status}`, { 'X-Request-Id': requestId }), ctx, res, entry);
        return;
      }
      case 'otherOriginRedirect': {
        const status = fault.status ?? 307;
        await this.send(redirectReply(status, `${this.otherUrl}${ctx.rawPath}${ctx.search}`, { 'X-Request-Id': requestId }), ctx, res, entry);
        return;
      }
      case 'oversized': {
        const total = Math.max(0, fault.bytes ?? 50 * 1024 * 1024);
        const head = Buffer.from('{"_id":"000000000000000000000000","id":"oversized/response","padding":"');
        const tail = Buffer.from('"}');
        const padding = Math.max(0, total - head.length - tail.length);
        const headers: Record<string, string | number> = { 'Content-Type': JSON_TYPE, 'X-Request-Id': requestId };
        if (fault.declareLength) headers['Content-Length'] = head.length + padding + tail.length;
        res.writeHead(200, headers);
        if (ctx.method === 'HEAD') { res.end(); return; }
        res.write(head);
        entry.bytesSent += head.length;
        await this.streamSynthetic({ size: padding, seed: PADDING_SEED, start: 0, end: padding - 1 }, res, entry, padding);
        if (res.destroyed) return;
        res.end(tail);
        entry.bytesSent += tail.length;
        return;
      }
      default: {
        // Faults that distort the real response.
        if (ctx.method === 'POST') (ctx as Ctx & { body?: Buffer }).body = await readBody(ctx.req);
        const auth = ctx.req.headers.authorization;
        const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
        if (m && this.tokens.has(m[1]!)) ctx.token = m[1]!;
        const reply = this.route(ctx);
        reply.headers['X-Request-Id'] = requestId;
        if (reply.synthetic && fault.kind !== 'trickle' && fault.kind !== 'truncate') {
          await this.send(reply, ctx, res, entry);
          return;
        }
        if (fault.kind === 'trickle') {
          await this.send(reply, ctx, res, entry, fault);
          return;
        }
        const body = reply.body ?? Buffer.alloc(0);
        if (fault.kind === 'truncate') {
          const full = reply.synthetic ? reply.synthetic.end - reply.synthetic.start + 1 : body.length;
          const cut = Math.max(0, Math.min(full - 1, fault.bytes ?? Math.floor(full / 2)));
          const part = reply.synthetic ? syntheticSlice(reply.synthetic, reply.synthetic.start, Math.min(cut, CHUNK)) : body.subarray(0, cut);
          delete reply.headers.ETag;
          res.writeHead(reply.status, { ...reply.headers, 'Content-Length': fault.abort ? full : part.length });
          if (ctx.method === 'HEAD') { res.end(); return; }
          res.write(part);
          entry.bytesSent += part.length;
          if (fault.abort) {
            // Let the partial body reach the client before the connection dies.
            await new Promise<void>((resolve) => res.write('', () => resolve()));
            res.socket?.destroy();
          } else {
            res.end();
          }
          return;
        }
        if (fault.kind === 'malformed') {
          const text = fault.body ?? (body.length > 1 ? body.toString('utf8').replace(/[}\]]\s*$/, ',}') : '{,}');
          const headers = { ...reply.headers };
          delete headers.ETag;
          delete headers['Content-Length'];
          if (fault.contentType) headers['Content-Type'] = fault.contentType;
          await this.send({ status: reply.status, headers, body: Buffer.from(text) }, ctx, res, entry);
          return;
        }
        // wrongTypes
        let mangled = body;
        try {
          mangled = Buffer.from(JSON.stringify(mangleTypes(JSON.parse(body.toString('utf8')))));
        } catch {
          /* not JSON: unchanged */
        }
        const headers = { ...reply.headers };
        delete headers.ETag;
        delete headers['Content-Length'];
        await this.send({ status: reply.status, headers, body: mangled }, ctx, res, entry);
        return;
      }
    }
  }

  // -------------------------------------------------------------- routing

  route(ctx: Ctx): Reply {
    const p = ctx.rawPath;
    const get = ctx.method === 'GET' || ctx.method === 'HEAD';
    if (p.startsWith('/__fixture/loop/')) {
      const n = Number(p.slice('/__fixture/loop/'.length)) || 0;
      const status = Number(ctx.query.get('status')) || 307;
      return redirectReply(status, `/__fixture/loop/${n + 1}?status=${status}`);
    }
    if (p.startsWith('/repos/') && get) return this.cdn(ctx);
    if (p.startsWith('/api/')) {
      const segs = p.slice('/api/'.length).split('/');
      if (segs[0] === 'models' && segs.length >= 2) return this.modelsApi(ctx, segs.slice(1));
      if (segs[0] === 'resolve-cache' && segs[1] === 'models' && get) return this.resolveCache(ctx, segs.slice(2));
      if (segs[0] === 'organizations' && segs[2] === 'overview' && segs.length === 3 && get) return this.overview(ctx, decodeSeg(segs[1]!), 'org');
      if (segs[0] === 'users' && segs[2] === 'overview' && segs.length === 3 && get) return this.overview(ctx, decodeSeg(segs[1]!), 'user');
      if (segs[0] === 'whoami-v2' && segs.length === 1 && get) return this.whoami(ctx);
      return errorReply(true, 404, undefined, MSG.notFound);
    }
    if (get) {
      const segs = p.slice(1).split('/');
      const fileRoute = this.splitFileRoute(segs);
      if (fileRoute) return this.fileRoute(ctx, fileRoute);
    }
    return errorReply(false, 404, undefined, MSG.notFound);
  }

  private known(id: string): boolean {
    const k = id.toLowerCase();
    return this.repos.has(k) || this.renames.has(k);
  }

  /** Splits `/{id}/{raw|resolve}/{rev}/{path}`; ids have one `/`, legacy ids none. */
  private splitFileRoute(segs: string[]): { id: string; idSegs: number; kind: 'raw' | 'resolve'; rev: string; path: string } | undefined {
    const isKind = (s: string | undefined) => s === 'raw' || s === 'resolve';
    if (segs.length >= 5 && isKind(segs[2]) && (this.known(`${decodeSeg(segs[0]!)}/${decodeSeg(segs[1]!)}`) || !isKind(segs[1]))) {
      return { id: `${decodeSeg(segs[0]!)}/${decodeSeg(segs[1]!)}`, idSegs: 2, kind: segs[2] as 'raw' | 'resolve', rev: decodeSeg(segs[3]!), path: segs.slice(4).map(decodeSeg).join('/') };
    }
    if (segs.length >= 4 && isKind(segs[1])) {
      return { id: decodeSeg(segs[0]!), idSegs: 1, kind: segs[1] as 'raw' | 'resolve', rev: decodeSeg(segs[2]!), path: segs.slice(3).map(decodeSeg).join('/') };
    }
    return undefined;
  }

  /** Splits `{id}/{rest…}` after `/api/models/`. */
  private splitApiRepo(segs: string[]): { id: string; idSegs: number; rest: string[] } {
    const keywords = new Set(['revision', 'tree', 'refs', 'commits', 'scan', 'paths-info', 'readme', 'discussions', 'settings']);
    if (segs.length >= 2) {
      const two = `${decodeSeg(segs[0]!)}/${decodeSeg(segs[1]!)}`;
      if (this.known(two) || !keywords.has(segs[1]!)) return { id: two, idSegs: 2, rest: segs.slice(2) };
    }
    return { id: decodeSeg(segs[0]!), idSegs: 1, rest: segs.slice(1) };
  }

  /** 307 to the same path with the id replaced, when `id` was renamed. */
  private renameRedirect(ctx: Ctx, id: string, idSegs: number, prefix: string): Reply | undefined {
    const target = this.renames.get(id.toLowerCase());
    if (!target || this.repos.has(id.toLowerCase())) return undefined;
    const rest = ctx.rawPath.slice(prefix.length).split('/').slice(idSegs).join('/');
    const location = `${prefix}${target.split('/').map(encodeURIComponent).join('/')}${rest ? '/' + rest : ''}${ctx.search}`;
    return redirectReply(307, location);
  }

  /** Access rules shared by every repo endpoint; undefined when access is granted. */
  private access(ctx: Ctx, id: string, api: boolean, files: boolean): { repo?: Repo; deny?: Reply } {
    const repo = this.repos.get(id.toLowerCase());
    const hidden = !repo || (repo.record.private === true && !(ctx.token && repo.meta.readers?.includes(ctx.token)));
    if (hidden) {
      if (!ctx.token) {
        return { deny: errorReply(api, 401, 'RepoNotFound', MSG.anonNotFound, { 'WWW-Authenticate': 'Bearer realm="Authentication required", charset="UTF-8"' }) };
      }
      return { deny: errorReply(api, 404, 'RepoNotFound', MSG.repoNotFound) };
    }
    if (repo.record.disabled === true) return { deny: errorReply(api, 403, undefined, MSG.disabled) };
    if (files && repo.record.gated && repo.record.gated !== false) {
      if (!ctx.token) {
        return { deny: errorReply(api, 401, 'GatedRepo', `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`, { 'WWW-Authenticate': 'Bearer realm="Authentication required", charset="UTF-8"' }) };
      }
      if (!repo.meta.gatedApproved?.includes(ctx.token)) {
        return { deny: errorReply(api, 403, 'GatedRepo', `Access to model ${repo.id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${repo.id} to ask for access.`) };
      }
    }
    return { repo };
  }

  private resolveRev(repo: Repo, rev: string): FixtureCommit | undefined {
    let r = rev;
    if (r === 'HEAD') r = 'main';
    if (r.startsWith('refs/heads/')) r = r.slice('refs/heads/'.length);
    else if (r.startsWith('refs/tags/')) {
      const t = repo.tags.get(r.slice('refs/tags/'.length));
      return t ? repo.commits.find((c) => c.id === t) : undefined;
    }
    const target = repo.branches.get(r) ?? repo.tags.get(r) ?? (/^[0-9a-f]{40}$/.test(r) ? r : undefined);
    return target ? repo.commits.find((c) => c.id === target) : undefined;
  }

  private revNotFound(api: boolean, rev: string): Reply {
    return errorReply(api, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
  }

  /** The record (without _fixture) as at `commit`. */
  private recordAt(repo: Repo, commit: FixtureCommit): Record<string, unknown> {
    const rec = structuredClone(repo.record);
    if (commit.id !== repo.commits[0]!.id) {
      rec.sha = commit.id;
      rec.lastModified = commit.date;
      for (const [k, v] of Object.entries(commit.overrides ?? {})) {
        if (v === null && k !== 'model-index') delete rec[k];
        else rec[k] = structuredClone(v);
      }
    }
    return rec;
  }

  private filesAt(repo: Repo, commit: FixtureCommit): FileEntry[] {
    const sib = commit.overrides?.siblings as { rfilename: string }[] | undefined;
    if (commit.id === repo.commits[0]!.id || !Array.isArray(sib)) return repo.files;
    const keep = new Set(sib.map((s) => s.rfilename));
    return repo.files.filter((f) => keep.has(f.path));
  }

  // -------------------------------------------------------------- /api/models

  private modelsApi(ctx: Ctx, segs: string[]): Reply {
    const { id, idSegs, rest } = this.splitApiRepo(segs);
    const redirect = this.renameRedirect(ctx, id, idSegs, '/api/models/');
    if (redirect) return redirect;
    const get = ctx.method === 'GET' || ctx.method === 'HEAD';
    const sub = rest[0];
    if (rest.length === 0 && get) return this.withRepo(ctx, id, false, (repo) => this.info(ctx, repo, 'main'));
    if (sub === 'revision' && rest.length >= 2 && get) {
      const rev = rest.slice(1).map(decodeSeg).join('/');
      return this.withRepo(ctx, id, false, (repo) => this.info(ctx, repo, rev));
    }
    if (sub === 'scan' && rest.length === 1 && get) return this.withRepo(ctx, id, false, (repo) => jsonReply(200, repo.meta.securityRepoStatus));
    if (sub === 'refs' && rest.length === 1 && get) return this.withRepo(ctx, id, false, (repo) => this.refs(ctx, repo));
    if (sub === 'tree' && rest.length >= 2 && get) {
      return this.withRepo(ctx, id, false, (repo) => this.tree(ctx, repo, decodeSeg(rest[1]!), rest.slice(2).map(decodeSeg).join('/')));
    }
    if (sub === 'commits' && rest.length >= 2 && get) {
      return this.withRepo(ctx, id, false, (repo) => this.commitsList(ctx, repo, rest.slice(1).map(decodeSeg).join('/')));
    }
    if (sub === 'paths-info' && rest.length >= 2 && ctx.method === 'POST') {
      return this.withRepo(ctx, id, false, (repo) => this.pathsInfo(ctx, repo, rest.slice(1).map(decodeSeg).join('/')));
    }
    return errorReply(true, 404, undefined, MSG.notFound);
  }

  private withRepo(ctx: Ctx, id: string, files: boolean, fn: (repo: Repo) => Reply): Reply {
    const { repo, deny } = this.access(ctx, id, true, files);
    return deny ?? fn(repo!);
  }

  private info(ctx: Ctx, repo: Repo, rev: string): Reply {
    const commit = this.resolveRev(repo, rev);
    if (!commit) return this.revNotFound(true, rev);
    const rec = this.recordAt(repo, commit);
    const expand = [...ctx.query.getAll('expand'), ...ctx.query.getAll('expand[]')];
    let out: Record<string, unknown>;
    if (expand.length > 0) {
      const bad = expand.filter((k) => !(VALID_EXPAND_KEYS as readonly string[]).includes(k) && !EXTRA_ACCEPTED_EXPAND_KEYS.includes(k));
      if (bad.length > 0) return jsonReply(400, { error: `"expand" must be one of [${VALID_EXPAND_KEYS.join(', ')}]` });
      out = { _id: rec._id, id: rec.id };
      const extra = repo.meta.expandOnly ?? {};
      for (const k of expand) {
        if (k in rec) out[k] = rec[k];
        else if (k in extra) out[k] = structuredClone(extra[k]);
      }
    } else {
      out = rec;
    }
    if (isTrue(ctx.query.get('blobs')) && Array.isArray(out.siblings)) {
      const files = new Map(this.filesAt(repo, commit).map((f) => [f.path, f]));
      out.siblings = (out.siblings as { rfilename: string }[]).map((s) => {
        const f = files.get(s.rfilename);
        if (!f) return s;
        return { rfilename: s.rfilename, size: f.size, blobId: f.oid, ...(f.lfs ? { lfs: { sha256: f.lfs.oid, size: f.lfs.size, pointerSize: f.lfs.pointerSize } } : {}) };
      });
    }
    if (isTrue(ctx.query.get('securityStatus'))) out.securityRepoStatus = structuredClone(repo.meta.securityRepoStatus);
    return jsonReply(200, out);
  }

  private refs(ctx: Ctx, repo: Repo): Reply {
    const body: Record<string, unknown> = {
      tags: [...repo.tags].map(([name, target]) => ({ name, ref: `refs/tags/${name}`, targetCommit: target })),
      branches: [...repo.branches].map(([name, target]) => ({ name, ref: `refs/heads/${name}`, targetCommit: target })),
      converts: [],
    };
    if (isTrue(ctx.query.get('include_prs'))) body.pullRequests = [];
    return jsonReply(200, body);
  }

  private commitsList(ctx: Ctx, repo: Repo, rev: string): Reply {
    const commit = this.resolveRev(repo, rev);
    if (!commit) return this.revNotFound(true, rev);
    const history = repo.commits.slice(repo.commits.indexOf(commit));
    const limit = clampInt(ctx.query.get('limit'), this.opts.commitsPageSize ?? DEFAULT_COMMITS_PAGE, 1, 1000);
    const page = clampInt(ctx.query.get('p'), 0, 0, Number.MAX_SAFE_INTEGER);
    const items = history.slice(page * limit, page * limit + limit).map((c) => ({ id: c.id, title: c.title, message: c.message, authors: c.authors, date: c.date }));
    const headers: Record<string, string | number> = { 'X-Total-Count': history.length };
    if ((page + 1) * limit < history.length) {
      const q = new URLSearchParams(ctx.query);
      q.set('p', String(page + 1));
      q.set('limit', String(limit));
      headers.Link = `<${ctx.origin}${ctx.rawPath}?${q}>; rel="next"`;
    }
    return jsonReply(200, items, headers);
  }

  private securityFileStatus(repo: Repo, f: FileEntry, sha: string): unknown {
    if (f.securityFileStatus !== undefined) return structuredClone(f.securityFileStatus);
    const status: SecurityRepoStatus = repo.meta.securityRepoStatus;
    const issue = status.filesWithIssues.find((i) => i.path === f.path);
    const level = f.scan ?? issue?.level ?? (status.scansDone ? 'safe' : 'unscanned');
    const scanned = level !== 'unscanned';
    const out: Record<string, unknown> = { status: level };
    out.avScan = f.virusNames?.length
      ? { status: 'unsafe', message: `${f.virusNames.join(', ')} FOUND`, virusNames: f.virusNames }
      : { status: scanned ? 'safe' : 'unscanned' };
    if (PICKLE_EXT.test(f.path)) {
      const imports = f.pickleImports ?? [
        { module: 'collections', name: 'OrderedDict', safety: 'innocuous' },
        { module: 'torch', name: 'FloatStorage', safety: 'innocuous' },
        { module: 'torch._utils', name: '_rebuild_tensor_v2', safety: 'innocuous' },
      ];
      const worst = imports.some((i) => i.safety === 'dangerous') ? 'unsafe' : imports.some((i) => i.safety === 'suspicious') ? 'caution' : 'safe';
      out.pickleImportScan = scanned ? { status: worst, pickleImports: imports, version: '0.0.31' } : { status: 'unscanned' };
    } else {
      out.pickleImportScan = { status: 'unscanned' };
    }
    if (WEIGHT_EXT.test(f.path)) {
      const third = !scanned ? 'unscanned' : level === 'unsafe' || level === 'caution' || level === 'suspicious' ? level : 'safe';
      const q = `${encodeURIComponent(repo.id)}/${sha}/files?blob-id=${f.oid}`;
      out.protectAiScan = { status: third, message: third === 'safe' ? 'This file has no security findings.' : third === 'unscanned' ? 'This file has not been scanned yet.' : 'This file has security findings.', reportLink: `https://protectai.com/insights/models/${q}&utm_source=huggingface`, reportLabel: 'Protect AI report' };
      out.jFrogScan = { status: third, message: third === 'safe' ? 'No security issues were found.' : third === 'unscanned' ? 'Not scanned.' : 'Potential security issues were found.', reportLink: `https://research.jfrog.com/model-threats/?repo=${encodeURIComponent(repo.id)}&file=${encodeURIComponent(f.path)}`, reportLabel: 'JFrog report' };
    }
    return out;
  }

  private treeEntry(repo: Repo, f: FileEntry, expand: boolean, sha: string): Record<string, unknown> {
    const e: Record<string, unknown> = { type: 'file', oid: f.oid, size: f.size, path: f.path };
    if (f.lfs) e.lfs = { ...f.lfs };
    if (f.xetHash) e.xetHash = f.xetHash;
    if (expand) {
      e.lastCommit = this.lastCommit(repo, f.lastCommit);
      e.securityFileStatus = this.securityFileStatus(repo, f, sha);
    }
    return e;
  }

  private lastCommit(repo: Repo, id?: string): { id: string; title: string; date: string } {
    const c = (id && repo.commits.find((x) => x.id === id)) || repo.commits[0]!;
    return { id: c.id, title: c.title, date: c.date };
  }

  private dirEntry(repo: Repo, dir: string, files: FileEntry[], expand: boolean): Record<string, unknown> {
    const inside = files.filter((f) => f.path.startsWith(dir + '/'));
    const e: Record<string, unknown> = { type: 'directory', oid: sha1Hex(`tree:${repo.id}:${dir}:${inside.map((f) => f.oid).join(',')}`), size: 0, path: dir };
    if (expand) {
      const newest = inside.map((f) => this.lastCommit(repo, f.lastCommit)).sort((a, b) => b.date.localeCompare(a.date))[0];
      e.lastCommit = newest ?? this.lastCommit(repo);
    }
    return e;
  }

  private listing(repo: Repo, files: FileEntry[], base: string, recursive: boolean, expand: boolean, sha: string): Record<string, unknown>[] | undefined {
    const prefix = base ? base + '/' : '';
    if (base && !files.some((f) => f.path.startsWith(prefix))) return undefined;
    const dirs = new Set<string>();
    const entries: { path: string; make: () => Record<string, unknown> }[] = [];
    for (const f of files) {
      if (!f.path.startsWith(prefix)) continue;
      const rel = f.path.slice(prefix.length);
      const parts = rel.split('/');
      if (recursive) {
        for (let i = 1; i < parts.length; i++) dirs.add(prefix + parts.slice(0, i).join('/'));
        entries.push({ path: f.path, make: () => this.treeEntry(repo, f, expand, sha) });
      } else if (parts.length === 1) {
        entries.push({ path: f.path, make: () => this.treeEntry(repo, f, expand, sha) });
      } else {
        dirs.add(prefix + parts[0]!);
      }
    }
    for (const d of dirs) entries.push({ path: d, make: () => this.dirEntry(repo, d, files, expand) });
    // Git orders a directory as if its name ended with "/".
    const key = (e: { path: string }) => (dirs.has(e.path) ? e.path + '/' : e.path);
    entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return entries.map((e) => e.make());
  }

  private tree(ctx: Ctx, repo: Repo, rev: string, base: string): Reply {
    const commit = this.resolveRev(repo, rev);
    if (!commit) return this.revNotFound(true, rev);
    const expand = isTrue(ctx.query.get('expand'));
    const recursive = isTrue(ctx.query.get('recursive'));
    const files = this.filesAt(repo, commit);
    const cleanBase = base.replace(/\/+$/, '');
    const all = this.listing(repo, files, cleanBase, recursive, expand, commit.id);
    if (!all) return errorReply(true, 404, 'EntryNotFound', `${cleanBase} does not exist on "${rev}"`);
    const pageSize = expand ? this.opts.treeExpandPageSize ?? DEFAULT_TREE_EXPAND_PAGE : this.opts.treePageSize ?? DEFAULT_TREE_PAGE;
    const cursor = ctx.query.get('cursor');
    const offset = cursor ? decodeCursor(cursor) : 0;
    if (offset === undefined) return jsonReply(400, { error: 'Invalid cursor' });
    const page = all.slice(offset, offset + pageSize);
    const headers: Record<string, string> = {};
    if (offset + pageSize < all.length) {
      const q = new URLSearchParams(ctx.query);
      q.set('cursor', encodeCursor(offset + pageSize));
      headers.Link = `<${ctx.origin}${ctx.rawPath}?${q}>; rel="next"`;
    }
    return jsonReply(200, page, headers);
  }

  private pathsInfo(ctx: Ctx, repo: Repo, rev: string): Reply {
    const commit = this.resolveRev(repo, rev);
    if (!commit) return this.revNotFound(true, rev);
    const raw = (ctx as Ctx & { body?: Buffer }).body?.toString('utf8') ?? '';
    let paths: string[];
    let expand: boolean;
    const type = String(ctx.req.headers['content-type'] ?? '');
    try {
      if (type.includes('json')) {
        const b = JSON.parse(raw || '{}') as { paths?: unknown; expand?: unknown };
        paths = Array.isArray(b.paths) ? b.paths.map(String) : [];
        expand = b.expand === true || isTrue(String(b.expand));
      } else {
        const f = new URLSearchParams(raw);
        paths = f.getAll('paths');
        expand = isTrue(f.get('expand'));
      }
    } catch {
      return jsonReply(400, { error: 'Invalid JSON body' });
    }
    const files = this.filesAt(repo, commit);
    const out: Record<string, unknown>[] = [];
    for (const p of paths) {
      const clean = p.replace(/^\/+|\/+$/g, '');
      const f = files.find((x) => x.path === clean);
      if (f) out.push(this.treeEntry(repo, f, expand, commit.id));
      else if (files.some((x) => x.path.startsWith(clean + '/'))) out.push(this.dirEntry(repo, clean, files, expand));
    }
    return jsonReply(200, out);
  }

  // -------------------------------------------------------------- files

  private fileRoute(ctx: Ctx, r: { id: string; idSegs: number; kind: 'raw' | 'resolve'; rev: string; path: string }): Reply {
    const redirect = this.renameRedirect(ctx, r.id, r.idSegs, '/');
    if (redirect) return redirect;
    const { repo, deny } = this.access(ctx, r.id, false, true);
    if (deny) return deny;
    const commit = this.resolveRev(repo!, r.rev);
    if (!commit) return this.revNotFound(false, r.rev);
    const f = this.filesAt(repo!, commit).find((x) => x.path === r.path);
    if (!f) return errorReply(false, 404, 'EntryNotFound', MSG.entryNotFound, { 'X-Repo-Commit': commit.id });
    if (r.kind === 'raw') {
      if (f.lfs) return this.serveBuffer(ctx, Buffer.from(lfsPointer(f.lfs.oid, f.lfs.size)), TEXT_TYPE, { ETag: `"${f.oid}"`, 'X-Repo-Commit': commit.id });
      return this.serveFile(ctx, repo!, f, { 'X-Repo-Commit': commit.id });
    }
    // resolve
    if (f.lfs) {
      const h = f.lfs.oid;
      const expires = Math.floor(Date.now() / 1000) + 3600;
      const location = `${this.otherUrl}/repos/${h.slice(0, 2)}/${h.slice(2, 4)}/${h}?response-content-disposition=${encodeURIComponent(`inline; filename*=UTF-8''${r.path.split('/').pop()}`)}&Expires=${expires}&Key-Pair-Id=FIXTURE&Signature=fixture`;
      return redirectReply(302, location, { 'X-Repo-Commit': commit.id, 'X-Linked-Etag': `"${h}"`, 'X-Linked-Size': f.size, ETag: `"${h}"`, ...(f.xetHash ? { 'X-Xet-Hash': f.xetHash } : {}) });
    }
    const idPath = repo!.id.split('/').map(encodeURIComponent).join('/');
    const location = `/api/resolve-cache/models/${idPath}/${commit.id}/${r.path.split('/').map(encodeURIComponent).join('/')}${ctx.search}`;
    return redirectReply(307, location, { 'X-Repo-Commit': commit.id, ETag: `"${f.oid}"` });
  }

  private resolveCache(ctx: Ctx, segs: string[]): Reply {
    // {id (1 or 2 segments)}/{sha}/{path…}
    let id: string | undefined;
    let rest: string[] = [];
    if (segs.length >= 4 && /^[0-9a-f]{40}$/.test(segs[2]!)) {
      id = `${decodeSeg(segs[0]!)}/${decodeSeg(segs[1]!)}`;
      rest = segs.slice(2);
    } else if (segs.length >= 3 && /^[0-9a-f]{40}$/.test(segs[1]!)) {
      id = decodeSeg(segs[0]!);
      rest = segs.slice(1);
    }
    if (!id) return errorReply(true, 404, undefined, MSG.notFound);
    const { repo, deny } = this.access(ctx, id, true, true);
    if (deny) return deny;
    const commit = repo!.commits.find((c) => c.id === rest[0]);
    if (!commit) return this.revNotFound(true, rest[0]!);
    const path = rest.slice(1).map(decodeSeg).join('/');
    const f = this.filesAt(repo!, commit).find((x) => x.path === path);
    if (!f || f.lfs) return errorReply(true, 404, 'EntryNotFound', MSG.entryNotFound);
    return this.serveFile(ctx, repo!, f, { 'X-Repo-Commit': commit.id });
  }

  private cdn(ctx: Ctx): Reply {
    const oid = ctx.rawPath.split('/').pop() ?? '';
    const blob = this.lfsByOid.get(oid);
    if (!blob) return textReply(404, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code></Error>', {}, 'application/xml');
    return this.serveSynthetic(ctx, blob.size, `lfs:${oid}`, 'application/octet-stream', { ETag: `"${oid}"`, 'Accept-Ranges': 'bytes' });
  }

  private serveFile(ctx: Ctx, repo: Repo, f: FileEntry, headers: Record<string, string | number>): Reply {
    const type = contentType(f.path);
    const h = { ETag: `"${f.oid}"`, 'Accept-Ranges': 'bytes', ...headers };
    if (f.buffer) return this.serveBuffer(ctx, f.buffer, type, h);
    return this.serveSynthetic(ctx, f.size, `blob:${repo.id}:${f.path}`, type, h);
  }

  private serveBuffer(ctx: Ctx, buf: Buffer, type: string, headers: Record<string, string | number>): Reply {
    const range = parseRange(ctx.req.headers.range, buf.length);
    if (range === 'invalid') return { status: 416, headers: { 'Content-Range': `bytes */${buf.length}`, ...headers }, body: Buffer.alloc(0) };
    if (range) return { status: 206, headers: { 'Content-Type': type, 'Content-Range': `bytes ${range.start}-${range.end}/${buf.length}`, ...headers }, body: buf.subarray(range.start, range.end + 1) };
    return { status: 200, headers: { 'Content-Type': type, ...headers }, body: buf };
  }

  private serveSynthetic(ctx: Ctx, size: number, seed: string, type: string, headers: Record<string, string | number>): Reply {
    const range = parseRange(ctx.req.headers.range, size);
    if (range === 'invalid') return { status: 416, headers: { 'Content-Range': `bytes */${size}`, ...headers }, body: Buffer.alloc(0) };
    if (size === 0) return { status: 200, headers: { 'Content-Type': type, ...headers }, body: Buffer.alloc(0) };
    if (range) return { status: 206, headers: { 'Content-Type': type, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, ...headers }, synthetic: { size, seed, ...range } };
    return { status: 200, headers: { 'Content-Type': type, ...headers }, synthetic: { size, seed, start: 0, end: size - 1 } };
  }

  // -------------------------------------------------------------- owners, whoami

  private overview(_ctx: Ctx, name: string, kind: 'org' | 'user'): Reply {
    const ov = this.namespaces.get(name.toLowerCase());
    if (!ov || ov.type !== kind) return jsonReply(404, { error: kind === 'org' ? 'Organization not found' : 'User not found' }, { 'X-Error-Message': kind === 'org' ? 'Organization not found' : 'User not found' });
    return jsonReply(200, ov);
  }

  private whoami(ctx: Ctx): Reply {
    if (!ctx.token) return errorReply(true, 401, undefined, MSG.invalidToken);
    return jsonReply(200, {
      type: 'user', id: '65a0f1c2d3e4f5a6b7c8d9e0', name: 'fixture-user', fullname: 'Fixture User', isPro: false, canPay: false,
      orgs: [], auth: { type: 'access_token', accessToken: { displayName: 'fixture', role: 'read', createdAt: '2024-01-01T00:00:00.000Z' } },
    });
  }
}

// ------------------------------------------------------------------------------------------ fault rules

class FaultRuleImpl implements InjectedFault {
  hits = 0;
  private left: number;
  constructor(readonly fault: Fault, private readonly scope: FaultScope, private readonly owner: FaultRuleImpl[]) {
    this.left = scope.times ?? Infinity;
  }
  get remaining(): number {
    return this.left;
  }
  matches(ctx: Ctx): boolean {
    if (this.scope.pathPrefix !== undefined && !ctx.rawPath.startsWith(this.scope.pathPrefix)) return false;
    if (this.scope.match && !this.scope.match({ method: ctx.method, path: ctx.rawPath, query: ctx.search.replace(/^\?/, '') })) return false;
    return true;
  }
  take(): void {
    this.hits++;
    this.left--;
    if (this.left <= 0) this.remove();
  }
  remove(): void {
    this.left = 0;
    const i = this.owner.indexOf(this);
    if (i >= 0) this.owner.splice(i, 1);
  }
}

// ------------------------------------------------------------------------------------------ helpers

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function decodeSeg(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isTrue(v: string | null | undefined): boolean {
  return v !== null && v !== undefined && /^(1|true|yes|on)$/i.test(v);
}

function clampInt(v: string | null, dflt: number, min: number, max: number): number {
  const n = v === null ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : dflt;
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ file_name: 'fixture', offset })).toString('base64url');
}
function decodeCursor(c: string): number | undefined {
  try {
    const o = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as { offset?: unknown };
    return typeof o.offset === 'number' && o.offset >= 0 ? o.offset : undefined;
  } catch {
    return undefined;
  }
}

function parseRange(h: string | undefined, size: number): { start: number; end: number } | 'invalid' | undefined {
  if (!h) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(h.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const n = Number(m[2]);
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

function contentType(p: string): string {
  if (/\.md$/i.test(p)) return 'text/markdown; charset=utf-8';
  if (/\.json$/i.test(p)) return 'application/json; charset=utf-8';
  const base = p.split('/').pop() ?? p;
  if (!base.includes('.') || base.startsWith('.') || /\.(txt|py|yaml|yml|cfg|toml|xml)$/i.test(base)) return TEXT_TYPE;
  return 'application/octet-stream';
}

function readBody(req: http.IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Gives fields of a Hub JSON answer the wrong types, recursively through arrays. */
export function mangleTypes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(mangleTypes);
  if (!v || typeof v !== 'object') return v;
  const o = { ...(v as Record<string, unknown>) };
  const swap: Record<string, (x: unknown) => unknown> = {
    downloads: (x) => String(x),
    likes: () => null,
    private: (x) => String(x),
    gated: (x) => (x === false ? 0 : 1),
    disabled: (x) => String(x),
    tags: (x) => (Array.isArray(x) ? x.join(',') : x),
    siblings: (x) => (Array.isArray(x) ? Object.fromEntries(x.map((s, i) => [String(i), s])) : x),
    sha: () => 1234567,
    lastModified: (x) => Date.parse(String(x)),
    createdAt: (x) => Date.parse(String(x)),
    cardData: (x) => (x && typeof x === 'object' ? 'license: ' + String((x as Record<string, unknown>).license) : x),
    config: () => [],
    safetensors: (x) => (x && typeof x === 'object' ? { ...(x as object), total: '110M' } : x),
    'model-index': () => 'see README',
    size: (x) => String(x),
    type: () => 7,
    path: () => null,
    oid: () => false,
    lfs: () => 'yes',
    securityRepoStatus: () => 'scanned',
    securityFileStatus: () => ['safe'],
    scansDone: (x) => String(x),
    filesWithIssues: () => 'none',
    isVerified: (x) => String(x),
    numModels: (x) => String(x),
    date: (x) => Date.parse(String(x)),
    authors: () => 'unknown',
  };
  for (const [k, fn] of Object.entries(swap)) if (k in o) o[k] = fn(o[k]);
  return o;
}

// ------------------------------------------------------------------------------------------ start

function listen(server: http.Server, port = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** Starts the fixture Hub (and its second origin) on 127.0.0.1. */
export async function startFixtureHub(opts: FixtureHubOptions = {}): Promise<FixtureHub> {
  const hub = new HubServer(opts);
  const main = http.createServer((req, res) => hub.handle(req, res, false));
  const other = http.createServer((req, res) => hub.handle(req, res, true));
  hub.url = await listen(main, opts.port);
  hub.otherUrl = await listen(other);
  let closed: Promise<void> | undefined;
  const faults: FaultControl = {
    inject(fault: Fault, scope: FaultScope = {}): InjectedFault {
      const rule = new FaultRuleImpl(fault, scope, hub.faultRules);
      if (rule.remaining > 0) hub.faultRules.push(rule);
      return rule;
    },
    clear(): void {
      for (const r of [...hub.faultRules]) r.remove();
    },
    get active(): readonly InjectedFault[] {
      return [...hub.faultRules];
    },
  };
  return {
    url: hub.url,
    requests: hub.log,
    faults,
    otherOrigin: { url: hub.otherUrl, requests: hub.otherLog },
    resetLog(): void {
      hub.log.length = 0;
      hub.otherLog.length = 0;
    },
    waitForRequest: (pred) => hub.waitForRequest(pred),
    settled: () => hub.settled(),
    close(): Promise<void> {
      closed ??= Promise.all(
        [main, other].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      ).then(() => undefined);
      return closed;
    },
  };
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  void startFixtureHub({
    port: Number(arg('port') ?? process.env.PORT ?? 0),
    latencyMs: Number(arg('latency') ?? 0),
  }).then((hub) => {
    process.stdout.write(`fixture Hub listening on ${hub.url} (CDN ${hub.otherOrigin.url}); valid token ${DEFAULT_TOKEN}\n`);
    const stop = () => void hub.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
