import path from 'node:path';
import * as vscode from 'vscode';
import type { LocatedReference, ModelAssessment } from '../core/assess/assess.js';
import { assessModel, groupReferences } from '../core/assess/assess.js';
import { FileStore } from '../core/hub/cache.js';
import { HubClient } from '../core/hub/client.js';
import type { LineageEntry } from '../core/hub/client.js';
import { resolveHubSettings } from '../core/hub/settings.js';
import type { ModelLookup } from '../core/hub/types.js';
import type { ProjectLicense } from '../core/license/index.js';
import { resolveProjectLicense } from '../core/pipeline.js';
import { readConfig } from './config.js';
import type { Log } from './log.js';

export const TOKEN_SECRET = 'ptmLens.hfToken';

interface Looked {
  lookup: ModelLookup;
  lineage: LineageEntry[];
}

/**
 * Owns the Hub client (rebuilt when settings or the token change) and the lookups in flight, and turns
 * a document's references into assessments. Lookups are shared by every document and cached by the client.
 */
export class ModelService implements vscode.Disposable {
  private client: Promise<HubClient> | undefined;
  private readonly looked = new Map<string, Promise<Looked>>();
  private readonly projectLicenses = new Map<string, ProjectLicense | null>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when settings, the token or the caches change, so views and diagnostics recompute. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: Log, private readonly version: string) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ptmLens')) this.reset(false);
      }),
      context.secrets.onDidChange((e) => {
        if (e.key === TOKEN_SECRET) this.reset(false);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.projectLicenses.clear()),
      this.changed,
    );
  }

  /** Drops the client and in-memory lookups; with `clearDisk`, the persistent cache too. */
  async reset(clearDisk: boolean): Promise<void> {
    const old = this.client;
    this.client = undefined;
    this.looked.clear();
    this.projectLicenses.clear();
    if (clearDisk) {
      await (await (old ?? this.getClient())).clearCache();
      this.client = undefined;
    }
    this.changed.fire();
  }

  get hubUrl(): string {
    try {
      return resolveHubSettings({ endpoint: readConfig().endpoint || null }).endpoint;
    } catch {
      return 'https://huggingface.co';
    }
  }

  /** The Hub client for the current settings and token; concurrent callers share one. */
  getClient(): Promise<HubClient> {
    this.client ??= this.createClient();
    return this.client;
  }

  private async createClient(): Promise<HubClient> {
    const config = readConfig();
    const token = await this.context.secrets.get(TOKEN_SECRET);
    let settings;
    try {
      settings = resolveHubSettings({ endpoint: config.endpoint || null, offline: config.offline, token: token ?? null, tokenSource: 'secret-storage' });
    } catch (err) {
      this.log.warn(`Invalid ptmLens.hub.endpoint (${(err as Error).message}); using the default Hub.`);
      settings = resolveHubSettings({ offline: config.offline, token: token ?? null, tokenSource: 'secret-storage' });
    }
    const client = new HubClient({
      settings,
      store: new FileStore(path.join(this.context.globalStorageUri.fsPath, 'hub')),
      ttlMs: config.cacheTtlHours * 3_600_000,
      concurrency: config.concurrency,
      userAgent: `ptm-lens-vscode/${this.version}`,
      // Log each request without its token (the client never hands the token to observers).
      onAttempt: (a) => this.log.channel.trace(`GET ${a.url} → ${a.status} (${a.ms} ms, attempt ${a.attempt + 1})`),
    });
    this.log.info(`Hub: ${settings.endpoint}${settings.offline ? ' (offline: local cache only)' : ''}; token: ${settings.tokenSource ?? 'none'}.`);
    return client;
  }

  private lookupKey(modelId: string, revision: string | null): string {
    return `${modelId}\0${revision ?? ''}`;
  }

  /** The lookup for a model, started once; resolves when the model and its lineage are known. */
  private look(modelId: string, revision: string | null): Promise<Looked> {
    const key = this.lookupKey(modelId, revision);
    let p = this.looked.get(key);
    if (!p) {
      p = (async () => {
        const client = await this.getClient();
        const lookup = await client.lookup(modelId, { revision });
        const lineage = lookup.facts ? await client.lineage(lookup.facts) : [];
        return { lookup, lineage };
      })();
      this.looked.set(key, p);
      // A failure is cached by the client for a short time; forget the promise so a later call retries.
      p.then(
        (r) => {
          if (r.lookup.state !== 'ok' && r.lookup.state !== 'offline') setTimeout(() => this.looked.delete(key), 30_000).unref?.();
        },
        () => this.looked.delete(key),
      );
    }
    return p;
  }

  projectLicense(uri: vscode.Uri): ProjectLicense | null {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const config = readConfig(uri);
    const key = `${folder?.uri.toString() ?? ''}\0${config.projectLicense}`;
    if (!this.projectLicenses.has(key)) {
      const root = folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
      this.projectLicenses.set(key, root ? resolveProjectLicense(root, config.projectLicense || null) : null);
    }
    return this.projectLicenses.get(key) ?? null;
  }

  /** Assessments for the references of one document (one per model id and pinned commit). */
  async assess(uri: vscode.Uri, refs: readonly LocatedReference[]): Promise<ModelAssessment[]> {
    const projectLicense = this.projectLicense(uri);
    return Promise.all(
      groupReferences(refs).map(async (g) => {
        const { lookup, lineage } = await this.look(g.modelId, g.revision);
        return assessModel(g.modelId, g.revision, lookup, lineage, g.references, { projectLicense });
      }),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
