/**
 * Looks models up on the Hub (or an `HF_ENDPOINT`-compatible server, or offline in the local cache).
 * A cold lookup is one round trip: per model, two requests go out in parallel, the full model info
 * with the repository's security scan status (`GET /api/models/{id}/revision/{rev}?securityStatus=true`)
 * and the model card (raw README), and beside them the overview of the id's namespace (the publisher),
 * shared per author. Results are cached; a lookup at a pinned commit never expires.
 */
import { isLegacyModelId, isNamespacedHubId } from '../detect/hubId.js';
import type { KeyValueStore } from './cache.js';
import { LookupCache } from './cache.js';
import { HubHttp } from './http.js';
import type { HubHttpOptions } from './http.js';
import { readLocalModel } from './localCache.js';
import type { HubSettings } from './settings.js';
import { HubError } from './types.js';
import type { BaseModelLink, HubErrorKind, LookupState, ModelFacts, ModelLookup, PublisherInfo } from './types.js';
import { factsFromInfo, parseSecurity } from './facts.js';

export interface HubClientOptions {
  settings: HubSettings;
  fetch?: typeof fetch;
  store?: KeyValueStore;
  /** How long facts for an unpinned revision stay fresh. Default 6 hours. */
  ttlMs?: number;
  /** How long a failed lookup is remembered. Default 2 minutes. */
  errorTtlMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  maxRetries?: number;
  maxRetryWaitMs?: number;
  sleep?: HubHttpOptions['sleep'];
  now?: () => number;
  onAttempt?: HubHttpOptions['onAttempt'];
  userAgent?: string;
}

export interface LookupOptions {
  revision?: string | null;
  signal?: AbortSignal;
  /** Model info only (no card, no scan): enough for lineage ancestors. */
  lite?: boolean;
}

export interface LineageEntry {
  id: string;
  relation: string | null;
  /** Depth 1 is the direct base. */
  depth: number;
  /** The id this entry is a base of: the assessed model's canonical id at depth 1, else an entry's id. */
  parent: string;
  lookup: ModelLookup;
}

const DAY = 24 * 60 * 60 * 1000;

export class HubClient {
  readonly http: HubHttp;
  private readonly cache: LookupCache;
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: HubClientOptions) {
    const { settings } = options;
    this.http = new HubHttp({
      endpoint: settings.endpoint,
      token: settings.token,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
      ...(options.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: options.maxRetryWaitMs } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    });
    this.now = options.now ?? Date.now;
    this.cache = new LookupCache({ ...(options.store ? { store: options.store } : {}), now: this.now });
    this.ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
    this.errorTtlMs = options.errorTtlMs ?? 2 * 60 * 1000;
  }

  get settings(): HubSettings {
    return this.options.settings;
  }

  /** Drops every cached lookup (memory and disk). */
  clearCache(): Promise<void> {
    return this.cache.clear();
  }

  async lookup(id: string, opts: LookupOptions = {}): Promise<ModelLookup> {
    const revision = opts.revision ?? null;
    if (!isNamespacedHubId(id) && !isLegacyModelId(id)) {
      return { state: 'error', reason: `"${id}" is not a valid Hub model id.`, error: { kind: 'bad-request' } };
    }
    if (this.settings.offline) return readLocalModel(this.settings.hubCacheDir, id, revision);
    const key = `${opts.lite ? 'model-lite' : 'model'}|${this.settings.endpoint}|${id}|${revision ?? ''}`;
    try {
      return await this.cache.getOrCreate(
        key,
        () => this.fetchModel(id, revision, opts),
        (result) => this.expiry(result, revision),
      );
    } catch (err) {
      // Only cancellation escapes fetchModel; it is not cached.
      return lookupError(err, id);
    }
  }

  /** The chain of base models (nearest first, breadth-first), each looked up in lite mode. */
  async lineage(facts: ModelFacts, opts: { signal?: AbortSignal; maxDepth?: number } = {}): Promise<LineageEntry[]> {
    const maxDepth = opts.maxDepth ?? 4;
    const out: LineageEntry[] = [];
    const seen = new Set([facts.canonicalId.toLowerCase(), facts.requestedId.toLowerCase()]);
    let frontier: { links: BaseModelLink[]; depth: number; parent: string }[] = [{ links: facts.baseModels ?? [], depth: 1, parent: facts.canonicalId }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { links, depth, parent } of frontier) {
        if (depth > maxDepth) continue;
        const fresh = links.filter((l) => !seen.has(l.id.toLowerCase()));
        for (const l of fresh) seen.add(l.id.toLowerCase());
        const lookups = await Promise.all(fresh.map((l) => this.lookup(l.id, { lite: true, ...(opts.signal ? { signal: opts.signal } : {}) })));
        fresh.forEach((l, i) => {
          const lookup = lookups[i]!;
          out.push({ id: l.id, relation: l.relation, depth, parent, lookup });
          if (lookup.facts?.baseModels?.length) next.push({ links: lookup.facts.baseModels, depth: depth + 1, parent: l.id });
        });
      }
      frontier = next;
    }
    return out;
  }

  private expiry(result: ModelLookup, revision: string | null): number | null {
    if (result.state === 'ok') return revision && /^[0-9a-f]{40}$/i.test(revision) ? null : this.ttlMs;
    if (result.state === 'rate-limited' && result.error?.retryAt) return Math.max(1_000, result.error.retryAt - this.now());
    if (result.state === 'not-found' || result.state === 'disabled') return this.errorTtlMs * 5;
    return this.errorTtlMs;
  }

  private async fetchModel(id: string, revision: string | null, opts: LookupOptions): Promise<ModelLookup> {
    const signal = opts.signal;
    const sig = signal ? { signal } : {};
    const encodedRev = encodeURIComponent(revision ?? 'main');
    // The full answer (no `expand`): every fact used is in it, and `securityStatus=true` adds the scan
    // status, so info and scan are one request. Lite lookups (lineage ancestors) need no scan status.
    const infoP = settle(this.http.getJson(`/api/models/${id}/revision/${encodedRev}${opts.lite ? '' : '?securityStatus=true'}`, sig));
    const readmeP = opts.lite ? Promise.resolve(undefined) : settle(this.http.getText(`/${id}/raw/${encodedRev}/README.md`, sig));
    // The publisher is the id's namespace for every id but a renamed one: ask for it now, not after the info.
    const namespace = id.includes('/') ? id.split('/')[0]! : undefined;
    const publisherP = namespace ? settle(this.publisherFor(namespace, signal)) : undefined;
    const info = await infoP;
    if (!info.ok || !info.value || typeof info.value !== 'object' || Array.isArray(info.value)) {
      // Let the parallel requests end before answering, so nothing outlives the lookup.
      await Promise.all([readmeP, publisherP]);
      if (signal?.aborted) throw new HubError('cancelled', 'The lookup was cancelled.');
      return info.ok ? lookupError(new HubError('malformed', 'The Hub\'s answer is not a JSON object.'), id) : lookupError(info.error, id);
    }
    const body = info.value as Record<string, unknown>;
    const canonicalId = typeof body.id === 'string' && body.id !== '' ? body.id : id;
    const facts = factsFromInfo(id, canonicalId, revision, body);
    if (facts.author) {
      // A renamed repo's owner is not the namespace asked for: its publisher is asked for now, as before.
      const early = facts.author === namespace ? await publisherP : undefined;
      facts.publisher = early?.ok ? early.value : await this.publisherFor(facts.author, signal);
    } else {
      await publisherP;
    }
    if (!opts.lite) {
      const readme = await readmeP;
      if (readme?.ok) facts.readme = readme.value;
      else if (readme && readme.error.kind === 'entry-not-found') facts.readme = null;
      else if (readme) facts.unavailable.push({ fact: 'model card', reason: describeError(readme.error) });
      const status = parseSecurity(body.securityRepoStatus);
      if (status) facts.security = status;
      else facts.unavailable.push({ fact: 'security scan', reason: 'the Hub returned no scan status' });
    }
    if (signal?.aborted) throw new HubError('cancelled', 'The lookup was cancelled.');
    if (facts.disabled) return { state: 'disabled', facts, reason: 'the Hub has disabled this repository' };
    return { state: 'ok', facts };
  }

  /**
   * The publisher for one lookup. A cancelled request is not cached (`publisher` throws), so when the
   * shared request was started by another lookup that was cancelled, it is asked again for this one.
   */
  private async publisherFor(author: string, signal?: AbortSignal): Promise<PublisherInfo> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.publisher(author, signal);
      } catch (err) {
        if (signal?.aborted || !(err instanceof HubError) || err.kind !== 'cancelled' || attempt >= 2) throw err;
      }
    }
  }

  /** Whether the namespace is an organization and verified; cached for a day per author. */
  async publisher(author: string, signal?: AbortSignal): Promise<PublisherInfo> {
    const key = `publisher|${this.settings.endpoint}|${author}`;
    return this.cache.getOrCreate(
      key,
      async (): Promise<PublisherInfo> => {
        const org = await settle(this.http.getJson(`/api/organizations/${encodeURIComponent(author)}/overview`, signal ? { signal } : {}));
        // A cancelled request says nothing about the publisher: not cached.
        if (!org.ok && org.error.kind === 'cancelled') throw org.error;
        if (org.ok && org.value && typeof org.value === 'object') {
          const o = org.value as Record<string, unknown>;
          const info: PublisherInfo = { name: author, kind: 'organization', verified: o.isVerified === true };
          if (typeof o.fullname === 'string') info.fullName = o.fullname;
          return info;
        }
        if (!org.ok && org.error.kind === 'not-found') {
          const user = await settle(this.http.getJson(`/api/users/${encodeURIComponent(author)}/overview`, signal ? { signal } : {}));
          if (!user.ok && user.error.kind === 'cancelled') throw user.error;
          if (user.ok) return { name: author, kind: 'user', verified: false };
        }
        return { name: author, kind: 'unknown', verified: null };
      },
      (p) => (p.kind === 'unknown' ? this.errorTtlMs : DAY),
    );
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: HubError };

async function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    return { ok: false, error: err instanceof HubError ? err : new HubError('network', (err as Error).message ?? String(err)) };
  }
}

const STATE_FOR: Partial<Record<HubErrorKind, LookupState>> = {
  'not-found': 'not-found',
  'revision-not-found': 'not-found',
  gated: 'gated',
  unauthorized: 'unauthorized',
  disabled: 'disabled',
  'rate-limited': 'rate-limited',
  offline: 'offline',
};

export function lookupError(err: unknown, id: string): ModelLookup {
  let e: HubError;
  if (err instanceof HubError) e = err;
  else if (err instanceof SyntaxError) e = new HubError('malformed', 'The Hub\'s answer is not valid JSON.');
  else e = new HubError('malformed', `The Hub's answer could not be read: ${(err as Error).message ?? String(err)}`);
  if (e.kind === 'cancelled') throw e;
  const state = STATE_FOR[e.kind] ?? 'error';
  const reason =
    e.kind === 'revision-not-found'
      ? `the revision does not exist in ${id}`
      : e.kind === 'not-found'
        ? `${id} does not exist on the Hub, or is private`
        : describeError(e);
  const error: ModelLookup['error'] = { kind: e.kind };
  if (e.details.status !== undefined) error.status = e.details.status;
  if (e.details.errorCode !== undefined) error.errorCode = e.details.errorCode;
  if (e.details.requestId !== undefined) error.requestId = e.details.requestId;
  if (e.details.retryAt !== undefined) error.retryAt = e.details.retryAt;
  return { state, reason, error };
}

export function describeError(e: HubError): string {
  const msg = e.message.replace(/\.$/, '');
  return msg.charAt(0).toLowerCase() + msg.slice(1);
}
